// Opening, creating and migrating the vault database.
#include "store/database.h"

#include <sqlite3.h>

#include <SQLiteCpp/Statement.h>

#include "core/i18n.h"

namespace vakspiegel {

bool isUniqueViolation(const SQLite::Exception& e) {
  return e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE ||
         e.getExtendedErrorCode() == SQLITE_CONSTRAINT_PRIMARYKEY;
}

Error sqliteError(const SQLite::Exception& e) {
  // A trigger's refusal (append-only tables, a recording being erased).
  if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_TRIGGER)
    return {ErrorCode::InvalidArgument,
            tr("The vault refused this change: the recording is being erased, or the record may only be added to.")};
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ErrorCode::VaultBusy,
              tr("The vault is in use by another program (for example the sweep). Try again in a moment.")};
    case SQLITE_FULL:
      return {ErrorCode::DiskFull, tr("The disk is full. Make space free and try again; nothing was changed.")};
    case SQLITE_NOTADB: return {ErrorCode::NotAVault, tr("This file is not a Vakspiegel vault.")};
    case SQLITE_CORRUPT:
      return {ErrorCode::CorruptData,
              tr("The vault database is damaged. Restore a backup or contact the administrator.")};
    case SQLITE_CANTOPEN:
      return {ErrorCode::Io, tr("The vault database cannot be opened. Check that the folder exists and is readable.")};
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return {ErrorCode::Io, tr("The vault cannot be written. Check the permissions of the vault folder.")};
    default: return {ErrorCode::Io, trf("The vault database reported an error (code {}).", e.getErrorCode())};
  }
}

namespace {

// "file:" URI of a path, with everything but unreserved characters and '/'
// percent-encoded (sqlite.org/uri.html).
std::string fileUri(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  if (ec) absolute = file;
  std::string uri = "file:";
  for (const char c : absolute.string()) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      uri += c;
    } else {
      uri += fmt::format("%{:02X}", u);
    }
  }
  return uri;
}

// NotAVault or VaultTooNew unless `sql` is a Vakspiegel database this build can read.
Status checkIdentity(SQLite::Database& sql) {
  const int applicationId = sql.execAndGet("PRAGMA application_id").getInt();
  if (applicationId != kApplicationId) return fail(ErrorCode::NotAVault, tr("This file is not a Vakspiegel vault."));
  const int version = sql.execAndGet("PRAGMA user_version").getInt();
  if (version > latestSchemaVersion())
    return fail(ErrorCode::VaultTooNew,
                trf("This vault was written by a newer version of Vakspiegel (schema {}, this program knows "
                    "up to {}). Install the newer version; the vault was not changed.",
                    version, latestSchemaVersion()));
  return {};
}

}  // namespace

Database::Database(std::filesystem::path file, std::unique_ptr<SQLite::Database> db)
    : m_file(std::move(file)), m_db(std::move(db)) {}

Result<std::unique_ptr<Database>> Database::create(const std::filesystem::path& file, DatabaseOptions options) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) return fail(ErrorCode::VaultExists, tr("There is already a vault here."));
  auto created = [&]() -> Result<std::unique_ptr<Database>> {
    try {
      auto db = std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      std::unique_ptr<Database> database(new Database(file, std::move(db)));
      database->m_db->exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
      VS_TRY(database->applyPragmas(options.busyTimeoutMs));
      VS_TRY(database->migrate(options.migrateUpTo));
      return database;
    } catch (const SQLite::Exception& e) {
      return fail(sqliteError(e));
    }
  }();
  if (!created) removeFiles(file);  // a half-made file would make the next create report VaultExists
  return created;
}

const char* Database::libraryVersion() {
  return sqlite3_libversion();
}

void Database::removeFiles(const std::filesystem::path& file) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(file.string() + suffix, ec);
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file, DatabaseOptions options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return fail(ErrorCode::VaultMissing, tr("There is no vault at this place. Create one with 'init' first."));
  try {
    // Identify the file first: refusing must leave it untouched. Any normal
    // connection to a WAL-mode file, even a read-only one, creates -wal and
    // -shm files beside it. Without a -wal file everything is in the main
    // file, so it is read as immutable (no locks, no side files); with one
    // (the vault is open elsewhere, or a program crashed) it is read through
    // the side files that are already there.
    {
      const bool hasWal = std::filesystem::exists(file.string() + "-wal", ec);
      SQLite::Database probe(hasWal ? file.string() : fileUri(file) + "?immutable=1",
                             SQLite::OPEN_READONLY | SQLite::OPEN_URI);
      probe.setBusyTimeout(options.busyTimeoutMs);
      VS_TRY(checkIdentity(probe));
    }
    auto db = std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READWRITE);
    std::unique_ptr<Database> database(new Database(file, std::move(db)));
    database->m_db->setBusyTimeout(options.busyTimeoutMs);
    // Again through the write-ahead log, which a newer build may have written
    // to after the probe.
    VS_TRY(checkIdentity(*database->m_db));
    VS_TRY(database->applyPragmas(options.busyTimeoutMs));
    VS_TRY(database->migrate(options.migrateUpTo));
    return database;
  } catch (const SQLite::Exception& e) {
    return fail(sqliteError(e));
  }
}

