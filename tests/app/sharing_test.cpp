// Watching, annotating and sharing (R4, R6, R8): a recording's key is sealed
// only to its owner and the coaches it is shared with; sharing needs the
// citizen's coach_review consent; a revoked coach, the privacy officer and
// the administrator are refused play, decryption and annotation text, and
// each refusal is in the audit log, which the owner can read back with names.
// Annotation text is sealed: it is in no file of the vault as plaintext.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "app/account_service.h"
#include "app/annotation_service.h"
#include "app/erasure_service.h"
#include "app/import_service.h"
#include "app/playback_service.h"
#include "app/recording_service.h"
#include "app/sharing_service.h"
#include "app/vault.h"
#include "app/copied_vault_test.h"
#include "app/vault_fixture.h"
#include "media/media_fixtures.h"
#include "store/recording_store.h"
#include "support/temp_dir.h"
#include "support/vault_internals.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

struct Account {
  const char* name;
  Role role;
};
constexpr Account kAccounts[] = {
    {"km.jansen", Role::Klantmanager}, {"km.bakker", Role::Klantmanager}, {"coach.deboer", Role::Coach},
    {"coach.visser", Role::Coach},     {"coach.oud", Role::Coach},        {"fg", Role::PrivacyOfficer},
};

// One vault for the whole suite: km.jansen's recording with coach_review
// consent and one with self_review only, a disabled coach. Each test works
// on its own copy.
class SharingTest : public test::CopiedVaultTest<SharingTest> {
 public:
  static void fillTemplate(Vault& vault, const Session& admin) {
    for (const Account& account : kAccounts)
      test::addActiveUser(vault, admin, account.name, account.role, passwordOf(account.name));
    ASSERT_TRUE(AccountService(vault).setUserDisabled(admin, "coach.oud", true));
    const ImportOutcome shareable = importClip({"coach_review"});
    s_recording = shareable.recordingId;
    s_durationUs = shareable.report.durationUs;
    s_retentionEnd = shareable.consent.retentionEnd;
    s_selfOnly = importClip({"self_review"}).recordingId;
  }

 protected:
  void share() { ASSERT_TRUE(SharingService(*m_vault).shareRecording(*m_owner, s_recording, "coach.deboer")); }

  std::int64_t auditCount(const std::string& actorId, const std::string& action, const std::string& result,
                          const std::string& reason) {
    return CopiedVaultTest::auditCount(actorId, action, result, reason, s_recording);
  }
  std::vector<std::string> keyHolders(const std::string& recordingId) {
    auto holders = RecordingStore(test::database(*m_vault)).keyHolders(recordingId);
    EXPECT_TRUE(holders);
    return holders.value_or(std::vector<std::string>{});
  }
  std::vector<unsigned char> sealedKeyOf(const std::string& userId) {
    auto sealed = RecordingStore(test::database(*m_vault)).sealedKey(s_recording, userId);
    EXPECT_TRUE(sealed && *sealed);
    return sealed && *sealed ? **sealed : std::vector<unsigned char>{};
  }
  // Play, decrypt (through the use cases) and annotation text, read or
  // written: each refused with PermissionDenied and audited as denied with
  // the policy's reason.
  void expectRefusedAndAudited(const Session& who, const std::string& reason) {
    SCOPED_TRACE(who.name());
    const std::int64_t plays = auditCount(who.userId(), "recording.play", "ok", "");
    auto opened = PlaybackService(*m_vault).openRecording(who, s_recording);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::PermissionDenied);
    EXPECT_NE(opened.error().message.find("auditlog"), std::string::npos) << opened.error().message;
    auto read = AnnotationService(*m_vault).listAnnotations(who, s_recording);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::PermissionDenied);
    auto added = AnnotationService(*m_vault).addAnnotation(who, s_recording, 0, "Hier zie ik iets.");
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(auditCount(who.userId(), "play", "denied", reason), 1);
    EXPECT_EQ(auditCount(who.userId(), "read_annotations", "denied", reason), 1);
    EXPECT_EQ(auditCount(who.userId(), "annotate", "denied", reason), 1);
    EXPECT_EQ(auditCount(who.userId(), "recording.play", "ok", ""), plays);
  }
  // No sealed copy for this user, and their key pair opens none of the copies there are.
  void expectCannotUnsealAnyKey(const Session& who) {
    SCOPED_TRACE(who.name());
    auto own = RecordingStore(test::database(*m_vault)).sealedKey(s_recording, who.userId());
    ASSERT_TRUE(own);
    EXPECT_FALSE(own->has_value());
    SQLite::Statement q(test::database(*m_vault).sql(), "SELECT sealed_key FROM recording_keys");
    int copies = 0;
    while (q.executeStep()) {
      ++copies;
      auto key = openSealedDataKey(columnBytes(q.getColumn(0)), who.keys());
      ASSERT_FALSE(key);
      EXPECT_EQ(key.error().code, ErrorCode::WrongKey);
    }
    EXPECT_GE(copies, 2);  // both recordings' owner copies at least
  }

  static inline std::string s_recording, s_selfOnly;
  static inline std::int64_t s_durationUs = 0;
  static inline WallTime s_retentionEnd;
};

