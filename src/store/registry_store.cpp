// SQL of the privacy officer's registry, schedule and report figures. See
// registry_store.h.
#include "store/registry_store.h"

#include <fmt/format.h>
#include <SQLiteCpp/Statement.h>

namespace vakspiegel {
namespace {

// Consent columns 0-9, then the owner's name and the erasure's state and reason.
std::string registrySelect(const std::string& where, const std::string& orderBy) {
  return fmt::format(
      "SELECT {}, COALESCE(u.name, '-'), e.state, e.reason FROM consents c"
      " JOIN recordings r ON r.id = c.recording_id"
      " LEFT JOIN users u ON u.id = r.owner_id"
      " LEFT JOIN erasures e ON e.recording_id = c.recording_id"
      " WHERE {} ORDER BY {}",
      consentColumns(), where, orderBy);
}

std::optional<std::string> optionalText(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

template <class Bind>
Result<std::vector<RegistryRow>> registryRows(Database& db, const std::string& sql, Bind&& bind) {
  return db.guarded([&]() -> Result<std::vector<RegistryRow>> {
    SQLite::Statement q(db.sql(), sql);
    bind(q);
    std::vector<RegistryRow> rows;
    while (q.executeStep())
      rows.push_back({readConsentRow(q, 0), q.getColumn(10).getString(), optionalText(q.getColumn(11)),
                      optionalText(q.getColumn(12))});
    return rows;
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> counts(Database& db, const char* sql) {
  return db.guarded([&]() -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
    SQLite::Statement q(db.sql(), sql);
    std::vector<std::pair<std::string, std::int64_t>> list;
    while (q.executeStep()) list.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    return list;
  });
}

}  // namespace

Result<std::vector<RegistryRow>> RegistryStore::list(const std::optional<std::string>& consentState) {
  return registryRows(m_db,
                      registrySelect(consentState ? "c.state = ?1" : "1", "c.registered_at DESC, c.recording_id"),
                      [&](SQLite::Statement& q) {
                        if (consentState) q.bind(1, *consentState);
                      });
}

Result<std::vector<RegistryRow>> RegistryStore::retentionEndingBetween(std::int64_t after, std::int64_t until) {
  return registryRows(m_db,
                      registrySelect("c.retention_end > ?1 AND c.retention_end <= ?2 AND e.recording_id IS NULL",
                                     "c.retention_end, c.recording_id"),
                      [&](SQLite::Statement& q) {
                        q.bind(1, after);
                        q.bind(2, until);
                      });
}

Result<std::vector<RegistryRow>> RegistryStore::overdue(std::int64_t now) {
  return registryRows(m_db,
                      registrySelect("c.retention_end <= ?1 AND (e.recording_id IS NULL OR e.state <> 'done')",
                                     "c.retention_end, c.recording_id"),
                      [&](SQLite::Statement& q) { q.bind(1, now); });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> RegistryStore::countByConsentState() {
  return counts(m_db, "SELECT state, COUNT(*) FROM consents GROUP BY state ORDER BY state");
}

Result<std::vector<std::pair<std::string, std::int64_t>>> RegistryStore::countCompletedErasuresByReason() {
  return counts(m_db, "SELECT reason, COUNT(*) FROM erasures WHERE state = 'done' GROUP BY reason ORDER BY reason");
}

Result<std::int64_t> RegistryStore::countUnfinishedErasures() {
  return m_db.guarded([&]() -> Result<std::int64_t> {
    SQLite::Statement q(m_db.sql(), "SELECT COUNT(*) FROM erasures WHERE state <> 'done'");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

Result<std::vector<std::int64_t>> RegistryStore::completedErasureSeconds(const std::string& reason) {
  return m_db.guarded([&]() -> Result<std::vector<std::int64_t>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT completed_at - requested_at FROM erasures"
                        " WHERE state = 'done' AND reason = ? AND completed_at IS NOT NULL ORDER BY 1");
    q.bind(1, reason);
    std::vector<std::int64_t> seconds;
    while (q.executeStep()) seconds.push_back(q.getColumn(0).getInt64());
    return seconds;
  });
}

}  // namespace vakspiegel
