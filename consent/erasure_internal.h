// What the erasure files share (internal to consent/): the ledger's
// tombstones and appending them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "consent/erasure.h"
#include "core/error.h"

namespace vakspiegel::consent::erasure_detail {

// One tombstone of the ledger: enough to re-request the erasure, nothing more.
struct LedgerEntry {
  std::string recordingId;
  ErasureReason reason = ErasureReason::Withdrawn;
  std::int64_t requestedAt = 0;
  std::string requestedBy;
};

// Appends the entries, one line each, to the ledger file and fsyncs it (and
// its folder when the file is new). Errors: DiskFull, Io.
[[nodiscard]] Status appendLedger(const std::filesystem::path& file, const std::vector<LedgerEntry>& entries);

}  // namespace vakspiegel::consent::erasure_detail
