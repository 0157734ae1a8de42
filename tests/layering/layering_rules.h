// The layers of the architecture (README, "Architecture"), as rules over
// #include lines: which folder may include what. Used by layering_test.cpp,
// which reads every source file of the project and fails on each include
// that goes against them, naming the file and the line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vakspiegel::layering {

// Why `include` (the text between the quotes or angle brackets) may not
// stand in `file` (a path relative to the project root, e.g.
// "ui/shell/main_window.cpp"); nullopt when it may. `isAngle`: <...>.
[[nodiscard]] std::optional<std::string> violation(const std::string& file, const std::string& include, bool isAngle);

struct Finding {
  std::string file;  // relative to the project root
  int line = 0;
  std::string include;
  std::string reason;
};

// Every include in the project's sources below `root` (src, ui, media,
// consent; tests may include anything but are checked to keep test-only
// headers out of the product) that breaks a rule.
[[nodiscard]] std::vector<Finding> scan(const std::filesystem::path& root);

}  // namespace vakspiegel::layering
