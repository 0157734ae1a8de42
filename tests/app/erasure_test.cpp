// Erasure (R2, R3): withdrawal by code, the owner's delete and the retention
// sweep leave only a content-free tombstone; a restored older database does
// not bring a recording back; the orphan sweep removes what a killed process
// left. The crash tests are in crash_test.cpp.
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "app/vault_fixture.h"

#include <SQLiteCpp/Database.h>

#include <rapidcheck/gtest.h>

#include "app/account_service.h"
#include "app/annotation_service.h"
#include "app/erasure_service.h"
#include "app/playback_service.h"
#include "app/recording_service.h"
#include "core/crash_point.h"
#include "core/ids.h"
#include "store/recording_store.h"
#include "support/vault_internals.h"
#include "vault/chunked_file.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;
using consent::ErasureReason;
using consent::ErasureState;
using test::VaultFixture;

class ErasureTest : public VaultFixture {
 protected:
  // Every erased trace of a recording: no key, no annotation, no file, no manifest.
  void expectErased(const std::string& id) {
    EXPECT_EQ(count("recording_keys", "recording_id = '" + id + "'"), 0);
    EXPECT_EQ(count("annotations", "recording_id = '" + id + "'"), 0);
    EXPECT_EQ(count("recording_files", "recording_id = '" + id + "'"), 0);
    EXPECT_EQ(count("erasures", "recording_id = '" + id + "' AND state = 'done'"), 1);
    EXPECT_EQ(count("consents", "recording_id = '" + id + "' AND state = 'erased'"), 1);
    for (const std::string& name : mediaFiles()) EXPECT_NE(name.rfind(id, 0), 0u) << name;
    auto list = RecordingService(*m_vault).listRecordings(*m_owner);
    ASSERT_TRUE(list);
    for (const RecordingInfo& info : *list) EXPECT_NE(info.id, id);
  }
  void expectIntact(const ImportOutcome& imported) {
    const std::string& id = imported.recordingId;
    EXPECT_EQ(count("recording_keys", "recording_id = '" + id + "'"), 1);
    EXPECT_EQ(count("erasures", "recording_id = '" + id + "'"), 0);
    EXPECT_EQ(count("consents", "recording_id = '" + id + "' AND state = 'given'"), 1);
    const auto sealed = RecordingStore(test::database(*m_vault)).sealedKey(id, m_owner->userId());
    ASSERT_TRUE(sealed && *sealed);
    auto key = openSealedDataKey(**sealed, m_owner->keys());
    ASSERT_TRUE(key);
    EXPECT_TRUE(ChunkedFileReader::open(Vault::mediaDir(vaultDir()) / (id + ".media.vsc"), *key, id + "/media"));
  }
  // Adds an annotation through the use case; returns its sealed text as stored.
  std::vector<unsigned char> plantAnnotation(const std::string& id, const std::string& text) {
    auto added = AnnotationService(*m_vault).addAnnotation(*m_owner, id, 500'000, text);
    EXPECT_TRUE(added) << added.error().message;
    if (!added) return {};
    SQLite::Statement q(test::database(*m_vault).sql(), "SELECT sealed_text FROM annotations WHERE id = ?");
    q.bind(1, added->id);
    EXPECT_TRUE(q.executeStep());
    return columnBytes(q.getColumn(0));
  }
  std::int64_t kNow() const { return toUnixSeconds(m_clock.now()); }

  using Needles = std::vector<std::pair<std::string, std::vector<unsigned char>>>;
  // The review screen's annotations on a recording, each with a marker in
  // its text: a range, a categorised moment, an answer to a recall prompt,
  // and one edited after it was written. Returns the needles: each marker,
  // also the edited one's old and new text, and each ciphertext, also the
  // one the edit replaced.
  Needles plantReviewAnnotations(const std::string& id) {
    Needles needles;
    AnnotationService annotations(*m_vault);
    const auto sealedOf = [&](const std::string& annotationId) {
      SQLite::Statement q(test::database(*m_vault).sql(), "SELECT sealed_text FROM annotations WHERE id = ?");
      q.bind(1, annotationId);
      EXPECT_TRUE(q.executeStep());
      return columnBytes(q.getColumn(0));
    };
    const auto plant = [&](const std::string& marker, std::optional<std::int64_t> endUs, const std::string& categoryId,
                           const std::string& promptId) {
      AnnotationDraft draft;
      draft.positionUs = 100'000;
      draft.endUs = endUs;
      draft.categoryId = categoryId;
      draft.promptId = promptId;
      draft.text = marker + " wat de klantmanager hier zag";
      auto added = annotations.addAnnotation(*m_owner, id, draft);
      EXPECT_TRUE(added) << added.error().message;
      if (!added) return std::string();
      needles.emplace_back(marker, bytesOf(marker));
      needles.emplace_back(marker + " ciphertext", sealedOf(added->id));
      return added->id;
    };
    plant("VSMARKER-RANGE-51c3", 900'000, "", "");
    plant("VSMARKER-CATEGORY-7e20", std::nullopt, "rm-weerstand", "");
    plant("VSMARKER-PROMPT-a9d4", std::nullopt, "", "prompt-dacht");
    const std::string edited = plant("VSMARKER-EDIT-OLD-3f18", 800'000, "kw-echt-contact", "");
    AnnotationDraft change;
    change.positionUs = 200'000;
    change.endUs = 700'000;
    change.categoryId = "rm-flow";
    change.text = "VSMARKER-EDIT-NEW-c6b2 toch anders bekeken";
    EXPECT_TRUE(annotations.editAnnotation(*m_owner, id, edited, change));
    needles.emplace_back("VSMARKER-EDIT-NEW-c6b2", bytesOf("VSMARKER-EDIT-NEW-c6b2"));
    needles.emplace_back("edited ciphertext", sealedOf(edited));
    return needles;
  }
  static std::vector<unsigned char> bytesOf(const std::string& text) { return {text.begin(), text.end()}; }
};

TEST_F(ErasureTest, AWithdrawalByCodeErasesKeysAnnotationsAndFilesAndLeavesACertificate) {
  const ImportOutcome imported = importTiny();
  plantAnnotation(imported.recordingId, "Hier kijkt mevrouw weg.");
  ASSERT_EQ(mediaFiles().size(), 4u);

  // Typed loosely, as a citizen reads it out over the phone.
  std::string spoken = imported.consent.withdrawalCode;
  std::transform(spoken.begin(), spoken.end(), spoken.begin(), [](unsigned char c) { return std::tolower(c); });
  auto certificate = ErasureService(*m_vault).withdrawByCode(*m_officer, spoken);
  ASSERT_TRUE(certificate) << certificate.error().message;

  EXPECT_EQ(certificate->recordingId, imported.recordingId);
  EXPECT_EQ(certificate->reason, ErasureReason::Withdrawn);
  EXPECT_EQ(certificate->state, ErasureState::Done);
  EXPECT_EQ(certificate->requestedBy, m_officer->userId());
  ASSERT_TRUE(certificate->completedAt);
  EXPECT_GT(certificate->ciphertextBytes, 10'000);
  EXPECT_EQ(certificate->ciphertextHash.size(), 64u);
  expectErased(imported.recordingId);
  EXPECT_TRUE(mediaFiles().empty());
  EXPECT_EQ(
      auditActions(imported.recordingId),
      (std::vector<std::string>{"recording.import", "consent.register", "annotation.add", "recording.erase_requested",
                                "recording.keys_destroyed", "recording.files_removed", "recording.erased"}));
  // The certificate and the ledger hold no content, no citizen identity, no code.
  const std::vector<unsigned char> ledger = test::readFileBytes(consent::Eraser::ledgerFile(vaultDir()));
  const std::string ledgerText(ledger.begin(), ledger.end());
  EXPECT_NE(ledgerText.find(imported.recordingId + " withdrawn "), std::string::npos);
  EXPECT_EQ(ledgerText.find(imported.consent.withdrawalCode), std::string::npos);

  // Asking again changes nothing and returns the same certificate.
  auto again = ErasureService(*m_vault).withdrawByCode(*m_officer, imported.consent.withdrawalCode);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->ciphertextHash, certificate->ciphertextHash);
  EXPECT_EQ(again->completedAt, certificate->completedAt);
}

TEST_F(ErasureTest, TheOwnerMayWithdrawTheirOwnRecordingOtherKlantmanagersAndRolesMayNot) {
  const ImportOutcome imported = importTiny();
  const Session other = login("km.bakker");
  const Session coach = login("coach.deboer");
  for (const Session* actor : std::vector<const Session*>{&other, &coach, &*m_admin}) {
    auto refused = ErasureService(*m_vault).withdrawByCode(*actor, imported.consent.withdrawalCode);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied) << actor->name();
  }
  EXPECT_EQ(count("audit_log", "result = 'denied' AND action IN ('erase', 'withdraw')"), 3);
  expectIntact(imported);

  auto own = ErasureService(*m_vault).withdrawByCode(*m_owner, imported.consent.withdrawalCode);
  ASSERT_TRUE(own) << own.error().message;
  expectErased(imported.recordingId);
}

TEST_F(ErasureTest, AMistypedOrUnknownCodeIsReportedAndErasesNothing) {
  const ImportOutcome imported = importTiny();
  std::string typo = imported.consent.withdrawalCode;
  typo[4] = typo[4] == 'A' ? 'B' : 'A';
  auto mistyped = ErasureService(*m_vault).withdrawByCode(*m_officer, typo);
  ASSERT_FALSE(mistyped);
  EXPECT_EQ(mistyped.error().code, ErrorCode::InvalidArgument);
  expectIntact(imported);
}

TEST_F(ErasureTest, TheOwnerDeletesARecordingOthersMayNot) {
  const ImportOutcome imported = importTiny();
  const Session other = login("km.bakker");
  for (const Session* actor : std::vector<const Session*>{&other, &*m_officer, &*m_admin}) {
    auto refused = ErasureService(*m_vault).deleteRecording(*actor, imported.recordingId);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
  }
  expectIntact(imported);
  auto deleted = ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->reason, ErasureReason::OwnerDeleted);
  expectErased(imported.recordingId);
}

using test::hitsIn;

TEST_F(ErasureTest, ErasureLeavesNoTraceInAnyByteOfTheVault) {
  const ImportOutcome kept = importTiny();
  const ImportOutcome erased = importTiny();
  const std::string marker = "VSMARKER-ANNOTATION-8d41b7 mevrouw zegt dat ze het niet begrijpt";
  const std::vector<unsigned char> annotationCiphertext = plantAnnotation(erased.recordingId, marker);
  plantAnnotation(kept.recordingId, "aantekening bij de andere opname");
  const Needles review = plantReviewAnnotations(erased.recordingId);

  // Needles: the sealed key, the data key, the annotations' ciphertexts, a
  // window of the media ciphertext, and plaintext markers.
  const auto sealed = *RecordingStore(test::database(*m_vault)).sealedKey(erased.recordingId, m_owner->userId());
  const DataKey key = *openSealedDataKey(*sealed, m_owner->keys());
  const std::vector<unsigned char> media =
      test::readFileBytes(Vault::mediaDir(vaultDir()) / (erased.recordingId + ".media.vsc"));
  const std::vector<unsigned char> mediaWindow(media.begin() + 4096, media.begin() + 4096 + 48);
  Needles needles = {
      {"sealed key", *sealed},
      {"data key", std::vector<unsigned char>(key.bytes().data(), key.bytes().data() + key.bytes().size())},
      {"annotation ciphertext", annotationCiphertext},
      {"media ciphertext", mediaWindow},
      {"annotation marker", bytesOf("VSMARKER-ANNOTATION-8d41b7")},
      {"media marker", bytesOf("VSMARKER-MEDIA-5f1c2e")}};
  needles.insert(needles.end(), review.begin(), review.end());
  // The scan finds what is there: before the erasure the ciphertexts are,
  // the one an edit replaced still in the write-ahead log.
  for (const auto& [what, needle] : review) {
    if (what.find("ciphertext") != std::string::npos) {
      EXPECT_GE(hitsIn(vaultDir(), needle), 1) << what;
    }
  }
  ASSERT_TRUE(test::database(*m_vault).checkpointTruncate());
  EXPECT_GE(hitsIn(vaultDir(), *sealed), 1);
  EXPECT_GE(hitsIn(vaultDir(), annotationCiphertext), 1);
  EXPECT_GE(hitsIn(vaultDir(), mediaWindow), 1);
  EXPECT_GE(hitsIn(vaultDir(), review.back().second), 1) << "the edited annotation's ciphertext";

  ASSERT_TRUE(ErasureService(*m_vault).withdrawByCode(*m_officer, erased.consent.withdrawalCode));
  // The database, -wal and -shm as they are while the app keeps running, and
  // again after it closed.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [what, needle] : needles) EXPECT_EQ(hitsIn(vaultDir(), needle), 0) << what << " pass " << pass;
    m_vault.reset();
  }
  reopen();
  expectIntact(kept);
}

