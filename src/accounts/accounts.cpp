// Account life cycle and login; see accounts.h.
#include "accounts/accounts.h"

#include <algorithm>

#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "store/scrub_store.h"

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
  info.mustChangePassword = row.mustChangePassword;
  if (row.keyResetAt) info.keyResetAt = fromUnixSeconds(*row.keyResetAt);
  if (row.ownPasswordSince) info.ownPasswordSince = fromUnixSeconds(*row.ownPasswordSince);
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
  row.signPublicKey = SigningKeyPair::derive(keys).publicKey();
  return row;
}

Result<UserInfo> Accounts::create(const std::string& name, Role role, const std::string& password,
                                  const std::string& actorId, const std::string& actorRole, PasswordKind kind) {
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
  const bool isOneTime = kind == PasswordKind::OneTime;
  row.mustChangePassword = isOneTime;
  // A key pair the administrator could unwrap signs nothing: the signing key
  // comes with the account's own password.
  if (isOneTime) row.signPublicKey.clear();
  VS_TRY(m_db.transaction([&]() -> Status {
    VS_TRY(m_users.insert(row));
    if (!isOneTime) VS_TRY(m_users.setSigningKey(row.id, row.signPublicKey, row.createdAt));
    return m_audit.append({actorId, actorRole, audit_action::kUserAdd, "user", row.id, AuditResult::Ok,
                           isOneTime ? row.role + ";one_time_password" : row.role});
  }));
  return toInfo(row);
}

Result<std::optional<Error>> Accounts::claimAttempt(const UserRow& row, const std::string& claimId) {
  std::optional<Error> refusal;
  std::string reason;
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    const auto current = VS_TRY(m_users.findById(row.id));
    if (!current) return {};
    // Claims of killed processes count as the failures they may have been.
    const int stale = VS_TRY(m_users.takeStaleLogins(row.id, now - kStaleLoginClaim.count()));
    const bool hasExpiredLock = current->lockedUntil && *current->lockedUntil <= now;
    std::optional<std::int64_t> lockedUntil = hasExpiredLock ? std::nullopt : current->lockedUntil;
    int failed = (hasExpiredLock ? 0 : current->failedLogins) + stale;
    if (stale > 0 || hasExpiredLock) {
      if (!lockedUntil && failed >= kMaxFailedLogins) {
        lockedUntil = now + std::chrono::seconds(kLockoutDuration).count();
        failed = 0;
        VS_TRY(m_audit.append(
            {row.id, row.role, audit_action::kAccountLock, "user", row.id, AuditResult::Ok, "too_many_failures"}));
      }
      VS_TRY(m_users.updateLoginState(row.id, failed, lockedUntil));
    }
    if (lockedUntil && *lockedUntil > now) {
      const auto minutes = (*lockedUntil - now + 59) / 60;
      refusal = Error{ErrorCode::AccountLocked,
                      trf("This account is locked after too many wrong passwords. Try again in {} minutes.", minutes)};
      reason = "account_locked";
      return m_audit.append({row.id, row.role, audit_action::kLogin, "user", row.id, AuditResult::Denied, reason});
    }
    if (failed + VS_TRY(m_users.loginsInFlight(row.id)) >= kMaxFailedLogins) {
      // Not evaluated at all: these could be the wrong passwords past the limit.
      refusal = Error{ErrorCode::AccountLocked,
                      tr("Too many logins to this account are being checked at the same time. Try again in a "
                         "minute.")};
      reason = "too_many_attempts";
      return m_audit.append({row.id, row.role, audit_action::kLogin, "user", row.id, AuditResult::Denied, reason});
    }
    return m_users.claimLogin(claimId, row.id, now);
  }));
  return refusal;
}

