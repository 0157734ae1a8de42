// Random identifiers (UUID version 4, lower-case text) for users, recordings,
// files. Random so that ids reveal nothing about order or count.
#pragma once

#include <string>

namespace vakspiegel {

[[nodiscard]] std::string newUuid();
[[nodiscard]] bool isUuid(const std::string& text);

}  // namespace vakspiegel
