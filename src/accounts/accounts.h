// Accounts: creating users with a fresh X25519 key pair wrapped under
// Argon2id(password), logging in (which is unwrapping: a wrong password does
// not open the key), lockout after repeated failures, password change
// (re-wrap), re-wrap when the vault's Argon2id cost was raised, and an
// administrator's reset (a new key pair: what was sealed to the old one is lost).
//
// Lockout holds also against logins in parallel (threads, processes): each
// attempt claims a slot in a write transaction before the Argon2id work, and
// is refused unchecked when failures plus attempts in flight reach the limit;
// a success re-checks the lock before it returns. A claim left by a killed
// process counts as a failure after kStaleLoginClaim.
//
// A password an administrator sets (a new account, a reset) is a one-time
// password that the administrator knows: the account may only choose its own password (Session::mustChangePassword,
// denied by the access policy otherwise), and choosing it makes a new key pair, so nothing the administrator could
// unwrap ever holds a recording key.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/user_store.h"
#include "vault/keys.h"

namespace vakspiegel {

inline constexpr int kMaxFailedLogins = 5;
inline constexpr std::chrono::minutes kLockoutDuration{15};
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::chrono::seconds kStaleLoginClaim{120};  // far longer than any Argon2id run

// A logged-in user. Holds the unwrapped key pair in sodium memory. Move-only.
class Session {
 public:
  Session(std::string userId, std::string name, Role role, UserKeyPair keys, bool mustChangePassword = false)
      : m_userId(std::move(userId)),
        m_name(std::move(name)),
        m_role(role),
        m_keys(std::move(keys)),
        m_mustChangePassword(mustChangePassword) {}
  [[nodiscard]] const std::string& userId() const { return m_userId; }
  [[nodiscard]] const std::string& name() const { return m_name; }
  [[nodiscard]] Role role() const { return m_role; }
  [[nodiscard]] const UserKeyPair& keys() const { return m_keys; }
  // Logged in with an administrator's one-time password: must choose their
  // own (changePassword) before anything else.
  [[nodiscard]] bool mustChangePassword() const { return m_mustChangePassword; }
  [[nodiscard]] Actor actor() const { return {m_userId, m_role, m_mustChangePassword}; }

 private:
  friend class Accounts;
  std::string m_userId;
  std::string m_name;
  Role m_role;
  UserKeyPair m_keys;
  bool m_mustChangePassword = false;
};

struct UserInfo {
  std::string id;
  std::string name;
  Role role = Role::Unknown;
  bool isDisabled = false;
  std::optional<WallTime> lockedUntil;  // set while locked
  WallTime createdAt;
  WallTime passwordChangedAt;
  bool mustChangePassword = false;           // reset, own password not chosen yet
  std::optional<WallTime> keyResetAt;        // an administrator's last reset
  std::optional<WallTime> ownPasswordSince;  // the user's own password after it
};

// What an administrator's reset of an account costs, said before it is done.
struct ResetImpact {
  int recordingKeysLost = 0;  // recordings this user can no longer open
  int recordingsErased = 0;   // of those, recordings nobody else holds a key of: erased by the sweep (key_lost)
  int sharesLost = 0;         // recordings of others shared with this user
  std::vector<HeldKey> keys;  // the keys that go
};

// Errors: InvalidArgument with a message saying what a valid name/password is.
[[nodiscard]] Status validateUserName(const std::string& name);
[[nodiscard]] Status validateNewPassword(const std::string& password);

// Who chose a password: the account itself, or someone else for it.
enum class PasswordKind { OneTime, Own };

class Accounts {
 public:
  Accounts(Database& db, AuditLog& audit, const Clock& clock, KdfParams policy);

  // No authorization here: the Vault's use cases check the policy first.
  // Errors: InvalidArgument, AlreadyExists, VaultBusy, DiskFull, Io.
  // A password an administrator gives is a one-time password (the default):
  // the administrator knows it, so the account must choose its own, which
  // makes a new key pair, before anything else. Only the vault's first
  // administrator, who types their own, starts with an own password.
  [[nodiscard]] Result<UserInfo> create(const std::string& name, Role role, const std::string& password,
                                        const std::string& actorId, const std::string& actorRole,
                                        PasswordKind kind = PasswordKind::OneTime);
  // Errors: WrongPassword (also for an unknown name, so names cannot be
  // probed), AccountLocked (also while the attempts in flight already reach
  // the limit), AccountDisabled, CorruptData, VaultBusy, Io.
  [[nodiscard]] Result<Session> login(const std::string& name, const std::string& password);
  // Re-wraps the key pair under the new password. After a reset (the session
  // must change its password) it makes a new key pair instead, ends the
  // one-time password and updates `session`. Records a WAL scrub: the old
  // wrapped key must not linger in the database file.
  // Errors: WrongPassword (old password), InvalidArgument (new password).
  [[nodiscard]] Status changePassword(Session& session, const std::string& oldPassword,
                                      const std::string& newPassword);
  // What reset() would cost now.
  [[nodiscard]] Result<ResetImpact> resetImpact(const std::string& userId);
  // New key pair and a one-time password; unlocks and enables. Returns what
  // it cost (the keys sealed to the old key pair are dropped).
  // `confirmedErasures` is the number of recordings the administrator was
  // told would be erased; when it is not the number now, nothing is done
  // (InvalidArgument), so a confirmation always names what happens.
  [[nodiscard]] Result<ResetImpact> reset(const std::string& userId, const std::string& newPassword,
                                          int confirmedErasures);
  // Enabling (isDisabled false) also lifts a lockout and clears the failures.
  [[nodiscard]] Status setDisabled(const std::string& userId, bool isDisabled);

  [[nodiscard]] Result<std::optional<UserInfo>> findByName(const std::string& name);
  [[nodiscard]] Result<std::vector<UserInfo>> list();

  [[nodiscard]] const KdfParams& policy() const { return m_policy; }
  void setPolicy(const KdfParams& policy) { m_policy = policy; }

 private:
  [[nodiscard]] Result<UserRow> wrapFor(UserRow row, const UserKeyPair& keys, const std::string& password);
  [[nodiscard]] Result<UserRow> wrapFor(UserRow row, const UserKeyPair& keys, const std::string& password,
                                        const KdfParams& cost);
  [[nodiscard]] UserInfo toInfo(const UserRow& row) const;
  // The attempt's slot (see the header comment): nullopt when refused, with
  // the error to return. Audits a refusal.
  [[nodiscard]] Result<std::optional<Error>> claimAttempt(const UserRow& row, const std::string& claimId);
  // Counts a wrong password; returns whether that locked the account.
  [[nodiscard]] Result<bool> countFailure(const UserRow& row, const std::string& claimId);

  Database& m_db;
  UserStore m_users;
  AuditLog& m_audit;
  const Clock& m_clock;
  KdfParams m_policy;
};

}  // namespace vakspiegel
