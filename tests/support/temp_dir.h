// Test helpers: a temporary directory removed at the end of the test, and
// whole-file byte I/O for tampering with vault files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vakspiegel::test {

class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

[[nodiscard]] std::vector<unsigned char> readFileBytes(const std::filesystem::path& path);
void writeFileBytes(const std::filesystem::path& path, const std::vector<unsigned char>& bytes);
[[nodiscard]] std::vector<unsigned char> randomBytes(std::size_t size);

}  // namespace vakspiegel::test
