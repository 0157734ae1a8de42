// Rows of the erasures journal and the deletions erasure needs. Only
// consent/erasure*.cpp call the deleting members (architecture.md: nothing
// but consent/ erases).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

struct ErasureRow {
  std::string recordingId;
  std::string reason;  // withdrawn | retention_ended | owner_deleted | key_lost
  std::string state;   // pending | keys_destroyed | files_removed | done
  std::int64_t requestedAt = 0;
  std::string requestedBy;
  std::optional<std::int64_t> keysDestroyedAt, filesRemovedAt, completedAt, ciphertextBytes;
  std::vector<unsigned char> ciphertextHash;
};

class ErasureStore {
 public:
  explicit ErasureStore(Database& db) : m_db(db) {}

  // Errors: AlreadyExists, and the store's.
  [[nodiscard]] Status insert(const ErasureRow& row);
  [[nodiscard]] Result<std::optional<ErasureRow>> find(const std::string& recordingId);
  // Newest request first.
  [[nodiscard]] Result<std::vector<ErasureRow>> all();
  [[nodiscard]] Result<std::vector<std::string>> unfinished();
  // Recordings whose retention ended at `now` and that have no erasure yet.
  [[nodiscard]] Result<std::vector<std::string>> expiredWithoutErasure(std::int64_t now);
  // Recordings without any sealed key and without an erasure.
  [[nodiscard]] Result<std::vector<std::string>> keylessWithoutErasure();
  // Every recording id, with whether its erasure is under way (for the orphan sweep).
  [[nodiscard]] Result<std::vector<std::pair<std::string, bool>>> recordingIds();

  // The steps. Each updates only a row in the expected state and returns
  // whether it did (false: another process got there first).
  [[nodiscard]] Result<bool> markKeysDestroyed(const std::string& recordingId, std::int64_t at,
                                               std::int64_t ciphertextBytes,
                                               const std::vector<unsigned char>& ciphertextHash);
  [[nodiscard]] Result<bool> markFilesRemoved(const std::string& recordingId, std::int64_t at);
  [[nodiscard]] Result<bool> markDone(const std::string& recordingId, std::int64_t at);

  [[nodiscard]] Status setConsentState(const std::string& recordingId, const std::string& state, std::int64_t at);
  // Deletes every sealed key and all annotation content of a recording.
  [[nodiscard]] Status destroyKeysAndContent(const std::string& recordingId);
  [[nodiscard]] Status forgetFiles(const std::string& recordingId);
  // Key rows whose recording does not exist; returns how many.
  [[nodiscard]] Result<int> removeKeysWithoutRecording();

 private:
  Database& m_db;
};

}  // namespace vakspiegel