TEST_F(SharingTest, SharingNeedsTheCitizensCoachReviewConsent) {
  const auto refused = SharingService(*m_vault).shareRecording(*m_owner, s_selfOnly, "coach.deboer");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(keyHolders(s_selfOnly), std::vector<std::string>{m_owner->userId()});
  SQLite::Statement q(test::database(*m_vault).sql(),
                      "SELECT actor_id, result, reason FROM audit_log WHERE action = 'share' AND object_id = ?");
  q.bind(1, s_selfOnly);
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), m_owner->userId());
  EXPECT_EQ(q.getColumn(1).getString(), "denied");
  EXPECT_EQ(q.getColumn(2).getString(), "no_coach_review_consent");
  EXPECT_FALSE(PlaybackService(*m_vault).openRecording(*m_coach, s_selfOnly));
}

TEST_F(SharingTest, SharesOnlyWithAnActiveCoachAndOnlyOnce) {
  const auto expectRefused = [&](const std::string& name, ErrorCode code, const std::string& reason) {
    SCOPED_TRACE(name);
    const std::int64_t audited = auditCount(m_owner->userId(), "recording.share", "error", reason);
    const auto refused = SharingService(*m_vault).shareRecording(*m_owner, s_recording, name);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, code);
    EXPECT_EQ(auditCount(m_owner->userId(), "recording.share", "error", reason), audited + 1);
  };
  expectRefused("km.bakker", ErrorCode::InvalidArgument, "not_a_coach");
  expectRefused("km.jansen", ErrorCode::InvalidArgument, "not_a_coach");
  expectRefused("fg", ErrorCode::InvalidArgument, "not_a_coach");
  expectRefused("coach.oud", ErrorCode::InvalidArgument, "coach_disabled");
  expectRefused("niemand", ErrorCode::NotFound, "no_such_user");
  EXPECT_EQ(keyHolders(s_recording), std::vector<std::string>{m_owner->userId()});

  share();
  expectRefused("coach.deboer", ErrorCode::InvalidArgument, "already_shared");
  std::vector<std::string> expected = {m_owner->userId(), m_coach->userId()};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(keyHolders(s_recording), expected);
  EXPECT_EQ(auditCount(m_owner->userId(), "recording.share", "ok", m_coach->userId()), 1);

  auto shares = SharingService(*m_vault).shares(*m_owner, s_recording);
  ASSERT_TRUE(shares) << shares.error().message;
  ASSERT_EQ(shares->size(), 1u);
  EXPECT_EQ(shares->front().coachName, "coach.deboer");
  EXPECT_EQ(shares->front().grantedAt, m_clock.now());
  auto coachAsks = SharingService(*m_vault).shares(*m_coach, s_recording);
  ASSERT_FALSE(coachAsks);
  EXPECT_EQ(coachAsks.error().code, ErrorCode::PermissionDenied);
}

