// SQL of the erasure journal. See erasure_store.h.
#include "store/erasure_store.h"

#include <SQLiteCpp/Statement.h>

#include "core/i18n.h"

namespace vakspiegel {
namespace {

constexpr const char* kColumns =
    "recording_id, reason, state, requested_at, requested_by, keys_destroyed_at, files_removed_at, completed_at,"
    " ciphertext_bytes, ciphertext_hash";

std::optional<std::int64_t> optionalInt(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

ErasureRow readRow(SQLite::Statement& q) {
  ErasureRow row;
  row.recordingId = q.getColumn(0).getString();
  row.reason = q.getColumn(1).getString();
  row.state = q.getColumn(2).getString();
  row.requestedAt = q.getColumn(3).getInt64();
  row.requestedBy = q.getColumn(4).getString();
  row.keysDestroyedAt = optionalInt(q.getColumn(5));
  row.filesRemovedAt = optionalInt(q.getColumn(6));
  row.completedAt = optionalInt(q.getColumn(7));
  row.ciphertextBytes = optionalInt(q.getColumn(8));
  if (!q.getColumn(9).isNull()) row.ciphertextHash = columnBytes(q.getColumn(9));
  return row;
}

Result<std::vector<std::string>> ids(Database& db, const std::string& sql, std::optional<std::int64_t> bind = {}) {
  return db.guarded([&]() -> Result<std::vector<std::string>> {
    SQLite::Statement q(db.sql(), sql);
    if (bind) q.bind(1, *bind);
    std::vector<std::string> list;
    while (q.executeStep()) list.push_back(q.getColumn(0).getString());
    return list;
  });
}

// Runs a statement bound to the recording id; returns the rows it changed.
template <class Bind>
Result<int> change(Database& db, const char* sql, Bind&& bind) {
  return db.guarded([&]() -> Result<int> {
    SQLite::Statement q(db.sql(), sql);
    bind(q);
    return q.exec();
  });
}

}  // namespace

Status ErasureStore::insert(const ErasureRow& row) {
  return m_db.insert(
      "INSERT INTO erasures (recording_id, reason, state, requested_at, requested_by)"
      " VALUES (?,?,?,?,?)",
      tr("The erasure of this recording was already requested."), [&](SQLite::Statement& q) {
        q.bind(1, row.recordingId);
        q.bind(2, row.reason);
        q.bind(3, row.state);
        q.bind(4, row.requestedAt);
        q.bind(5, row.requestedBy);
      });
}

Result<std::optional<ErasureRow>> ErasureStore::find(const std::string& recordingId) {
  return m_db.guarded([&]() -> Result<std::optional<ErasureRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM erasures WHERE recording_id = ?", kColumns));
    q.bind(1, recordingId);
    if (!q.executeStep()) return std::optional<ErasureRow>{};
    return std::optional<ErasureRow>{readRow(q)};
  });
}

Result<std::vector<ErasureRow>> ErasureStore::all() {
  return m_db.guarded([&]() -> Result<std::vector<ErasureRow>> {
    SQLite::Statement q(m_db.sql(),
                        fmt::format("SELECT {} FROM erasures ORDER BY requested_at DESC, recording_id", kColumns));
    std::vector<ErasureRow> rows;
    while (q.executeStep()) rows.push_back(readRow(q));
    return rows;
  });
}

Result<std::vector<std::string>> ErasureStore::unfinished() {
  return ids(m_db, "SELECT recording_id FROM erasures WHERE state <> 'done' ORDER BY requested_at, recording_id");
}

Result<std::vector<std::string>> ErasureStore::expiredWithoutErasure(std::int64_t now) {
  return ids(m_db,
             "SELECT c.recording_id FROM consents c WHERE c.retention_end <= ?1 AND NOT EXISTS"
             " (SELECT 1 FROM erasures e WHERE e.recording_id = c.recording_id) ORDER BY c.retention_end",
             now);
}

Result<std::vector<std::string>> ErasureStore::keylessWithoutErasure() {
  return ids(m_db,
             "SELECT r.id FROM recordings r WHERE NOT EXISTS (SELECT 1 FROM recording_keys k"
             " WHERE k.recording_id = r.id) AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.recording_id = r.id)"
             " ORDER BY r.id");
}

Result<std::vector<std::pair<std::string, bool>>> ErasureStore::recordingIds() {
  return m_db.guarded([&]() -> Result<std::vector<std::pair<std::string, bool>>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT r.id, EXISTS (SELECT 1 FROM erasures e WHERE e.recording_id = r.id"
                        " AND e.state <> 'done')"
                        " FROM recordings r");
    std::vector<std::pair<std::string, bool>> list;
    while (q.executeStep()) list.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt() != 0);
    return list;
  });
}

