// The privacy officer's tools (R4, R7): the consent registry, the retention
// schedule, the deletion certificates, the report for the register of
// processing, and the audit chain (verify, head, export). Metadata only: no
// content, no key, no per-professional figure. Each call is authorized first
// and audited; when the chain verifies, the privacy officer signs its head
// (a checkpoint, audit/audit_log.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "audit/audit_log.h"
#include "consent/consent_record.h"
#include "consent/erasure.h"
#include "consent/privacy_report.h"
#include "core/clock.h"
#include "core/error.h"

namespace vakspiegel {

// The privacy officer's view of one recording: metadata only (R4, R7).
struct RegistryEntry {
  std::string recordingId;
  std::string ownerName;
  WallTime recordedAt;
  WallTime registeredAt;
  std::vector<consent::Scope> scopes;
  consent::State state = consent::State::Unknown;
  WallTime retentionEnd;
  std::optional<consent::ErasureState> erasure;  // set once an erasure was requested
  std::optional<consent::ErasureReason> erasureReason;
};

struct RetentionSchedule {
  WallTime now;
  WallTime horizon;                    // now + the days asked for
  std::vector<RegistryEntry> dueSoon;  // retention ends after now, at or before horizon
  // Retention ended but not erased yet. Must always be empty: the sweep
  // erases at the end; anything here means the sweep is not running.
  std::vector<RegistryEntry> overdue;
};

class PrivacyService {
 public:
  explicit PrivacyService(Vault& vault);

  // Errors: PermissionDenied, InvalidArgument (days outside 0..366), the store's.
  [[nodiscard]] Result<std::vector<RegistryEntry>> registry(const Session& actor,
                                                            std::optional<consent::State> state = std::nullopt);
  [[nodiscard]] Result<RetentionSchedule> retentionSchedule(const Session& actor, int days = 7);
  [[nodiscard]] Result<std::vector<consent::DeletionCertificate>> certificates(const Session& actor);
  [[nodiscard]] Result<consent::PrivacyReport> privacyReport(const Session& actor);

  // verify also audits that it ran and what it found; `recordedHead` is a
  // head anchored outside the machine (the log must still contain it).
  [[nodiscard]] Result<AuditVerification> verifyAudit(const Session& actor,
                                                      const std::optional<AuditHead>& recordedHead);
  [[nodiscard]] Result<std::string> exportAuditCsv(const Session& actor);
  [[nodiscard]] Result<AuditHead> auditHead(const Session& actor);

 private:
  // After a verification that found the log intact, the privacy officer's
  // signature over its head.
  [[nodiscard]] Status signAuditHead(const Session& actor, const AuditVerification& verification);

  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
