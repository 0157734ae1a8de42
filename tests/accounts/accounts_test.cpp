// Tests of accounts (accounts/accounts.h): creating users, logging in (which
// is unwrapping the secret key), lockout after repeated failures at its exact
// boundaries, disabling, password change, an administrator's reset, and the
// re-wrap after the password cost was raised. Time comes from a ManualClock;
// Argon2id runs at a cheap cost so the suite stays fast.
#include "accounts/accounts.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <SQLiteCpp/Statement.h>

#include "core/ids.h"
#include "store/audit_store.h"
#include "store/database.h"
#include "support/temp_dir.h"

namespace vakspiegel {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const KdfParams kCheap{1, 8192 * 1024};
const KdfParams kStronger{2, 16384 * 1024};
const WallTime kStart = fromUnixSeconds(1772442000);  // 2026-03-02T09:00:00Z
const std::string kPassword = "een zin van een paar woorden";
const std::string kNewPassword = "nog een zin, maar dan anders";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::create(m_dir / "vault.db");
    ASSERT_TRUE(db) << db.error().message;
    m_db = std::move(*db);
    m_audit = std::make_unique<AuditLog>(*m_db, m_clock, "werkplek-1", "0.1.0");
    m_accounts = std::make_unique<Accounts>(*m_db, *m_audit, m_clock, kCheap);
  }

  UserInfo createOrDie(const std::string& name, Role role = Role::Klantmanager,
                       const std::string& password = kPassword) {
    auto info = m_accounts->create(name, role, password, "admin-id", "administrator", PasswordKind::Own);
    EXPECT_TRUE(info) << info.error().message;
    return info ? *info : UserInfo{};
  }

  ErrorCode loginError(const std::string& name, const std::string& password) {
    auto session = m_accounts->login(name, password);
    return session ? ErrorCode::Unknown : session.error().code;
  }

  bool canLogIn(const std::string& name, const std::string& password) {
    auto session = m_accounts->login(name, password);
    return session.has_value();
  }

  std::vector<AuditRow> auditRows() {
    std::vector<AuditRow> rows;
    AuditStore store(*m_db);
    EXPECT_TRUE(store.forEach([&](const AuditRow& row) {
      rows.push_back(row);
      return true;
    }));
    return rows;
  }

  // How many audit entries have this action, object and reason.
  int countAudit(const std::string& action, const std::string& objectId, const std::string& reason) {
    const auto rows = auditRows();
    return static_cast<int>(std::count_if(rows.begin(), rows.end(), [&](const AuditRow& r) {
      return r.action == action && r.objectId == objectId && r.reason == reason;
    }));
  }

  std::int64_t userColumn(const std::string& id, const std::string& column) {
    SQLite::Statement q(m_db->sql(), "SELECT " + column + " FROM users WHERE id = ?");
    q.bind(1, id);
    EXPECT_TRUE(q.executeStep());
    return q.getColumn(0).getInt64();
  }

  std::vector<unsigned char> publicKeyOf(const std::string& id) {
    SQLite::Statement q(m_db->sql(), "SELECT public_key FROM users WHERE id = ?");
    q.bind(1, id);
    EXPECT_TRUE(q.executeStep());
    const auto* data = static_cast<const unsigned char*>(q.getColumn(0).getBlob());
    return {data, data + q.getColumn(0).getBytes()};
  }

  void failLogins(const std::string& name, int count) {
    for (int i = 0; i < count; ++i) (void)m_accounts->login(name, "wrong password " + std::to_string(i));
  }

  test::TempDir m_dir;
  ManualClock m_clock{kStart};
  std::unique_ptr<Database> m_db;
  std::unique_ptr<AuditLog> m_audit;
  std::unique_ptr<Accounts> m_accounts;
};