Result<bool> ErasureStore::markKeysDestroyed(const std::string& recordingId, std::int64_t at,
                                             std::int64_t ciphertextBytes,
                                             const std::vector<unsigned char>& ciphertextHash) {
  const int n = VS_TRY(change(m_db,
                              "UPDATE erasures SET state = 'keys_destroyed', keys_destroyed_at = ?2,"
                              " ciphertext_bytes = ?3, ciphertext_hash = ?4"
                              " WHERE recording_id = ?1 AND state = 'pending'",
                              [&](SQLite::Statement& q) {
                                q.bind(1, recordingId);
                                q.bind(2, at);
                                q.bind(3, ciphertextBytes);
                                bindBytes(q, 4, ciphertextHash);
                              }));
  return n > 0;
}

Result<bool> ErasureStore::markFilesRemoved(const std::string& recordingId, std::int64_t at) {
  const int n = VS_TRY(change(m_db,
                              "UPDATE erasures SET state = 'files_removed', files_removed_at = ?2"
                              " WHERE recording_id = ?1 AND state = 'keys_destroyed'",
                              [&](SQLite::Statement& q) {
                                q.bind(1, recordingId);
                                q.bind(2, at);
                              }));
  return n > 0;
}

Result<bool> ErasureStore::markDone(const std::string& recordingId, std::int64_t at) {
  const int n = VS_TRY(change(m_db,
                              "UPDATE erasures SET state = 'done', completed_at = ?2"
                              " WHERE recording_id = ?1 AND state = 'files_removed'",
                              [&](SQLite::Statement& q) {
                                q.bind(1, recordingId);
                                q.bind(2, at);
                              }));
  return n > 0;
}

Status ErasureStore::setConsentState(const std::string& recordingId, const std::string& state, std::int64_t at) {
  VS_TRY(change(m_db, "UPDATE consents SET state = ?2, state_changed_at = ?3 WHERE recording_id = ?1",
                [&](SQLite::Statement& q) {
                  q.bind(1, recordingId);
                  q.bind(2, state);
                  q.bind(3, at);
                }));
  return {};
}

Status ErasureStore::destroyKeysAndContent(const std::string& recordingId) {
  const auto bindId = [&](SQLite::Statement& q) { q.bind(1, recordingId); };
  VS_TRY(change(m_db, "DELETE FROM recording_keys WHERE recording_id = ?1", bindId));
  VS_TRY(change(m_db, "DELETE FROM annotations WHERE recording_id = ?1", bindId));
  return {};
}

Status ErasureStore::forgetFiles(const std::string& recordingId) {
  VS_TRY(change(m_db, "DELETE FROM recording_files WHERE recording_id = ?1",
                [&](SQLite::Statement& q) { q.bind(1, recordingId); }));
  return {};
}

Result<int> ErasureStore::removeKeysWithoutRecording() {
  return change(m_db, "DELETE FROM recording_keys WHERE recording_id NOT IN (SELECT id FROM recordings)",
                [](SQLite::Statement&) {});
}

}  // namespace vakspiegel