// The attack of issue 15, item 1: another program (a second window, a
// backup tool, sqlite3) holds a read snapshot while the owner deletes. The
// checkpoint cannot move the zeroed pages into vault.db, so the sealed key is
// still in that file: the erasure must say so and stay pending, and finish
// (0 bytes left) once the reader is gone.
TEST_F(ErasureTest, AReaderHoldingASnapshotKeepsTheErasurePendingUntilItIsGone) {
  const ImportOutcome imported = importTiny();
  const std::vector<unsigned char> annotationCiphertext =
      plantAnnotation(imported.recordingId, "VSMARKER-ANNOTATION-3c9a mevrouw twijfelt");
  const auto sealed = *RecordingStore(test::database(*m_vault)).sealedKey(imported.recordingId, m_owner->userId());
  ASSERT_TRUE(*test::database(*m_vault).checkpointTruncate());
  ASSERT_GE(hitsIn(vaultDir(), *sealed), 1);
  reopen(300);  // a short busy timeout keeps the test quick; the product waits 5 s

  {
    SQLite::Database reader(Vault::databaseFile(vaultDir()).string(), SQLite::OPEN_READONLY);
    reader.exec("BEGIN");
    ASSERT_EQ(reader.execAndGet("SELECT count(*) FROM recording_keys").getInt(), 1);  // the snapshot

    auto deleted = ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId);
    ASSERT_FALSE(deleted);
    EXPECT_EQ(deleted.error().code, ErrorCode::VaultBusy);
    EXPECT_NE(deleted.error().message.find("gewist zodra"), std::string::npos) << deleted.error().message;
    // Unplayable and hidden at once; the keys are deleted, but not yet from every byte.
    EXPECT_EQ(count("erasures", "recording_id = '" + imported.recordingId + "' AND state = 'pending'"), 1);
    EXPECT_EQ(count("recording_keys", "recording_id = '" + imported.recordingId + "'"), 0);
    auto refused = PlaybackService(*m_vault).openRecording(*m_owner, imported.recordingId);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
    EXPECT_GE(hitsIn(vaultDir(), *sealed), 1) << "the reader's snapshot keeps the key in vault.db";
    EXPECT_EQ(mediaFiles().size(), 4u) << "files go only after the keys are gone";

    // A sweep while the reader is still there finishes nothing and says why.
    auto swept = ErasureService(*m_vault).sweep();
    ASSERT_TRUE(swept) << swept.error().message;
    ASSERT_FALSE(swept->problems.empty());
    EXPECT_EQ(count("erasures", "state = 'done'"), 0);
    reader.exec("COMMIT");
  }

  auto swept = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_TRUE(swept->problems.empty()) << swept->problems.front();
  expectErased(imported.recordingId);
  for (int pass = 0; pass < 2; ++pass) {
    EXPECT_EQ(hitsIn(vaultDir(), *sealed), 0) << "pass " << pass;
    EXPECT_EQ(hitsIn(vaultDir(), annotationCiphertext), 0) << "pass " << pass;
    m_vault.reset();
  }
  reopen();
  EXPECT_EQ(
      auditActions(imported.recordingId),
      (std::vector<std::string>{"recording.import", "consent.register", "annotation.add", "recording.erase_requested",
                                "play", "recording.keys_destroyed", "recording.files_removed", "recording.erased"}));
}

