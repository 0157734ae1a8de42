// The use-case API: every call goes through the access policy, every denial
// is audited, and init/open fail without leaving anything half-made.
#include "app/vault.h"
#include "app/vault_fixture.h"

#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>

#include "app/account_service.h"
#include "app/administration_service.h"
#include "app/privacy_service.h"
#include "support/temp_dir.h"
#include "support/vault_internals.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Cheap Argon2id so the tests stay fast; the policy floor check is tested separately.
VaultOptions cheap() {
  VaultOptions options;
  options.passwordCost = KdfParams::interactive();
  return options;
}

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto vault = Vault::init(m_dir.path() / "kluis", "beheer", "beheer-wachtwoord", m_clock, cheap());
    ASSERT_TRUE(vault) << vault.error().message;
    m_vault = std::move(*vault);
    m_admin.emplace(login("beheer", "beheer-wachtwoord"));
  }
  Session login(const std::string& name, const std::string& password) {
    auto session = m_vault->login(name, password);
    EXPECT_TRUE(session) << session.error().message;
    return std::move(*session);
  }
  Session addAndLogin(const std::string& name, Role role) {
    test::addActiveUser(*m_vault, *m_admin, name, role, name + "-wachtwoord");
    return login(name, name + "-wachtwoord");
  }
  std::vector<AuditRow> deniedEntries() {
    std::vector<AuditRow> denied;
    SQLite::Statement q(test::database(*m_vault).sql(),
                        "SELECT seq, actor_role, action, reason FROM audit_log WHERE result = 'denied' ORDER BY seq");
    while (q.executeStep()) {
      AuditRow row;
      row.seq = q.getColumn(0).getInt64();
      row.actorRole = q.getColumn(1).getString();
      row.action = q.getColumn(2).getString();
      row.reason = q.getColumn(3).getString();
      denied.push_back(row);
    }
    return denied;
  }

  TempDir m_dir;
  ManualClock m_clock{fromUnixSeconds(1'795'000'000)};
  std::unique_ptr<Vault> m_vault;
  std::optional<Session> m_admin;
};

TEST_F(VaultTest, InitRefusesAPlaceThatHoldsAVault) {
  auto again = Vault::init(m_dir.path() / "kluis", "ander", "ander-wachtwoord", m_clock, cheap());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::VaultExists);
}

