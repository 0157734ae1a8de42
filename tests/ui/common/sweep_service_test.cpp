// The workstation runs the sweep at start and then every interval, on a
// worker thread: a recording past its retention end is erased while the app
// is open, without anyone asking.
#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include "app/account_service.h"
#include "app/vault.h"
#include "common/sweep_service.h"
#include "core/ids.h"
#include "store/recording_store.h"
#include "support/temp_dir.h"
#include "support/vault_internals.h"
#include "vault/chunked_file.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;

class SweepServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VaultOptions options;
    options.passwordCost = KdfParams::interactive();
    auto vault = Vault::init(m_dir / "kluis", "beheer", "beheer-wachtwoord", m_clock, options);
    ASSERT_TRUE(vault) << vault.error().message;
    m_vault = std::move(*vault);
    const Session admin = *m_vault->login("beheer", "beheer-wachtwoord");
    // The administrator's password is one-time; the user chooses their own.
    ASSERT_TRUE(AccountService(*m_vault).addUser(admin, "km.jansen", Role::Klantmanager, "km.jansen-eenmalig"));
    Session first = *m_vault->login("km.jansen", "km.jansen-eenmalig");
    ASSERT_TRUE(AccountService(*m_vault).changePassword(first, "km.jansen-eenmalig", "km.jansen-wachtwoord"));
    m_owner.emplace(*m_vault->login("km.jansen", "km.jansen-wachtwoord"));
  }

  // A recording whose retention ended `ago` seconds ago (negative: in the future).
  std::string plant(std::int64_t ago) {
    const std::string id = newUuid();
    const std::int64_t now = toUnixSeconds(SystemClock().now());
    const fs::path file = Vault::mediaDir(m_dir / "kluis") / (id + ".media.vsc");
    auto writer = ChunkedFileWriter::create(file, DataKey::generate());
    EXPECT_TRUE(writer && (*writer)->commit());
    RecordingStore store(test::database(*m_vault));
    EXPECT_TRUE(test::database(*m_vault).transaction([&]() -> Status {
      VS_TRY(store.insertRecording({id, m_owner->userId(), now - 86400, now - 86400, 1'000'000, 160, 120, "remux"}));
      VS_TRY(store.insertConsent({id, "self_review", "verbal", now - 86400, now - 86400, m_owner->userId(), now - ago,
                                  "VS-" + id.substr(0, 8), "given", now - 86400}));
      VS_TRY(store.insertKey(
          {id, m_owner->userId(), sealDataKey(DataKey::generate(), m_owner->keys().publicKey()), now - 86400}));
      return store.insertFile({id, "media", file.filename().string(), 64});
    }));
    return id;
  }
  std::string erasureState(const std::string& id) {
    SQLite::Statement q(test::database(*m_vault).sql(), "SELECT state FROM erasures WHERE recording_id = ?");
    q.bind(1, id);
    return q.executeStep() ? q.getColumn(0).getString() : "";
  }

  test::TempDir m_dir;
  ManualClock m_clock{SystemClock().now()};
  std::unique_ptr<Vault> m_vault;
  std::optional<Session> m_owner;
};

TEST_F(SweepServiceTest, SweepsAtStartAndThenEveryInterval) {
  const std::string expired = plant(60);
  const std::string later = plant(-2);  // its retention ends in 2 seconds
  SweepService service(m_dir / "kluis", std::chrono::milliseconds(500));
  QSignalSpy swept(&service, &SweepService::swept);
  service.start();
  ASSERT_TRUE(swept.wait(10'000));
  EXPECT_EQ(swept.first().at(0).toInt(), 1);
  EXPECT_TRUE(swept.first().at(1).toStringList().isEmpty());
  EXPECT_EQ(erasureState(expired), "done");
  EXPECT_EQ(erasureState(later), "");
  // Without any call, the timer erases the second one once its end passed.
  EXPECT_TRUE(QTest::qWaitFor([&] { return erasureState(later) == "done"; }, 10'000));
  EXPECT_FALSE(fs::exists(Vault::mediaDir(m_dir / "kluis") / (later + ".media.vsc")));
}

TEST_F(SweepServiceTest, ReportsAVaultItCannotOpenAsAProblem) {
  SweepService service(m_dir / "geen-kluis", std::chrono::hours(1));
  QSignalSpy swept(&service, &SweepService::swept);
  service.start();
  ASSERT_TRUE(swept.wait(10'000));
  const QStringList problems = swept.first().at(1).toStringList();
  ASSERT_EQ(problems.size(), 1);
  EXPECT_TRUE(problems.first().contains(QStringLiteral("geen-kluis"))) << problems.first().toStdString();
}

}  // namespace
}  // namespace vakspiegel

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
