// SQL of the annotations table. See annotation_store.h.
#include "store/annotation_store.h"

#include <SQLiteCpp/Statement.h>

#include "core/i18n.h"

namespace vakspiegel {

Status AnnotationStore::insert(const AnnotationRow& row) {
  return m_db.insert(
      "INSERT INTO annotations (id, recording_id, author_id, position_us, created_at, sealed_text)"
      " VALUES (?,?,?,?,?,?)",
      trf("There is already an annotation with id {}.", row.id), [&](SQLite::Statement& q) {
        q.bind(1, row.id);
        q.bind(2, row.recordingId);
        q.bind(3, row.authorId);
        q.bind(4, row.positionUs);
        q.bind(5, row.createdAt);
        bindBytes(q, 6, row.sealedText);
      });
}

Result<std::vector<AnnotationRow>> AnnotationStore::forRecording(const std::string& recordingId) {
  return m_db.guarded([&]() -> Result<std::vector<AnnotationRow>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT a.id, a.recording_id, a.author_id, u.name, a.position_us, a.created_at, a.sealed_text"
                        " FROM annotations a JOIN users u ON u.id = a.author_id"
                        " WHERE a.recording_id = ? ORDER BY a.position_us, a.created_at, a.id");
    q.bind(1, recordingId);
    std::vector<AnnotationRow> rows;
    while (q.executeStep())
      rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                      q.getColumn(3).getString(), q.getColumn(4).getInt64(), q.getColumn(5).getInt64(),
                      columnBytes(q.getColumn(6))});
    return rows;
  });
}

}  // namespace vakspiegel
