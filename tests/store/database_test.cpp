// Tests of the SQLite store (store/database.h, store/migrations.cpp): a new
// vault's identity and pragmas, migration from every historical schema
// version with its data intact, refusing files that are not ours or are too
// new without touching them, transactions, and SQLITE_BUSY.
#include "store/database.h"

#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <SQLiteCpp/Statement.h>

#include "support/temp_dir.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;

const std::string kUserId = "3a9d6c1e-0f4b-4c55-9e1a-6b7c8d9e0f10";
const std::string kRecordingId = "7b1e2d3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
const std::string kSecondRecordingId = "5c4b3a29-1807-4f6e-9d5c-4b3a29180706";

std::unique_ptr<Database> createOrDie(const fs::path& file, DatabaseOptions options = {}) {
  auto db = Database::create(file, options);
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

std::unique_ptr<Database> openOrDie(const fs::path& file, DatabaseOptions options = {}) {
  auto db = Database::open(file, options);
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

ErrorCode openError(const fs::path& file, DatabaseOptions options = {}) {
  auto db = Database::open(file, options);
  return db ? ErrorCode::Unknown : db.error().code;
}

fs::path walOf(const fs::path& file) {
  return file.string() + "-wal";
}
fs::path shmOf(const fs::path& file) {
  return file.string() + "-shm";
}

int countRows(SQLite::Database& sql, const std::string& table) {
  return sql.execAndGet("SELECT count(*) FROM " + table).getInt();
}

// The schema as SQLite records it (tables, indexes, triggers), for comparing
// a migrated database with a freshly created one.
std::vector<std::string> schemaOf(SQLite::Database& sql) {
  SQLite::Statement q(sql,
                      "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master ORDER BY type, name");
  std::vector<std::string> schema;
  while (q.executeStep()) schema.push_back(q.getColumn(0).getString());
  return schema;
}

// Representative rows for each schema version, written with that version's
// SQL, and the check that they survived migration to the latest version.
struct Seed {
  std::function<void(SQLite::Database&)> insert;
  std::function<void(SQLite::Database&)> check;
};

const std::map<int, Seed>& seeds() {
  static const std::map<int, Seed> seeds = {
      {1,
       {[](SQLite::Database& sql) {
          sql.exec("INSERT INTO settings (key, value) VALUES ('vault_id', 'v-1')");
          sql.exec(
              "INSERT INTO users (id, name, role, public_key, kdf_salt, kdf_ops, kdf_mem, sk_nonce, sk_wrapped,"
              " failed_logins, locked_until, is_disabled, created_at, password_changed_at) VALUES ('" +
              kUserId +
              "', 'anna', 'klantmanager', x'01', x'02', 2, 67108864, x'03', x'04', 3, 1700000900, 0,"
              " 1700000000, 1700000100)");
          sql.exec(
              "INSERT INTO audit_log (seq, time, actor_id, actor_role, action, object_type, object_id, result,"
              " workstation, reason, app_version, prev_hash, hash) VALUES (1, 1700000000, 'system', 'system',"
              " 'vault.init', 'vault', 'v-1', 'ok', 'ws', '', '0.1.0', zeroblob(32), x'aa')");
        },
        [](SQLite::Database& sql) {
          EXPECT_EQ(sql.execAndGet("SELECT value FROM settings WHERE key = 'vault_id'").getString(), "v-1");
          SQLite::Statement q(sql, "SELECT name, role, kdf_mem, failed_logins, locked_until FROM users WHERE id = ?");
          q.bind(1, kUserId);
          ASSERT_TRUE(q.executeStep());
          EXPECT_EQ(q.getColumn(0).getString(), "anna");
          EXPECT_EQ(q.getColumn(1).getString(), "klantmanager");
          EXPECT_EQ(q.getColumn(2).getInt64(), 67108864);
          EXPECT_EQ(q.getColumn(3).getInt(), 3);
          EXPECT_EQ(q.getColumn(4).getInt64(), 1700000900);
          EXPECT_EQ(sql.execAndGet("SELECT action FROM audit_log WHERE seq = 1").getString(), "vault.init");
        }}},
      {2,
       {[](SQLite::Database& sql) {
          sql.exec("INSERT INTO recordings (id, owner_id, created_at) VALUES ('" + kRecordingId + "', '" + kUserId +
                   "', 1700000200)");
          sql.exec("INSERT INTO recording_keys (recording_id, user_id, sealed_key, granted_at) VALUES ('" +
                   kRecordingId + "', '" + kUserId + "', x'0506', 1700000200)");
        },
        [](SQLite::Database& sql) {
          EXPECT_EQ(sql.execAndGet("SELECT owner_id FROM recordings").getString(), kUserId);
          EXPECT_EQ(sql.execAndGet("SELECT hex(sealed_key) FROM recording_keys").getString(), "0506");
        }}},
      {3,
       {[](SQLite::Database& sql) {
          sql.exec(
              "UPDATE recordings SET recorded_at = 1700000100, duration_us = 5000000, width = 640,"
              " height = 360, import_mode = 'transcode'");
          sql.exec(
              "INSERT INTO consents (recording_id, scopes, method, recorded_at, registered_at, registered_by,"
              " retention_end, withdrawal_code, state, state_changed_at) VALUES ('" +
              kRecordingId + "', 'self_review,coach_review', 'paper', 1700000100, 1700000200, '" + kUserId +
              "', 1704838500, 'VS-7K3M-Q9PX', 'given', 1700000200)");
          sql.exec("INSERT INTO recording_files (recording_id, kind, file_name, size_bytes) VALUES ('" + kRecordingId +
                   "', 'media', 'r.media', 4096)");
        },
        [](SQLite::Database& sql) {
          EXPECT_EQ(sql.execAndGet("SELECT duration_us FROM recordings").getInt64(), 5000000);
          EXPECT_EQ(sql.execAndGet("SELECT import_mode FROM recordings").getString(), "transcode");
          EXPECT_EQ(sql.execAndGet("SELECT withdrawal_code FROM consents").getString(), "VS-7K3M-Q9PX");
          EXPECT_EQ(sql.execAndGet("SELECT size_bytes FROM recording_files").getInt64(), 4096);
        }}},
      {4,
       {[](SQLite::Database& sql) {
          sql.exec(
              "INSERT INTO annotations (id, recording_id, author_id, position_us, created_at, sealed_text)"
              " VALUES ('a-1', '" +
              kRecordingId + "', '" + kUserId + "', 1500000, 1700000300, x'0708')");
          sql.exec(
              "INSERT INTO erasures (recording_id, reason, state, requested_at, requested_by, completed_at,"
              " ciphertext_bytes, ciphertext_hash) VALUES ('" +
              kRecordingId + "', 'withdrawn', 'done', 1700000400, 'system', 1700000401, 4096, x'09')");
        },
        [](SQLite::Database& sql) {
          EXPECT_EQ(sql.execAndGet("SELECT position_us FROM annotations WHERE id = 'a-1'").getInt64(), 1500000);
          EXPECT_EQ(sql.execAndGet("SELECT reason || '/' || state FROM erasures").getString(), "withdrawn/done");
        }}},
      {5,
       {[](SQLite::Database& sql) {
          sql.exec("INSERT INTO wal_scrubs (reason, object_id, requested_at) VALUES ('share_revoked', '" +
                   kRecordingId + "', 1700000500)");
          sql.exec("INSERT INTO login_claims (id, user_id, claimed_at) VALUES ('c-1', '" + kUserId + "', 1700000501)");
          sql.exec("UPDATE users SET must_change_password = 1, key_reset_at = 1700000502, sign_public_key = x'0b'");
          sql.exec("INSERT INTO signing_keys (user_id, public_key, created_at) VALUES ('" + kUserId +
                   "', x'0b', 1700000502)");
          sql.exec(
              "INSERT INTO audit_checkpoints (seq, hash, signer_id, public_key, signed_at, signature) VALUES (1,"
              " x'aa', '" +
              kUserId + "', x'0b', 1700000503, x'0c')");
        },
        [](SQLite::Database& sql) {
          EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM wal_scrubs WHERE reason = 'share_revoked'").getInt(), 1);
          EXPECT_EQ(sql.execAndGet("SELECT claimed_at FROM login_claims").getInt64(), 1700000501);
          EXPECT_EQ(sql.execAndGet("SELECT must_change_password || '/' || key_reset_at FROM users").getString(),
                    "1/1700000502");
          EXPECT_EQ(sql.execAndGet("SELECT hex(public_key) FROM signing_keys").getString(), "0B");
          EXPECT_EQ(sql.execAndGet("SELECT hex(signature) FROM audit_checkpoints WHERE seq = 1").getString(), "0C");
        }}},
      {6,
       {[](SQLite::Database& sql) {
          sql.exec("INSERT INTO recordings (id, owner_id, created_at) VALUES ('" + kSecondRecordingId + "', '" +
                   kUserId + "', 1700000600)");
          sql.exec(
              "INSERT INTO annotations (id, recording_id, author_id, position_us, created_at, sealed_text, layer,"
              " end_us, updated_at, sealed_format) VALUES ('a-6', '" +
              kSecondRecordingId + "', '" + kUserId +
              "', 1000000, 1700000601, x'0d', 'citizen', 2500000, 1700000602, 2)");
          sql.exec("UPDATE recall_prompts SET is_active = 0 WHERE id = 'prompt-anders'");
        },
        [](SQLite::Database& sql) {
          EXPECT_EQ(sql.execAndGet("SELECT layer || '/' || end_us || '/' || updated_at || '/' || sealed_format"
                                   " FROM annotations WHERE id = 'a-6'")
                        .getString(),
                    "citizen/2500000/1700000602/2");
          // Written before migration 6 by a klantmanager: the own layer, sealed text format 1.
          EXPECT_EQ(sql.execAndGet("SELECT layer || '/' || sealed_format || '/' || ifnull(end_us, 'point') ||"
                                   " '/' || ifnull(updated_at, 'never') FROM annotations WHERE id = 'a-1'")
                        .getString(),
                    "own/1/point/never");
          EXPECT_EQ(sql.execAndGet("SELECT name FROM coding_schemes WHERE is_default = 1").getString(),
                    "Zoetermeer Kijkwijzer");
          EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM coding_categories WHERE scheme_id = 'kijkwijzer'").getInt(),
                    12);
          EXPECT_EQ(sql.execAndGet("SELECT group_concat(id) FROM (SELECT id FROM recall_prompts WHERE is_active = 1"
                                   " ORDER BY position)")
                        .getString(),
                    "prompt-dacht,prompt-bereiken,prompt-burger");
        }}},
  };
  return seeds;
}

TEST(Database, CreatesAVaultWithItsApplicationIdAtTheLatestSchema) {
  test::TempDir dir;
  auto db = createOrDie(dir / "vault.db");
  ASSERT_TRUE(db);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA application_id").getInt(), kApplicationId);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA user_version").getInt(), latestSchemaVersion());
  EXPECT_EQ(db->schemaVersion(), latestSchemaVersion());
  EXPECT_EQ(db->file(), dir / "vault.db");
}

