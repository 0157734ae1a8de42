// Read-only queries for the privacy officer's tools (app/privacy_service.cpp): the
// consent registry, the retention schedule and the figures of the privacy
// report. Plaintext metadata only: no sealed key, no annotation, no file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/database.h"
#include "store/recording_store.h"

namespace vakspiegel {

// A recording's consent record with its owner's name and its erasure, if one
// was requested.
struct RegistryRow {
  ConsentRow consent;
  std::string ownerName;
  std::optional<std::string> erasureState;   // pending | keys_destroyed | files_removed | done
  std::optional<std::string> erasureReason;  // withdrawn | retention_ended | owner_deleted | key_lost
};

class RegistryStore {
 public:
  explicit RegistryStore(Database& db) : m_db(db) {}

  // Every recording (erased ones too: their consent record is the tombstone),
  // newest registration first; with `consentState`, only those in that state.
  [[nodiscard]] Result<std::vector<RegistryRow>> list(const std::optional<std::string>& consentState);
  // Retention ends after `after` and at or before `until`, and no erasure was
  // requested (an erasure already under way is not "due"). Earliest end first.
  [[nodiscard]] Result<std::vector<RegistryRow>> retentionEndingBetween(std::int64_t after, std::int64_t until);
  // Retention ended at or before `now` and the recording is not completely
  // erased (no erasure, or one that is not done). Earliest end first.
  [[nodiscard]] Result<std::vector<RegistryRow>> overdue(std::int64_t now);

  // Recordings per consent state name.
  [[nodiscard]] Result<std::vector<std::pair<std::string, std::int64_t>>> countByConsentState();
  // Completed erasures per reason name.
  [[nodiscard]] Result<std::vector<std::pair<std::string, std::int64_t>>> countCompletedErasuresByReason();
  [[nodiscard]] Result<std::int64_t> countUnfinishedErasures();
  // Seconds from request to completion of each completed erasure with this
  // reason, shortest first.
  [[nodiscard]] Result<std::vector<std::int64_t>> completedErasureSeconds(const std::string& reason);

 private:
  Database& m_db;
};

}  // namespace vakspiegel