TEST_F(AccountsTest, CreatesAnAccountThatLogsIn) {
  const UserInfo info = createOrDie("anna", Role::Coach);
  EXPECT_TRUE(isUuid(info.id)) << info.id;
  EXPECT_EQ(info.name, "anna");
  EXPECT_EQ(info.role, Role::Coach);
  EXPECT_FALSE(info.isDisabled);
  EXPECT_FALSE(info.lockedUntil.has_value());
  EXPECT_EQ(info.createdAt, kStart);
  EXPECT_EQ(countAudit("user.add", info.id, "coach"), 1);

  auto session = m_accounts->login("anna", kPassword);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->userId(), info.id);
  EXPECT_EQ(session->name(), "anna");
  EXPECT_EQ(session->role(), Role::Coach);
  EXPECT_EQ(session->keys().publicKey(), publicKeyOf(info.id));
  EXPECT_EQ(session->actor().userId, info.id);
  EXPECT_EQ(countAudit("login", info.id, ""), 1);
}

// An administrator who gives a new account its first password knows it, and
// so could unwrap the key pair it protects from a copy of vault.db: the
// account starts with a one-time password, and its own makes a new key pair.
TEST_F(AccountsTest, AnAccountAnAdministratorCreatesStartsWithAOneTimePassword) {
  auto created = m_accounts->create("coach", Role::Coach, kPassword, "admin-id", "administrator");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(created->mustChangePassword);
  EXPECT_EQ(userColumn(created->id, "sign_public_key IS NULL"), 1)
      << "a key pair the administrator knows signs nothing";
  auto first = m_accounts->login("coach", kPassword);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->mustChangePassword());
  EXPECT_TRUE(first->actor().mustChangePassword);
  const Bytes knownToTheAdministrator = first->keys().publicKey();
  EXPECT_EQ(m_accounts->changePassword(*first, kPassword, kPassword).error().code, ErrorCode::InvalidArgument)
      << "the same password is not the user's own";
  ASSERT_TRUE(m_accounts->changePassword(*first, kPassword, kNewPassword));
  EXPECT_FALSE(first->mustChangePassword());
  EXPECT_NE(first->keys().publicKey(), knownToTheAdministrator);
  EXPECT_EQ(publicKeyOf(created->id), first->keys().publicKey());
  EXPECT_EQ(userColumn(created->id, "sign_public_key IS NULL"), 0);
  EXPECT_EQ(countAudit("account.password", created->id, "first_own_password;new_key_pair"), 1);
  auto again = m_accounts->login("coach", kNewPassword);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->mustChangePassword());
}

TEST_F(AccountsTest, LogsInWhateverTheCaseOfTheName) {
  createOrDie("Anna");
  EXPECT_TRUE(canLogIn("anna", kPassword));
  EXPECT_TRUE(canLogIn("ANNA", kPassword));
}

TEST_F(AccountsTest, RefusesAWrongPasswordAndAuditsIt) {
  const UserInfo info = createOrDie("anna");
  auto session = m_accounts->login("anna", "not the password");
  ASSERT_FALSE(session);
  EXPECT_EQ(session.error().code, ErrorCode::WrongPassword);
  EXPECT_EQ(countAudit("login", info.id, "wrong_password"), 1);
  EXPECT_EQ(userColumn(info.id, "failed_logins"), 1);
  const AuditRow last = auditRows().back();
  EXPECT_EQ(last.result, "denied");
  EXPECT_EQ(last.actorId, info.id);
}

TEST_F(AccountsTest, AnswersAnUnknownNameExactlyLikeAWrongPasswordAndAuditsIt) {
  createOrDie("anna");
  auto unknown = m_accounts->login("bert", kPassword);
  auto wrong = m_accounts->login("anna", "not the password");
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, ErrorCode::WrongPassword);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  const AuditRow last = auditRows()[auditRows().size() - 2];  // the unknown-name attempt
  EXPECT_EQ(last.action, "login");
  EXPECT_EQ(last.actorId, "-");
  EXPECT_EQ(last.objectId, "-");
  EXPECT_EQ(last.result, "denied");
  EXPECT_EQ(last.reason, "unknown_user");
  for (const AuditRow& row : auditRows()) EXPECT_EQ(row.objectId.find("bert"), std::string::npos);
}

