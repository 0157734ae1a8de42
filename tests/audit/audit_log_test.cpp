// Tests of the hash-chained audit log (audit/audit_log.h). The tampering
// tests play an attacker with write access to the database file: a second
// SQLite connection drops the append-only triggers and edits, deletes,
// inserts, reorders or truncates entries, re-computing hashes where that
// helps the attacker. verify() must name the right first bad entry; a
// truncated or re-chained tail is only detectable against a recorded head.
#include "audit/audit_log.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <SQLiteCpp/Statement.h>

#include "store/audit_store.h"
#include "store/database.h"
#include "store/user_store.h"
#include "support/temp_dir.h"

namespace vakspiegel {
namespace {

using std::chrono::seconds;

const WallTime kStart = fromUnixSeconds(1772442000);  // 2026-03-02T09:00:00Z
const std::string kHexHash(64, 'a');

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::create(m_dir / "vault.db");
    ASSERT_TRUE(db) << db.error().message;
    m_db = std::move(*db);
    m_log = std::make_unique<AuditLog>(*m_db, m_clock, "werkplek-3", "0.1.0");
  }

  void appendEntries(int count) {
    for (int i = 0; i < count; ++i) {
      const Status status = m_log->append({fmt::format("user-{}", i % 3), "klantmanager", "recording.play", "recording",
                                           fmt::format("rec-{}", i), AuditResult::Ok, ""});
      ASSERT_TRUE(status) << status.error().message;
      m_clock.advance(seconds(61));
    }
  }

  AuditVerification verifyOrDie(const std::optional<AuditHead>& recordedHead = std::nullopt) {
    auto v = m_log->verify(recordedHead);
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : AuditVerification{};
  }

  AuditHead headOrDie() {
    auto head = m_log->head();
    EXPECT_TRUE(head) << head.error().message;
    return head ? *head : AuditHead{};
  }

  std::vector<AuditRow> rows() {
    std::vector<AuditRow> all;
    AuditStore store(*m_db);
    EXPECT_TRUE(store.forEach([&](const AuditRow& row) {
      all.push_back(row);
      return true;
    }));
    return all;
  }

  // An attacker's own connection to the file, with the append-only triggers dropped.
  std::unique_ptr<SQLite::Database> attacker() {
    auto sql = std::make_unique<SQLite::Database>(m_db->file().string(), SQLite::OPEN_READWRITE);
    sql->exec("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;");
    sql->exec(
        "DROP TRIGGER IF EXISTS audit_checkpoints_no_update; DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;");
    return sql;
  }

  // Re-computes prev_hash and hash from entry `fromSeq` on, so the chain is
  // internally consistent again (anyone can: the hash has no key).
  void rechainFrom(SQLite::Database& sql, std::int64_t fromSeq) {
    std::vector<unsigned char> prev(32, 0);
    for (AuditRow row : rows()) {
      if (row.seq >= fromSeq) {
        row.prevHash = prev;
        row.hash = AuditLog::chainHash(prev, row);
        SQLite::Statement q(sql, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?");
        q.bind(1, row.prevHash.data(), static_cast<int>(row.prevHash.size()));
        q.bind(2, row.hash.data(), static_cast<int>(row.hash.size()));
        q.bind(3, row.seq);
        q.exec();
      }
      prev = row.hash;
    }
  }

  // What an attacker who knows about it does as well: lower the mark of the
  // highest sequence number ever written.
  static void setHighestSeq(SQLite::Database& sql, std::int64_t seq) {
    sql.exec("UPDATE settings SET value = '" + std::to_string(seq) + "' WHERE key = 'audit_last_seq'");
  }

  // A privacy officer whose signing key the vault knows.
  SigningKeyPair addOfficer(const std::string& id) {
    const UserKeyPair keys = UserKeyPair::generate();
    SigningKeyPair signing = SigningKeyPair::derive(keys);
    UserRow row;
    row.id = id;
    row.name = id;
    row.role = "privacy_officer";
    row.publicKey = keys.publicKey();
    row.kdfSalt = row.skNonce = row.skWrapped = {0};
    UserStore users(*m_db);
    EXPECT_TRUE(users.insert(row));
    EXPECT_TRUE(users.setSigningKey(id, signing.publicKey(), 0));
    return signing;
  }

  test::TempDir m_dir;
  ManualClock m_clock{kStart};
  std::unique_ptr<Database> m_db;
  std::unique_ptr<AuditLog> m_log;
};

TEST_F(AuditLogTest, AnEmptyLogIsIntact) {
  const AuditVerification v = verifyOrDie();
  EXPECT_TRUE(v.isIntact);
  EXPECT_EQ(v.entriesChecked, 0);
  EXPECT_EQ(v.head.seq, 0);
  EXPECT_EQ(headOrDie().seq, 0);
}

TEST_F(AuditLogTest, AppendedEntriesVerify) {
  appendEntries(5);
  const AuditVerification v = verifyOrDie();
  EXPECT_TRUE(v.isIntact) << v.problem;
  EXPECT_EQ(v.entriesChecked, 5);
  EXPECT_FALSE(v.firstBadSeq.has_value());
  EXPECT_TRUE(v.problem.empty());
  EXPECT_EQ(v.head, headOrDie());
  EXPECT_EQ(v.head.seq, 5);
}

TEST_F(AuditLogTest, ChainsEachEntryToThePreviousOne) {
  appendEntries(4);
  const std::vector<AuditRow> all = rows();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].prevHash, std::vector<unsigned char>(32, 0));
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(all[i].hash.size(), 32u);
    EXPECT_EQ(all[i].hash, AuditLog::chainHash(all[i].prevHash, all[i]));
    if (i > 0) {
      EXPECT_EQ(all[i].prevHash, all[i - 1].hash);
    }
  }
  const AuditHead head = headOrDie();
  EXPECT_EQ(head.seq, 4);
  EXPECT_EQ(head.hash, all.back().hash);
}

