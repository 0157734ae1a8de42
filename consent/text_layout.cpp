// See text_layout.h.
#include "consent/text_layout.h"

#include <algorithm>

namespace vakspiegel::consent::text_layout {

std::size_t columns(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::size_t bytesOfColumns(std::string_view text, std::size_t count) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (seen == count) return i;
      ++seen;
    }
  }
  return text.size();
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t lineColumns = 0;
  auto flush = [&] {
    if (!line.empty()) lines.push_back(line);
    line.clear();
    lineColumns = 0;
  };
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    while (columns(word) > width) {
      flush();
      const std::size_t cut = bytesOfColumns(word, width);
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
    }
    const std::size_t wordColumns = columns(word);
    if (lineColumns > 0 && lineColumns + 1 + wordColumns > width) flush();
    if (lineColumns > 0) {
      line += ' ';
      ++lineColumns;
    }
    line += word;
    lineColumns += wordColumns;
  }
  flush();
  return lines;
}

void appendUnderlined(std::string& out, std::string_view text, char underline, std::size_t width) {
  std::size_t longest = 0;
  for (const std::string& line : wrap(text, width)) {
    out += line;
    out += '\n';
    longest = std::max(longest, columns(line));
  }
  out.append(longest, underline);
  out += '\n';
}

}  // namespace vakspiegel::consent::text_layout