TEST(Database, MigrationsAreNumberedOneUpWithoutGaps) {
  int expected = 1;
  for (const Migration& migration : migrations()) {
    EXPECT_EQ(migration.version, expected);
    EXPECT_NE(std::string(migration.description), "");
    ++expected;
  }
  EXPECT_EQ(latestSchemaVersion(), expected - 1);
}

void expectVaultPragmas(Database& db, int busyTimeoutMs) {
  SQLite::Database& sql = db.sql();
  EXPECT_EQ(sql.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(sql.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(sql.execAndGet("PRAGMA secure_delete").getInt(), 1);
  EXPECT_EQ(sql.execAndGet("PRAGMA temp_store").getInt(), 2);   // MEMORY
  EXPECT_EQ(sql.execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
  EXPECT_EQ(sql.execAndGet("PRAGMA busy_timeout").getInt(), busyTimeoutMs);
  // REPLACE must not delete audit entries behind the append-only triggers' back.
  EXPECT_EQ(sql.execAndGet("PRAGMA recursive_triggers").getInt(), 1);
}

TEST(Database, AppliesThePragmasTheVaultReliesOn) {
  test::TempDir dir;
  {
    auto created = createOrDie(dir / "vault.db", DatabaseOptions{1234, 0});
    ASSERT_TRUE(created);
    expectVaultPragmas(*created, 1234);
  }
  auto opened = openOrDie(dir / "vault.db", DatabaseOptions{4321, 0});
  ASSERT_TRUE(opened);
  expectVaultPragmas(*opened, 4321);
}

TEST(Database, EveryMigrationHasRepresentativeRowsInThisTest) {
  for (const Migration& migration : migrations())
    EXPECT_TRUE(seeds().contains(migration.version))
        << "migration " << migration.version << " (" << migration.description
        << ") has no representative rows in seeds(): add some, so the upgrade from it is tested with data";
}

TEST(Database, MigratesFromEveryHistoricalVersionKeepingTheData) {
  test::TempDir dir;
  std::vector<std::string> latestSchema;
  {
    auto fresh = createOrDie(dir / "fresh.db");
    ASSERT_TRUE(fresh);
    latestSchema = schemaOf(fresh->sql());
  }
  for (int version = 1; version <= latestSchemaVersion(); ++version) {
    SCOPED_TRACE(fmt::format("created at schema version {}", version));
    const fs::path file = dir / fmt::format("v{}.db", version);
    {
      auto old = createOrDie(file, DatabaseOptions{5000, version});
      ASSERT_TRUE(old);
      ASSERT_EQ(old->schemaVersion(), version);
      for (const auto& [seedVersion, seed] : seeds())
        if (seedVersion <= version) seed.insert(old->sql());
    }
    auto db = openOrDie(file);
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(schemaOf(db->sql()), latestSchema);
    EXPECT_EQ(db->sql().execAndGet("PRAGMA application_id").getInt(), kApplicationId);
    for (const auto& [seedVersion, seed] : seeds())
      if (seedVersion <= version) seed.check(db->sql());
    // Later versions' tables work in the migrated database too.
    for (const auto& [seedVersion, seed] : seeds())
      if (seedVersion > version) seed.insert(db->sql());
    for (const auto& [seedVersion, seed] : seeds()) seed.check(db->sql());
    SQLite::Statement dangling(db->sql(), "PRAGMA foreign_key_check");
    EXPECT_FALSE(dangling.executeStep()) << "a reference points nowhere";
  }
}

// A vault from before issue 15 may hold erasures and revoked shares whose
// checkpoint was blocked unnoticed: the upgrade asks for one more.
TEST(Database, AnUpgradeFromBeforeTheCheckpointFixAsksTheSweepToCheckpointAgain) {
  test::TempDir dir;
  const fs::path file = dir / "v4.db";
  {
    auto old = createOrDie(file, DatabaseOptions{5000, 4});
    ASSERT_TRUE(old);
    for (int version = 1; version <= 4; ++version) seeds().at(version).insert(old->sql());
  }
  auto db = openOrDie(file);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->sql().execAndGet("SELECT count(*) FROM wal_scrubs WHERE reason = 'upgrade'").getInt(), 1);
}

// Found by the review of issue 15: an account an administrator added or
// reset before the upgrade, that never chose its own password since, has a
// password the administrator knows, so it must choose its own first too.
TEST(Database, AnUpgradeAsksAccountsWithAnAdministratorsPasswordToChooseTheirOwn) {
  test::TempDir dir;
  const fs::path file = dir / "v4.db";
  {
    auto old = createOrDie(file, DatabaseOptions{5000, 4});
    ASSERT_TRUE(old);
    for (int version = 1; version <= 4; ++version) seeds().at(version).insert(old->sql());
    SQLite::Database& sql = old->sql();
    const auto addUser = [&](const std::string& id, const std::string& name) {
      sql.exec(
          "INSERT INTO users (id, name, role, public_key, kdf_salt, kdf_ops, kdf_mem, sk_nonce, sk_wrapped,"
          " failed_logins, is_disabled, created_at, password_changed_at) VALUES ('" +
          id + "', '" + name + "', 'coach', x'01', x'02', 2, 67108864, x'03', x'04', 0, 0, 1700000000, 1700000000)");
    };
    const auto audit = [&](int seq, const std::string& actor, const std::string& action, const std::string& id) {
      sql.exec(
          "INSERT INTO audit_log (seq, time, actor_id, actor_role, action, object_type, object_id, result,"
          " workstation, reason, app_version, prev_hash, hash) VALUES (" +
          std::to_string(seq) + ", 1700000000, '" + actor + "', 'administrator', '" + action + "', 'user', '" + id +
          "', 'ok', 'ws', '', '0.1.0', zeroblob(32), x'aa')");
    };
    addUser("u-first-admin", "beheer");
    addUser("u-added", "coach1");
    addUser("u-changed", "coach2");
    addUser("u-reset", "coach3");
    audit(10, "system", "user.add", "u-first-admin");
    audit(11, "u-first-admin", "user.add", "u-added");
    audit(12, "u-first-admin", "user.add", "u-changed");
    audit(13, "u-changed", "account.password", "u-changed");
    audit(14, "u-first-admin", "user.add", "u-reset");
    audit(15, "u-reset", "account.password", "u-reset");
    audit(16, "u-first-admin", "user.reset", "u-reset");
  }
  auto db = openOrDie(file);
  ASSERT_TRUE(db);
  const auto mustChange = [&](const std::string& id) {
    SQLite::Statement q(db->sql(), "SELECT must_change_password FROM users WHERE id = ?");
    q.bind(1, id);
    EXPECT_TRUE(q.executeStep());
    return q.getColumn(0).getInt() == 1;
  };
  EXPECT_FALSE(mustChange("u-first-admin")) << "typed their own at init";
  EXPECT_TRUE(mustChange("u-added"));
  EXPECT_FALSE(mustChange("u-changed"));
  EXPECT_TRUE(mustChange("u-reset")) << "reset after their own password";
  EXPECT_FALSE(mustChange(kUserId)) << "no administrator set this one's password";
}

// Issue 18: before migration 6 an annotation was in its author's own
// layer, so a coach's annotations move to the coach layer; what an erasure
// keeps from being added cannot be changed either.
TEST(Database, AnUpgradeFromSchema5PutsCoachesAnnotationsInTheCoachLayer) {
  test::TempDir dir;
  const fs::path file = dir / "v5.db";
  const std::string coachId = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4";
  {
    auto old = createOrDie(file, DatabaseOptions{5000, 5});
    ASSERT_TRUE(old);
    for (int version = 1; version <= 5; ++version) seeds().at(version).insert(old->sql());
    SQLite::Database& sql = old->sql();
    sql.exec(
        "INSERT INTO users (id, name, role, public_key, kdf_salt, kdf_ops, kdf_mem, sk_nonce, sk_wrapped,"
        " failed_logins, is_disabled, created_at, password_changed_at) VALUES ('" +
        coachId + "', 'coach.deboer', 'coach', x'01', x'02', 2, 67108864, x'03', x'04', 0, 0, 1700000000, 1700000000)");
    sql.exec("INSERT INTO recordings (id, owner_id, created_at) VALUES ('" + kSecondRecordingId + "', '" + kUserId +
             "', 1700000600)");
    const auto annotate = [&](const std::string& id, const std::string& author) {
      sql.exec("INSERT INTO annotations (id, recording_id, author_id, position_us, created_at, sealed_text) VALUES ('" +
               id + "', '" + kSecondRecordingId + "', '" + author + "', 500000, 1700000700, x'0e')");
    };
    annotate("a-coach", coachId);
    annotate("a-owner", kUserId);
  }
  auto db = openOrDie(file);
  ASSERT_TRUE(db);
  SQLite::Database& sql = db->sql();
  const auto layerOf = [&](const std::string& id) {
    return sql.execAndGet("SELECT layer || '/' || sealed_format FROM annotations WHERE id = '" + id + "'").getString();
  };
  EXPECT_EQ(layerOf("a-coach"), "coach/1");
  EXPECT_EQ(layerOf("a-owner"), "own/1");
  EXPECT_EQ(layerOf("a-1"), "own/1") << "on a recording being erased, moved by the migration all the same";
  EXPECT_EQ(
      sql.execAndGet("SELECT count(*) FROM annotations WHERE end_us IS NOT NULL OR updated_at IS NOT NULL").getInt(),
      0);
  // kRecordingId's erasure (seed 4) was requested: its annotation cannot be changed.
  EXPECT_THROW(sql.exec("UPDATE annotations SET position_us = 1 WHERE id = 'a-1'"), SQLite::Exception);
  EXPECT_EQ(sql.exec("UPDATE annotations SET position_us = 1 WHERE id = 'a-owner'"), 1);
  EXPECT_THROW(sql.exec("UPDATE annotations SET layer = 'manager' WHERE id = 'a-owner'"), SQLite::Exception);
}

TEST(Database, OpeningTheLatestVersionChangesNothing) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  { ASSERT_TRUE(createOrDie(file)); }
  const auto before = test::readFileBytes(file);
  { ASSERT_TRUE(openOrDie(file)); }
  EXPECT_EQ(test::readFileBytes(file), before);
}

// Writes `user_version` behind the store's back, as a newer build would.
void setUserVersion(const fs::path& file, int version) {
  SQLite::Database sql(file.string(), SQLite::OPEN_READWRITE);
  sql.exec("PRAGMA user_version = " + std::to_string(version));
}

void expectUntouched(const fs::path& file, const std::vector<unsigned char>& before) {
  EXPECT_EQ(test::readFileBytes(file), before);
  EXPECT_FALSE(fs::exists(walOf(file))) << "a -wal file was left beside the refused file";
  EXPECT_FALSE(fs::exists(shmOf(file))) << "a -shm file was left beside the refused file";
}

TEST(Database, RefusesAVaultWrittenByANewerVersionWithoutTouchingIt) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  { ASSERT_TRUE(createOrDie(file)); }
  setUserVersion(file, latestSchemaVersion() + 1);
  ASSERT_FALSE(fs::exists(walOf(file)));
  const auto before = test::readFileBytes(file);

  auto db = Database::open(file);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::VaultTooNew);
  EXPECT_NE(db.error().message.find(std::to_string(latestSchemaVersion() + 1)), std::string::npos)
      << db.error().message;
  expectUntouched(file, before);
}

