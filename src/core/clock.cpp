// Formatting of wall time.
#include "core/clock.h"

#include <fmt/chrono.h>

namespace vakspiegel {

std::string formatUtc(WallTime t) { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t); }

}  // namespace vakspiegel
