// The vault's policies, as the administrator sets them (retention bounds,
// password cost, lock timeout), and the summary anyone logged in may read.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "audit/audit_log.h"
#include "consent/retention_policy.h"
#include "core/error.h"
#include "vault/keys.h"

namespace vakspiegel {

// A shared spreekkamer PC locks itself after this long without input.
inline constexpr std::chrono::minutes kLockTimeoutDefault{10};
inline constexpr std::chrono::minutes kLockTimeoutMaximum{60};

// What anyone logged in may know about the vault: no content, no names of
// citizens, no per-professional figures (R7).
struct VaultSummary {
  std::string vaultId;
  WallTime createdAt;
  int schemaVersion = 0;
  int usersByRole[5] = {};  // indexed by Role
  std::int64_t auditEntries = 0;
  AuditHead auditHead;
  KdfParams passwordCost;
};

class AdministrationService {
 public:
  explicit AdministrationService(Vault& vault);

  // Administrator. Errors: PermissionDenied, InvalidArgument (bounds).
  [[nodiscard]] Status setRetentionPolicy(const Session& actor, consent::Weeks defaultRetention,
                                          consent::Weeks maximum);
  // Errors: PermissionDenied, InvalidArgument (below libsodium's interactive level).
  [[nodiscard]] Status setPasswordCost(const Session& actor, const KdfParams& cost);
  // The bounds imports are held to (no login needed: they are not secret).
  [[nodiscard]] Result<consent::RetentionPolicy> retentionPolicy();

  // How long a workstation may go without input before it locks itself
  // (kLockTimeoutDefault until an administrator sets it). Administrator.
  // Errors: PermissionDenied, InvalidArgument (outside 1 to 60 minutes).
  [[nodiscard]] Status setLockTimeout(const Session& actor, std::chrono::minutes timeout);
  // No login needed: the lock screen must know it too.
  [[nodiscard]] Result<std::chrono::minutes> lockTimeout();

  // Any logged-in user with a password of their own.
  [[nodiscard]] Result<VaultSummary> summary(const Session& actor);

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