TEST_F(AuditLogTest, RecordsTimeWorkstationVersionAndPlaceholdersForMissingIds) {
  ASSERT_TRUE(m_log->append({"", "", "login", "", "", AuditResult::Denied, "unknown_user"}));
  m_clock.advance(seconds(5));
  ASSERT_TRUE(m_log->append({"u-1", "coach", "recording.play", "recording", "r-1", AuditResult::Unknown, ""}));
  const std::vector<AuditRow> all = rows();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].time, toUnixSeconds(kStart));
  EXPECT_EQ(all[0].actorId, "-");
  EXPECT_EQ(all[0].actorRole, "-");
  EXPECT_EQ(all[0].objectType, "-");
  EXPECT_EQ(all[0].objectId, "-");
  EXPECT_EQ(all[0].result, "denied");
  EXPECT_EQ(all[0].reason, "unknown_user");
  EXPECT_EQ(all[0].workstation, "werkplek-3");
  EXPECT_EQ(all[0].appVersion, "0.1.0");
  EXPECT_EQ(all[1].time, toUnixSeconds(kStart) + 5);
  EXPECT_EQ(all[1].result, "error") << "an unknown result is never recorded as success";
}

TEST_F(AuditLogTest, DetectsAnEditedField) {
  appendEntries(5);
  auto sql = attacker();
  sql->exec("UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 3");
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 3);
  EXPECT_EQ(v.entriesChecked, 2);
  EXPECT_FALSE(v.problem.empty());
  EXPECT_EQ(v.head.seq, 5) << "the head of the log as it is now";
}

TEST_F(AuditLogTest, DetectsAnEditedTime) {
  appendEntries(5);
  auto sql = attacker();
  sql->exec("UPDATE audit_log SET time = time - 3600 WHERE seq = 4");
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 4);
}

TEST_F(AuditLogTest, DetectsAnEditedEntryWhoseOwnHashWasRecomputed) {
  appendEntries(5);
  auto sql = attacker();
  sql->exec("UPDATE audit_log SET action = 'recording.list' WHERE seq = 2");
  AuditRow edited = rows()[1];
  edited.hash = AuditLog::chainHash(edited.prevHash, edited);
  SQLite::Statement q(*sql, "UPDATE audit_log SET hash = ? WHERE seq = 2");
  q.bind(1, edited.hash.data(), static_cast<int>(edited.hash.size()));
  q.exec();
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 3) << "entry 2 is self-consistent; entry 3 no longer follows it";
}

TEST_F(AuditLogTest, DetectsADeletedEntry) {
  appendEntries(5);
  auto sql = attacker();
  sql->exec("DELETE FROM audit_log WHERE seq = 3");
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 3);
  EXPECT_NE(v.problem.find('3'), std::string::npos) << v.problem;
}

