// The import use case (R1): a recording enters the vault only with a valid
// consent record, encrypted as it is written; whatever goes wrong (a refused
// consent, bad media, a cancel, a full disk, a vault locked by another
// process) leaves no file, no row and no key behind.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>

#include "app/administration_service.h"
#include "app/import_service.h"
#include "app/recording_service.h"
#include "app/vault.h"
#include "app/vault_fixture.h"
#include "consent/withdrawal_code.h"
#include "core/i18n.h"
#include "store/recording_store.h"
#include "support/temp_dir.h"
#include "support/vault_internals.h"
#include "vault/chunked_file.h"

// Disk errors are injected by interposing pwrite() in this test binary, as in
// tests/core/chunked_file_test.cpp: the container writer's workers call it.
namespace {
std::atomic<int> g_pwriteErrno{0};
std::atomic<long> g_pwritesBeforeFailure{0};
}  // namespace

extern "C" ssize_t pwrite(int fd, const void* buffer, size_t size, off_t offset) {
  if (const int err = g_pwriteErrno.load(); err != 0 && g_pwritesBeforeFailure.fetch_sub(1) <= 0) {
    errno = err;
    return -1;
  }
  return static_cast<ssize_t>(syscall(SYS_pwrite64, fd, buffer, size, offset));
}

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr std::int64_t kNow = test::kFixtureNow;

// Runs the ffmpeg CLI quietly; the media are generated, never committed.
void ffmpeg(const std::string& args) {
  const std::string command = "ffmpeg -nostdin -y -loglevel error " + args;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// A 3-second H.264 + AAC MP4 with a keyframe every second (imported by remux).
fs::path makeRecording(const TempDir& dir, const std::string& name = "gesprek.mp4") {
  const fs::path file = dir / name;
  ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 3 "
         "-c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -c:a aac -b:a 64k '" +
         file.string() + "'");
  return file;
}

std::string readAll(const fs::path& file) {
  const std::vector<unsigned char> bytes = test::readFileBytes(file);
  return {bytes.begin(), bytes.end()};
}

class ImportTest : public test::VaultFixture {
 protected:
  ImportRequest request(const fs::path& source) const {
    ImportRequest r;
    r.source = source;
    r.consent.scopes = {"coach_review"};
    r.consent.method = "verbal";
    r.consent.recordedAt = fromUnixSeconds(kNow - 3600);
    return r;
  }
  // Nothing of a failed import remains: no file (not even a temporary one), no row, no key.
  void expectNothingLeft() {
    EXPECT_TRUE(mediaFiles().empty()) << mediaFiles().front();
    EXPECT_EQ(count("recordings"), 0);
    EXPECT_EQ(count("consents"), 0);
    EXPECT_EQ(count("recording_keys"), 0);
    EXPECT_EQ(count("recording_files"), 0);
  }
  std::int64_t auditCount(const std::string& action, const std::string& result) {
    return count("audit_log", "action = '" + action + "' AND result = '" + result + "'");
  }
};

