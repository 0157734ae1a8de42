// The checks of an annotation's text and moment; see annotation_rules.h.
#include "app/internal/annotation_rules.h"

#include <algorithm>
#include <string_view>

#include "core/i18n.h"

namespace vakspiegel::detail {

namespace {

// The number of characters (code points) in UTF-8 text; nullopt when the
// bytes are not valid UTF-8 (no overlong forms, surrogates or code points
// past U+10FFFF), which could not be shown or exported as JSON later.
std::optional<std::size_t> utf8Characters(std::string_view text) {
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x6  ? 2
                               : (lead >> 4) == 0xE  ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) return std::nullopt;
    char32_t codePoint = length == 1 ? lead : lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      codePoint = (codePoint << 6) | (next & 0x3Fu);
    }
    if (codePoint < kSmallest[length] || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
      return std::nullopt;
    i += length;
  }
  return count;
}

bool isBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

std::string formatPosition(std::int64_t us) {
  const std::string sign = us < 0 ? "-" : "";
  const std::int64_t s = us < 0 ? -(us / 1'000'000) : us / 1'000'000;  // no overflow at the minimum
  if (s >= 3600) return fmt::format("{}{}:{:02}:{:02}", sign, s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}{}:{:02}", sign, s / 60, s % 60);
}

Status validateAnnotationText(const std::string& text, bool mayBeBlank) {
  if (isBlank(text) && !mayBeBlank)
    return fail(ErrorCode::InvalidArgument, tr("The annotation is empty. Write what you noticed at this moment."));
  const std::optional<std::size_t> characters = utf8Characters(text);
  if (!characters)
    return fail(ErrorCode::InvalidArgument,
                tr("The annotation contains characters that cannot be read (no valid UTF-8)."));
  if (*characters > kMaxAnnotationCharacters)
    return fail(ErrorCode::InvalidArgument,
                trf("An annotation can be at most {} characters long; this one has {}. Make it shorter or split it.",
                    kMaxAnnotationCharacters, *characters));
  return {};
}

Status validateAnnotationRange(std::int64_t positionUs, const std::optional<std::int64_t>& endUs,
                               std::int64_t durationUs) {
  if (positionUs < 0 || positionUs > durationUs)
    return fail(ErrorCode::InvalidArgument,
                trf("The moment {} is not in the recording. Choose a moment from 0:00 to {}.",
                    formatPosition(positionUs), formatPosition(durationUs)));
  if (!endUs) return {};
  if (*endUs <= positionUs)
    return fail(ErrorCode::InvalidArgument,
                trf("A fragment must end after it starts; this one starts at {} and ends at {}.",
                    formatPosition(positionUs), formatPosition(*endUs)));
  if (*endUs > durationUs)
    return fail(ErrorCode::InvalidArgument, trf("The end {} is past the end of the recording. Choose an end up to {}.",
                                                formatPosition(*endUs), formatPosition(durationUs)));
  return {};
}

}  // namespace vakspiegel::detail