TEST_F(SharingTest, ASharedCoachWatchesReadsAndAddsAnnotations) {
  auto byOwner =
      AnnotationService(*m_vault).addAnnotation(*m_owner, s_recording, 1'500'000, "Hier haakt de burger af.");
  ASSERT_TRUE(byOwner) << byOwner.error().message;
  EXPECT_FALSE(PlaybackService(*m_vault).openRecording(*m_coach, s_recording)) << "not shared yet";
  share();

  auto opened = PlaybackService(*m_vault).openRecording(*m_coach, s_recording);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->recordingId, s_recording);
  ASSERT_TRUE(opened->media);
  auto summary = media::inspect(*opened->media);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->videoCodec, "h264");
  for (const ChunkedFileReader* derived : {opened->thumbnails.get(), opened->waveform.get(), opened->speech.get()}) {
    ASSERT_NE(derived, nullptr);
    EXPECT_GT(derived->size(), 0u);
  }
  EXPECT_EQ(auditCount(m_coach->userId(), "recording.play", "ok", ""), 1);

  auto byCoach = AnnotationService(*m_vault).addAnnotation(*m_coach, s_recording, 500'000,
                                                           "Sterk: je vat samen wat de burger zegt.");
  ASSERT_TRUE(byCoach) << byCoach.error().message;
  EXPECT_EQ(byCoach->authorName, "coach.deboer");
  EXPECT_EQ(auditCount(m_coach->userId(), "annotation.add", "ok", byCoach->id), 1);

  for (const Session* reader : {&*m_owner, &*m_coach}) {
    auto list = AnnotationService(*m_vault).listAnnotations(*reader, s_recording);
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, byCoach->id);  // by position, whoever wrote it
    EXPECT_EQ((*list)[0].authorName, "coach.deboer");
    EXPECT_EQ((*list)[0].positionUs, 500'000);
    EXPECT_EQ((*list)[0].text, "Sterk: je vat samen wat de burger zegt.");
    EXPECT_EQ((*list)[1].id, byOwner->id);
    EXPECT_EQ((*list)[1].authorName, "km.jansen");
    EXPECT_EQ((*list)[1].text, "Hier haakt de burger af.");
    EXPECT_EQ((*list)[1].createdAt, m_clock.now());
    EXPECT_EQ(auditCount(reader->userId(), "annotation.read", "ok", ""), 1);
  }
  auto visible = RecordingService(*m_vault).listRecordings(*m_coach);
  ASSERT_TRUE(visible);
  ASSERT_EQ(visible->size(), 1u);
  EXPECT_EQ(visible->front().id, s_recording);
}

TEST_F(SharingTest, ARevokedCoachIsRefusedAtOnceAndHoldsNoKey) {
  share();
  ASSERT_TRUE(PlaybackService(*m_vault).openRecording(*m_coach, s_recording));
  ASSERT_TRUE(AnnotationService(*m_vault).addAnnotation(*m_owner, s_recording, 0, "Begin van het gesprek."));
  const std::vector<unsigned char> coachCopy = sealedKeyOf(m_coach->userId());
  ASSERT_EQ(coachCopy.size(), 80u);

  const auto revoked = SharingService(*m_vault).revokeShare(*m_owner, s_recording, "coach.deboer");
  ASSERT_TRUE(revoked) << revoked.error().message;
  EXPECT_TRUE(revoked->isKeyWiped);
  EXPECT_EQ(auditCount(m_owner->userId(), "recording.revoke_share", "ok", m_coach->userId()), 1);
  EXPECT_EQ(keyHolders(s_recording), std::vector<std::string>{m_owner->userId()});
  // The session the coach logged in with before the revoke is refused too.
  expectRefusedAndAudited(*m_coach, "not_shared");
  expectCannotUnsealAnyKey(*m_coach);
  // Not even in the WAL: the checkpoint moved the zeroed page into the database.
  const std::string bytes = vaultBytes();
  EXPECT_EQ(bytes.find(std::string(coachCopy.begin(), coachCopy.end())), std::string::npos);

  auto shares = SharingService(*m_vault).shares(*m_owner, s_recording);
  ASSERT_TRUE(shares);
  EXPECT_TRUE(shares->empty());
  const auto again = SharingService(*m_vault).revokeShare(*m_owner, s_recording, "coach.deboer");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(auditCount(m_owner->userId(), "recording.revoke_share", "error", "not_shared"), 1);
  // The owner's own key is never "revoked": that would be erasure.
  const auto own = SharingService(*m_vault).revokeShare(*m_owner, s_recording, "km.jansen");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(keyHolders(s_recording), std::vector<std::string>{m_owner->userId()});
  EXPECT_TRUE(PlaybackService(*m_vault).openRecording(*m_owner, s_recording));
}