TEST_F(AccountsTest, LocksTheAccountAfterFiveFailedLogins) {
  const UserInfo info = createOrDie("anna");
  for (int i = 0; i < kMaxFailedLogins - 1; ++i)
    EXPECT_EQ(loginError("anna", "wrong"), ErrorCode::WrongPassword) << "attempt " << i + 1;
  EXPECT_EQ(countAudit("account.lock", info.id, "too_many_failures"), 0);
  EXPECT_EQ(loginError("anna", "wrong"), ErrorCode::AccountLocked) << "the fifth failure locks";
  EXPECT_EQ(countAudit("login", info.id, "wrong_password"), 5);
  EXPECT_EQ(countAudit("account.lock", info.id, "too_many_failures"), 1);

  EXPECT_EQ(loginError("anna", kPassword), ErrorCode::AccountLocked) << "even with the right password";
  EXPECT_EQ(countAudit("login", info.id, "account_locked"), 1);
  auto found = m_accounts->findByName("anna");
  ASSERT_TRUE(found && *found);
  ASSERT_TRUE((*found)->lockedUntil.has_value());
  EXPECT_EQ(*(*found)->lockedUntil, kStart + minutes(15));
}

// The attack of issue 15, item 2: the lock was checked before the password
// and never again, so 15 wrong and 1 right login started at once were all
// evaluated and the right one got in while the account was locked. Each
// attempt now claims a slot before Argon2id and a success re-checks the lock.
TEST_F(AccountsTest, ParallelLoginsEvaluateAtMostFiveWrongPasswordsAndNoneGetsInWhileLocked) {
  const UserInfo info = createOrDie("anna");
  // Even rounds: an attacker alone (16 wrong passwords at once). Odd rounds:
  // 15 wrong and the user's right one, as in the attack.
  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE(round);
    m_clock.set(kStart + minutes(20 * round));  // each round after the previous lock ran out
    // And with a fresh count: wrong passwords after a success in the round
    // before (fewer than five, no lock) would still count towards this one.
    ASSERT_TRUE(m_accounts->login("anna", kPassword));
    const bool withRightPassword = round % 2 == 1;
    const std::int64_t firstSeq = auditRows().back().seq + 1;
    constexpr int kAttempts = 16;
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    std::vector<ErrorCode> outcome(kAttempts, ErrorCode::Internal);
    for (int i = 0; i < kAttempts; ++i) {
      threads.emplace_back([&, i] {
        // Every thread its own connection, as separate programs would have.
        auto db = Database::open(m_dir / "vault.db");
        ASSERT_TRUE(db) << db.error().message;
        AuditLog audit(**db, m_clock, "werkplek-2", "0.1.0");
        Accounts accounts(**db, audit, m_clock, kCheap);
        ++ready;
        while (ready < kAttempts) std::this_thread::yield();
        const bool isRight = withRightPassword && i == kAttempts / 2;
        auto session = accounts.login("anna", isRight ? kPassword : "wrong password " + std::to_string(i));
        outcome[static_cast<std::size_t>(i)] = session ? ErrorCode::Unknown : session.error().code;
      });
    }
    for (std::thread& thread : threads) thread.join();
    // The entries of this round: wrong passwords evaluated before and after
    // the right one got in (a success starts a fresh count), and the lock.
    int wrongBefore = 0, wrongAfter = 0;
    std::int64_t successSeq = 0, lockSeq = 0;
    for (const AuditRow& row : auditRows()) {
      if (row.seq < firstSeq) continue;
      if (row.action == "login" && row.result == "ok") successSeq = row.seq;
      if (row.action == "account.lock" && lockSeq == 0) lockSeq = row.seq;
      if (row.action == "login" && row.reason == "wrong_password") ++(successSeq == 0 ? wrongBefore : wrongAfter);
    }
    if (successSeq == 0) {
      EXPECT_LE(wrongBefore, kMaxFailedLogins);
      EXPECT_EQ(lockSeq != 0, wrongBefore == kMaxFailedLogins);
    } else {
      EXPECT_LT(wrongBefore, kMaxFailedLogins) << "five wrong passwords lock before a success";
      EXPECT_LE(wrongAfter, kMaxFailedLogins);
      if (lockSeq != 0) {
        EXPECT_LT(successSeq, lockSeq) << "the right password got in while the account was locked";
      }
    }
    EXPECT_EQ(outcome[kAttempts / 2] == ErrorCode::Unknown, successSeq != 0);
    EXPECT_EQ(userColumn(info.id, "(SELECT count(*) FROM login_claims)"), 0) << "every claim was released";
  }
}