Result<bool> Accounts::countFailure(const UserRow& row, const std::string& claimId) {
  bool locks = false;
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    VS_TRY(m_users.releaseLogin(claimId));
    // Counted from the row as it is under the write lock, so failures from
    // two processes at once are not lost.
    const auto current = VS_TRY(m_users.findById(row.id));
    if (!current) return {};
    const bool isLocked = current->lockedUntil && *current->lockedUntil > now;
    // A lock that has run out starts a fresh count.
    const bool hasExpiredLock = current->lockedUntil && *current->lockedUntil <= now;
    const int failed = (hasExpiredLock ? 0 : current->failedLogins) + 1;
    locks = !isLocked && failed >= kMaxFailedLogins;
    if (isLocked) {
      // Already locked by a parallel attempt: the lock stands as it is.
    } else if (locks) {
      VS_TRY(m_users.updateLoginState(row.id, 0, now + std::chrono::seconds(kLockoutDuration).count()));
    } else {
      VS_TRY(m_users.updateLoginState(row.id, failed, std::nullopt));
    }
    VS_TRY(m_audit.append(
        {row.id, row.role, audit_action::kLogin, "user", row.id, AuditResult::Denied, "wrong_password"}));
    if (locks)
      VS_TRY(m_audit.append(
          {row.id, row.role, audit_action::kAccountLock, "user", row.id, AuditResult::Ok, "too_many_failures"}));
    locks = locks || isLocked;
    return {};
  }));
  return locks;
}

namespace {

// Releases a login claim on every way out, unless the transaction that
// counted the attempt already did: a claim that leaks would later count as a
// failure.
class ClaimRelease {
 public:
  ClaimRelease(UserStore& users, std::string claimId) : m_users(users), m_claimId(std::move(claimId)) {}
  ClaimRelease(const ClaimRelease&) = delete;
  ClaimRelease& operator=(const ClaimRelease&) = delete;
  ~ClaimRelease() {
    if (!m_isReleased) (void)m_users.releaseLogin(m_claimId);
  }
  void released() { m_isReleased = true; }

 private:
  UserStore& m_users;
  std::string m_claimId;
  bool m_isReleased = false;
};

}  // namespace