// Issue 15, item 1, for a share: with another program holding a read
// snapshot, taking the share back refuses the coach at once but cannot yet
// wipe the coach's sealed copy from vault.db; it says so, and the next sweep
// wipes it.
TEST_F(SharingTest, ARevokeWhileAReaderHoldsASnapshotWipesTheCoachsKeyAtTheNextSweep) {
  share();
  const std::vector<unsigned char> coachCopy = sealedKeyOf(m_coach->userId());
  const std::string needle(coachCopy.begin(), coachCopy.end());
  ASSERT_TRUE(*test::database(*m_vault).checkpointTruncate());
  ASSERT_NE(vaultBytes().find(needle), std::string::npos);
  m_vault.reset();
  auto vault = Vault::open(vaultDir(), m_clock, 300);
  ASSERT_TRUE(vault) << vault.error().message;
  m_vault = std::move(*vault);
  {
    SQLite::Database reader(Vault::databaseFile(vaultDir()).string(), SQLite::OPEN_READONLY);
    reader.exec("BEGIN");
    ASSERT_EQ(reader.execAndGet("SELECT count(*) FROM recording_keys").getInt(), 3);

    const auto revoked = SharingService(*m_vault).revokeShare(*m_owner, s_recording, "coach.deboer");
    ASSERT_TRUE(revoked) << revoked.error().message;
    EXPECT_FALSE(revoked->isKeyWiped);
    expectRefusedAndAudited(*m_coach, "not_shared");
    EXPECT_NE(vaultBytes().find(needle), std::string::npos) << "the snapshot keeps the copy in vault.db";
    reader.exec("COMMIT");
  }
  auto swept = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_TRUE(swept->problems.empty());
  EXPECT_EQ(vaultBytes().find(needle), std::string::npos);
  EXPECT_EQ(test::database(*m_vault).sql().execAndGet("SELECT count(*) FROM wal_scrubs").getInt(), 0);
  EXPECT_EQ(test::database(*m_vault)
                .sql()
                .execAndGet("SELECT reason FROM audit_log WHERE action = 'vault.scrubbed' ORDER BY seq DESC LIMIT 1")
                .getString(),
            "count=1")
      << "the sweep wiped the share's scrub";
}