TEST_F(AccountsTest, AttemptsInFlightThatReachTheLimitRefuseMoreWithoutCheckingThem) {
  const UserInfo info = createOrDie("anna");
  for (int i = 0; i < kMaxFailedLogins; ++i)
    m_db->sql().exec("INSERT INTO login_claims VALUES ('c" + std::to_string(i) + "', '" + info.id + "', " +
                     std::to_string(toUnixSeconds(kStart)) + ")");
  EXPECT_EQ(loginError("anna", kPassword), ErrorCode::AccountLocked);
  EXPECT_EQ(countAudit("login", info.id, "too_many_attempts"), 1);
  EXPECT_EQ(countAudit("login", info.id, "wrong_password"), 0) << "nothing was evaluated";
}

TEST_F(AccountsTest, ClaimsLeftByAKilledProcessCountAsFailures) {
  const UserInfo info = createOrDie("anna");
  const std::int64_t longAgo = toUnixSeconds(kStart) - kStaleLoginClaim.count() - 1;
  for (int i = 0; i < kMaxFailedLogins; ++i)
    m_db->sql().exec("INSERT INTO login_claims VALUES ('c" + std::to_string(i) + "', '" + info.id + "', " +
                     std::to_string(longAgo) + ")");
  EXPECT_EQ(loginError("anna", kPassword), ErrorCode::AccountLocked) << "five attempts nobody saw finish";
  EXPECT_EQ(countAudit("account.lock", info.id, "too_many_failures"), 1);
  EXPECT_EQ(userColumn(info.id, "(SELECT count(*) FROM login_claims)"), 0);
}

TEST_F(AccountsTest, StaysLockedUntilFifteenMinutesHavePassed) {
  createOrDie("anna");
  failLogins("anna", kMaxFailedLogins);
  m_clock.set(kStart + minutes(14) + seconds(59));
  EXPECT_EQ(loginError("anna", kPassword), ErrorCode::AccountLocked) << "at 14:59";
  EXPECT_EQ(loginError("anna", "wrong"), ErrorCode::AccountLocked) << "a wrong password while locked";
  m_clock.set(kStart + minutes(15));
  EXPECT_TRUE(canLogIn("anna", kPassword)) << "at 15:00";
  auto found = m_accounts->findByName("anna");
  ASSERT_TRUE(found && *found);
  EXPECT_FALSE((*found)->lockedUntil.has_value());
}

TEST_F(AccountsTest, ShowsNoLockOnceItHasRunOut) {
  createOrDie("anna");
  failLogins("anna", kMaxFailedLogins);
  m_clock.set(kStart + minutes(15));
  auto found = m_accounts->findByName("anna");
  ASSERT_TRUE(found && *found);
  EXPECT_FALSE((*found)->lockedUntil.has_value());
}

TEST_F(AccountsTest, CountsFailuresAfreshAfterALockHasRunOut) {
  createOrDie("anna");
  failLogins("anna", kMaxFailedLogins);
  m_clock.set(kStart + minutes(15));
  for (int i = 0; i < kMaxFailedLogins - 1; ++i)
    EXPECT_EQ(loginError("anna", "wrong"), ErrorCode::WrongPassword) << "attempt " << i + 1 << " after the lock";
  EXPECT_EQ(loginError("anna", "wrong"), ErrorCode::AccountLocked);
}

TEST_F(AccountsTest, ASuccessfulLoginClearsTheFailureCount) {
  const UserInfo info = createOrDie("anna");
  failLogins("anna", kMaxFailedLogins - 1);
  EXPECT_TRUE(canLogIn("anna", kPassword));
  EXPECT_EQ(userColumn(info.id, "failed_logins"), 0);
  failLogins("anna", kMaxFailedLogins - 1);
  EXPECT_TRUE(canLogIn("anna", kPassword)) << "four failures after a success do not lock";
}

TEST_F(AccountsTest, FailuresOfOneAccountDoNotLockAnother) {
  createOrDie("anna");
  createOrDie("bert");
  failLogins("anna", kMaxFailedLogins);
  EXPECT_TRUE(canLogIn("bert", kPassword));
}

