// Lowercase hex of bytes (hashes in the audit log, certificates, the
// tombstone ledger, temporary file names).
#pragma once

#include <span>
#include <string>

namespace vakspiegel {

[[nodiscard]] std::string toHex(std::span<const unsigned char> bytes);

}  // namespace vakspiegel