TEST_F(SharingTest, ACoachCannotShareOnwardsTakeBackOrReadTheAccessLog) {
  share();
  const Session coach = login("coach.deboer");
  const auto onwards = SharingService(*m_vault).shareRecording(coach, s_recording, "coach.visser");
  ASSERT_FALSE(onwards);
  EXPECT_EQ(onwards.error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(auditCount(coach.userId(), "share", "denied", "not_owner"), 1);
  const auto takeBack = SharingService(*m_vault).revokeShare(coach, s_recording, "coach.deboer");
  ASSERT_FALSE(takeBack);
  EXPECT_EQ(takeBack.error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(auditCount(coach.userId(), "revoke_share", "denied", "not_owner"), 1);
  auto log = SharingService(*m_vault).accessLog(coach, s_recording);
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::PermissionDenied);
  std::vector<std::string> expected = {m_owner->userId(), coach.userId()};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(keyHolders(s_recording), expected);
}

TEST_F(SharingTest, ThePrivacyOfficerAndTheAdministratorCannotPlayDecryptOrReadAnnotations) {
  share();
  ASSERT_TRUE(AnnotationService(*m_vault).addAnnotation(*m_owner, s_recording, 0, "Begin van het gesprek."));
  for (const char* name : {"fg", "beheer"}) {
    const Session who = login(name);
    expectRefusedAndAudited(who, "not_owner");
    expectCannotUnsealAnyKey(who);
  }
  const Session otherKlantmanager = login("km.bakker");
  expectRefusedAndAudited(otherKlantmanager, "not_owner");
}

// The attack of issue 15, item 3: the administrator reset coach.deboer (so
// knew the new password), the owner shared again as the message invited,
// and the administrator logged in as the coach and read the annotations.
TEST_F(SharingTest, AnAdministratorsResetGivesNoWayToContent) {
  share();
  ASSERT_TRUE(AnnotationService(*m_vault).addAnnotation(*m_coach, s_recording, 0, "Sterk: je laat een stilte vallen."));
  const Session admin = login("beheer");
  const auto preview = AccountService(*m_vault).previewReset(admin, "coach.deboer");
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_EQ(preview->recordingKeysLost, 1);
  EXPECT_EQ(preview->recordingsErased, 0) << "the owner still holds the recording's key";
  EXPECT_EQ(preview->sharesLost, 1);
  // A confirmation that names another number than the warning is refused.
  EXPECT_EQ(AccountService(*m_vault).resetUser(admin, "coach.deboer", "eenmalig-wachtwoord", 1).error().code,
            ErrorCode::InvalidArgument);
  auto reset =
      AccountService(*m_vault).resetUser(admin, "coach.deboer", "eenmalig-wachtwoord", preview->recordingsErased);
  ASSERT_TRUE(reset) << reset.error().message;
  // What the administrator knows: the one-time password and the key pair it wraps.
  SQLite::Statement row(test::database(*m_vault).sql(),
                        "SELECT public_key, kdf_salt, kdf_ops, kdf_mem, sk_nonce, sk_wrapped FROM users WHERE name = "
                        "'coach.deboer'");
  ASSERT_TRUE(row.executeStep());
  const WrappedSecretKey adminKnows{columnBytes(row.getColumn(1)),
                                    {static_cast<std::uint64_t>(row.getColumn(2).getInt64()),
                                     static_cast<std::uint64_t>(row.getColumn(3).getInt64())},
                                    columnBytes(row.getColumn(4)),
                                    columnBytes(row.getColumn(5))};
  const auto adminKeys =
      unwrapSecretKey(adminKnows, columnBytes(row.getColumn(0)), "eenmalig-wachtwoord", m_coach->userId());
  ASSERT_TRUE(adminKeys) << adminKeys.error().message;
  row.reset();

  // The owner sees that a key to the recording went, and cannot share again yet.
  auto log = SharingService(*m_vault).accessLog(*m_owner, s_recording);
  ASSERT_TRUE(log);
  EXPECT_TRUE(
      std::any_of(log->begin(), log->end(), [](const AccessEntry& e) { return e.action == "recording.key_dropped"; }));
  auto again = SharingService(*m_vault).shareRecording(*m_owner, s_recording, "coach.deboer");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(again.error().message.find("wachtwoord"), std::string::npos) << again.error().message;
  EXPECT_EQ(auditCount(m_owner->userId(), "recording.share", "error", "coach_password_not_own"), 1);
  EXPECT_EQ(keyHolders(s_recording), std::vector<std::string>{m_owner->userId()});

  // The administrator, logged in as the coach with the one-time password,
  // may do nothing at all.
  auto asCoach = m_vault->login("coach.deboer", "eenmalig-wachtwoord");
  ASSERT_TRUE(asCoach) << asCoach.error().message;
  EXPECT_TRUE(asCoach->mustChangePassword());
  EXPECT_EQ(RecordingService(*m_vault).listRecordings(*asCoach).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(AnnotationService(*m_vault).listAnnotations(*asCoach, s_recording).error().code,
            ErrorCode::PermissionDenied);
  EXPECT_EQ(PlaybackService(*m_vault).openRecording(*asCoach, s_recording).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(auditCount(m_coach->userId(), "read_annotations", "denied", "password_change_required"), 1);

  // The coach chooses their own password: a new key pair, which the
  // administrator's knowledge does not open.
  Session coach = std::move(*asCoach);
  ASSERT_TRUE(AccountService(*m_vault).changePassword(coach, "eenmalig-wachtwoord", "de eigen zin van de coach"));
  EXPECT_FALSE(coach.mustChangePassword());
  EXPECT_NE(coach.keys().publicKey(), adminKeys->publicKey());
  auto shared = SharingService(*m_vault).shareRecording(*m_owner, s_recording, "coach.deboer");
  ASSERT_TRUE(shared) << shared.error().message;
  ASSERT_TRUE(shared->keyResetAt);
  ASSERT_TRUE(shared->ownPasswordSince);
  auto list = SharingService(*m_vault).shares(*m_owner, s_recording);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE(list->front().keyResetAt && list->front().ownPasswordSince);
  EXPECT_TRUE(AnnotationService(*m_vault).listAnnotations(coach, s_recording));
  const std::vector<unsigned char> sealed = sealedKeyOf(coach.userId());
  EXPECT_EQ(openSealedDataKey(sealed, *adminKeys).error().code, ErrorCode::WrongKey);
}

TEST_F(SharingTest, TheOwnersAccessLogNamesEveryAccessAllowedOrNot) {
  share();
  ASSERT_TRUE(PlaybackService(*m_vault).openRecording(*m_coach, s_recording));
  const Session officer = login("fg");
  ASSERT_FALSE(PlaybackService(*m_vault).openRecording(officer, s_recording));
  ASSERT_TRUE(SharingService(*m_vault).revokeShare(*m_owner, s_recording, "coach.deboer"));
  ASSERT_FALSE(AnnotationService(*m_vault).listAnnotations(*m_coach, s_recording));

  auto log = SharingService(*m_vault).accessLog(*m_owner, s_recording);
  ASSERT_TRUE(log) << log.error().message;
  const auto has = [&](const std::vector<AccessEntry>& entries, const std::string& actor, const std::string& role,
                       const std::string& action, const std::string& result) {
    return std::any_of(entries.begin(), entries.end(), [&](const AccessEntry& e) {
      return e.actorName == actor && e.actorRole == role && e.action == action && e.result == result;
    });
  };
  EXPECT_TRUE(has(*log, "km.jansen", "klantmanager", "recording.import", "ok"));
  EXPECT_TRUE(has(*log, "km.jansen", "klantmanager", "recording.share", "ok"));
  EXPECT_TRUE(has(*log, "coach.deboer", "coach", "recording.play", "ok"));
  EXPECT_TRUE(has(*log, "fg", "privacy_officer", "play", "denied"));
  EXPECT_TRUE(has(*log, "km.jansen", "klantmanager", "recording.revoke_share", "ok"));
  EXPECT_TRUE(has(*log, "coach.deboer", "coach", "read_annotations", "denied"));
  EXPECT_FALSE(has(*log, "km.jansen", "klantmanager", "recording.access_log", "ok")) << "audited after reading";
  EXPECT_TRUE(std::is_sorted(log->begin(), log->end(),
                             [](const AccessEntry& a, const AccessEntry& b) { return a.time < b.time; }));
  EXPECT_EQ(log->front().action, "recording.import");

  auto next = SharingService(*m_vault).accessLog(*m_owner, s_recording);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->size(), log->size() + 1);
  EXPECT_TRUE(has(*next, "km.jansen", "klantmanager", "recording.access_log", "ok"));

  const Session other = login("km.bakker");
  auto refused = SharingService(*m_vault).accessLog(other, s_recording);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(auditCount(other.userId(), "read_access_log", "denied", "not_owner"), 1);
}

TEST_F(SharingTest, ARecordingPastItsRetentionEndIsRefusedEvenBeforeASweep) {
  share();
  m_clock.set(s_retentionEnd - std::chrono::seconds(1));
  ASSERT_TRUE(PlaybackService(*m_vault).openRecording(*m_owner, s_recording)) << "the second before the end";
  ASSERT_TRUE(AnnotationService(*m_vault).addAnnotation(*m_coach, s_recording, 0, "Nog net op tijd."));

  m_clock.set(s_retentionEnd);
  for (const Session* who : {&*m_owner, &*m_coach}) {
    auto opened = PlaybackService(*m_vault).openRecording(*who, s_recording);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(auditCount(who->userId(), "play", "denied", "consent_not_in_force"), 1);
    auto read = AnnotationService(*m_vault).listAnnotations(*who, s_recording);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::PermissionDenied);
  }
  const auto late = SharingService(*m_vault).shareRecording(*m_owner, s_recording, "coach.visser");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::PermissionDenied);
  // Taking access away and seeing who looked remain possible.
  EXPECT_TRUE(SharingService(*m_vault).revokeShare(*m_owner, s_recording, "coach.deboer"));
  EXPECT_TRUE(SharingService(*m_vault).accessLog(*m_owner, s_recording));
}

