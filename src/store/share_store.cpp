// SQL of a recording's shares. See share_store.h.
#include "store/share_store.h"

#include <SQLiteCpp/Statement.h>

namespace vakspiegel {

Result<std::vector<ShareRow>> ShareStore::sharesOf(const std::string& recordingId) {
  return m_db.guarded([&]() -> Result<std::vector<ShareRow>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT k.user_id, u.name, k.granted_at FROM recording_keys k"
                        " JOIN users u ON u.id = k.user_id"
                        " JOIN recordings r ON r.id = k.recording_id"
                        " WHERE k.recording_id = ? AND k.user_id <> r.owner_id"
                        " ORDER BY k.granted_at, u.name");
    q.bind(1, recordingId);
    std::vector<ShareRow> rows;
    while (q.executeStep())
      rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    return rows;
  });
}

Result<bool> ShareStore::revoke(const std::string& recordingId, const std::string& userId) {
  return m_db.guarded([&]() -> Result<bool> {
    SQLite::Statement q(m_db.sql(),
                        "DELETE FROM recording_keys WHERE recording_id = ?1 AND user_id = ?2"
                        " AND user_id <> (SELECT owner_id FROM recordings WHERE id = ?1)");
    q.bind(1, recordingId);
    q.bind(2, userId);
    return q.exec() > 0;
  });
}

}  // namespace vakspiegel
