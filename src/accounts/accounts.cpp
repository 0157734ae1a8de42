// Account life cycle and login; see accounts.h.
#include "accounts/accounts.h"

#include <algorithm>

#include "core/i18n.h"
#include "core/ids.h"

namespace vakspiegel {

Status validateUserName(const std::string& name) {
  const bool isValidLength = !name.empty() && name.size() <= 64;
  bool isValidChars = isValidLength;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_';
    isValidChars = isValidChars && ok;
  }
  if (!isValidChars)
    return fail(ErrorCode::InvalidArgument,
                tr("A user name has 1 to 64 characters: letters, digits, dot, hyphen or underscore."));
  return {};
}

Status validateNewPassword(const std::string& password) {
  // The minimum is in characters, as the message says: UTF-8 continuation
  // bytes (10xxxxxx) do not start a character.
  const auto characters = static_cast<std::size_t>(std::count_if(
      password.begin(), password.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
  if (characters < kMinPasswordLength)
    return fail(ErrorCode::InvalidArgument,
                trf("A password has at least {} characters. A sentence of a few words is easy to remember.",
                    kMinPasswordLength));
  if (password.size() > 1024) return fail(ErrorCode::InvalidArgument, tr("This password is too long."));
  return {};
}

Accounts::Accounts(Database& db, AuditLog& audit, const Clock& clock, KdfParams policy)
    : m_db(db), m_users(db), m_audit(audit), m_clock(clock), m_policy(policy) {}

UserInfo Accounts::toInfo(const UserRow& row) const {
  UserInfo info;
  info.id = row.id;
  info.name = row.name;
  info.role = roleFromName(row.role);
  info.isDisabled = row.isDisabled;
  if (row.lockedUntil && *row.lockedUntil > toUnixSeconds(m_clock.now())) info.lockedUntil = fromUnixSeconds(*row.lockedUntil);
  info.createdAt = fromUnixSeconds(row.createdAt);
  info.passwordChangedAt = fromUnixSeconds(row.passwordChangedAt);
  return info;
}

Result<UserRow> Accounts::wrapFor(UserRow row, const UserKeyPair& keys, const std::string& password) {
  return wrapFor(std::move(row), keys, password, m_policy);
}

Result<UserRow> Accounts::wrapFor(UserRow row, const UserKeyPair& keys, const std::string& password,
                                  const KdfParams& cost) {
  const WrappedSecretKey wrapped = VS_TRY(wrapSecretKey(keys, password, cost, row.id));
  row.publicKey = keys.publicKey();
  row.kdfSalt = wrapped.salt;
  row.kdfOps = wrapped.params.opsLimit;
  row.kdfMem = wrapped.params.memLimitBytes;
  row.skNonce = wrapped.nonce;
  row.skWrapped = wrapped.ciphertext;
  row.passwordChangedAt = toUnixSeconds(m_clock.now());
  return row;
}

Result<UserInfo> Accounts::create(const std::string& name, Role role, const std::string& password,
                                  const std::string& actorId, const std::string& actorRole) {
  VS_TRY(validateUserName(name));
  VS_TRY(validateNewPassword(password));
  if (role == Role::Unknown) return fail(ErrorCode::InvalidArgument, tr("Choose a role: klantmanager, coach, privacy_officer or administrator."));
  UserRow row;
  row.id = newUuid();
  row.name = name;
  row.role = std::string(roleName(role));
  row.createdAt = toUnixSeconds(m_clock.now());
  const UserKeyPair keys = UserKeyPair::generate();
  row = VS_TRY(wrapFor(std::move(row), keys, password));  // Argon2id outside the write lock
  VS_TRY(m_db.transaction([&]() -> Status {
    VS_TRY(m_users.insert(row));
    return m_audit.append({actorId, actorRole, "user.add", "user", row.id, AuditResult::Ok, row.role});
  }));
  return toInfo(row);
}

Result<Session> Accounts::login(const std::string& name, const std::string& password) {
  const auto found = VS_TRY(m_users.findByName(name));
  const std::int64_t now = toUnixSeconds(m_clock.now());
  const auto wrongPassword = [] { return fail(ErrorCode::WrongPassword, tr("The user name or password is not correct.")); };
  if (!found) {
    // Spend the same Argon2id time as a real attempt, so names cannot be probed by timing.
    (void)wrapSecretKey(UserKeyPair::generate(), password, m_policy, "-");
    VS_TRY(m_audit.append({"-", "-", "login", "user", "-", AuditResult::Denied, "unknown_user"}));
    return wrongPassword();
  }
  const UserRow& row = *found;
  if (row.isDisabled) {
    VS_TRY(m_audit.append({row.id, row.role, "login", "user", row.id, AuditResult::Denied, "account_disabled"}));
    return fail(ErrorCode::AccountDisabled, tr("This account is disabled. Ask the administrator."));
  }
  if (row.lockedUntil && *row.lockedUntil > now) {
    VS_TRY(m_audit.append({row.id, row.role, "login", "user", row.id, AuditResult::Denied, "account_locked"}));
    const auto minutes = (*row.lockedUntil - now + 59) / 60;
    return fail(ErrorCode::AccountLocked,
                trf("This account is locked after too many wrong passwords. Try again in {} minutes.", minutes));
  }
  WrappedSecretKey wrapped{row.kdfSalt, {row.kdfOps, row.kdfMem}, row.skNonce, row.skWrapped};
  auto keys = unwrapSecretKey(wrapped, row.publicKey, password, row.id);
  if (!keys) {
    if (keys.error().code != ErrorCode::WrongPassword) {
      VS_TRY(m_audit.append({row.id, row.role, "login", "user", row.id, AuditResult::Error, errorCodeName(keys.error().code)}));
      return fail(keys.error());
    }
    bool locks = false;
    VS_TRY(m_db.transaction([&]() -> Status {
      // Counted from the row as it is under the write lock, so failures from
      // two processes at once are not lost.
      const auto current = VS_TRY(m_users.findById(row.id));
      if (!current) return {};
      // A lock that has run out starts a fresh count.
      const bool hasExpiredLock = current->lockedUntil && *current->lockedUntil <= now;
      const int failed = (hasExpiredLock ? 0 : current->failedLogins) + 1;
      locks = failed >= kMaxFailedLogins;
      if (locks) {
        VS_TRY(m_users.updateLoginState(row.id, 0, now + std::chrono::seconds(kLockoutDuration).count()));
      } else {
        VS_TRY(m_users.updateLoginState(row.id, failed, std::nullopt));
      }
      VS_TRY(m_audit.append({row.id, row.role, "login", "user", row.id, AuditResult::Denied, "wrong_password"}));
      if (locks) VS_TRY(m_audit.append({row.id, row.role, "account.lock", "user", row.id, AuditResult::Ok, "too_many_failures"}));
      return {};
    }));
    if (locks)
      return fail(ErrorCode::AccountLocked,
                  trf("The password was wrong {} times. The account is locked for {} minutes.", kMaxFailedLogins,
                      kLockoutDuration.count()));
    return wrongPassword();
  }
  std::optional<UserRow> rewrapped;
  const KdfParams stored{row.kdfOps, row.kdfMem};
  if (stored.isWeakerThan(m_policy)) {
    // Raise what is below the policy, never lower what is above it.
    auto updated = wrapFor(row, *keys, password,
                           KdfParams{std::max(stored.opsLimit, m_policy.opsLimit),
                                     std::max(stored.memLimitBytes, m_policy.memLimitBytes)});
    if (updated) rewrapped = std::move(*updated);  // on failure keep the old wrap; try next login
  }
  VS_TRY(m_db.transaction([&]() -> Status {
    if (row.failedLogins != 0 || row.lockedUntil) VS_TRY(m_users.updateLoginState(row.id, 0, std::nullopt));
    if (rewrapped) {
      rewrapped->passwordChangedAt = row.passwordChangedAt;
      VS_TRY(m_users.updateKeys(*rewrapped));
      VS_TRY(m_audit.append({row.id, row.role, "account.rewrap", "user", row.id, AuditResult::Ok, "kdf_policy_raised"}));
    }
    return m_audit.append({row.id, row.role, "login", "user", row.id, AuditResult::Ok, ""});
  }));
  return Session(row.id, row.name, roleFromName(row.role), std::move(*keys));
}

Status Accounts::changePassword(Session& session, const std::string& oldPassword, const std::string& newPassword) {
  VS_TRY(validateNewPassword(newPassword));
  const auto found = VS_TRY(m_users.findById(session.userId()));
  if (!found) return fail(ErrorCode::NotFound, tr("This account no longer exists."));
  WrappedSecretKey wrapped{found->kdfSalt, {found->kdfOps, found->kdfMem}, found->skNonce, found->skWrapped};
  auto keys = unwrapSecretKey(wrapped, found->publicKey, oldPassword, found->id);
  if (!keys) {
    VS_TRY(m_audit.append({found->id, found->role, "account.password", "user", found->id, AuditResult::Denied,
                           "wrong_password"}));
    return fail(ErrorCode::WrongPassword, tr("The current password is not correct."));
  }
  const UserRow updated = VS_TRY(wrapFor(*found, *keys, newPassword));
  return m_db.transaction([&]() -> Status {
    VS_TRY(m_users.updateKeys(updated));
    return m_audit.append({found->id, found->role, "account.password", "user", found->id, AuditResult::Ok, ""});
  });
}

Result<int> Accounts::reset(const std::string& userId, const std::string& newPassword) {
  VS_TRY(validateNewPassword(newPassword));
  const auto found = VS_TRY(m_users.findById(userId));
  if (!found) return fail(ErrorCode::NotFound, tr("This account no longer exists."));
  const UserKeyPair keys = UserKeyPair::generate();
  const UserRow updated = VS_TRY(wrapFor(*found, keys, newPassword));
  int lost = 0;
  VS_TRY(m_db.transaction([&]() -> Status {
    VS_TRY(m_users.updateKeys(updated));
    VS_TRY(m_users.updateLoginState(userId, 0, std::nullopt));
    VS_TRY(m_users.setDisabled(userId, false));
    // Keys sealed to the old public key can never be opened again: drop them.
    lost = VS_TRY(m_users.dropRecordingKeys(userId));
    return {};
  }));
  return lost;
}

Status Accounts::setDisabled(const std::string& userId, bool isDisabled) {
  if (isDisabled) return m_users.setDisabled(userId, true);
  // Enabling also lifts a lockout: otherwise an administrator's only way to
  // let a locked-out user in before the lock runs out is a reset, which costs
  // that user every recording key.
  return m_db.transaction([&]() -> Status {
    VS_TRY(m_users.setDisabled(userId, false));
    return m_users.updateLoginState(userId, 0, std::nullopt);
  });
}

Result<std::optional<UserInfo>> Accounts::findByName(const std::string& name) {
  const auto found = VS_TRY(m_users.findByName(name));
  if (!found) return std::optional<UserInfo>{};
  return std::optional<UserInfo>{toInfo(*found)};
}

Result<std::vector<UserInfo>> Accounts::list() {
  const auto rows = VS_TRY(m_users.all());
  std::vector<UserInfo> infos;
  infos.reserve(rows.size());
  for (const UserRow& row : rows) infos.push_back(toInfo(row));
  return infos;
}

}  // namespace vakspiegel