// The workstation keeps its own connection open all day: after listing,
// opening and annotating it must hold no read snapshot, so an erasure from
// another process (the CLI, the timer) completes at once.
TEST_F(ErasureTest, TheAppsOwnConnectionHoldsNoSnapshotBetweenUseCases) {
  const ImportOutcome watched = importTiny();
  const ImportOutcome erased = importTiny();
  ASSERT_TRUE(RecordingService(*m_vault).listRecordings(*m_owner));
  auto opened =
      PlaybackService(*m_vault).openRecording(*m_owner, watched.recordingId);  // kept open, as the player does
  ASSERT_TRUE(opened) << opened.error().message;
  plantAnnotation(watched.recordingId, "aantekening tijdens het kijken");
  ASSERT_TRUE(AnnotationService(*m_vault).listAnnotations(*m_owner, watched.recordingId));

  auto other = Vault::open(vaultDir(), m_clock, 300);
  ASSERT_TRUE(other) << other.error().message;
  const Session owner = *(*other)->login("km.jansen", "km.jansen-wachtwoord");
  auto certificate = ErasureService(*(*other)).deleteRecording(owner, erased.recordingId);
  ASSERT_TRUE(certificate) << certificate.error().message;
  EXPECT_EQ(certificate->state, ErasureState::Done);
}