TEST_F(AuditLogTest, DetectsADeletedFirstEntry) {
  appendEntries(3);
  auto sql = attacker();
  sql->exec("DELETE FROM audit_log WHERE seq = 1");
  const AuditVerification v = verifyOrDie();
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 1);
}

TEST_F(AuditLogTest, DetectsADeletedEntryEvenWhenTheRestWasRenumberedAndRechained) {
  appendEntries(5);
  const AuditHead recorded = headOrDie();
  auto sql = attacker();
  sql->exec("DELETE FROM audit_log WHERE seq = 3");
  sql->exec("UPDATE audit_log SET seq = seq + 1000 WHERE seq > 3");
  sql->exec("UPDATE audit_log SET seq = seq - 1001 WHERE seq > 1000");
  rechainFrom(*sql, 3);
  // The log ends at 4, but entry 5 was written once: the highest sequence
  // number ever written is kept beside the log.
  AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 5);
  // An attacker who also lowers that mark leaves a consistent chain that only
  // a recorded head (or a signed checkpoint, below) shows.
  setHighestSeq(*sql, 4);
  EXPECT_TRUE(verifyOrDie().isIntact) << "without an anchor a consistent rewrite cannot be seen";
  v = verifyOrDie(recorded);
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 5) << "the log now ends at 4, entry 5 was recorded";
}

TEST_F(AuditLogTest, DetectsAnInsertedEntry) {
  appendEntries(5);
  auto sql = attacker();
  // Make room at seq 3 and forge an entry there, correctly chained to entry 2.
  sql->exec("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3");
  sql->exec("UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000");
  AuditRow forged = rows()[1];
  forged.seq = 3;
  forged.action = "user.add";
  forged.prevHash = forged.hash;
  forged.hash = AuditLog::chainHash(forged.prevHash, forged);
  SQLite::Statement q(*sql,
                      "INSERT INTO audit_log (seq, time, actor_id, actor_role, action, object_type, object_id, result,"
                      " workstation, reason, app_version, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  q.bind(1, forged.seq);
  q.bind(2, forged.time);
  q.bind(3, forged.actorId);
  q.bind(4, forged.actorRole);
  q.bind(5, forged.action);
  q.bind(6, forged.objectType);
  q.bind(7, forged.objectId);
  q.bind(8, forged.result);
  q.bind(9, forged.workstation);
  q.bind(10, forged.reason);
  q.bind(11, forged.appVersion);
  q.bind(12, forged.prevHash.data(), 32);
  q.bind(13, forged.hash.data(), 32);
  q.exec();
  ASSERT_EQ(rows().size(), 6u);
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 4) << "the forged entry 3 chains correctly; the original entry 3, now 4, does not";
  EXPECT_EQ(v.entriesChecked, 3);
}

TEST_F(AuditLogTest, DetectsAnInsertedEntryWithAMadeUpHash) {
  appendEntries(3);
  auto sql = attacker();
  sql->exec("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 2");
  sql->exec("UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000");
  sql->exec(
      "INSERT INTO audit_log SELECT 2, time, actor_id, actor_role, 'user.add', object_type, object_id, result,"
      " workstation, reason, app_version, hash, randomblob(32) FROM audit_log WHERE seq = 1");
  const AuditVerification v = verifyOrDie();
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 2);
}

TEST_F(AuditLogTest, DetectsReorderedEntries) {
  appendEntries(5);
  auto sql = attacker();
  sql->exec("UPDATE audit_log SET seq = 1002 WHERE seq = 2");
  sql->exec("UPDATE audit_log SET seq = 2 WHERE seq = 4");
  sql->exec("UPDATE audit_log SET seq = 4 WHERE seq = 1002");
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 2);
}

TEST_F(AuditLogTest, DetectsATruncatedTailByTheHighestSequenceEverWritten) {
  appendEntries(6);
  const AuditHead recorded = headOrDie();
  auto sql = attacker();
  sql->exec("DELETE FROM audit_log WHERE seq > 4");

  const AuditVerification withoutHead = verifyOrDie();
  EXPECT_FALSE(withoutHead.isIntact) << "entries 5 and 6 were written once";
  ASSERT_TRUE(withoutHead.firstBadSeq.has_value());
  EXPECT_EQ(*withoutHead.firstBadSeq, 5) << "the first entry that is gone";
  EXPECT_EQ(withoutHead.entriesChecked, 4);
  EXPECT_EQ(withoutHead.head.seq, 4);

  setHighestSeq(*sql, 4);
  EXPECT_TRUE(verifyOrDie().isIntact) << "with the mark lowered too, a shorter chain is a valid chain";
  const AuditVerification v = verifyOrDie(recorded);
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 5) << "the first entry that is gone";
  EXPECT_EQ(v.entriesChecked, 4);
  EXPECT_EQ(v.head.seq, 4);
}