TEST(Database, RefusesANewerVaultThatIsOpenInAnotherProgram) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  { ASSERT_TRUE(createOrDie(file)); }
  // The newer build still runs: its change sits in the write-ahead log.
  SQLite::Database newer(file.string(), SQLite::OPEN_READWRITE);
  newer.exec("PRAGMA user_version = " + std::to_string(latestSchemaVersion() + 1));
  ASSERT_TRUE(fs::exists(walOf(file)));
  EXPECT_EQ(openError(file), ErrorCode::VaultTooNew);
}

TEST(Database, OpensAVaultWhosePathHasCharactersThatMeanSomethingInURIs) {
  test::TempDir dir;
  const fs::path folder = dir / "map 50% #1?";
  fs::create_directory(folder);
  const fs::path file = folder / "vault?mode=ro&immutable=0.db";
  { ASSERT_TRUE(createOrDie(file)); }
  auto db = openOrDie(file);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schemaVersion(), latestSchemaVersion());
}

TEST(Database, RefusesAFileThatIsNotSQLiteWithoutTouchingIt) {
  test::TempDir dir;
  const fs::path file = dir / "holiday.mp4";
  test::writeFileBytes(file, test::randomBytes(8192));
  const auto before = test::readFileBytes(file);
  EXPECT_EQ(openError(file), ErrorCode::NotAVault);
  expectUntouched(file, before);
}

