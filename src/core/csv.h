// CSV as RFC 4180 writes it: a field with a comma, a double quote or a line
// break is quoted, and its quotes are doubled. Lines end with CRLF (kCsvEol).
#pragma once

#include <string>
#include <string_view>

namespace vakspiegel {

inline constexpr std::string_view kCsvEol = "\r\n";

[[nodiscard]] inline std::string csvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace vakspiegel