TEST_F(ErasureTest, ARestoredOlderDatabaseDoesNotBringAnErasedRecordingBack) {
  const ImportOutcome imported = importTiny();
  plantAnnotation(imported.recordingId, "oude aantekening");
  const fs::path db = Vault::databaseFile(vaultDir());
  ASSERT_TRUE(test::database(*m_vault).checkpointTruncate());
  m_vault.reset();
  const fs::path backup = m_dir / "backup.db";
  fs::copy_file(db, backup);
  reopen();

  ASSERT_TRUE(ErasureService(*m_vault).withdrawByCode(*m_officer, imported.consent.withdrawalCode));
  m_vault.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  fs::copy_file(backup, db);

  reopen();  // the ledger is re-applied at open
  expectErased(imported.recordingId);
  auto certificate = test::eraser(*m_vault).certificate(imported.recordingId);
  ASSERT_TRUE(certificate && *certificate);
  EXPECT_EQ((*certificate)->reason, ErasureReason::Withdrawn);
  EXPECT_EQ((*certificate)->state, ErasureState::Done);
}

TEST_F(ErasureTest, ADamagedLedgerLineIsReportedAndTheRestIsStillApplied) {
  const ImportOutcome first = importTiny();
  const ImportOutcome second = importTiny();
  ASSERT_TRUE(test::database(*m_vault).checkpointTruncate());
  m_vault.reset();
  const fs::path db = Vault::databaseFile(vaultDir());
  fs::copy_file(db, m_dir / "backup.db");
  reopen();
  ASSERT_TRUE(ErasureService(*m_vault).withdrawByCode(*m_officer, first.consent.withdrawalCode));
  ASSERT_TRUE(ErasureService(*m_vault).withdrawByCode(*m_officer, second.consent.withdrawalCode));
  m_vault.reset();
  // Damage the first line, and leave a torn half line at the end.
  const fs::path ledger = consent::Eraser::ledgerFile(vaultDir());
  std::vector<unsigned char> bytes = test::readFileBytes(ledger);
  bytes[10] = bytes[10] == 'x' ? 'y' : 'x';
  for (const char c : std::string("VST1 abc")) bytes.push_back(static_cast<unsigned char>(c));
  test::writeFileBytes(ledger, bytes);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  fs::copy_file(m_dir / "backup.db", db);

  reopen();
  auto report = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_NE(report->problems[0].find("Regel 1 van het wisregister"), std::string::npos) << report->problems[0];
  expectErased(second.recordingId);
  EXPECT_EQ(count("audit_log", "action = 'ledger.damaged'"), 1);
  // Reported once: the damaged ledger is kept aside and a sound one written.
  auto again = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->problems.empty());
  int kept = 0;
  for (const auto& entry : fs::directory_iterator(vaultDir()))
    kept += entry.path().filename().string().rfind("vault.tombstones.damaged-", 0) == 0 ? 1 : 0;
  EXPECT_EQ(kept, 1);
}