TEST(Database, RefusesAnEmptyFileWithoutTouchingIt) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  test::writeFileBytes(file, {});
  EXPECT_EQ(openError(file), ErrorCode::NotAVault);
  expectUntouched(file, {});
}

TEST(Database, RefusesAnotherApplicationsSQLiteFileWithoutTouchingIt) {
  test::TempDir dir;
  const fs::path file = dir / "other.db";
  {
    SQLite::Database other(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("PRAGMA application_id = 1234; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  }
  const auto before = test::readFileBytes(file);
  EXPECT_EQ(openError(file), ErrorCode::NotAVault);
  expectUntouched(file, before);
}

TEST(Database, RefusesAnotherApplicationsWalModeFileWithoutTouchingIt) {
  test::TempDir dir;
  const fs::path file = dir / "other.db";
  {
    SQLite::Database other(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  }
  ASSERT_FALSE(fs::exists(walOf(file)));
  const auto before = test::readFileBytes(file);
  EXPECT_EQ(openError(file), ErrorCode::NotAVault);
  expectUntouched(file, before);
}

TEST(Database, ReportsAMissingVault) {
  test::TempDir dir;
  EXPECT_EQ(openError(dir / "nothing-here.db"), ErrorCode::VaultMissing);
  EXPECT_EQ(openError(dir.path()), ErrorCode::VaultMissing);  // a folder is not a vault file
  EXPECT_FALSE(fs::exists(dir / "nothing-here.db"));
}

TEST(Database, RefusesToCreateOverAnExistingFile) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  { ASSERT_TRUE(createOrDie(file)); }
  const auto before = test::readFileBytes(file);
  auto again = Database::create(file);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::VaultExists);
  EXPECT_EQ(test::readFileBytes(file), before);

  test::writeFileBytes(dir / "notes.txt", {'h', 'i'});
  auto overNotes = Database::create(dir / "notes.txt");
  ASSERT_FALSE(overNotes);
  EXPECT_EQ(overNotes.error().code, ErrorCode::VaultExists);
}

TEST(Database, ReportsAnIoErrorWhenTheFolderDoesNotExist) {
  test::TempDir dir;
  auto db = Database::create(dir / "no-such-folder" / "vault.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::Io);
}

TEST(Database, CommitsATransactionThatSucceeds) {
  test::TempDir dir;
  auto db = createOrDie(dir / "vault.db");
  ASSERT_TRUE(db);
  const Status status = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('a', '1')");
    return {};
  });
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(countRows(db->sql(), "settings"), 1);
  EXPECT_TRUE(db->sql().getHandle() != nullptr && sqlite3_get_autocommit(db->sql().getHandle()) != 0);
}

TEST(Database, RollsBackATransactionThatReturnsAnError) {
  test::TempDir dir;
  auto db = createOrDie(dir / "vault.db");
  ASSERT_TRUE(db);
  const Status status = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('a', '1')");
    return fail(ErrorCode::Cancelled, "stopped");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::Cancelled);
  EXPECT_EQ(countRows(db->sql(), "settings"), 0);
  EXPECT_NE(sqlite3_get_autocommit(db->sql().getHandle()), 0) << "the transaction was left open";
}