TEST_F(AuditLogTest, DetectsATruncatedAndRechainedTailAgainstARecordedHead) {
  appendEntries(6);
  const AuditHead recorded = headOrDie();
  auto sql = attacker();
  // Delete the last two entries, rewrite entry 3 and re-chain from there.
  sql->exec("DELETE FROM audit_log WHERE seq > 4");
  sql->exec("UPDATE audit_log SET action = 'recording.list' WHERE seq = 3");
  rechainFrom(*sql, 3);
  setHighestSeq(*sql, 4);
  ASSERT_TRUE(verifyOrDie().isIntact) << "internally consistent again";

  const AuditVerification v = verifyOrDie(recorded);
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 5);
}

// The attack of issue 15, item 5: entries cut from the tail were filled
// again by new entries with the same numbers, so verify named an entry past
// the cut (103 for a cut at 100). New entries now continue after the highest
// number ever written, and the first missing entry is named.
TEST_F(AuditLogTest, ACutTailIsNotFilledAgainAndTheFirstMissingEntryIsNamed) {
  appendEntries(4);
  const AuditHead recorded = headOrDie();
  auto sql = attacker();
  sql->exec("DELETE FROM audit_log WHERE seq >= 3");
  sql.reset();
  appendEntries(3);  // new entries, properly chained to entry 2
  EXPECT_EQ(rows().back().seq, 7) << "numbering goes on after the highest entry ever written";
  for (const std::optional<AuditHead>& head : {std::optional<AuditHead>{}, std::optional<AuditHead>{recorded}}) {
    const AuditVerification v = verifyOrDie(head);
    EXPECT_FALSE(v.isIntact);
    ASSERT_TRUE(v.firstBadSeq.has_value());
    EXPECT_EQ(*v.firstBadSeq, 3) << "the first entry cut";
  }
}

// Found by the review of issue 15: verify read the log, its high-water mark
// and the checkpoints as separate statements, so an entry another program
// (the sweep) appended in between looked like a cut tail.
TEST_F(AuditLogTest, EntriesAppendedByAnotherProgramDuringAVerifyAreNoDamage) {
  appendEntries(20);
  std::atomic<bool> isDone{false};
  std::thread writer([&] {
    auto db = Database::open(m_dir / "vault.db");
    ASSERT_TRUE(db) << db.error().message;
    const ManualClock clock{kStart + std::chrono::hours(1)};
    AuditLog other(**db, clock, "werkplek-4", "0.1.0");
    while (!isDone)
      ASSERT_TRUE(other.append({"system", "system", "sweep.orphan_keys", "vault", "-", AuditResult::Ok, ""}));
  });
  int damaged = 0;
  for (int i = 0; i < 200 && damaged == 0; ++i) {
    auto v = m_log->verify();
    if (!v) {  // the writer is joined below on every path
      ADD_FAILURE() << "verify " << i << ": " << v.error().message;
      break;
    }
    if (!v->isIntact) {
      ++damaged;
      ADD_FAILURE() << "verify " << i << ": " << v->problem;
    }
  }
  isDone = true;
  writer.join();
}

// ---------------------------------------------------------------------------
// Signed checkpoints (issue 15, item 5): the plain chain could be rebuilt by
// anyone who can write the database.

TEST_F(AuditLogTest, ASignedCheckpointVerifiesAndTheLogGoesOn) {
  const SigningKeyPair officer = addOfficer("fg-1");
  appendEntries(3);
  auto signedHead = m_log->signHead("fg-1", "privacy_officer", officer, verifyOrDie());
  ASSERT_TRUE(signedHead) << signedHead.error().message;
  EXPECT_EQ(signedHead->seq, 3);
  EXPECT_EQ(rows().back().action, "audit.checkpoint");
  EXPECT_EQ(rows().back().reason, "seq=3");
  m_clock.advance(std::chrono::seconds(5));
  appendEntries(2);
  const AuditVerification v = verifyOrDie();
  EXPECT_TRUE(v.isIntact) << v.problem;
  EXPECT_EQ(v.checkpointsVerified, 1);
  ASSERT_TRUE(v.newestCheckpoint);
  EXPECT_EQ(v.newestCheckpoint->seq, 3);
  EXPECT_EQ(v.newestCheckpoint->signerId, "fg-1");
}