TEST_F(AccountsTest, RefusesADisabledAccount) {
  const UserInfo info = createOrDie("anna");
  ASSERT_TRUE(m_accounts->setDisabled(info.id, true));
  EXPECT_EQ(loginError("anna", kPassword), ErrorCode::AccountDisabled);
  EXPECT_EQ(countAudit("login", info.id, "account_disabled"), 1);
  auto found = m_accounts->findByName("anna");
  ASSERT_TRUE(found && *found);
  EXPECT_TRUE((*found)->isDisabled);

  ASSERT_TRUE(m_accounts->setDisabled(info.id, false));
  EXPECT_TRUE(canLogIn("anna", kPassword));
}

TEST_F(AccountsTest, EnablingLiftsALockoutAndKeepsTheKeyPair) {
  const UserInfo info = createOrDie("anna");
  const auto publicKey = publicKeyOf(info.id);
  failLogins("anna", kMaxFailedLogins);
  ASSERT_EQ(loginError("anna", kPassword), ErrorCode::AccountLocked);

  ASSERT_TRUE(m_accounts->setDisabled(info.id, false));
  auto found = m_accounts->findByName("anna");
  ASSERT_TRUE(found && *found);
  EXPECT_FALSE((*found)->lockedUntil.has_value());
  EXPECT_EQ(userColumn(info.id, "failed_logins"), 0);
  auto session = m_accounts->login("anna", kPassword);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->keys().publicKey(), publicKey) << "no new key pair: the recordings stay hers";
  failLogins("anna", kMaxFailedLogins - 1);
  EXPECT_TRUE(canLogIn("anna", kPassword)) << "the failures count afresh";
}

TEST_F(AccountsTest, ChangingThePasswordKeepsTheKeyPair) {
  const UserInfo info = createOrDie("anna");
  auto session = m_accounts->login("anna", kPassword);
  ASSERT_TRUE(session);
  const auto publicKey = publicKeyOf(info.id);
  m_clock.advance(minutes(3));

  const Status changed = m_accounts->changePassword(*session, kPassword, kNewPassword);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(loginError("anna", kPassword), ErrorCode::WrongPassword);
  auto again = m_accounts->login("anna", kNewPassword);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->keys().publicKey(), publicKey);
  EXPECT_EQ(publicKeyOf(info.id), publicKey);
  EXPECT_EQ(countAudit("account.password", info.id, ""), 1);
  auto found = m_accounts->findByName("anna");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->passwordChangedAt, kStart + minutes(3));
}

TEST_F(AccountsTest, RefusesAPasswordChangeWithTheWrongCurrentPassword) {
  const UserInfo info = createOrDie("anna");
  auto session = m_accounts->login("anna", kPassword);
  ASSERT_TRUE(session);
  const Status changed = m_accounts->changePassword(*session, "not the password", kNewPassword);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::WrongPassword);
  EXPECT_EQ(countAudit("account.password", info.id, "wrong_password"), 1);
  EXPECT_TRUE(canLogIn("anna", kPassword));
  EXPECT_FALSE(canLogIn("anna", kNewPassword));
}

TEST_F(AccountsTest, RefusesATooShortNewPassword) {
  createOrDie("anna");
  auto session = m_accounts->login("anna", kPassword);
  ASSERT_TRUE(session);
  const Status changed = m_accounts->changePassword(*session, kPassword, "kort");
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::InvalidArgument);
  EXPECT_TRUE(canLogIn("anna", kPassword));
}

