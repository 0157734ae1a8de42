// SQL for recordings, their consent records, files and sealed keys.
#include "store/recording_store.h"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

#include "core/i18n.h"
#include "core/ids.h"

namespace vakspiegel {
namespace {

constexpr const char* kRecordingColumns =
    "r.id, r.owner_id, r.created_at, r.recorded_at, r.duration_us, r.width, r.height, r.import_mode";
constexpr const char* kConsentColumns =
    "c.recording_id, c.scopes, c.method, c.recorded_at, c.registered_at, c.registered_by, c.retention_end, "
    "c.withdrawal_code, c.state, c.state_changed_at";

RecordingRow readRecording(SQLite::Statement& q, int first) {
  RecordingRow row;
  row.id = q.getColumn(first).getString();
  row.ownerId = q.getColumn(first + 1).getString();
  row.createdAt = q.getColumn(first + 2).getInt64();
  row.recordedAt = q.getColumn(first + 3).getInt64();
  row.durationUs = q.getColumn(first + 4).getInt64();
  row.width = q.getColumn(first + 5).getInt();
  row.height = q.getColumn(first + 6).getInt();
  row.importMode = q.getColumn(first + 7).getString();
  return row;
}

ConsentRow readConsent(SQLite::Statement& q, int first) {
  ConsentRow row;
  row.recordingId = q.getColumn(first).getString();
  row.scopes = q.getColumn(first + 1).getString();
  row.method = q.getColumn(first + 2).getString();
  row.recordedAt = q.getColumn(first + 3).getInt64();
  row.registeredAt = q.getColumn(first + 4).getInt64();
  row.registeredBy = q.getColumn(first + 5).getString();
  row.retentionEnd = q.getColumn(first + 6).getInt64();
  row.withdrawalCode = q.getColumn(first + 7).getString();
  row.state = q.getColumn(first + 8).getString();
  row.stateChangedAt = q.getColumn(first + 9).getInt64();
  return row;
}

// The one row `sql` selects for `key`, read from column 0 by `read`.
template <class Read>
auto findOne(Database& db, const std::string& sql, const std::string& key, Read read)
    -> Result<std::optional<decltype(read(std::declval<SQLite::Statement&>(), 0))>> {
  using Row = decltype(read(std::declval<SQLite::Statement&>(), 0));
  return db.guarded([&]() -> Result<std::optional<Row>> {
    SQLite::Statement q(db.sql(), sql);
    q.bind(1, key);
    if (!q.executeStep()) return std::optional<Row>{};
    return std::optional<Row>{read(q, 0)};
  });
}

}  // namespace

const char* consentColumns() {
  return kConsentColumns;
}
ConsentRow readConsentRow(SQLite::Statement& q, int first) {
  return readConsent(q, first);
}

Status RecordingStore::insertRecording(const RecordingRow& row) {
  return m_db.insert(
      "INSERT INTO recordings (id, owner_id, created_at, recorded_at, duration_us, width, height, "
      "import_mode) VALUES (?,?,?,?,?,?,?,?)",
      trf("There is already a recording with id {}.", row.id), [&](SQLite::Statement& q) {
        q.bind(1, row.id);
        q.bind(2, row.ownerId);
        q.bind(3, row.createdAt);
        q.bind(4, row.recordedAt);
        q.bind(5, row.durationUs);
        q.bind(6, row.width);
        q.bind(7, row.height);
        q.bind(8, row.importMode);
      });
}

Status RecordingStore::insertConsent(const ConsentRow& row) {
  return m_db.insert(
      "INSERT INTO consents (recording_id, scopes, method, recorded_at, registered_at, registered_by, "
      "retention_end, withdrawal_code, state, state_changed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
      tr("That withdrawal code is already in use."), [&](SQLite::Statement& q) {
        q.bind(1, row.recordingId);
        q.bind(2, row.scopes);
        q.bind(3, row.method);
        q.bind(4, row.recordedAt);
        q.bind(5, row.registeredAt);
        q.bind(6, row.registeredBy);
        q.bind(7, row.retentionEnd);
        q.bind(8, row.withdrawalCode);
        q.bind(9, row.state);
        q.bind(10, row.stateChangedAt);
      });
}

Status RecordingStore::insertFile(const RecordingFileRow& row) {
  return m_db.insert("INSERT INTO recording_files (recording_id, kind, file_name, size_bytes) VALUES (?,?,?,?)",
                     trf("The file {} is already registered.", row.fileName), [&](SQLite::Statement& q) {
                       q.bind(1, row.recordingId);
                       q.bind(2, row.kind);
                       q.bind(3, row.fileName);
                       q.bind(4, row.sizeBytes);
                     });
}

Status RecordingStore::insertKey(const SealedKeyRow& row) {
  return m_db.insert("INSERT INTO recording_keys (recording_id, user_id, sealed_key, granted_at) VALUES (?,?,?,?)",
                     tr("This user already holds a key for the recording."), [&](SQLite::Statement& q) {
                       q.bind(1, row.recordingId);
                       q.bind(2, row.userId);
                       bindBytes(q, 3, row.sealedKey);
                       q.bind(4, row.grantedAt);
                     });
}

Result<bool> RecordingStore::withdrawalCodeExists(const std::string& code) {
  return m_db.guarded([&]() -> Result<bool> {
    SQLite::Statement q(m_db.sql(), "SELECT 1 FROM consents WHERE withdrawal_code = ?");
    q.bind(1, code);
    return q.executeStep();
  });
}

Result<std::optional<ConsentRow>> RecordingStore::consentByCode(const std::string& code) {
  return findOne(m_db, fmt::format("SELECT {} FROM consents c WHERE c.withdrawal_code = ?", kConsentColumns), code,
                 readConsent);
}

Result<std::optional<ConsentRow>> RecordingStore::consentFor(const std::string& recordingId) {
  return findOne(m_db, fmt::format("SELECT {} FROM consents c WHERE c.recording_id = ?", kConsentColumns), recordingId,
                 readConsent);
}

Result<std::optional<RecordingRow>> RecordingStore::find(const std::string& recordingId) {
  return findOne(m_db, fmt::format("SELECT {} FROM recordings r WHERE r.id = ?", kRecordingColumns), recordingId,
                 readRecording);
}

Result<std::vector<RecordingListing>> RecordingStore::visibleTo(const std::string& userId) {
  return m_db.guarded([&]() -> Result<std::vector<RecordingListing>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {}, {}, u.name FROM recordings r"
                                                " JOIN consents c ON c.recording_id = r.id"
                                                " JOIN users u ON u.id = r.owner_id"
                                                " WHERE (r.owner_id = ?1 OR EXISTS (SELECT 1 FROM recording_keys k"
                                                "   WHERE k.recording_id = r.id AND k.user_id = ?1))"
                                                " AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.recording_id = r.id)"
                                                " ORDER BY r.recorded_at DESC, r.id",
                                                kRecordingColumns, kConsentColumns));
    q.bind(1, userId);
    std::vector<RecordingListing> list;
    while (q.executeStep())
      list.push_back(RecordingListing{readRecording(q, 0), readConsent(q, 8), q.getColumn(18).getString()});
    return list;
  });
}

