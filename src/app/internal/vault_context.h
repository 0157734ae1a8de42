// What the use-case services of one open vault share: the database
// connection, the audit log, the accounts, the clock and the paths, and the
// few look-ups several use cases need. Owned by Vault; internal to app/ (the
// layering test keeps the CLI and the window out). One thread at a time
// (app/vault.h).
#pragma once

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "access/access_policy.h"
#include "accounts/accounts.h"
#include "audit/audit_log.h"
#include "consent/consent_record.h"
#include "consent/erasure.h"
#include "consent/retention_policy.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"
#include "store/recording_store.h"
#include "vault/keys.h"

namespace vakspiegel::detail {

struct VaultContext {
  VaultContext(std::filesystem::path dir, std::unique_ptr<Database> db, const Clock& clock, KdfParams cost);
  VaultContext(const VaultContext&) = delete;
  VaultContext& operator=(const VaultContext&) = delete;

  std::filesystem::path dir;
  std::unique_ptr<Database> db;
  const Clock& clock;
  AuditLog audit;
  Accounts accounts;

  [[nodiscard]] std::filesystem::path mediaDir() const;

  // Asks the access policy; a denial is audited (result "denied", the
  // policy's reason, the action under the policy's name) and returned as
  // PermissionDenied with a Dutch message.
  [[nodiscard]] Status authorize(const Actor& actor, Action action, const std::string& objectType,
                                 const std::string& objectId,
                                 const std::optional<RecordingFacts>& recording = std::nullopt);
  // authorize() on a recording: its facts, then the decision. Errors also NotFound.
  [[nodiscard]] Status authorizeOn(const Session& actor, Action action, const std::string& recordingId);

  // What the access policy needs to know about a recording (owner, coaches
  // holding a key, coach_review consent, whether consent is in force now:
  // given, no erasure requested, retention not ended). Errors: NotFound.
  [[nodiscard]] Result<RecordingFacts> recordingFacts(const std::string& recordingId);
  // Errors: NotFound with a Dutch message naming the user.
  [[nodiscard]] Result<UserInfo> requireUser(const std::string& name);
  // The erasure journal of this vault, without an access check: the services
  // decide who may ask (erasure_service.h); the sweep and recovery need none.
  [[nodiscard]] consent::Eraser eraser();
  // Pending WAL scrubs (store/scrub_store.h): when there are any, a
  // checkpoint; when it completed, they are cleared and that is audited.
  // Returns whether none is left.
  [[nodiscard]] Result<bool> finishScrubs();
  // The vault's retention bounds (the library's defaults until an
  // administrator sets them).
  [[nodiscard]] Result<consent::RetentionPolicy> retentionPolicy();
};

// The role name an audit entry records for the session's user.
[[nodiscard]] inline std::string auditActor(const Session& s) {
  return std::string(roleName(s.role()));
}

[[nodiscard]] inline std::optional<std::uint64_t> parseUnsigned(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// The consent record a consents row holds. Errors: CorruptData (an unknown
// scope, method or state name).
[[nodiscard]] Result<consent::ConsentRecord> consentFromRow(const ConsentRow& row);

// The session user's own sealed copy of a recording's data key, opened with
// their key pair. Asking the policy is not enough to decrypt: this copy must
// exist, and it exists only for the owner and the coaches the recording is
// shared with. Errors: PermissionDenied when the user holds no copy,
// CorruptData when it does not open with their key pair, the store's.
[[nodiscard]] Result<DataKey> unsealDataKey(Database& db, const Session& session, const std::string& recordingId);

// Settings keys kept in the vault's settings table.
inline constexpr const char* kSettingVaultId = "vault_id";
inline constexpr const char* kSettingCreatedAt = "created_at";
inline constexpr const char* kSettingKdfOps = "kdf_ops";
inline constexpr const char* kSettingKdfMem = "kdf_mem";
inline constexpr const char* kSettingRetentionDefault = "retention_default_weeks";
inline constexpr const char* kSettingRetentionMaximum = "retention_max_weeks";
inline constexpr const char* kSettingLockTimeout = "lock_timeout_minutes";

}  // namespace vakspiegel::detail