TEST_F(AuditLogTest, TheVerifiersOwnCheckpointsAreCheckedWithTheirOwnKey) {
  const SigningKeyPair officer = addOfficer("fg-1");
  appendEntries(2);
  ASSERT_TRUE(m_log->signHead("fg-1", "privacy_officer", officer, verifyOrDie()));
  const AuditVerifier self{"fg-1", officer.publicKey()};
  auto v = m_log->verify(std::nullopt, self);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ownCheckpointsVerified, 1);
  ASSERT_TRUE(v->newestOwnCheckpoint);
  EXPECT_EQ(v->newestOwnCheckpoint->seq, 2);
  // A key an attacker added to the officer's record signs a checkpoint that
  // verifies as recorded, but not as the officer's own.
  const SigningKeyPair planted = SigningKeyPair::derive(UserKeyPair::generate());
  ASSERT_TRUE(UserStore(*m_db).setSigningKey("fg-1", planted.publicKey(), 0));
  ASSERT_TRUE(m_log->signHead("fg-1", "privacy_officer", planted, verifyOrDie()));
  v = m_log->verify(std::nullopt, self);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->checkpointsVerified, 2);
  EXPECT_EQ(v->ownCheckpointsVerified, 1);
  EXPECT_EQ(v->newestOwnCheckpoint->seq, 2);
}

// Signed with the clock set back (NTP, a hand-set clock): the signature time
// still covers every entry it signs, so an intact log stays intact.
TEST_F(AuditLogTest, ACheckpointSignedWithAClockSetBackStillVerifies) {
  const SigningKeyPair officer = addOfficer("fg-1");
  appendEntries(3);
  m_clock.set(kStart - std::chrono::hours(2));
  ASSERT_TRUE(m_log->signHead("fg-1", "privacy_officer", officer, verifyOrDie()));
  const AuditVerification v = verifyOrDie();
  EXPECT_TRUE(v.isIntact) << v.problem;
  EXPECT_EQ(v.checkpointsVerified, 1);
}

TEST_F(AuditLogTest, ARewriteBelowACheckpointIsDetectedEvenWhenEverythingElseWasRedone) {
  const SigningKeyPair officer = addOfficer("fg-1");
  appendEntries(5);
  ASSERT_TRUE(m_log->signHead("fg-1", "privacy_officer", officer, verifyOrDie()));
  appendEntries(2);
  auto sql = attacker();
  sql->exec("UPDATE audit_log SET action = 'recording.list' WHERE seq = 2");
  rechainFrom(*sql, 2);
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 1) << "somewhere in 1..5, the entries the checkpoint covers";
  EXPECT_NE(v.problem.find('5'), std::string::npos) << v.problem;
}

TEST_F(AuditLogTest, EmptyingTheLogIsDetectedByItsCheckpoints) {
  const SigningKeyPair officer = addOfficer("fg-1");
  appendEntries(4);
  ASSERT_TRUE(m_log->signHead("fg-1", "privacy_officer", officer, verifyOrDie()));
  auto sql = attacker();
  sql->exec("DELETE FROM audit_log");
  setHighestSeq(*sql, 0);
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 1);
}

TEST_F(AuditLogTest, ACutTailFilledAgainBelowACheckpointNamesTheFirstEntryWrittenIntoTheGap) {
  const SigningKeyPair officer = addOfficer("fg-1");
  appendEntries(6);
  ASSERT_TRUE(m_log->signHead("fg-1", "privacy_officer", officer, verifyOrDie()));  // covers 1..6; entry 7 records it
  auto sql = attacker();
  sql->exec("DELETE FROM audit_log WHERE seq >= 4");
  setHighestSeq(*sql, 3);  // so that new entries take the old numbers
  sql.reset();
  m_clock.advance(std::chrono::minutes(10));
  appendEntries(4);  // new entries 4..7, properly chained to entry 3
  const AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 4) << "the first entry cut, now a newer one";
}