TEST(Database, RollsBackATransactionWhenSQLiteThrows) {
  test::TempDir dir;
  auto db = createOrDie(dir / "vault.db");
  ASSERT_TRUE(db);
  const Status status = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('a', '1')");
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('a', '2')");  // primary key violation
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::Io);
  EXPECT_EQ(countRows(db->sql(), "settings"), 0);
}

TEST(Database, RollsBackAndRethrowsOtherExceptions) {
  test::TempDir dir;
  auto db = createOrDie(dir / "vault.db");
  ASSERT_TRUE(db);
  EXPECT_THROW((void)db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('a', '1')");
    throw std::runtime_error("not a SQLite error");
  }),
               std::runtime_error);
  EXPECT_EQ(countRows(db->sql(), "settings"), 0);
  EXPECT_NE(sqlite3_get_autocommit(db->sql().getHandle()), 0) << "the transaction was left open";
  // The next transaction starts afresh (it is not taken for a nested one).
  const Status next = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('b', '1')");
    return {};
  });
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_NE(sqlite3_get_autocommit(db->sql().getHandle()), 0) << "the second transaction was not committed";
}

TEST(Database, NestedTransactionsJoinTheOuterOne) {
  test::TempDir dir;
  auto db = createOrDie(dir / "vault.db");
  ASSERT_TRUE(db);
  // The inner call succeeds, the outer fails afterwards: both roll back.
  const Status status = db->transaction([&]() -> Status {
    VS_TRY(db->transaction([&]() -> Status {
      db->sql().exec("INSERT INTO settings (key, value) VALUES ('inner', '1')");
      return {};
    }));
    EXPECT_EQ(sqlite3_get_autocommit(db->sql().getHandle()), 0) << "the inner call committed the outer transaction";
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('outer', '1')");
    return fail(ErrorCode::Cancelled, "stopped");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(countRows(db->sql(), "settings"), 0);

  // The inner call fails and the outer passes its error on: nothing is kept.
  const Status inner = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('outer', '1')");
    return db->transaction([&]() -> Status {
      db->sql().exec("INSERT INTO settings (key, value) VALUES ('inner', '1')");
      return fail(ErrorCode::Cancelled, "stopped");
    });
  });
  ASSERT_FALSE(inner);
  EXPECT_EQ(countRows(db->sql(), "settings"), 0);

  // Both succeed: committed once, by the outer call.
  const Status both = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('outer', '1')");
    return db->transaction([&]() -> Status {
      db->sql().exec("INSERT INTO settings (key, value) VALUES ('inner', '1')");
      return {};
    });
  });
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(countRows(db->sql(), "settings"), 2);
  EXPECT_NE(sqlite3_get_autocommit(db->sql().getHandle()), 0);
}

