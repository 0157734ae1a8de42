// What an annotation must be before it is sealed and stored (the checks of
// annotation_service.h that need no database): text, moment and range.
// Internal to app/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"

namespace vakspiegel::detail {

// Long enough for a paragraph about a moment, short enough to read at a pause.
inline constexpr std::size_t kMaxAnnotationCharacters = 4000;

// A position as the player shows it: m:ss (h:mm:ss from an hour on).
[[nodiscard]] std::string formatPosition(std::int64_t us);

// Errors (InvalidArgument, each with its own Dutch message): blank text
// (allowed only when `mayBeBlank`: an annotation that carries a category),
// text that is not UTF-8 or longer than kMaxAnnotationCharacters.
[[nodiscard]] Status validateAnnotationText(const std::string& text, bool mayBeBlank);
// Errors (InvalidArgument): a moment outside [0, durationUs], an end that is
// not after the moment or is past durationUs.
[[nodiscard]] Status validateAnnotationRange(std::int64_t positionUs, const std::optional<std::int64_t>& endUs,
                                             std::int64_t durationUs);

}  // namespace vakspiegel::detail
