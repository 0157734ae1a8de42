// A suite's vault made once and copied for each test: the use-case tests
// that need imported recordings (importing costs ffmpeg runs and Argon2id)
// start from a copy of a template the suite fills once. Each test then has
// the owner km.jansen and the coach coach.deboer logged in.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "app/import_service.h"
#include "app/vault.h"
#include "core/clock.h"
#include "media/media_fixtures.h"
#include "support/temp_dir.h"
#include "support/vault_internals.h"

namespace vakspiegel::test {

// Suite derives from CopiedVaultTest<Suite> and has
//   static void fillTemplate(Vault& vault, const Session& admin);
// which adds accounts (test::addActiveUser with passwordOf(name)) and
// imports (importClip). A template per suite: the statics are Suite's own.
template <class Suite>
class CopiedVaultTest : public ::testing::Test {
 protected:
  static constexpr std::int64_t kNow = 1'795'000'000;  // 2026-11-18, the template's clock
  static std::string passwordOf(const std::string& name) { return name + "-wachtwoord"; }

  static void SetUpTestSuite() {
    s_template = std::make_unique<TempDir>();
    ManualClock clock{fromUnixSeconds(kNow)};
    VaultOptions options;
    options.passwordCost = KdfParams::interactive();
    auto vault = Vault::init(*s_template / "kluis", "beheer", passwordOf("beheer"), clock, options);
    ASSERT_TRUE(vault) << vault.error().message;
    auto admin = (*vault)->login("beheer", passwordOf("beheer"));
    ASSERT_TRUE(admin);
    s_vault = vault->get();
    s_clip = media::test::makeRemuxable(*s_template, "gesprek.mp4", 2.0);
    Suite::fillTemplate(**vault, *admin);
    s_vault = nullptr;
    s_isMade = !::testing::Test::HasFatalFailure();
  }
  static void TearDownTestSuite() { s_template.reset(); }

  // Imports a 2-second clip into the template as km.jansen, recorded an hour
  // before kNow, with these consent scopes.
  static ImportOutcome importClip(const std::vector<std::string>& scopes) {
    auto owner = s_vault->login("km.jansen", passwordOf("km.jansen"));
    EXPECT_TRUE(owner) << owner.error().message;
    if (!owner) return {};
    ImportRequest request;
    request.source = s_clip;
    request.consent.scopes = scopes;
    request.consent.method = "verbal";
    request.consent.recordedAt = fromUnixSeconds(kNow - 3600);
    auto outcome = ImportService(*s_vault).importRecording(*owner, request);
    EXPECT_TRUE(outcome) << outcome.error().message;
    return outcome ? *outcome : ImportOutcome{};
  }

  void SetUp() override {
    ASSERT_TRUE(s_isMade) << "the suite's vault was not made";
    std::filesystem::copy(*s_template / "kluis", vaultDir(), std::filesystem::copy_options::recursive);
    auto vault = Vault::open(vaultDir(), m_clock);
    ASSERT_TRUE(vault) << vault.error().message;
    m_vault = std::move(*vault);
    m_owner.emplace(login("km.jansen"));
    m_coach.emplace(login("coach.deboer"));
  }

  [[nodiscard]] std::filesystem::path vaultDir() const { return m_dir / "kluis"; }
  Session login(const std::string& name) {
    auto session = m_vault->login(name, passwordOf(name));
    EXPECT_TRUE(session) << name << ": " << session.error().message;
    return std::move(*session);
  }
  // Audit entries about a recording with this actor, action, result and reason.
  std::int64_t auditCount(const std::string& actorId, const std::string& action, const std::string& result,
                          const std::string& reason, const std::string& recordingId) {
    SQLite::Statement q(database(*m_vault).sql(),
                        "SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = ? AND result = ? AND reason = ?"
                        " AND object_type = 'recording' AND object_id = ?");
    q.bind(1, actorId);
    q.bind(2, action);
    q.bind(3, result);
    q.bind(4, reason);
    q.bind(5, recordingId);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }
  // Every byte of every file in the vault directory (database, -wal, -shm, media).
  [[nodiscard]] std::string vaultBytes() const {
    std::string bytes;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(vaultDir()))
      if (entry.is_regular_file()) {
        const std::vector<unsigned char> file = readFileBytes(entry.path());
        bytes.append(file.begin(), file.end());
      }
    return bytes;
  }

  static inline std::unique_ptr<TempDir> s_template;
  static inline Vault* s_vault = nullptr;  // the template, while fillTemplate runs
  static inline std::filesystem::path s_clip;
  static inline bool s_isMade = false;

  TempDir m_dir;
  ManualClock m_clock{fromUnixSeconds(kNow + 600)};
  std::unique_ptr<Vault> m_vault;
  std::optional<Session> m_owner;
  std::optional<Session> m_coach;
};

}  // namespace vakspiegel::test