TEST(Database, ReportsABusyVaultWhenAnotherProgramHoldsTheWriteLock) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  auto db = createOrDie(file, DatabaseOptions{50, 0});
  ASSERT_TRUE(db);
  SQLite::Database sweep(file.string(), SQLite::OPEN_READWRITE);
  sweep.exec("BEGIN IMMEDIATE");
  sweep.exec("INSERT INTO settings (key, value) VALUES ('sweep', 'running')");

  const Status status = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('gui', '1')");
    return {};
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::VaultBusy);

  // Statements outside transaction() map SQLITE_BUSY the same way.
  const Status guarded = db->guarded([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('gui', '2')");
    return {};
  });
  ASSERT_FALSE(guarded);
  EXPECT_EQ(guarded.error().code, ErrorCode::VaultBusy);

  sweep.exec("COMMIT");
  const Status later = db->transaction([&]() -> Status {
    db->sql().exec("INSERT INTO settings (key, value) VALUES ('gui', '3')");
    return {};
  });
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_EQ(countRows(db->sql(), "settings"), 2);
}

TEST(Database, OpensAnUpToDateVaultWhileAnotherProgramWrites) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  { ASSERT_TRUE(createOrDie(file)); }
  SQLite::Database sweep(file.string(), SQLite::OPEN_READWRITE);
  sweep.exec("BEGIN IMMEDIATE");
  sweep.exec("INSERT INTO settings (key, value) VALUES ('sweep', 'running')");
  // Nothing to migrate, so opening needs no write lock.
  auto db = Database::open(file, DatabaseOptions{50, 0});
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->schemaVersion(), latestSchemaVersion());
  sweep.exec("ROLLBACK");
}

