// The citizen's withdrawal code (product.md, "Citizen identity"), e.g.
// "VS-7K3M-Q9PX": readable aloud, no ambiguous characters (no 0/O, 1/I/L),
// the last character a check character so a mistyped code is rejected rather
// than matching another recording. Uniqueness is the store's job (a UNIQUE
// column; the caller draws again on a collision).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace vakspiegel::consent {

// A new random code in canonical form.
[[nodiscard]] std::string generateWithdrawalCode();

// Accepts what a person types or reads out: any case, spaces or dashes
// anywhere, with or without the "VS" prefix. Returns the canonical form.
// Errors: InvalidArgument with a Dutch message for a wrong length, a
// character that never occurs in a code (say which), or a failed check
// character ("probably mistyped").
[[nodiscard]] Result<std::string> normalizeWithdrawalCode(std::string_view typed);

}  // namespace vakspiegel::consent
