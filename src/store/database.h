// The SQLite store: one database file per vault, opened through SQLiteCpp
// with the pragmas the vault relies on (WAL, foreign keys, secure_delete,
// in-memory temp store, synchronous=FULL, busy timeout), identified by its
// application_id and versioned by user_version with an append-only list of
// migrations (migrations.cpp), each applied in one transaction.
//
// All SQL of the project lives in src/store/. SQLite exceptions never leave
// this folder: they are mapped to Error (sqliteError()).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "core/error.h"

namespace vakspiegel {

// "VSPG" in the SQLite header's application_id field.
inline constexpr int kApplicationId = 0x56535047;

struct Migration {
  int version;              // 1, 2, 3... in order, never renumbered
  const char* description;  // for logs
  const char* sql;          // applied in one transaction
};

// The append-only list of migrations; the schema version is the last entry's.
[[nodiscard]] const std::vector<Migration>& migrations();
[[nodiscard]] int latestSchemaVersion();

struct DatabaseOptions {
  int busyTimeoutMs = 5000;
  // For tests of historical schemas only: stop migrating at this version
  // (0 = the latest).
  int migrateUpTo = 0;
};

class Database {
 public:
  // Creates a new database file. Errors: VaultExists when the file exists, Io, DiskFull.
  [[nodiscard]] static Result<std::unique_ptr<Database>> create(const std::filesystem::path& file,
                                                                DatabaseOptions options = {});
  // Opens an existing database and migrates it to the latest schema. Before
  // anything is written it checks, read-only, that the file is a Vakspiegel
  // database (NotAVault otherwise) not written by a newer build (VaultTooNew);
  // in both cases the file is left untouched.
  // Errors: VaultMissing, NotAVault, VaultTooNew, VaultBusy, CorruptData, Io.
  [[nodiscard]] static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file,
                                                              DatabaseOptions options = {});

  // Removes a database file and its -wal, -shm and -journal companions (for
  // files that were never a complete vault); missing files are no error.
  static void removeFiles(const std::filesystem::path& file);
  // The SQLite library in use, e.g. "3.40.1".
  [[nodiscard]] static const char* libraryVersion();

  [[nodiscard]] SQLite::Database& sql() { return *m_db; }
  [[nodiscard]] int schemaVersion();
  [[nodiscard]] const std::filesystem::path& file() const { return m_file; }

  // Runs `work` inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK when it returns an
  // error or throws a SQLite exception). Nested calls join the outer transaction.
  [[nodiscard]] Status transaction(const std::function<Status()>& work);
  // Runs `work`, which only reads, on one snapshot (BEGIN ... COMMIT): it
  // neither waits for nor blocks writers. Inside transaction() it joins it.
  [[nodiscard]] Status readTransaction(const std::function<Status()>& work);

  // Wraps SQLite calls that are not inside transaction(): exceptions become Errors.
  template <class F>
  [[nodiscard]] auto guarded(F&& work) -> decltype(work());

  // Runs one INSERT; a unique or primary-key violation becomes AlreadyExists
  // with `whenTaken` (in the user's language), other failures the store's errors.
  template <class Bind>
  [[nodiscard]] Status insert(const char* sql, const std::string& whenTaken, Bind&& bind);

  // Moves every frame of the WAL into the main file and truncates the WAL to
  // zero bytes (after erasures and other deletions of key material, so that
  // neither the -wal file nor the main file keeps an old version of a
  // deleted page). Waits up to the busy timeout for other connections.
  // Returns false when it could not complete: another connection (another
  // program with the vault open, a backup tool) still reads an older
  // snapshot, so the main file may still hold what was deleted and the WAL
  // its old frames. Errors: the store's (Io, DiskFull, CorruptData).
  [[nodiscard]] Result<bool> checkpointTruncate();

 private:
  Database(std::filesystem::path file, std::unique_ptr<SQLite::Database> db);
  [[nodiscard]] Status applyPragmas(int busyTimeoutMs);
  [[nodiscard]] Status migrate(int upTo);

  std::filesystem::path m_file;
  std::unique_ptr<SQLite::Database> m_db;
  [[nodiscard]] Status runTransaction(const char* begin, const std::function<Status()>& work);

  int m_transactionDepth = 0;
};

// A user-facing Error for a SQLite failure (BUSY/LOCKED -> VaultBusy,
// FULL -> DiskFull, NOTADB -> NotAVault, CORRUPT -> CorruptData, else Io).
[[nodiscard]] Error sqliteError(const SQLite::Exception& e);

// BLOB columns as bytes, for the stores.
[[nodiscard]] std::vector<unsigned char> columnBytes(const SQLite::Column& column);
void bindBytes(SQLite::Statement& statement, int index, const std::vector<unsigned char>& bytes);

[[nodiscard]] bool isUniqueViolation(const SQLite::Exception& e);

template <class Bind>
Status Database::insert(const char* sql, const std::string& whenTaken, Bind&& bind) {
  try {
    SQLite::Statement q(*m_db, sql);
    bind(q);
    q.exec();
    return {};
  } catch (const SQLite::Exception& e) {
    if (isUniqueViolation(e)) return tl::unexpected(Error{ErrorCode::AlreadyExists, whenTaken});
    return tl::unexpected(sqliteError(e));
  }
}

template <class F>
auto Database::guarded(F&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(sqliteError(e));
  }
}

}  // namespace vakspiegel