TEST_F(ErasureTest, TheSweepErasesAtTheRetentionEndAndNotASecondBefore) {
  const ImportOutcome imported = importTiny(1);
  const WallTime end = imported.consent.retentionEnd;
  m_clock.set(end - std::chrono::seconds(1));
  auto early = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(early) << early.error().message;
  EXPECT_EQ(early->expired, 0);
  expectIntact(imported);

  m_clock.set(end);
  // Past its end the recording is refused even though no sweep ran yet.
  auto facts = test::recordingFacts(*m_vault, imported.recordingId);
  ASSERT_TRUE(facts);
  EXPECT_FALSE(facts->isUsable);
  auto swept = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(swept->expired, 1);
  EXPECT_EQ(swept->completed, 1);
  expectErased(imported.recordingId);
  auto certificate = *test::eraser(*m_vault).certificate(imported.recordingId);
  EXPECT_EQ(certificate->reason, ErasureReason::RetentionEnded);
  EXPECT_EQ(certificate->requestedBy, "system");
}

// R3 with the review screen's annotations: at the end of retention the
// sweep leaves no byte of a range, a category's use, a prompt answer or an
// edited annotation's old or new text.
TEST_F(ErasureTest, ExpiryLeavesNoTraceOfTheAnnotationsInAnyByteOfTheVault) {
  const ImportOutcome kept = importTiny(2);
  const ImportOutcome expiring = importTiny(1);
  plantAnnotation(kept.recordingId, "aantekening bij de andere opname");
  const Needles needles = plantReviewAnnotations(expiring.recordingId);
  ASSERT_EQ(needles.size(), 10u);
  ASSERT_TRUE(test::database(*m_vault).checkpointTruncate());
  EXPECT_GE(hitsIn(vaultDir(), needles.back().second), 1) << "the edited annotation's ciphertext";

  m_clock.set(expiring.consent.retentionEnd);
  auto swept = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(swept->expired, 1);
  expectErased(expiring.recordingId);
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [what, needle] : needles) EXPECT_EQ(hitsIn(vaultDir(), needle), 0) << what << " pass " << pass;
    m_vault.reset();
  }
  reopen();
  expectIntact(kept);
}