Status Database::applyPragmas(int busyTimeoutMs) {
  m_db->setBusyTimeout(busyTimeoutMs);
  const std::string mode = m_db->execAndGet("PRAGMA journal_mode = WAL").getString();
  if (mode != "wal")
    return fail(ErrorCode::Io,
                tr("The vault database cannot use its journal. Check the permissions of the vault folder."));
  m_db->exec("PRAGMA foreign_keys = ON");
  m_db->exec("PRAGMA secure_delete = ON");
  m_db->exec("PRAGMA temp_store = MEMORY");
  m_db->exec("PRAGMA synchronous = FULL");
  // With recursive triggers off, INSERT OR REPLACE deletes the row it replaces
  // without firing DELETE triggers, which would get past the audit log's
  // append-only trigger.
  m_db->exec("PRAGMA recursive_triggers = ON");
  return {};
}

int Database::schemaVersion() {
  return m_db->execAndGet("PRAGMA user_version").getInt();
}

Status Database::migrate(int upTo) {
  const int target = upTo > 0 ? upTo : latestSchemaVersion();
  for (const Migration& migration : migrations()) {
    if (migration.version > target) break;
    // Usually there is nothing to do: checking before taking the write lock
    // lets a vault open while another process (the sweep) is writing.
    if (schemaVersion() >= migration.version) continue;
    VS_TRY(transaction([&]() -> Status {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (schemaVersion() >= migration.version) return {};
      m_db->exec(migration.sql);
      m_db->exec(fmt::format("PRAGMA user_version = {}", migration.version));
      return {};
    }));
  }
  return {};
}

Status Database::transaction(const std::function<Status()>& work) {
  return runTransaction("BEGIN IMMEDIATE", work);
}

Status Database::readTransaction(const std::function<Status()>& work) {
  return runTransaction("BEGIN", work);
}

Status Database::runTransaction(const char* begin, const std::function<Status()>& work) {
  if (m_transactionDepth > 0) {
    // Joined transaction: the outermost call commits or rolls back.
    ++m_transactionDepth;
    Status result;
    try {
      result = work();
    } catch (...) {
      --m_transactionDepth;
      throw;
    }
    --m_transactionDepth;
    return result;
  }
  try {
    m_db->exec(begin);
  } catch (const SQLite::Exception& e) {
    return fail(sqliteError(e));
  }
  ++m_transactionDepth;
  Status result;
  try {
    result = work();
    if (result) m_db->exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    result = fail(sqliteError(e));
  } catch (...) {
    // Not ours to translate, but the transaction must not stay open (and
    // the depth must not make the next call think it is nested).
    --m_transactionDepth;
    m_db->tryExec("ROLLBACK");
    throw;
  }
  --m_transactionDepth;
  if (!result) m_db->tryExec("ROLLBACK");
  return result;
}

Result<bool> Database::checkpointTruncate() {
  const bool isComplete = VS_TRY(guarded([&]() -> Result<bool> {
    // One row: busy (1 when a reader or writer kept the checkpoint from
    // finishing), frames in the log, frames moved into the database.
    SQLite::Statement q(*m_db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (!q.executeStep()) return false;
    const int busy = q.getColumn(0).getInt();
    const int logFrames = q.getColumn(1).getInt();
    const int checkpointed = q.getColumn(2).getInt();
    return busy == 0 && logFrames == checkpointed;
  }));
  // A TRUNCATE checkpoint that was not busy moved every frame and emptied the
  // WAL (a writer may have appended new frames since: those are not old pages).
  return isComplete;
}

std::vector<unsigned char> columnBytes(const SQLite::Column& column) {
  const auto* data = static_cast<const unsigned char*>(column.getBlob());
  return {data, data + column.getBytes()};
}

void bindBytes(SQLite::Statement& statement, int index, const std::vector<unsigned char>& bytes) {
  statement.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace vakspiegel