TEST_F(ImportTest, ImportsARecordingWithItsConsentKeyFilesAndAuditEntries) {
  const fs::path source = makeRecording(m_dir);
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, request(source));
  ASSERT_TRUE(outcome) << outcome.error().message;

  const std::string& code = outcome->consent.withdrawalCode;
  EXPECT_EQ(code.size(), 12u) << code;
  EXPECT_EQ(code.rfind("VS-", 0), 0u) << code;
  EXPECT_EQ(consent::normalizeWithdrawalCode(code).value_or(""), code) << "canonical, with a valid check character";
  EXPECT_EQ(outcome->report.mode, media::ImportMode::Remux);
  EXPECT_NEAR(static_cast<double>(outcome->report.durationUs), 3e6, 2e5);
  // Default retention: 8 weeks from the recording date.
  EXPECT_EQ(outcome->consent.retentionEnd, fromUnixSeconds(kNow - 3600) + std::chrono::days(56));
  EXPECT_TRUE(outcome->consent.hasScope(consent::Scope::SelfReview));
  EXPECT_TRUE(outcome->consent.hasScope(consent::Scope::CoachReview));
  EXPECT_TRUE(fs::exists(source)) << "the source is only wiped on request";

  const std::string id = outcome->recordingId;
  EXPECT_EQ(mediaFiles(), (std::vector<std::string>{id + ".media.vsc", id + ".speech.vsc",
                                                            id + ".thumbnails.vsc", id + ".waveform.vsc"}));
  EXPECT_EQ(count("recordings"), 1);
  EXPECT_EQ(count("consents"), 1);
  EXPECT_EQ(count("recording_files"), 4);
  RecordingStore store(test::database(*m_vault));
  // Sealed to the owner only (R4): the administrator and the FG hold no key.
  auto holders = store.keyHolders(id);
  ASSERT_TRUE(holders);
  EXPECT_EQ(*holders, std::vector<std::string>{m_owner->userId()});
  EXPECT_EQ(auditCount("recording.import", "ok"), 1);
  EXPECT_EQ(auditCount("consent.register", "ok"), 1);

  // The owner's key opens the media, which reads back as H.264 + AAC.
  auto sealed = store.sealedKey(id, m_owner->userId());
  ASSERT_TRUE(sealed && *sealed);
  auto key = openSealedDataKey(**sealed, m_owner->keys());
  ASSERT_TRUE(key) << key.error().message;
  auto reader = ChunkedFileReader::open(Vault::mediaDir(vaultDir()) / (id + ".media.vsc"), *key, id + "/media");
  ASSERT_TRUE(reader) << reader.error().message;
  auto summary = media::inspect(**reader);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->videoCodec, "h264");
  EXPECT_EQ(summary->audioCodec, "aac");
  EXPECT_EQ(summary->width, 320);
  EXPECT_EQ(summary->height, 240);

  // The receipt carries the code and the audit chain is intact.
  EXPECT_NE(consent::renderText(outcome->receipt).find(outcome->consent.withdrawalCode), std::string::npos);
  auto verified = test::audit(*m_vault).verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->isIntact);
}

TEST_F(ImportTest, NoStretchOfTheSourceAppearsInTheVaultFiles) {
  // A remux copies the H.264 and AAC packets byte for byte: if plaintext
  // reached the disk, windows of the source's media data would be found.
  const fs::path source = makeRecording(m_dir);
  ASSERT_TRUE(ImportService(*m_vault).importRecording(*m_owner, request(source)));
  const std::string plain = readAll(source);
  std::string vaultBytes;
  for (const auto& entry : fs::recursive_directory_iterator(vaultDir()))
    if (entry.is_regular_file()) vaultBytes += readAll(entry.path());
  ASSERT_GT(plain.size(), 20'000u);
  int windows = 0;
  for (std::size_t at = plain.size() / 4; at + 32 < plain.size() * 3 / 4; at += plain.size() / 40, ++windows)
    EXPECT_EQ(vaultBytes.find(plain.substr(at, 32)), std::string::npos) << "source bytes at " << at;
  EXPECT_GE(windows, 15);
}

TEST_F(ImportTest, RefusesABadConsentBeforeAnyMediaWork) {
  const fs::path source = makeRecording(m_dir);
  ImportRequest bad = request(source);
  bad.consent.scopes = {"performance_review"};
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, bad);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(outcome.error().message.find("performance_review"), std::string::npos) << outcome.error().message;
  expectNothingLeft();

  bad = request(source);
  bad.consent.recordedAt = fromUnixSeconds(kNow + 86'400);
  ASSERT_FALSE(ImportService(*m_vault).importRecording(*m_owner, bad));
  expectNothingLeft();
}

TEST_F(ImportTest, OnlyAKlantmanagerImportsAndOnlyTheirOwn) {
  const fs::path source = makeRecording(m_dir);
  for (const char* name : {"beheer", "coach.deboer", "fg"}) {
    auto outcome = ImportService(*m_vault).importRecording(login(name), request(source));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::PermissionDenied);
  }
  EXPECT_EQ(auditCount("import", "denied"), 3);
  ImportRequest forOther = request(source);
  forOther.ownerName = "km.bakker";
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, forOther);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::PermissionDenied);
  expectNothingLeft();
}

TEST_F(ImportTest, ACancelledImportLeavesNothingBehind) {
  const fs::path source = makeRecording(m_dir);
  int calls = 0;
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, request(source),
                                                         [&](const media::ImportProgress&) { return ++calls < 2; });
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::Cancelled);
  expectNothingLeft();
  EXPECT_EQ(auditCount("recording.import", "error"), 1);
}

TEST_F(ImportTest, AFileThatIsNotMediaIsRefusedAndLeavesNothing) {
  const fs::path source = m_dir / "notulen.mp4";
  std::ofstream(source) << "Dit is geen video, maar de notulen van het overleg.\n";
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, request(source));
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::Unsupported) << outcome.error().message;
  expectNothingLeft();
  EXPECT_TRUE(fs::exists(source));
}