TEST_F(ErasureTest, TheOrphanSweepRemovesWhatAKilledImportLeftButNotARunningImport) {
  const ImportOutcome live = importTiny();
  const fs::path media = Vault::mediaDir(vaultDir());
  const std::string dead = newUuid();
  const std::string running = newUuid();
  for (const std::string& name : {dead + ".media.vsc", dead + ".thumbnails.vsc.partial-0011aabb", dead + ".lock",
                                  running + ".media.vsc.partial-22cc"})
    std::ofstream(media / name) << "ciphertext";
  auto lock = consent::ImportLock::acquire(media, running);
  ASSERT_TRUE(lock) << lock.error().message;
  std::ofstream(media / (live.recordingId + ".lock")) << "";  // a lock an import left after its commit

  auto report = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->orphanFilesRemoved, 4);
  const std::vector<std::string> left = mediaFiles();
  EXPECT_EQ(std::count_if(left.begin(), left.end(), [&](const std::string& n) { return n.rfind(dead, 0) == 0; }), 0);
  EXPECT_EQ(std::count_if(left.begin(), left.end(), [&](const std::string& n) { return n.rfind(running, 0) == 0; }), 2);
  EXPECT_EQ(std::find(left.begin(), left.end(), live.recordingId + ".lock"), left.end());
  EXPECT_EQ(auditActions(dead), std::vector<std::string>{"sweep.orphan_files"});
  expectIntact(live);

  lock->release();  // the import died without committing
  ASSERT_TRUE(ErasureService(*m_vault).sweep());
  for (const std::string& name : mediaFiles()) EXPECT_EQ(name.rfind(running, 0), std::string::npos) << name;
}