TEST_F(SharingTest, AnnotationTextRoundTripsAndIsInNoVaultFileAsPlaintext) {
  const std::string marker = "MARKER-7f3a9c-Één moment: de burger zweeg en keek weg.";
  auto added = AnnotationService(*m_vault).addAnnotation(*m_owner, s_recording, s_durationUs, marker);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->text, marker);
  EXPECT_EQ(added->positionUs, s_durationUs);

  auto list = AnnotationService(*m_vault).listAnnotations(*m_owner, s_recording);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().text, marker);
  EXPECT_EQ(list->front().id, added->id);

  // Neither the database (nor its WAL) nor the audit log holds the text.
  const std::string bytes = vaultBytes();
  EXPECT_EQ(bytes.find("MARKER-7f3a9c"), std::string::npos);
  EXPECT_EQ(bytes.find("burger zweeg"), std::string::npos);
  auto csv = test::audit(*m_vault).exportCsv();
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->find("MARKER"), std::string::npos);
  EXPECT_NE(csv->find(added->id), std::string::npos) << "the audit names the annotation by id";

  // Sealed to its row: moved to another row, it no longer opens.
  test::database(*m_vault).sql().exec("UPDATE annotations SET id = 'ander-id'");
  auto moved = AnnotationService(*m_vault).listAnnotations(*m_owner, s_recording);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, ErrorCode::CorruptData);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.read", "error", "corrupt_data"), 1);
}