TEST_F(AuditLogTest, AForgedOrRemovedCheckpointIsDetected) {
  const SigningKeyPair officer = addOfficer("fg-1");
  appendEntries(3);
  ASSERT_TRUE(m_log->signHead("fg-1", "privacy_officer", officer, verifyOrDie()));
  appendEntries(1);
  {
    // Re-signed with a key the vault never gave the officer.
    auto sql = attacker();
    const SigningKeyPair stranger = SigningKeyPair::derive(UserKeyPair::generate());
    const auto row = rows()[2];
    const Bytes signature = stranger.sign(AuditLog::checkpointMessage(3, row.hash, "fg-1", toUnixSeconds(kStart)));
    SQLite::Statement q(*sql, "UPDATE audit_checkpoints SET public_key = ?, signature = ?");
    q.bind(1, stranger.publicKey().data(), 32);
    q.bind(2, signature.data(), 64);
    q.exec();
  }
  AuditVerification v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  EXPECT_EQ(v.checkpointsVerified, 0);
  {
    auto sql = attacker();
    sql->exec("DELETE FROM audit_checkpoints");
  }
  v = verifyOrDie();
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 3) << "the log records the checkpoint of entry 3";
}

TEST_F(AuditLogTest, AnIntactLogMatchesAnEarlierRecordedHead) {
  appendEntries(3);
  const AuditHead recorded = headOrDie();
  appendEntries(3);
  const AuditVerification v = verifyOrDie(recorded);
  EXPECT_TRUE(v.isIntact) << v.problem;
  EXPECT_EQ(v.entriesChecked, 6);
  EXPECT_EQ(v.head.seq, 6);
}

TEST_F(AuditLogTest, RefusesAHeadRecordedFromAnotherLog) {
  appendEntries(3);
  AuditHead other = headOrDie();
  other.hash[0] ^= 0x01;
  const AuditVerification v = verifyOrDie(other);
  EXPECT_FALSE(v.isIntact);
  ASSERT_TRUE(v.firstBadSeq.has_value());
  EXPECT_EQ(*v.firstBadSeq, 3);
}

TEST_F(AuditLogTest, TriggersRefuseUpdateAndDeleteThroughTheVaultsConnection) {
  appendEntries(3);
  SQLite::Database& sql = m_db->sql();
  EXPECT_THROW(sql.exec("UPDATE audit_log SET reason = 'x' WHERE seq = 2"), SQLite::Exception);
  EXPECT_THROW(sql.exec("DELETE FROM audit_log WHERE seq = 3"), SQLite::Exception);
  EXPECT_THROW(sql.exec("DELETE FROM audit_log"), SQLite::Exception);
  // REPLACE deletes the old row: the delete trigger must fire for it too.
  EXPECT_THROW(sql.exec("INSERT OR REPLACE INTO audit_log SELECT seq, time, actor_id, actor_role, 'user.add',"
                        " object_type, object_id, result, workstation, reason, app_version, prev_hash, hash"
                        " FROM audit_log WHERE seq = 2"),
               SQLite::Exception);
  try {
    sql.exec("UPDATE audit_log SET reason = 'x'");
    ADD_FAILURE() << "the update went through";
  } catch (const SQLite::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
  }
  const AuditVerification v = verifyOrDie();
  EXPECT_TRUE(v.isIntact) << v.problem;
  EXPECT_EQ(v.entriesChecked, 3);
}

TEST_F(AuditLogTest, AnEntryCommitsOrRollsBackWithTheCallersTransaction) {
  appendEntries(1);
  const Status failed = m_db->transaction([&]() -> Status {
    VS_TRY(m_log->append({"u-1", "administrator", "user.add", "user", "u-9", AuditResult::Ok, ""}));
    return fail(ErrorCode::Cancelled, "stopped");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(headOrDie().seq, 1);
  const Status committed = m_db->transaction([&]() -> Status {
    return m_log->append({"u-1", "administrator", "user.add", "user", "u-9", AuditResult::Ok, ""});
  });
  ASSERT_TRUE(committed) << committed.error().message;
  EXPECT_EQ(headOrDie().seq, 2);
  EXPECT_TRUE(verifyOrDie().isIntact);
}

TEST_F(AuditLogTest, ListsTheEntriesAboutOneObject) {
  ASSERT_TRUE(m_log->append({"u-1", "klantmanager", "recording.play", "recording", "r-1", AuditResult::Ok, ""}));
  ASSERT_TRUE(m_log->append({"u-2", "coach", "recording.play", "recording", "r-2", AuditResult::Ok, ""}));
  ASSERT_TRUE(
      m_log->append({"u-2", "coach", "recording.annotate", "recording", "r-1", AuditResult::Denied, "not_shared"}));
  ASSERT_TRUE(m_log->append({"u-3", "administrator", "user.add", "user", "r-1", AuditResult::Ok, ""}));
  auto entries = m_log->entriesFor("recording", "r-1");
  ASSERT_TRUE(entries) << entries.error().message;
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].seq, 1);
  EXPECT_EQ((*entries)[1].seq, 3);
  EXPECT_EQ((*entries)[1].reason, "not_shared");
}