TEST_F(ErasureTest, AFileThatCannotBeRemovedHoldsUpOnlyItsOwnRecordingUntilTheNextSweep) {
  const ImportOutcome stuck = importTiny(1);
  const ImportOutcome other = importTiny(1);
  // A directory where the import's lock file would be: unlink fails (EISDIR).
  const fs::path blocker = Vault::mediaDir(vaultDir()) / (stuck.recordingId + ".lock");
  fs::create_directories(blocker / "inhoud");
  m_clock.set(stuck.consent.retentionEnd);
  auto first = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->problems.size(), 1u);
  EXPECT_NE(first->problems[0].find(blocker.string()), std::string::npos) << first->problems[0];
  expectErased(other.recordingId);
  // Past the point of no return, not done: keys gone, still hidden.
  EXPECT_EQ(count("erasures", "recording_id = '" + stuck.recordingId + "' AND state = 'keys_destroyed'"), 1);
  EXPECT_EQ(count("recording_keys", "recording_id = '" + stuck.recordingId + "'"), 0);

  fs::remove_all(blocker);
  auto second = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(second->problems.empty());
  expectErased(stuck.recordingId);
}

TEST_F(ErasureTest, TheOrphanSweepRemovesAFileLeftWithTheIdOfAnErasedRecording) {
  const ImportOutcome imported = importTiny();
  ASSERT_TRUE(ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId));
  std::ofstream(Vault::mediaDir(vaultDir()) / (imported.recordingId + ".media.vsc.partial-3f00")) << "ciphertext";
  auto report = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->orphanFilesRemoved, 1);
  EXPECT_TRUE(mediaFiles().empty());
}

TEST_F(ErasureTest, TheSweepRemovesKeysWithoutARecordingAndErasesRecordingsWithoutAKey) {
  const ImportOutcome imported = importTiny();
  {
    // A key row whose recording is gone (only possible with foreign keys off,
    // e.g. a database repaired by hand).
    SQLite::Database sql(Vault::databaseFile(vaultDir()).string(), SQLite::OPEN_READWRITE);
    sql.exec("PRAGMA foreign_keys = OFF");
    sql.exec("INSERT INTO recording_keys (recording_id, user_id, sealed_key, granted_at) VALUES ('gone', '" +
             login("coach.deboer").userId() + "', x'0102', 1)");
  }
  // The administrator resets the owner: the old key pair and with it the
  // recording's only sealed key are lost.
  auto reset = AccountService(*m_vault).resetUser(*m_admin, "km.jansen", "nieuw-wachtwoord-123", 1);
  ASSERT_TRUE(reset) << reset.error().message;
  EXPECT_EQ(reset->recordingKeysLost, 1);

  auto report = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->orphanKeysRemoved, 1);
  EXPECT_EQ(report->keysLost, 1);
  expectErased(imported.recordingId);
  EXPECT_EQ((*test::eraser(*m_vault).certificate(imported.recordingId))->reason, ErasureReason::KeyLost);
}

TEST_F(ErasureTest, AnErasureKilledHalfWayIsFinishedAtTheNextOpen) {
  for (const char* point : {"erasure.ledger_appended", "erasure.requested", "erasure.hashed", "erasure.keys_destroyed",
                            "erasure.checkpointed", "erasure.file_removed", "erasure.files_removed"}) {
    const ImportOutcome imported = importTiny();
    m_vault.reset();
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto vault = Vault::open(vaultDir(), m_clock);
      if (!vault) _exit(2);
      armCrashPoint(point);
      (void)ErasureService(*(*vault)).withdrawByCode(*m_officer, imported.consent.withdrawalCode);
      _exit(3);  // the crash point was not reached
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << point << " exit " << WEXITSTATUS(status);
    reopen();
    expectErased(imported.recordingId);
  }
}