TEST_F(ImportTest, ADiskFullDuringImportIsReportedAndLeavesNothing) {
  const fs::path source = makeRecording(m_dir);
  g_pwritesBeforeFailure = 1;
  g_pwriteErrno = ENOSPC;
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, request(source));
  g_pwriteErrno = 0;
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::DiskFull) << outcome.error().message;
  expectNothingLeft();
}

TEST_F(ImportTest, AVaultLockedByAnotherProcessIsReportedBeforeTheWorkAndLeavesNothing) {
  const fs::path source = makeRecording(m_dir);
  auto busy = Vault::open(vaultDir(), m_clock, 100);
  ASSERT_TRUE(busy);
  auto owner = (*busy)->login("km.jansen", "km.jansen-wachtwoord");
  ASSERT_TRUE(owner);

  auto outcome = [&] {
    const test::OtherProgramHoldingTheWriteLock other(vaultDir());
    return ImportService(*(*busy)).importRecording(*owner, request(source));
  }();
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::VaultBusy) << outcome.error().message;
  expectNothingLeft();
}

TEST_F(ImportTest, WipesTheSourceOnlyAfterAVerifiedImport) {
  const fs::path source = makeRecording(m_dir);
  ImportRequest wipe = request(source);
  wipe.wipeSource = true;
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, wipe);
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_TRUE(outcome->isSourceWiped) << outcome->wipeProblem;
  EXPECT_FALSE(fs::exists(source));
  EXPECT_EQ(auditCount("recording.wipe_source", "ok"), 1);
}

TEST_F(ImportTest, TheAdministratorsRetentionMaximumBinds) {
  ASSERT_TRUE(AdministrationService(*m_vault).setRetentionPolicy(*m_admin, consent::Weeks{4}, consent::Weeks{12}));
  EXPECT_FALSE(AdministrationService(*m_vault).setRetentionPolicy(*m_owner, consent::Weeks{4}, consent::Weeks{12}));
  EXPECT_FALSE(AdministrationService(*m_vault).setRetentionPolicy(*m_admin, consent::Weeks{4}, consent::Weeks{27}));
  const fs::path source = makeRecording(m_dir);
  ImportRequest tooLong = request(source);
  tooLong.consent.retentionWeeks = 13;
  auto refused = ImportService(*m_vault).importRecording(*m_owner, tooLong);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
  expectNothingLeft();

  auto outcome = ImportService(*m_vault).importRecording(*m_owner, request(source));
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_EQ(outcome->consent.retentionEnd, fromUnixSeconds(kNow - 3600) + std::chrono::days(28));
}

TEST_F(ImportTest, ListsOwnRecordingsAndShowsConsentByCodeToTheOwnerAndTheFgOnly) {
  const fs::path source = makeRecording(m_dir);
  auto outcome = ImportService(*m_vault).importRecording(*m_owner, request(source));
  ASSERT_TRUE(outcome) << outcome.error().message;

  auto own = RecordingService(*m_vault).listRecordings(*m_owner);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ(own->front().id, outcome->recordingId);
  EXPECT_EQ(own->front().consent.withdrawalCode, outcome->consent.withdrawalCode);
  auto others = RecordingService(*m_vault).listRecordings(login("km.bakker"));
  ASSERT_TRUE(others);
  EXPECT_TRUE(others->empty());
  auto coach = RecordingService(*m_vault).listRecordings(login("coach.deboer"));
  ASSERT_TRUE(coach);
  EXPECT_TRUE(coach->empty()) << "not shared yet";
  EXPECT_FALSE(RecordingService(*m_vault).listRecordings(*m_admin));

  std::string typed = outcome->consent.withdrawalCode;
  std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* name : {"fg", "km.jansen"}) {
    auto shown = RecordingService(*m_vault).consentByCode(login(name), typed);
    ASSERT_TRUE(shown) << shown.error().message;
    EXPECT_EQ(shown->consent.recordingId, outcome->recordingId);
    EXPECT_EQ(shown->ownerName, "km.jansen");
  }
  for (const char* name : {"km.bakker", "coach.deboer", "beheer"}) {
    auto shown = RecordingService(*m_vault).consentByCode(login(name), outcome->consent.withdrawalCode);
    ASSERT_FALSE(shown);
    EXPECT_EQ(shown.error().code, ErrorCode::PermissionDenied);
  }
  EXPECT_EQ(auditCount("consent.show", "ok"), 2);
  auto malformed = RecordingService(*m_vault).consentByCode(login("fg"), "VS-0000-0000");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace vakspiegel
