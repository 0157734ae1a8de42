// SQL for the audit_log table.
#include "store/audit_store.h"

#include <fmt/format.h>
#include <SQLiteCpp/Statement.h>

namespace vakspiegel {
namespace {

constexpr const char* kColumns =
    "seq, time, actor_id, actor_role, action, object_type, object_id, result, workstation, reason, "
    "app_version, prev_hash, hash";

AuditRow readRow(SQLite::Statement& q) {
  AuditRow row;
  row.seq = q.getColumn(0).getInt64();
  row.time = q.getColumn(1).getInt64();
  row.actorId = q.getColumn(2).getString();
  row.actorRole = q.getColumn(3).getString();
  row.action = q.getColumn(4).getString();
  row.objectType = q.getColumn(5).getString();
  row.objectId = q.getColumn(6).getString();
  row.result = q.getColumn(7).getString();
  row.workstation = q.getColumn(8).getString();
  row.reason = q.getColumn(9).getString();
  row.appVersion = q.getColumn(10).getString();
  row.prevHash = columnBytes(q.getColumn(11));
  row.hash = columnBytes(q.getColumn(12));
  return row;
}

}  // namespace

Result<std::optional<AuditRow>> AuditStore::last() {
  return m_db.guarded([&]() -> Result<std::optional<AuditRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM audit_log ORDER BY seq DESC LIMIT 1", kColumns));
    if (!q.executeStep()) return std::optional<AuditRow>{};
    return std::optional<AuditRow>{readRow(q)};
  });
}

Status AuditStore::insert(const AuditRow& row) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(), fmt::format("INSERT INTO audit_log ({}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                                kColumns));
    q.bind(1, row.seq);
    q.bind(2, row.time);
    q.bind(3, row.actorId);
    q.bind(4, row.actorRole);
    q.bind(5, row.action);
    q.bind(6, row.objectType);
    q.bind(7, row.objectId);
    q.bind(8, row.result);
    q.bind(9, row.workstation);
    q.bind(10, row.reason);
    q.bind(11, row.appVersion);
    bindBytes(q, 12, row.prevHash);
    bindBytes(q, 13, row.hash);
    q.exec();
    return {};
  });
}

Status AuditStore::forEach(const std::function<bool(const AuditRow&)>& visit) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM audit_log ORDER BY seq", kColumns));
    while (q.executeStep()) {
      if (!visit(readRow(q))) break;
    }
    return {};
  });
}

Result<std::vector<AuditRow>> AuditStore::forObject(const std::string& objectType, const std::string& objectId) {
  return m_db.guarded([&]() -> Result<std::vector<AuditRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM audit_log WHERE object_type = ? AND object_id = ? "
                                                "ORDER BY seq",
                                                kColumns));
    q.bind(1, objectType);
    q.bind(2, objectId);
    std::vector<AuditRow> rows;
    while (q.executeStep()) rows.push_back(readRow(q));
    return rows;
  });
}

}  // namespace vakspiegel