Result<Session> Accounts::login(const std::string& name, const std::string& password) {
  const auto found = VS_TRY(m_users.findByName(name));
  const auto wrongPassword = [] { return fail(ErrorCode::WrongPassword, tr("The user name or password is not correct.")); };
  if (!found) {
    // Spend the same Argon2id time as a real attempt, so names cannot be probed by timing.
    (void)wrapSecretKey(UserKeyPair::generate(), password, m_policy, "-");
    VS_TRY(m_audit.append({"-", "-", audit_action::kLogin, "user", "-", AuditResult::Denied, "unknown_user"}));
    return wrongPassword();
  }
  const UserRow& row = *found;
  if (row.isDisabled) {
    VS_TRY(m_audit.append(
        {row.id, row.role, audit_action::kLogin, "user", row.id, AuditResult::Denied, "account_disabled"}));
    return fail(ErrorCode::AccountDisabled, tr("This account is disabled. Ask the administrator."));
  }
  const std::string claimId = newUuid();
  if (auto refused = VS_TRY(claimAttempt(row, claimId))) return fail(std::move(*refused));
  ClaimRelease claim(m_users, claimId);

  // The expensive part, outside any transaction. The row is read again: a
  // password change or reset may have committed since the first read.
  const auto current = VS_TRY(m_users.findById(row.id));
  if (!current) return wrongPassword();
  WrappedSecretKey wrapped{current->kdfSalt, {current->kdfOps, current->kdfMem}, current->skNonce, current->skWrapped};
  auto keys = unwrapSecretKey(wrapped, current->publicKey, password, row.id);
  if (!keys) {
    if (keys.error().code != ErrorCode::WrongPassword) {
      VS_TRY(m_audit.append({row.id, row.role, audit_action::kLogin, "user", row.id, AuditResult::Error,
                             errorCodeName(keys.error().code)}));
      return fail(keys.error());
    }
    // The transaction that counts the failure also releases the claim; when
    // it fails, the claim stays and counts as a failure once it is stale: a
    // wrong password that was checked is never lost.
    claim.released();
    const bool locks = VS_TRY(countFailure(row, claimId));
    if (locks)
      return fail(ErrorCode::AccountLocked,
                  trf("The password was wrong {} times. The account is locked for {} minutes.", kMaxFailedLogins,
                      kLockoutDuration.count()));
    return wrongPassword();
  }
  std::optional<UserRow> rewrapped;
  const KdfParams stored{current->kdfOps, current->kdfMem};
  if (stored.isWeakerThan(m_policy)) {
    // Raise what is below the policy, never lower what is above it.
    auto updated = wrapFor(*current, *keys, password,
                           KdfParams{std::max(stored.opsLimit, m_policy.opsLimit),
                                     std::max(stored.memLimitBytes, m_policy.memLimitBytes)});
    if (updated) rewrapped = std::move(*updated);  // on failure keep the old wrap; try next login
  }
  const Bytes signingKey = SigningKeyPair::derive(*keys).publicKey();
  std::optional<Error> locked;
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    VS_TRY(m_users.releaseLogin(claimId));
    // Parallel wrong attempts may have locked the account meanwhile: a
    // success does not slip past a lock.
    const auto latest = VS_TRY(m_users.findById(row.id));
    if (!latest) return fail(ErrorCode::WrongPassword, tr("The user name or password is not correct."));
    // A password change or reset that committed during the Argon2id work:
    // these keys are no longer the account's.
    if (latest->publicKey != current->publicKey || latest->skWrapped != current->skWrapped)
      return fail(ErrorCode::WrongPassword,
                  tr("The password of this account was changed just now. Log in again with the new one."));
    if (latest->lockedUntil && *latest->lockedUntil > now) {
      const auto minutes = (*latest->lockedUntil - now + 59) / 60;
      locked = Error{ErrorCode::AccountLocked,
                     trf("This account is locked after too many wrong passwords. Try again in {} minutes.", minutes)};
      return m_audit.append(
          {row.id, row.role, audit_action::kLogin, "user", row.id, AuditResult::Denied, "account_locked"});
    }
    if (latest->failedLogins != 0 || latest->lockedUntil) VS_TRY(m_users.updateLoginState(row.id, 0, std::nullopt));
    if (rewrapped) {
      rewrapped->passwordChangedAt = current->passwordChangedAt;
      VS_TRY(m_users.updateKeys(*rewrapped));
      VS_TRY(m_audit.append(
          {row.id, row.role, audit_action::kAccountRewrap, "user", row.id, AuditResult::Ok, "kdf_policy_raised"}));
    }
    // Accounts from before signing keys get theirs at their first login; a
    // stored key that is not the one the password opens was changed. A
    // one-time password's key pair gets none.
    if (!latest->mustChangePassword && latest->signPublicKey != signingKey) {
      if (!latest->signPublicKey.empty())
        VS_TRY(m_audit.append({row.id, row.role, audit_action::kAccountIntegrity, "user", row.id, AuditResult::Error,
                               "signing_key_mismatch"}));
      VS_TRY(m_users.setSigningKey(row.id, signingKey, now));
    }
    return m_audit.append({row.id, row.role, audit_action::kLogin, "user", row.id, AuditResult::Ok,
                           latest->mustChangePassword ? "password_change_required" : ""});
  }));
  claim.released();
  if (locked) return fail(std::move(*locked));
  return Session(row.id, row.name, roleFromName(row.role), std::move(*keys), current->mustChangePassword);
}

