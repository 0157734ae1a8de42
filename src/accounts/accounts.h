// Accounts: creating users with a fresh X25519 key pair wrapped under
// Argon2id(password), logging in (which is unwrapping: a wrong password does
// not open the key), lockout after repeated failures, password change
// (re-wrap), re-wrap when the vault's Argon2id cost was raised, and an
// administrator's reset (a new key pair: what was sealed to the old one is lost).
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

// A logged-in user. Holds the unwrapped key pair in sodium memory. Move-only.
class Session {
 public:
  Session(std::string userId, std::string name, Role role, UserKeyPair keys)
      : m_userId(std::move(userId)), m_name(std::move(name)), m_role(role), m_keys(std::move(keys)) {}
  [[nodiscard]] const std::string& userId() const { return m_userId; }
  [[nodiscard]] const std::string& name() const { return m_name; }
  [[nodiscard]] Role role() const { return m_role; }
  [[nodiscard]] const UserKeyPair& keys() const { return m_keys; }
  [[nodiscard]] Actor actor() const { return {m_userId, m_role}; }

 private:
  friend class Accounts;
  std::string m_userId;
  std::string m_name;
  Role m_role;
  UserKeyPair m_keys;
};

struct UserInfo {
  std::string id;
  std::string name;
  Role role = Role::Unknown;
  bool isDisabled = false;
  std::optional<WallTime> lockedUntil;  // set while locked
  WallTime createdAt;
  WallTime passwordChangedAt;
};

// Errors: InvalidArgument with a message saying what a valid name/password is.
[[nodiscard]] Status validateUserName(const std::string& name);
[[nodiscard]] Status validateNewPassword(const std::string& password);

class Accounts {
 public:
  Accounts(Database& db, AuditLog& audit, const Clock& clock, KdfParams policy);

  // No authorization here: the Vault's use cases check the policy first.
  // Errors: InvalidArgument, AlreadyExists, VaultBusy, DiskFull, Io.
  [[nodiscard]] Result<UserInfo> create(const std::string& name, Role role, const std::string& password,
                                        const std::string& actorId, const std::string& actorRole);
  // Errors: WrongPassword (also for an unknown name, so names cannot be
  // probed), AccountLocked, AccountDisabled, CorruptData, VaultBusy, Io.
  [[nodiscard]] Result<Session> login(const std::string& name, const std::string& password);
  // Errors: WrongPassword (old password), InvalidArgument (new password).
  [[nodiscard]] Status changePassword(Session& session, const std::string& oldPassword,
                                      const std::string& newPassword);
  // New key pair and password; unlocks and enables. Returns how many sealed
  // recording keys were lost (recordings the user can no longer open).
  [[nodiscard]] Result<int> reset(const std::string& userId, const std::string& newPassword);
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

  Database& m_db;
  UserStore m_users;
  AuditLog& m_audit;
  const Clock& m_clock;
  KdfParams m_policy;
};

}  // namespace vakspiegel
