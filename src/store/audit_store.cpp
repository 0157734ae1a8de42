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

namespace {
constexpr const char* kLastSeqSetting = "audit_last_seq";
}

Result<std::int64_t> AuditStore::lastSeqEver() {
  return m_db.guarded([&]() -> Result<std::int64_t> {
    SQLite::Statement q(m_db.sql(), "SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?");
    q.bind(1, kLastSeqSetting);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
  });
}

Status AuditStore::setLastSeqEver(std::int64_t seq) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                        "excluded.value");
    q.bind(1, kLastSeqSetting);
    q.bind(2, std::to_string(seq));
    q.exec();
    return {};
  });
}

Status AuditStore::insertCheckpoint(const AuditCheckpointRow& row) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO audit_checkpoints (seq, hash, signer_id, public_key, signed_at, signature)"
                        " VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, row.seq);
    bindBytes(q, 2, row.hash);
    q.bind(3, row.signerId);
    bindBytes(q, 4, row.publicKey);
    q.bind(5, row.signedAt);
    bindBytes(q, 6, row.signature);
    q.exec();
    return {};
  });
}

Result<std::vector<AuditCheckpointRow>> AuditStore::checkpoints() {
  return m_db.guarded([&]() -> Result<std::vector<AuditCheckpointRow>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT seq, hash, signer_id, public_key, signed_at, signature FROM audit_checkpoints"
                        " ORDER BY seq, signer_id");
    std::vector<AuditCheckpointRow> rows;
    while (q.executeStep())
      rows.push_back({q.getColumn(0).getInt64(), columnBytes(q.getColumn(1)), q.getColumn(2).getString(),
                      columnBytes(q.getColumn(3)), q.getColumn(4).getInt64(), columnBytes(q.getColumn(5))});
    return rows;
  });
}

}  // namespace vakspiegel