TEST_F(SharingTest, AnnotationsAreCheckedBeforeTheyAreStored) {
  const auto expectInvalid = [&](std::int64_t positionUs, const std::string& text, const std::string& inMessage) {
    SCOPED_TRACE(inMessage);
    auto added = AnnotationService(*m_vault).addAnnotation(*m_owner, s_recording, positionUs, text);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(added.error().message.find(inMessage), std::string::npos) << added.error().message;
  };
  expectInvalid(0, "", "leeg");
  expectInvalid(0, " \n\t ", "leeg");
  expectInvalid(0, std::string(4001, 'a'), "4001");
  expectInvalid(0, "kapot \xC3", "UTF-8");
  expectInvalid(0, "te lang \xC0\xAF geschreven", "UTF-8");  // an overlong '/'
  expectInvalid(0, "half \xED\xA0\x80 paar", "UTF-8");      // a lone surrogate
  expectInvalid(-1, "Voor het begin.", "0:00");
  expectInvalid(s_durationUs + 1, "Na het einde.", "0:00");
  // 4000 characters of two bytes each are 4000 characters, not 8000.
  std::string accents;
  for (int i = 0; i < 4000; ++i) accents += "é";
  EXPECT_TRUE(AnnotationService(*m_vault).addAnnotation(*m_owner, s_recording, 0, accents));
  EXPECT_EQ(test::database(*m_vault).sql().execAndGet("SELECT count(*) FROM annotations").getInt64(), 1);

  auto unknown = AnnotationService(*m_vault).addAnnotation(*m_owner, "geen-opname", 0, "Tekst.");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
  auto unknownOpen = PlaybackService(*m_vault).openRecording(*m_owner, "geen-opname");
  ASSERT_FALSE(unknownOpen);
  EXPECT_EQ(unknownOpen.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace vakspiegel
