// The shares of a recording: the sealed-key rows of recording_keys that
// belong to someone other than the owner (a coach the owner shared with).
// Granting a share is RecordingStore::insertKey; taking it back deletes that
// one row. That is not erasure (the recording and the owner's key stay), so
// it lives here and not in consent/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

struct ShareRow {
  std::string userId;
  std::string userName;
  std::int64_t grantedAt = 0;  // UTC unix seconds
};

class ShareStore {
 public:
  explicit ShareStore(Database& db) : m_db(db) {}

  // Who besides the owner holds a sealed key of the recording, oldest share first.
  [[nodiscard]] Result<std::vector<ShareRow>> sharesOf(const std::string& recordingId);
  // Deletes the user's sealed key of the recording; returns whether there was
  // one. Never deletes the owner's key (that would be erasure).
  [[nodiscard]] Result<bool> revoke(const std::string& recordingId, const std::string& userId);

 private:
  Database& m_db;
};

}  // namespace vakspiegel
