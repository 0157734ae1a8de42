// Plain-text layout shared by the document models' text renderings (the
// citizen's receipt, the privacy report): terminal columns of UTF-8 text,
// greedy word wrap, underlined headings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vakspiegel::consent::text_layout {

// Columns a string takes in a terminal: its UTF-8 code points.
[[nodiscard]] std::size_t columns(std::string_view text);
// The byte length of the first `count` code points of `text`.
[[nodiscard]] std::size_t bytesOfColumns(std::string_view text, std::size_t count);
// Greedy word wrap at `width` columns; a word longer than a line (a long
// address, a hash) is cut.
[[nodiscard]] std::vector<std::string> wrap(std::string_view text, std::size_t width);
// `text` wrapped at `width`, then a line of `underline` as long as its longest line.
void appendUnderlined(std::string& out, std::string_view text, char underline, std::size_t width);

}  // namespace vakspiegel::consent::text_layout
