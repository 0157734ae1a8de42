// Tampering with the vault's files and file names from outside Vakspiegel
// (issue 15, items 6 and 7): a file name in the database is never trusted to
// reach outside media/, and a recording's files cannot stand in for one
// another. Each test plays the attack as an insider with write access to the
// vault would, then checks that nothing outside was touched, that the use
// case refused, and that the refusal is in the audit log.
#include <sys/stat.h>

#include <fstream>

#include "app/vault_fixture.h"

#include <SQLiteCpp/Database.h>

#include "app/annotation_service.h"
#include "app/erasure_service.h"
#include "app/playback_service.h"
#include "store/annotation_store.h"
#include "store/recording_store.h"
#include "support/vault_internals.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;
using test::VaultFixture;

class IntegrityTest : public VaultFixture {
 protected:
  // A file outside the vault that a tampered name points at.
  fs::path plantVictim(const std::string& name) {
    const fs::path victim = m_dir / name;
    std::ofstream(victim) << "a file of somebody else";
    return victim;
  }
  void setFileName(const std::string& id, const std::string& kind, const std::string& name) {
    SQLite::Statement q(test::database(*m_vault).sql(),
                        "UPDATE recording_files SET file_name = ? WHERE recording_id = ? AND kind = ?");
    q.bind(1, name);
    q.bind(2, id);
    q.bind(3, kind);
    ASSERT_EQ(q.exec(), 1);
  }
  std::int64_t integrityAudits(const std::string& id, const std::string& action, const std::string& reason) {
    return count("audit_log", "object_id = '" + id + "' AND action = '" + action +
                                  "' AND result = 'error' AND reason = '" + reason + "'");
  }
};

TEST_F(IntegrityTest, AFileNameThatIsAPathOrClimbsOutIsNeverOpenedOrRemoved) {
  for (const std::string& how : {std::string("absolute"), std::string("relative")}) {
    SCOPED_TRACE(how);
    const ImportOutcome imported = importTiny();
    const fs::path victim = plantVictim("victim-" + how);
    // "../../victim" from media/ is m_dir/victim: media/ sits in m_dir/kluis/.
    setFileName(imported.recordingId, "thumbnails",
                how == "absolute" ? victim.string() : "../../" + victim.filename().string());

    auto opened = PlaybackService(*m_vault).openRecording(*m_owner, imported.recordingId);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
    EXPECT_EQ(integrityAudits(imported.recordingId, "recording.play", "bad_file_name"), 1);

    auto deleted = ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId);
    ASSERT_TRUE(deleted) << deleted.error().message;
    EXPECT_EQ(deleted->state, consent::ErasureState::Done);
    EXPECT_TRUE(fs::exists(victim)) << "the erasure removed a file outside the vault";
    EXPECT_EQ(integrityAudits(imported.recordingId, "recording.integrity", "bad_file_name"), 1);
    // The recording's real files went all the same (found by the names they must have).
    for (const std::string& name : mediaFiles()) EXPECT_NE(name.rfind(imported.recordingId, 0), 0u) << name;
    EXPECT_EQ(count("recording_keys", "recording_id = '" + imported.recordingId + "'"), 0);
  }
}

TEST_F(IntegrityTest, TheOrphanSweepTouchesNothingOfARecordingWhoseFileNamesWereChanged) {
  const ImportOutcome imported = importTiny();
  const fs::path victim = plantVictim("victim");
  setFileName(imported.recordingId, "media", victim.string());
  const std::vector<std::string> before = mediaFiles();
  auto swept = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(swept) << swept.error().message;
  ASSERT_EQ(swept->problems.size(), 1u);
  EXPECT_EQ(mediaFiles(), before) << "the live recording's real files were taken for orphans";
  EXPECT_TRUE(fs::exists(victim));
  EXPECT_EQ(integrityAudits(imported.recordingId, "recording.integrity", "bad_file_name"), 1);
}

TEST_F(IntegrityTest, ALinkPlantedAsARecordingsFileIsNotFollowed) {
  const ImportOutcome imported = importTiny();
  const fs::path media = Vault::mediaDir(vaultDir());
  const std::string name = imported.recordingId + ".media.vsc";
  fs::rename(media / name, m_dir / "elsewhere.vsc");
  fs::create_symlink(m_dir / "elsewhere.vsc", media / name);
  auto opened = PlaybackService(*m_vault).openRecording(*m_owner, imported.recordingId);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
  // Erasing removes the link, never the file it points at.
  ASSERT_TRUE(ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId));
  EXPECT_FALSE(fs::is_symlink(media / name));
  EXPECT_TRUE(fs::exists(m_dir / "elsewhere.vsc"));
}

