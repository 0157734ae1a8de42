// SQL of the annotations table. See annotation_store.h.
#include "store/annotation_store.h"

#include <SQLiteCpp/Statement.h>

#include "core/i18n.h"

namespace vakspiegel {

namespace {

constexpr const char* kColumns =
    "a.id, a.recording_id, a.author_id, u.name, a.layer, a.position_us, a.end_us, a.created_at, a.updated_at,"
    " a.sealed_format, a.sealed_text";

std::optional<std::int64_t> optionalInt64(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

AnnotationRow readRow(SQLite::Statement& q) {
  AnnotationRow row;
  row.id = q.getColumn(0).getString();
  row.recordingId = q.getColumn(1).getString();
  row.authorId = q.getColumn(2).getString();
  row.authorName = q.getColumn(3).getString();
  row.layer = q.getColumn(4).getString();
  row.positionUs = q.getColumn(5).getInt64();
  row.endUs = optionalInt64(q.getColumn(6));
  row.createdAt = q.getColumn(7).getInt64();
  row.updatedAt = optionalInt64(q.getColumn(8));
  row.sealedFormat = q.getColumn(9).getInt();
  row.sealedText = columnBytes(q.getColumn(10));
  return row;
}

void bindOptional(SQLite::Statement& q, int index, const std::optional<std::int64_t>& value) {
  if (value)
    q.bind(index, *value);
  else
    q.bind(index);
}

}  // namespace

Status AnnotationStore::insert(const AnnotationRow& row) {
  return m_db.insert(
      "INSERT INTO annotations (id, recording_id, author_id, layer, position_us, end_us, created_at, updated_at,"
      " sealed_format, sealed_text) VALUES (?,?,?,?,?,?,?,?,?,?)",
      trf("There is already an annotation with id {}.", row.id), [&](SQLite::Statement& q) {
        q.bind(1, row.id);
        q.bind(2, row.recordingId);
        q.bind(3, row.authorId);
        q.bind(4, row.layer);
        q.bind(5, row.positionUs);
        bindOptional(q, 6, row.endUs);
        q.bind(7, row.createdAt);
        bindOptional(q, 8, row.updatedAt);
        q.bind(9, row.sealedFormat);
        bindBytes(q, 10, row.sealedText);
      });
}

Result<bool> AnnotationStore::update(const AnnotationRow& row) {
  return m_db.guarded([&]() -> Result<bool> {
    SQLite::Statement q(m_db.sql(),
                        "UPDATE annotations SET position_us = ?3, end_us = ?4, updated_at = ?5, sealed_format = ?6,"
                        " sealed_text = ?7 WHERE id = ?1 AND recording_id = ?2");
    q.bind(1, row.id);
    q.bind(2, row.recordingId);
    q.bind(3, row.positionUs);
    bindOptional(q, 4, row.endUs);
    bindOptional(q, 5, row.updatedAt);
    q.bind(6, row.sealedFormat);
    bindBytes(q, 7, row.sealedText);
    return q.exec() > 0;
  });
}

Result<bool> AnnotationStore::remove(const std::string& recordingId, const std::string& annotationId) {
  return m_db.guarded([&]() -> Result<bool> {
    SQLite::Statement q(m_db.sql(), "DELETE FROM annotations WHERE id = ? AND recording_id = ?");
    q.bind(1, annotationId);
    q.bind(2, recordingId);
    return q.exec() > 0;
  });
}

Result<std::optional<AnnotationRow>> AnnotationStore::find(const std::string& recordingId,
                                                           const std::string& annotationId) {
  return m_db.guarded([&]() -> Result<std::optional<AnnotationRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM annotations a JOIN users u ON u.id = a.author_id"
                                                " WHERE a.id = ? AND a.recording_id = ?",
                                                kColumns));
    q.bind(1, annotationId);
    q.bind(2, recordingId);
    if (!q.executeStep()) return std::nullopt;
    return readRow(q);
  });
}

Result<std::vector<AnnotationRow>> AnnotationStore::forRecording(const std::string& recordingId,
                                                                 const std::optional<std::string>& layer) {
  return m_db.guarded([&]() -> Result<std::vector<AnnotationRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM annotations a JOIN users u ON u.id = a.author_id"
                                                " WHERE a.recording_id = ?1 AND (?2 IS NULL OR a.layer = ?2)"
                                                " ORDER BY a.position_us, a.created_at, a.id",
                                                kColumns));
    q.bind(1, recordingId);
    if (layer)
      q.bind(2, *layer);
    else
      q.bind(2);
    std::vector<AnnotationRow> rows;
    while (q.executeStep()) rows.push_back(readRow(q));
    return rows;
  });
}

}  // namespace vakspiegel
