// Test helpers: a temporary directory removed at the end of the test,
// whole-file byte I/O for tampering with vault files, and byte scans for
// traces (a key, a ciphertext, a marker) in them.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
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

// How often `needle` occurs in `haystack` (overlapping occurrences counted).
[[nodiscard]] int countOccurrences(std::span<const unsigned char> haystack, std::span<const unsigned char> needle);
[[nodiscard]] int countOccurrences(std::span<const unsigned char> haystack, std::string_view needle);
// The same over every byte of every regular file under `dir` (vault.db, -wal,
// -shm, the ledger, media/).
[[nodiscard]] int hitsIn(const std::filesystem::path& dir, std::span<const unsigned char> needle);

}  // namespace vakspiegel::test