TEST_F(AuditLogTest, ExportsCsvWithQuotedFields) {
  ASSERT_TRUE(m_log->append({"u-1", "privacy_officer", "audit.export", "audit_log", "-", AuditResult::Ok,
                             "requested by \"FG\", for the annual report"}));
  ASSERT_TRUE(
      m_log->append({"u-1", "privacy_officer", "audit.verify", "audit_log", "-", AuditResult::Ok, "two\nlines"}));
  auto csv = m_log->exportCsv();
  ASSERT_TRUE(csv) << csv.error().message;
  const std::vector<AuditRow> all = rows();
  const std::string header =
      "seq,time_utc,actor_id,actor_role,action,object_type,object_id,result,workstation,reason,app_version,"
      "prev_hash,hash\r\n";
  ASSERT_EQ(csv->substr(0, header.size()), header);
  const std::string first = fmt::format(
      "1,2026-03-02T09:00:00Z,u-1,privacy_officer,audit.export,audit_log,-,ok,werkplek-3,"
      "\"requested by \"\"FG\"\", for the annual report\",0.1.0,{},{}\r\n",
      std::string(64, '0'), AuditHead{1, all[0].hash}.toString().substr(2));
  const std::string second = fmt::format(
      "2,2026-03-02T09:00:00Z,u-1,privacy_officer,audit.verify,audit_log,-,ok,werkplek-3,\"two\nlines\",0.1.0,"
      "{},{}\r\n",
      AuditHead{1, all[0].hash}.toString().substr(2), AuditHead{2, all[1].hash}.toString().substr(2));
  EXPECT_EQ(*csv, header + first + second);
}

TEST(AuditHead, RoundTripsThroughText) {
  AuditHead head;
  head.seq = 42;
  head.hash = std::vector<unsigned char>(32, 0xab);
  const std::string text = head.toString();
  std::string expected = "42:";
  for (int i = 0; i < 32; ++i) expected += "ab";
  EXPECT_EQ(text, expected);
  auto parsed = AuditHead::parse(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, head);
}

TEST(AuditHead, AcceptsUpperCaseHex) {
  auto parsed = AuditHead::parse("7:" + std::string(64, 'F'));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->seq, 7);
  EXPECT_EQ(parsed->hash, std::vector<unsigned char>(32, 0xff));
}

TEST(AuditHead, RefusesTextThatIsNotSeqColonSixtyFourHexDigits) {
  for (const std::string& text : std::vector<std::string>{
           "",
           "12",
           ":" + kHexHash,
           "12:",
           "12" + kHexHash,
           "0:" + kHexHash,  // seq starts at 1
           "-3:" + kHexHash,
           "+3:" + kHexHash,
           " 3:" + kHexHash,
           "3 :" + kHexHash,
           "0x3:" + kHexHash,
           "3.0:" + kHexHash,
           "x3:" + kHexHash,
           "99999999999999999999999:" + kHexHash,  // past int64
           "3:" + kHexHash.substr(1),              // 63 digits
           "3:" + kHexHash + "a",                  // 65 digits
           "3:" + std::string(64, 'g'),
           "3:" + kHexHash.substr(2) + " a",
           "3:4:" + kHexHash.substr(2),
       }) {
    auto parsed = AuditHead::parse(text);
    ASSERT_FALSE(parsed) << "'" << text << "'";
    EXPECT_EQ(parsed.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(parsed.error().message.empty());
  }
}

}  // namespace
}  // namespace vakspiegel