TEST(Vault, InitWithABadNameOrPasswordCreatesNothing) {
  TempDir dir;
  ManualClock clock{fromUnixSeconds(1'795'000'000)};
  EXPECT_EQ(Vault::init(dir / "a", "beheer", "kort", clock, cheap()).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(Vault::init(dir / "b", "geen spaties", "lang-genoeg-wachtwoord", clock, cheap()).error().code,
            ErrorCode::InvalidArgument);
  EXPECT_FALSE(fs::exists(dir / "a"));
  EXPECT_FALSE(fs::exists(dir / "b"));
}

TEST(Vault, AnInitKilledHalfWayLeavesNoVaultAndTheNextInitSucceeds) {
  TempDir dir;
  ManualClock clock{fromUnixSeconds(1'795'000'000)};
  // What a killed init leaves: the database under its temporary name.
  fs::create_directories(dir / "kluis");
  test::writeFileBytes(dir / "kluis" / "vault.db.init", test::randomBytes(4096));
  EXPECT_FALSE(Vault::exists(dir / "kluis"));
  EXPECT_EQ(Vault::open(dir / "kluis", clock).error().code, ErrorCode::VaultMissing);
  auto vault = Vault::init(dir / "kluis", "beheer", "beheer-wachtwoord", clock, cheap());
  ASSERT_TRUE(vault) << vault.error().message;
  EXPECT_TRUE((*vault)->login("beheer", "beheer-wachtwoord"));
  EXPECT_FALSE(fs::exists(dir / "kluis" / "vault.db.init"));
  EXPECT_FALSE(fs::exists(dir / "kluis" / "vault.db.init-wal"));
}

TEST(Vault, OpenReportsAMissingVault) {
  TempDir dir;
  SystemClock clock;
  EXPECT_EQ(Vault::open(dir / "nergens", clock).error().code, ErrorCode::VaultMissing);
}

TEST_F(VaultTest, OpenRefusesAVaultWhosePasswordSettingsAreGone) {
  const fs::path dir = m_vault->dir();
  m_admin.reset();
  m_vault.reset();
  {
    SQLite::Database db(Vault::databaseFile(dir).string(), SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM settings WHERE key = 'kdf_ops'");
  }
  auto reopened = Vault::open(dir, m_clock);
  ASSERT_FALSE(reopened);
  EXPECT_EQ(reopened.error().code, ErrorCode::CorruptData);
}

TEST_F(VaultTest, OnlyAnAdministratorManagesUsersAndEveryDenialIsAudited) {
  const Session km = addAndLogin("km.jansen", Role::Klantmanager);
  const Session coach = addAndLogin("coach.deboer", Role::Coach);
  const Session fg = addAndLogin("fg", Role::PrivacyOfficer);
  for (const Session* s : {&km, &coach, &fg}) {
    EXPECT_EQ(AccountService(*m_vault).addUser(*s, "x.y", Role::Coach, "xy-wachtwoord1").error().code,
              ErrorCode::PermissionDenied);
    EXPECT_EQ(AccountService(*m_vault).listUsers(*s).error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(AccountService(*m_vault).setUserDisabled(*s, "km.jansen", true).error().code,
              ErrorCode::PermissionDenied);
    EXPECT_EQ(AccountService(*m_vault).resetUser(*s, "km.jansen", "nieuw-wachtwoord", 0).error().code,
              ErrorCode::PermissionDenied);
    EXPECT_EQ(AdministrationService(*m_vault).setPasswordCost(*s, KdfParams::moderate()).error().code,
              ErrorCode::PermissionDenied);
  }
  const auto denied = deniedEntries();
  ASSERT_EQ(denied.size(), 15u);
  EXPECT_EQ(denied[0].actorRole, "klantmanager");
  EXPECT_EQ(denied[0].action, "manage_users");
  EXPECT_EQ(denied[0].reason, "role");
  EXPECT_EQ(denied[14].action, "manage_policy");
  EXPECT_FALSE(test::audit(*m_vault).head()->hash.empty());
}

TEST_F(VaultTest, OnlyThePrivacyOfficerReadsAndVerifiesTheAuditLog) {
  const Session km = addAndLogin("km.jansen", Role::Klantmanager);
  const Session fg = addAndLogin("fg", Role::PrivacyOfficer);
  EXPECT_EQ(PrivacyService(*m_vault).verifyAudit(*m_admin, std::nullopt).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(PrivacyService(*m_vault).exportAuditCsv(km).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(PrivacyService(*m_vault).auditHead(km).error().code, ErrorCode::PermissionDenied);
  const auto verified = PrivacyService(*m_vault).verifyAudit(fg, std::nullopt);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->isIntact);
  const auto csv = PrivacyService(*m_vault).exportAuditCsv(fg);
  ASSERT_TRUE(csv);
  EXPECT_NE(csv->find(",audit.verify,audit_log,-,ok,"), std::string::npos);
  EXPECT_NE(csv->find(",administrator,verify_audit,audit_log,-,denied,"), std::string::npos) << *csv;
}

TEST_F(VaultTest, NobodyDisablesThemselfOrTheLastAdministrator) {
  EXPECT_EQ(AccountService(*m_vault).setUserDisabled(*m_admin, "beheer", true).error().code,
            ErrorCode::InvalidArgument);
  const Session second = addAndLogin("beheer2", Role::Administrator);
  ASSERT_TRUE(AccountService(*m_vault).setUserDisabled(second, "beheer", true));
  // beheer2 is now the last active administrator and cannot be disabled by anyone.
  const Session third = addAndLogin("beheer3", Role::Administrator);
  ASSERT_TRUE(AccountService(*m_vault).setUserDisabled(third, "beheer2", true));
  EXPECT_EQ(AccountService(*m_vault).setUserDisabled(third, "beheer3", true).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(m_vault->login("beheer", "beheer-wachtwoord").error().code, ErrorCode::AccountDisabled);
  ASSERT_TRUE(AccountService(*m_vault).setUserDisabled(third, "beheer", false));
  EXPECT_TRUE(m_vault->login("beheer", "beheer-wachtwoord"));
}

TEST_F(VaultTest, AResetDropsTheUsersSealedKeysAndSaysHowMany) {
  const Session km = addAndLogin("km.jansen", Role::Klantmanager);
  const Session coach = addAndLogin("coach.deboer", Role::Coach);
  const DataKey dek = DataKey::generate();
  SQLite::Database& sql = test::database(*m_vault).sql();
  sql.exec("INSERT INTO recordings (id, owner_id, created_at) VALUES ('r1', '" + km.userId() + "', 0)");
  for (const Session* s : {&km, &coach}) {
    SQLite::Statement insert(sql, "INSERT INTO recording_keys VALUES ('r1', ?, ?, 0)");
    insert.bind(1, s->userId());
    const Bytes sealed = sealDataKey(dek, s->keys().publicKey());
    insert.bind(2, sealed.data(), static_cast<int>(sealed.size()));
    insert.exec();
  }
  const auto outcome = AccountService(*m_vault).resetUser(*m_admin, "coach.deboer", "nieuw-wachtwoord", 0);
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_EQ(outcome->recordingKeysLost, 1);
  EXPECT_EQ(sql.execAndGet("SELECT COUNT(*) FROM recording_keys").getInt(), 1);  // the owner's copy stays
  const Session renewed = login("coach.deboer", "nieuw-wachtwoord");
  EXPECT_NE(renewed.keys().publicKey(), coach.keys().publicKey());
  EXPECT_EQ(m_vault->login("coach.deboer", "coach.deboer-wachtwoord").error().code, ErrorCode::WrongPassword);
}

TEST_F(VaultTest, ThePasswordCostPersistsAndCannotDropBelowInteractive) {
  EXPECT_EQ(AdministrationService(*m_vault).setPasswordCost(*m_admin, KdfParams{1, 8192}).error().code,
            ErrorCode::InvalidArgument);
  const KdfParams raised{KdfParams::interactive().opsLimit + 1, KdfParams::interactive().memLimitBytes};
  ASSERT_TRUE(AdministrationService(*m_vault).setPasswordCost(*m_admin, raised));
  const fs::path dir = m_vault->dir();
  m_admin.reset();
  m_vault = std::move(*Vault::open(dir, m_clock));
  const Session admin = login("beheer", "beheer-wachtwoord");
  const auto summary = AdministrationService(*m_vault).summary(admin);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->passwordCost, raised);
}

TEST_F(VaultTest, TheSummaryCountsActiveAccountsPerRoleAndShowsTheChainHead) {
  addAndLogin("km.jansen", Role::Klantmanager);
  addAndLogin("km.bakker", Role::Klantmanager);
  addAndLogin("coach.deboer", Role::Coach);
  ASSERT_TRUE(AccountService(*m_vault).setUserDisabled(*m_admin, "km.bakker", true));
  const auto s = AdministrationService(*m_vault).summary(*m_admin);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->usersByRole[static_cast<int>(Role::Klantmanager)], 1);
  EXPECT_EQ(s->usersByRole[static_cast<int>(Role::Coach)], 1);
  EXPECT_EQ(s->usersByRole[static_cast<int>(Role::Administrator)], 1);
  EXPECT_EQ(s->schemaVersion, latestSchemaVersion());
  EXPECT_EQ(s->auditHead, *test::audit(*m_vault).head());
  EXPECT_GT(s->auditEntries, 5);
}

}  // namespace
}  // namespace vakspiegel