Status Accounts::changePassword(Session& session, const std::string& oldPassword, const std::string& newPassword) {
  VS_TRY(validateNewPassword(newPassword));
  const auto found = VS_TRY(m_users.findById(session.userId()));
  if (!found) return fail(ErrorCode::NotFound, tr("This account no longer exists."));
  WrappedSecretKey wrapped{found->kdfSalt, {found->kdfOps, found->kdfMem}, found->skNonce, found->skWrapped};
  auto keys = unwrapSecretKey(wrapped, found->publicKey, oldPassword, found->id);
  if (!keys) {
    VS_TRY(m_audit.append({found->id, found->role, audit_action::kAccountPassword, "user", found->id,
                           AuditResult::Denied, "wrong_password"}));
    return fail(ErrorCode::WrongPassword, tr("The current password is not correct."));
  }
  if (oldPassword == newPassword && found->mustChangePassword)
    return fail(ErrorCode::InvalidArgument,
                tr("Choose a password of your own, not the one the administrator gave you."));
  // After a reset the administrator knows the old password and so could
  // unwrap the key pair it protected: the user's own password gets a new one.
  // Nothing was sealed to the old one (sharing and import waited for this).
  const bool isFirstOwnPassword = found->mustChangePassword;
  UserKeyPair fresh = isFirstOwnPassword ? UserKeyPair::generate() : std::move(*keys);
  const UserRow updated = VS_TRY(wrapFor(*found, fresh, newPassword));
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    // Not over a change or reset that committed during the Argon2id work.
    const auto latest = VS_TRY(m_users.findById(found->id));
    if (!latest || latest->skWrapped != found->skWrapped || latest->publicKey != found->publicKey)
      return fail(ErrorCode::InvalidArgument,
                  tr("The password of this account was changed just now. Log in again and try once more."));
    VS_TRY(m_users.updateKeys(updated));
    if (isFirstOwnPassword) {
      VS_TRY(m_users.markOwnPassword(found->id, now));
      VS_TRY(m_users.setSigningKey(found->id, updated.signPublicKey, now));
      // Nothing should be sealed to the one-time key pair (sharing and import
      // wait for this moment); whatever is goes with it.
      VS_TRY(m_users.dropRecordingKeys(found->id));
    }
    VS_TRY(ScrubStore(m_db).request("password_changed", found->id, now));
    return m_audit.append({found->id, found->role, audit_action::kAccountPassword, "user", found->id, AuditResult::Ok,
                           isFirstOwnPassword ? "first_own_password;new_key_pair" : ""});
  }));
  session.m_keys = std::move(fresh);
  session.m_mustChangePassword = false;
  return {};
}

Result<ResetImpact> Accounts::resetImpact(const std::string& userId) {
  ResetImpact impact;
  impact.keys = VS_TRY(m_users.heldKeys(userId));
  impact.recordingKeysLost = static_cast<int>(impact.keys.size());
  for (const HeldKey& key : impact.keys) {
    if (!key.hasOtherHolder) ++impact.recordingsErased;
    if (!key.isOwner) ++impact.sharesLost;
  }
  return impact;
}

Result<ResetImpact> Accounts::reset(const std::string& userId, const std::string& newPassword, int confirmedErasures) {
  VS_TRY(validateNewPassword(newPassword));
  const auto found = VS_TRY(m_users.findById(userId));
  if (!found) return fail(ErrorCode::NotFound, tr("This account no longer exists."));
  const UserKeyPair keys = UserKeyPair::generate();
  UserRow updated = VS_TRY(wrapFor(*found, keys, newPassword));
  updated.signPublicKey.clear();  // the administrator knows this key pair: it signs nothing
  ResetImpact impact;
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    impact = VS_TRY(resetImpact(userId));
    if (impact.recordingsErased != confirmedErasures)
      return fail(ErrorCode::InvalidArgument,
                  trf("Since the warning, the number of recordings this reset would erase changed to {}. Nothing "
                      "was changed; look at the warning again.",
                      impact.recordingsErased));
    VS_TRY(m_users.updateKeys(updated));
    VS_TRY(m_users.updateLoginState(userId, 0, std::nullopt));
    VS_TRY(m_users.setDisabled(userId, false));
    VS_TRY(m_users.markReset(userId, now));  // and no signing key until the user's own password
    // Keys sealed to the old public key can never be opened again: drop them.
    VS_TRY(m_users.dropRecordingKeys(userId));
    return ScrubStore(m_db).request("account_reset", userId, now);
  }));
  return impact;
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
