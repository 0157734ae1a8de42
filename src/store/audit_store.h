// Rows of the append-only audit_log table. The hashing and verification live
// in audit/audit_log.h; this file only moves rows in and out of SQLite.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

struct AuditRow {
  std::int64_t seq = 0;
  std::int64_t time = 0;  // UTC unix seconds
  std::string actorId;
  std::string actorRole;
  std::string action;
  std::string objectType;
  std::string objectId;
  std::string result;  // ok | denied | error
  std::string workstation;
  std::string reason;
  std::string appVersion;
  std::vector<unsigned char> prevHash;
  std::vector<unsigned char> hash;
};

// A privacy officer's signature over a chain head (audit/audit_log.h).
struct AuditCheckpointRow {
  std::int64_t seq = 0;
  std::vector<unsigned char> hash;
  std::string signerId;
  std::vector<unsigned char> publicKey;  // Ed25519, the signer's at signing time
  std::int64_t signedAt = 0;             // UTC unix seconds
  std::vector<unsigned char> signature;
};

class AuditStore {
 public:
  explicit AuditStore(Database& db) : m_db(db) {}
  // Errors: VaultBusy, DiskFull, Io.
  [[nodiscard]] Result<std::optional<AuditRow>> last();
  [[nodiscard]] Status insert(const AuditRow& row);
  // Rows in seq order; `visit` returns false to stop early.
  [[nodiscard]] Status forEach(const std::function<bool(const AuditRow&)>& visit);
  // Rows about one object (e.g. a recording), in seq order.
  [[nodiscard]] Result<std::vector<AuditRow>> forObject(const std::string& objectType, const std::string& objectId);

  // The highest sequence number the log ever had (0 before the first entry
  // written with this mark), and its update with every append.
  [[nodiscard]] Result<std::int64_t> lastSeqEver();
  [[nodiscard]] Status setLastSeqEver(std::int64_t seq);

  [[nodiscard]] Status insertCheckpoint(const AuditCheckpointRow& row);
  // Every checkpoint, in seq order.
  [[nodiscard]] Result<std::vector<AuditCheckpointRow>> checkpoints();

 private:
  Database& m_db;
};

}  // namespace vakspiegel
