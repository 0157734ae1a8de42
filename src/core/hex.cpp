// Lowercase hex of bytes; see hex.h.
#include "core/hex.h"

#include <sodium.h>

namespace vakspiegel {

std::string toHex(std::span<const unsigned char> bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

}  // namespace vakspiegel