TEST_F(AccountsTest, ResetGivesANewKeyPairAndDropsTheRecordingKeysSealedToTheOldOne) {
  const UserInfo coach = createOrDie("coach", Role::Coach);
  const UserInfo owner = createOrDie("owner", Role::Klantmanager);
  SQLite::Database& sql = m_db->sql();
  for (const char* recording : {"rec-1", "rec-2"}) {
    SQLite::Statement r(sql, "INSERT INTO recordings (id, owner_id, created_at) VALUES (?, ?, 0)");
    r.bind(1, recording);
    r.bind(2, owner.id);
    r.exec();
    for (const std::string& user : {owner.id, coach.id}) {
      SQLite::Statement k(sql,
                          "INSERT INTO recording_keys (recording_id, user_id, sealed_key, granted_at) "
                          "VALUES (?, ?, x'00', 0)");
      k.bind(1, recording);
      k.bind(2, user);
      k.exec();
    }
  }
  const auto oldPublicKey = publicKeyOf(coach.id);
  failLogins("coach", kMaxFailedLogins);
  ASSERT_TRUE(m_accounts->setDisabled(coach.id, true));

  auto lost = m_accounts->reset(coach.id, kNewPassword, 0);
  ASSERT_TRUE(lost) << lost.error().message;
  EXPECT_EQ(lost->recordingKeysLost, 2);
  EXPECT_EQ(lost->recordingsErased, 0) << "the owner still holds both";
  EXPECT_EQ(lost->sharesLost, 2);
  EXPECT_NE(publicKeyOf(coach.id), oldPublicKey);
  SQLite::Statement left(sql, "SELECT user_id, count(*) FROM recording_keys GROUP BY user_id");
  ASSERT_TRUE(left.executeStep());
  EXPECT_EQ(left.getColumn(0).getString(), owner.id) << "only the reset user's keys are dropped";
  EXPECT_EQ(left.getColumn(1).getInt(), 2);
  EXPECT_FALSE(left.executeStep());

  // Unlocked and enabled, with the new password only.
  EXPECT_EQ(loginError("coach", kPassword), ErrorCode::WrongPassword);
  auto session = m_accounts->login("coach", kNewPassword);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->keys().publicKey(), publicKeyOf(coach.id));
}

TEST_F(AccountsTest, ResetOfAnUnknownAccountIsNotFound) {
  auto lost = m_accounts->reset("no-such-id", kNewPassword, 0);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::NotFound);
}

TEST_F(AccountsTest, RewrapsUnderARaisedCostAtTheNextLogin) {
  const UserInfo info = createOrDie("anna");
  EXPECT_EQ(static_cast<std::uint64_t>(userColumn(info.id, "kdf_ops")), kCheap.opsLimit);
  EXPECT_EQ(static_cast<std::uint64_t>(userColumn(info.id, "kdf_mem")), kCheap.memLimitBytes);
  const auto publicKey = publicKeyOf(info.id);
  m_clock.advance(minutes(10));

  m_accounts->setPolicy(kStronger);
  EXPECT_TRUE(canLogIn("anna", kPassword));
  EXPECT_EQ(static_cast<std::uint64_t>(userColumn(info.id, "kdf_ops")), kStronger.opsLimit);
  EXPECT_EQ(static_cast<std::uint64_t>(userColumn(info.id, "kdf_mem")), kStronger.memLimitBytes);
  EXPECT_EQ(countAudit("account.rewrap", info.id, "kdf_policy_raised"), 1);
  EXPECT_EQ(publicKeyOf(info.id), publicKey);
  EXPECT_EQ(userColumn(info.id, "password_changed_at"), toUnixSeconds(kStart)) << "the password did not change";

  EXPECT_TRUE(canLogIn("anna", kPassword));
  EXPECT_EQ(countAudit("account.rewrap", info.id, "kdf_policy_raised"), 1) << "re-wrapped once";
}

TEST_F(AccountsTest, KeepsTheStrongerWrapWhenTheCostIsLowered) {
  m_accounts->setPolicy(kStronger);
  const UserInfo info = createOrDie("anna");
  m_accounts->setPolicy(kCheap);
  EXPECT_TRUE(canLogIn("anna", kPassword));
  EXPECT_EQ(static_cast<std::uint64_t>(userColumn(info.id, "kdf_ops")), kStronger.opsLimit);
  EXPECT_EQ(countAudit("account.rewrap", info.id, "kdf_policy_raised"), 0);
}

