// SQL of the pending WAL scrubs. See scrub_store.h.
#include "store/scrub_store.h"

#include <SQLiteCpp/Statement.h>

namespace vakspiegel {

Status ScrubStore::request(const std::string& reason, const std::string& objectId, std::int64_t at) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(), "INSERT INTO wal_scrubs (reason, object_id, requested_at) VALUES (?, ?, ?)");
    q.bind(1, reason);
    q.bind(2, objectId);
    q.bind(3, at);
    q.exec();
    return {};
  });
}

Result<std::int64_t> ScrubStore::newest() {
  return m_db.guarded([&]() -> Result<std::int64_t> {
    return m_db.sql().execAndGet("SELECT ifnull(max(id), 0) FROM wal_scrubs").getInt64();
  });
}

Result<int> ScrubStore::clearUpTo(std::int64_t id) {
  return m_db.guarded([&]() -> Result<int> {
    SQLite::Statement q(m_db.sql(), "DELETE FROM wal_scrubs WHERE id <= ?");
    q.bind(1, id);
    return q.exec();
  });
}

}  // namespace vakspiegel