// Retention with an injected clock: over random recording dates, retention
// periods and sweep times, nothing is kept past its end and nothing is erased
// before it.
TEST_F(ErasureTest, RetentionPropertyNothingKeptPastItsEndNothingErasedBefore) {
  const ImportOutcome source = importTiny(26);
  const std::vector<unsigned char> sealed =
      **RecordingStore(test::database(*m_vault)).sealedKey(source.recordingId, m_owner->userId());
  const fs::path media = Vault::mediaDir(vaultDir());
  const std::vector<unsigned char> mediaBytes = test::readFileBytes(media / (source.recordingId + ".media.vsc"));
  const std::int64_t start = kNow();

  // Plants a recording as the import would leave it (rows, sealed key, a
  // container file), with the given dates, without re-encoding media each time.
  const auto plant = [&](std::int64_t recordedAt, int weeks) {
    const std::string id = newUuid();
    RecordingStore store(test::database(*m_vault));
    const std::string file = id + ".media.vsc";
    test::writeFileBytes(media / file, mediaBytes);
    const std::int64_t end = recordedAt + std::int64_t{weeks} * 7 * 86400;
    EXPECT_TRUE(test::database(*m_vault).transaction([&]() -> Status {
      VS_TRY(store.insertRecording({id, m_owner->userId(), recordedAt, recordedAt, 2'000'000, 160, 120, "remux"}));
      VS_TRY(store.insertConsent({id, "self_review", "verbal", recordedAt, recordedAt, m_owner->userId(), end,
                                  "VS-" + id.substr(0, 8), "given", recordedAt}));
      VS_TRY(store.insertKey({id, m_owner->userId(), sealed, recordedAt}));
      return store.insertFile({id, "media", file, static_cast<std::int64_t>(mediaBytes.size())});
    }));
    return std::pair{id, end};
  };

  EXPECT_TRUE(rc::check([&] {
    const int n = *rc::gen::inRange(1, 6);
    std::vector<std::pair<std::string, std::int64_t>> planted;
    for (int i = 0; i < n; ++i) {
      const std::int64_t recordedAt = start - *rc::gen::inRange<std::int64_t>(0, 20 * 7 * 86400);
      planted.push_back(plant(recordedAt, *rc::gen::inRange(1, 27)));
    }
    std::int64_t t = start;
    const int sweeps = *rc::gen::inRange(1, 4);
    for (int s = 0; s < sweeps; ++s) {
      // Time only moves forward; often it lands within seconds of an end.
      t += *rc::gen::inRange<std::int64_t>(0, 10 * 7 * 86400);
      if (*rc::gen::arbitrary<bool>()) {
        const std::int64_t end = planted[static_cast<std::size_t>(*rc::gen::inRange(0, n))].second;
        t = std::max(t, end + *rc::gen::inRange<std::int64_t>(-2, 3));
      }
      m_clock.set(fromUnixSeconds(t));
      RC_ASSERT(ErasureService(*m_vault).sweep().has_value());
      const std::int64_t now = kNow();
      for (const auto& [id, end] : planted) {
        const bool isErased = count("erasures", "recording_id = '" + id + "' AND state = 'done'") == 1;
        const bool hasFile = fs::exists(media / (id + ".media.vsc"));
        RC_ASSERT(isErased == (end <= now));
        RC_ASSERT(hasFile == (end > now));
      }
    }
    // Leave the later cases a clean slate.
    for (const auto& [id, end] : planted) {
      (void)end;
      RC_ASSERT(test::eraser(*m_vault).erase(id, ErasureReason::OwnerDeleted, {}).has_value());
    }
    m_clock.set(fromUnixSeconds(start));
  }));
}

}  // namespace
}  // namespace vakspiegel