TEST_F(AccountsTest, ARewrapRaisesWhatIsBelowThePolicyAndLowersNothing) {
  // Stored: more passes than the new policy; the policy asks for more memory.
  const KdfParams manyPasses{kCheap.opsLimit + 2, kCheap.memLimitBytes};
  m_accounts->setPolicy(manyPasses);
  const UserInfo info = createOrDie("anna");
  m_accounts->setPolicy(KdfParams{kCheap.opsLimit, kCheap.memLimitBytes * 2});
  EXPECT_TRUE(canLogIn("anna", kPassword));
  EXPECT_EQ(static_cast<std::uint64_t>(userColumn(info.id, "kdf_ops")), manyPasses.opsLimit);
  EXPECT_EQ(static_cast<std::uint64_t>(userColumn(info.id, "kdf_mem")), kCheap.memLimitBytes * 2);
  EXPECT_EQ(countAudit("account.rewrap", info.id, "kdf_policy_raised"), 1);
}

TEST_F(AccountsTest, RefusesADuplicateNameWhateverItsCase) {
  createOrDie("anna");
  const auto before = auditRows().size();
  for (const char* name : {"anna", "Anna", "ANNA"}) {
    auto again = m_accounts->create(name, Role::Coach, kPassword, "admin-id", "administrator");
    ASSERT_FALSE(again) << name;
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
  }
  EXPECT_EQ(auditRows().size(), before) << "a refused account is not audited as added";
  auto all = m_accounts->list();
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(AccountsTest, RefusesAnInvalidNamePasswordOrRole) {
  auto badName = m_accounts->create("anna smit", Role::Coach, kPassword, "admin-id", "administrator");
  ASSERT_FALSE(badName);
  EXPECT_EQ(badName.error().code, ErrorCode::InvalidArgument);
  auto badPassword = m_accounts->create("anna", Role::Coach, "short", "admin-id", "administrator");
  ASSERT_FALSE(badPassword);
  EXPECT_EQ(badPassword.error().code, ErrorCode::InvalidArgument);
  auto badRole = m_accounts->create("anna", Role::Unknown, kPassword, "admin-id", "administrator");
  ASSERT_FALSE(badRole);
  EXPECT_EQ(badRole.error().code, ErrorCode::InvalidArgument);
  auto all = m_accounts->list();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}

TEST_F(AccountsTest, ListsAccountsByName) {
  createOrDie("bert", Role::Coach);
  createOrDie("anna", Role::Administrator);
  createOrDie("Carla", Role::PrivacyOfficer);
  auto all = m_accounts->list();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "anna");
  EXPECT_EQ((*all)[1].name, "bert");
  EXPECT_EQ((*all)[2].name, "Carla");
  EXPECT_EQ((*all)[2].role, Role::PrivacyOfficer);
}

TEST(UserName, AcceptsLettersDigitsDotHyphenAndUnderscore) {
  for (const std::string& name :
       {std::string("a"), std::string("anna"), std::string("J.de-Vries_2"), std::string(64, 'x')})
    EXPECT_TRUE(validateUserName(name)) << name;
}

TEST(UserName, RefusesEmptyLongOrOtherCharacters) {
  for (const std::string& name :
       {std::string(), std::string(65, 'x'), std::string("anna smit"), std::string("anna@gemeente"),
        std::string("ánna"), std::string("a/b"), std::string("anna\n"), std::string("an'na")}) {
    const Status status = validateUserName(name);
    ASSERT_FALSE(status) << name;
    EXPECT_EQ(status.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(status.error().message.empty());
  }
}

TEST(NewPassword, NeedsAtLeastTenCharacters) {
  EXPECT_FALSE(validateNewPassword(std::string(kMinPasswordLength - 1, 'x')));
  EXPECT_TRUE(validateNewPassword(std::string(kMinPasswordLength, 'x')));
  EXPECT_FALSE(validateNewPassword(""));
  const Status status = validateNewPassword("kort");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(status.error().message.find("10"), std::string::npos) << status.error().message;
}

TEST(NewPassword, CountsCharactersNotBytes) {
  // Nine characters of two bytes each in UTF-8: still too short.
  EXPECT_FALSE(validateNewPassword("ééééééééé"));
  EXPECT_TRUE(validateNewPassword("éééééééééé"));
}

TEST(NewPassword, RefusesMoreThan1024Bytes) {
  EXPECT_TRUE(validateNewPassword(std::string(1024, 'x')));
  const Status status = validateNewPassword(std::string(1025, 'x'));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace vakspiegel
