// A vault with the five roles' accounts and a tiny generated recording to
// import, for the use-case tests of tests/app/. Media are generated at test
// time (ffmpeg -f lavfi), once per test binary.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "app/account_service.h"
#include "app/import_service.h"
#include "app/vault.h"
#include "support/temp_dir.h"
#include "support/vault_internals.h"

namespace vakspiegel::test {

inline constexpr std::int64_t kFixtureNow = 1'795'000'000;  // 2026-11-18

// A 2-second 160x120 H.264 + AAC MP4 with a keyframe every second, made once
// per process in its own directory. `title` is written into its metadata.
inline const std::filesystem::path& tinyRecording() {
  static TempDir dir;
  static const std::filesystem::path file = [] {
    const std::filesystem::path path = dir / "gesprek.mp4";
    const std::string command =
        "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=160x120:rate=25 -f lavfi -i "
        "sine=frequency=440:sample_rate=48000 -t 2 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p "
        "-c:a aac -b:a 32k -metadata title=VSMARKER-MEDIA-5f1c2e '" +
        path.string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return path;
  }();
  return file;
}

// Adds a user as it happens for real: the administrator gives a one-time
// password, the user logs in with it and chooses `password` (a new key pair).
inline void addActiveUser(Vault& vault, const Session& admin, const std::string& name, Role role,
                          const std::string& password) {
  const std::string oneTime = "eenmalig-" + password;
  auto added = AccountService(vault).addUser(admin, name, role, oneTime);
  ASSERT_TRUE(added) << added.error().message;
  auto session = vault.login(name, oneTime);
  ASSERT_TRUE(session) << session.error().message;
  ASSERT_TRUE(session->mustChangePassword());
  auto changed = AccountService(vault).changePassword(*session, oneTime, password);
  ASSERT_TRUE(changed) << changed.error().message;
}

// Another program (a backup tool, the CLI) holding the vault's write lock
// from construction until destruction: a child process in a write
// transaction of its own.
class OtherProgramHoldingTheWriteLock {
 public:
  explicit OtherProgramHoldingTheWriteLock(const std::filesystem::path& vaultDir) {
    int ready[2];
    if (pipe(ready) != 0) {
      ADD_FAILURE() << "pipe";
      return;
    }
    m_child = fork();
    if (m_child == 0) {  // holds the lock until killed
      SQLite::Database db(Vault::databaseFile(vaultDir).string(), SQLite::OPEN_READWRITE);
      db.exec("BEGIN IMMEDIATE");
      (void)!write(ready[1], "x", 1);
      pause();
      _exit(0);
    }
    char byte = 0;
    EXPECT_GT(m_child, 0) << "fork";
    if (m_child > 0) {
      EXPECT_EQ(read(ready[0], &byte, 1), 1) << "the other program took no lock";
    }
    close(ready[0]);
    close(ready[1]);
  }
  ~OtherProgramHoldingTheWriteLock() {
    if (m_child <= 0) return;
    kill(m_child, SIGKILL);
    waitpid(m_child, nullptr, 0);
  }
  OtherProgramHoldingTheWriteLock(const OtherProgramHoldingTheWriteLock&) = delete;
  OtherProgramHoldingTheWriteLock& operator=(const OtherProgramHoldingTheWriteLock&) = delete;

 private:
  pid_t m_child = -1;
};

class VaultFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    VaultOptions options;
    options.passwordCost = KdfParams::interactive();
    auto vault = Vault::init(vaultDir(), "beheer", "beheer-wachtwoord", m_clock, options);
    ASSERT_TRUE(vault) << vault.error().message;
    m_vault = std::move(*vault);
    m_admin.emplace(login("beheer"));
    for (const auto& [name, role] :
         {std::pair{"km.jansen", Role::Klantmanager}, std::pair{"km.bakker", Role::Klantmanager},
          std::pair{"coach.deboer", Role::Coach}, std::pair{"fg", Role::PrivacyOfficer}})
      addActiveUser(*m_vault, *m_admin, name, role, std::string(name) + "-wachtwoord");
    m_owner.emplace(login("km.jansen"));
    m_officer.emplace(login("fg"));
  }

  [[nodiscard]] std::filesystem::path vaultDir() const { return m_dir / "kluis"; }
  Session login(const std::string& name) {
    auto session = m_vault->login(name, name + "-wachtwoord");
    EXPECT_TRUE(session) << session.error().message;
    return std::move(*session);
  }
  void reopen(int busyTimeoutMs = 5000) {
    m_vault.reset();
    auto vault = Vault::open(vaultDir(), m_clock, busyTimeoutMs);
    ASSERT_TRUE(vault) << vault.error().message;
    m_vault = std::move(*vault);
  }
  // Imports the tiny recording for km.jansen, recorded an hour ago.
  ImportOutcome importTiny(int retentionWeeks = 8, std::vector<std::string> scopes = {"coach_review"}) {
    ImportRequest r;
    r.source = tinyRecording();
    r.consent.scopes = std::move(scopes);
    r.consent.method = "verbal";
    r.consent.recordedAt = m_clock.now() - std::chrono::hours(1);
    r.consent.retentionWeeks = retentionWeeks;
    auto outcome = ImportService(*m_vault).importRecording(*m_owner, r);
    EXPECT_TRUE(outcome) << outcome.error().message;
    return outcome ? std::move(*outcome) : ImportOutcome{};
  }
  std::int64_t count(const std::string& table, const std::string& where = "1") {
    return test::database(*m_vault).sql().execAndGet("SELECT count(*) FROM " + table + " WHERE " + where).getInt64();
  }
  [[nodiscard]] std::vector<std::string> mediaFiles() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(Vault::mediaDir(vaultDir())))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  // The audit actions about one object, in order.
  std::vector<std::string> auditActions(const std::string& objectId) {
    SQLite::Statement q(test::database(*m_vault).sql(),
                        "SELECT action FROM audit_log WHERE object_id = ? ORDER BY seq");
    q.bind(1, objectId);
    std::vector<std::string> actions;
    while (q.executeStep()) actions.push_back(q.getColumn(0).getString());
    return actions;
  }

  TempDir m_dir;
  ManualClock m_clock{fromUnixSeconds(kFixtureNow)};
  std::unique_ptr<Vault> m_vault;
  std::optional<Session> m_admin, m_owner, m_officer;
};

}  // namespace vakspiegel::test
