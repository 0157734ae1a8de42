// Rows of wal_scrubs: deletions or replacements of key material (a share
// taken back, a password changed, an account reset) whose old page versions
// may still sit in the database file or the write-ahead log until a
// checkpoint really completes (Database::checkpointTruncate). Written in the
// same transaction as the deletion; cleared once such a checkpoint ran, at
// the next open, sweep or deletion. Erasures keep their own journal.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

class ScrubStore {
 public:
  explicit ScrubStore(Database& db) : m_db(db) {}

  // `reason` is a short code ("share_revoked", "password_changed", "account_reset").
  [[nodiscard]] Status request(const std::string& reason, const std::string& objectId, std::int64_t at);
  // The id of the newest pending scrub; 0 when none is pending.
  [[nodiscard]] Result<std::int64_t> newest();
  // Removes the scrubs up to and including `id` (those a completed checkpoint
  // covered; a deletion committed after it keeps its row). Returns how many.
  [[nodiscard]] Result<int> clearUpTo(std::int64_t id);

 private:
  Database& m_db;
};

}  // namespace vakspiegel