TEST(Database, ReportsABusyVaultWhenAMigrationCannotGetTheWriteLock) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  { ASSERT_TRUE(createOrDie(file, DatabaseOptions{5000, 1})); }
  SQLite::Database sweep(file.string(), SQLite::OPEN_READWRITE);
  sweep.exec("BEGIN IMMEDIATE");
  sweep.exec("INSERT INTO settings (key, value) VALUES ('sweep', 'running')");
  EXPECT_EQ(openError(file, DatabaseOptions{50, 0}), ErrorCode::VaultBusy);
  sweep.exec("COMMIT");
  auto db = openOrDie(file);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schemaVersion(), latestSchemaVersion());
}

TEST(Database, AFailingMigrationLeavesThePreviousVersion) {
  if (latestSchemaVersion() < 2) GTEST_SKIP() << "needs a second migration";
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  { ASSERT_TRUE(createOrDie(file, DatabaseOptions{5000, 1})); }
  {
    // An index with the name migration 2 creates last: its earlier statements
    // (two CREATE TABLEs) succeed, then it fails.
    SQLite::Database sql(file.string(), SQLite::OPEN_READWRITE);
    sql.exec("CREATE INDEX recording_keys_by_user ON settings(value)");
  }
  auto db = Database::open(file);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::Io);

  SQLite::Database sql(file.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(sql.execAndGet("PRAGMA user_version").getInt(), 1);
  EXPECT_FALSE(sql.tableExists("recordings")) << "half of migration 2 was kept";
  EXPECT_FALSE(sql.tableExists("recording_keys")) << "half of migration 2 was kept";
}

