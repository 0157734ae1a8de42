// The citizen's withdrawal code (product.md, "Citizen identity"), e.g.
// "VS-7K3M-Q9P5" (a valid code; product.md's "VS-7K3M-Q9PX" fails the check):
// readable aloud, no ambiguous characters (no 0/O, 1/I/L), the last character
// a check character so a mistyped code is rejected rather than matching
// another recording. Uniqueness is the store's job (a UNIQUE column; the
// caller draws again on a collision).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vakspiegel::consent {

// The 31 characters a code is made of: 2-9 and A-Z without I, L and O. 31 is
// prime, so the check character (a weighted sum mod 31 with distinct nonzero
// weights, neighbours differing by one) catches every single-character
// substitution and every swap of two adjacent characters.
inline constexpr std::string_view kWithdrawalCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kWithdrawalCodeRandomLength = 7;  // plus one check character

// A new random code in canonical form.
[[nodiscard]] std::string generateWithdrawalCode();

// Accepts what a person types or reads out: any case, spaces or dashes
// anywhere, with or without the "VS" prefix. Returns the canonical form.
// Errors: InvalidArgument with a Dutch message for a wrong length, a
// character that never occurs in a code (say which), or a failed check
// character ("probably mistyped").
[[nodiscard]] Result<std::string> normalizeWithdrawalCode(std::string_view typed);

// The canonical code for 7 characters of the alphabet (upper case, nothing
// else), with its check character appended. generateWithdrawalCode() draws the
// 7 at random; tests build codes from chosen characters.
// Errors: InvalidArgument when `payload` is not 7 characters of the alphabet.
[[nodiscard]] Result<std::string> withdrawalCodeFromPayload(std::string_view payload);

}  // namespace vakspiegel::consent