std::string recordingFileName(std::string_view recordingId, std::string_view kind) {
  const bool isKnownKind =
      std::find(kRecordingFileKinds.begin(), kRecordingFileKinds.end(), kind) != kRecordingFileKinds.end();
  if (!isKnownKind || !isUuid(std::string(recordingId))) return {};
  return fmt::format("{}.{}.vsc", recordingId, kind);
}

std::string recordingFileBinding(std::string_view recordingId, std::string_view kind) {
  return fmt::format("{}/{}", recordingId, kind);
}

Result<std::vector<RecordingFileRow>> RecordingStore::files(const std::string& recordingId) {
  auto rows = VS_TRY(m_db.guarded([&]() -> Result<std::vector<RecordingFileRow>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT recording_id, kind, file_name, size_bytes FROM recording_files WHERE recording_id = ?"
                        " ORDER BY kind");
    q.bind(1, recordingId);
    std::vector<RecordingFileRow> list;
    while (q.executeStep())
      list.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                      q.getColumn(3).getInt64()});
    return list;
  }));
  for (const RecordingFileRow& row : rows) {
    const std::string expected = recordingFileName(row.recordingId, row.kind);
    if (expected.empty() || row.fileName != expected)
      return fail(ErrorCode::CorruptData,
                  trf("The list of files of recording {} in the vault's database was changed outside Vakspiegel. "
                      "Nothing was opened or removed; ask the administrator to restore a backup.",
                      shortForMessage(recordingId)));
  }
  return rows;
}

Result<std::optional<std::vector<unsigned char>>> RecordingStore::sealedKey(const std::string& recordingId,
                                                                            const std::string& userId) {
  return m_db.guarded([&]() -> Result<std::optional<std::vector<unsigned char>>> {
    SQLite::Statement q(m_db.sql(), "SELECT sealed_key FROM recording_keys WHERE recording_id = ? AND user_id = ?");
    q.bind(1, recordingId);
    q.bind(2, userId);
    if (!q.executeStep()) return std::optional<std::vector<unsigned char>>{};
    return std::optional<std::vector<unsigned char>>{columnBytes(q.getColumn(0))};
  });
}

Result<std::vector<std::string>> RecordingStore::keyHolders(const std::string& recordingId) {
  return m_db.guarded([&]() -> Result<std::vector<std::string>> {
    SQLite::Statement q(m_db.sql(), "SELECT user_id FROM recording_keys WHERE recording_id = ? ORDER BY user_id");
    q.bind(1, recordingId);
    std::vector<std::string> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    return ids;
  });
}

Result<std::int64_t> RecordingStore::count() {
  return m_db.guarded(
      [&]() -> Result<std::int64_t> { return m_db.sql().execAndGet("SELECT count(*) FROM recordings").getInt64(); });
}

}  // namespace vakspiegel