TEST(Database, CheckpointTruncateEmptiesTheWriteAheadLog) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  auto db = createOrDie(file);
  ASSERT_TRUE(db);
  db->sql().exec("INSERT INTO settings (key, value) VALUES ('a', '" + std::string(10000, 'x') + "')");
  ASSERT_GT(fs::file_size(walOf(file)), 0u);
  const Result<bool> complete = db->checkpointTruncate();
  ASSERT_TRUE(complete) << complete.error().message;
  EXPECT_TRUE(*complete);
  EXPECT_EQ(fs::file_size(walOf(file)), 0u);
  EXPECT_EQ(countRows(db->sql(), "settings"), 1);
}

// The attack of issue 15: another connection holding a read snapshot kept
// the checkpoint from copying the WAL into the database file, and the
// checkpoint's "busy" result was ignored, so an erasure said done while the
// deleted sealed key was still in vault.db.
TEST(Database, ACheckpointBlockedByAReadersSnapshotSaysSoAndCompletesOnceItEnds) {
  test::TempDir dir;
  const fs::path file = dir / "vault.db";
  auto db = createOrDie(file, DatabaseOptions{200, 0});
  ASSERT_TRUE(db);
  const std::string secret(3000, 'K');
  db->sql().exec("INSERT INTO settings (key, value) VALUES ('k', '" + secret + "')");
  ASSERT_TRUE(*db->checkpointTruncate());
  ASSERT_GE(test::countOccurrences(test::readFileBytes(file), secret), 1);

  SQLite::Database reader(file.string(), SQLite::OPEN_READONLY);
  reader.exec("BEGIN");
  EXPECT_EQ(reader.execAndGet("SELECT count(*) FROM settings").getInt(), 1);  // the snapshot is taken here

  db->sql().exec("DELETE FROM settings WHERE key = 'k'");  // secure_delete zeroes it in the new page
  const Result<bool> blocked = db->checkpointTruncate();
  ASSERT_TRUE(blocked) << blocked.error().message;
  EXPECT_FALSE(*blocked);
  EXPECT_GE(test::countOccurrences(test::readFileBytes(file), secret), 1) << "the database file still has it";

  reader.exec("COMMIT");
  const Result<bool> complete = db->checkpointTruncate();
  ASSERT_TRUE(complete) << complete.error().message;
  EXPECT_TRUE(*complete);
  EXPECT_EQ(fs::file_size(walOf(file)), 0u);
  EXPECT_EQ(test::countOccurrences(test::readFileBytes(file), secret), 0);
}

TEST(Database, MapsSQLiteErrorsToVaultErrors) {
  const std::vector<std::pair<int, ErrorCode>> cases = {
      {SQLITE_BUSY, ErrorCode::VaultBusy},
      {SQLITE_BUSY_SNAPSHOT, ErrorCode::VaultBusy},
      {SQLITE_LOCKED, ErrorCode::VaultBusy},
      {SQLITE_FULL, ErrorCode::DiskFull},
      {SQLITE_NOTADB, ErrorCode::NotAVault},
      {SQLITE_CORRUPT, ErrorCode::CorruptData},
      {SQLITE_CORRUPT_INDEX, ErrorCode::CorruptData},
      {SQLITE_CANTOPEN, ErrorCode::Io},
      {SQLITE_READONLY, ErrorCode::Io},
      {SQLITE_IOERR_FSYNC, ErrorCode::Io},
      {SQLITE_ERROR, ErrorCode::Io},
  };
  for (const auto& [code, expected] : cases) {
    const Error error = sqliteError(SQLite::Exception("test", code));
    EXPECT_EQ(error.code, expected) << "SQLite code " << code;
    EXPECT_FALSE(error.message.empty());
  }
}

}  // namespace
}  // namespace vakspiegel