TEST_F(IntegrityTest, AMediaFolderReplacedByALinkIsRefusedAndNothingIsRemoved) {
  const ImportOutcome imported = importTiny();
  const fs::path media = Vault::mediaDir(vaultDir());
  fs::rename(media, m_dir / "real-media");
  fs::create_symlink(m_dir / "real-media", media);
  auto opened = PlaybackService(*m_vault).openRecording(*m_owner, imported.recordingId);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
  auto deleted = ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(std::distance(fs::directory_iterator(m_dir / "real-media"), fs::directory_iterator()), 4);
  // What is outside the database cannot hold up the crypto-shredding.
  EXPECT_EQ(count("recording_keys", "recording_id = '" + imported.recordingId + "'"), 0);
}

// A pipe or a folder planted under a recording's file name must not hang or
// block its erasure.
TEST_F(IntegrityTest, APipeOrAFolderPlantedAsARecordingsFileDoesNotHoldUpItsErasure) {
  const ImportOutcome imported = importTiny();
  const fs::path media = Vault::mediaDir(vaultDir());
  const std::string waveform = imported.recordingId + ".waveform.vsc";
  fs::remove(media / waveform);
  ASSERT_EQ(mkfifo((media / waveform).c_str(), 0600), 0);  // nobody ever writes to it
  auto deleted = ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->state, consent::ErasureState::Done);
  EXPECT_TRUE(mediaFiles().empty());
}

// Nothing new is sealed to or written about a recording once its erasure was
// requested, not even by a use case that was authorized just before.
TEST_F(IntegrityTest, NoKeyOrAnnotationCanBeAddedToARecordingBeingErased) {
  const ImportOutcome imported = importTiny();
  auto annotation = AnnotationService(*m_vault).addAnnotation(*m_owner, imported.recordingId, 0, "Eerste indruk.");
  ASSERT_TRUE(annotation) << annotation.error().message;
  ASSERT_TRUE(test::eraser(*m_vault).request(imported.recordingId, consent::ErasureReason::OwnerDeleted, {}));
  RecordingStore store(test::database(*m_vault));
  const auto refused = store.insertKey({imported.recordingId, m_officer->userId(), Bytes(80, 1), 0});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
  EXPECT_THROW(test::database(*m_vault).sql().exec(
                   "INSERT INTO annotations (id, recording_id, author_id, position_us, created_at, sealed_text)"
                   " VALUES ('a', '" +
                   imported.recordingId + "', '" + m_owner->userId() + "', 0, 0, x'00')"),
               SQLite::Exception);
  // Nor changed: an edit authorized just before cannot commit after the erasure.
  AnnotationStore annotations(test::database(*m_vault));
  auto row = annotations.find(imported.recordingId, annotation->id);
  ASSERT_TRUE(row && *row);
  (*row)->positionUs = 1'000'000;
  (*row)->sealedText = Bytes(40, 2);
  const auto edited = annotations.update(**row);
  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, ErrorCode::InvalidArgument);
}

// Item 7: the thumbnails, waveform and speech containers are sealed under
// the recording's data key too; before the binding, any of them put in the
// media file's place opened as the media.
TEST_F(IntegrityTest, ARecordingsFilesCannotStandInForOneAnother) {
  const ImportOutcome imported = importTiny();
  const ImportOutcome other = importTiny();
  const fs::path media = Vault::mediaDir(vaultDir());
  const std::string mediaName = imported.recordingId + ".media.vsc";
  fs::rename(media / mediaName, m_dir / "media-aside.vsc");
  for (const std::string& source : {imported.recordingId + ".thumbnails.vsc", imported.recordingId + ".waveform.vsc",
                                    imported.recordingId + ".speech.vsc", other.recordingId + ".media.vsc"}) {
    SCOPED_TRACE(source);
    fs::copy_file(media / source, media / mediaName, fs::copy_options::overwrite_existing);
    auto opened = PlaybackService(*m_vault).openRecording(*m_owner, imported.recordingId);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
  }
  fs::copy_file(m_dir / "media-aside.vsc", media / mediaName, fs::copy_options::overwrite_existing);
  EXPECT_TRUE(PlaybackService(*m_vault).openRecording(*m_owner, imported.recordingId));
}

}  // namespace
}  // namespace vakspiegel
