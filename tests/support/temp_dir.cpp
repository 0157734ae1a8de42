// Implementation of the test helpers.
#include "support/temp_dir.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <sodium.h>

namespace vakspiegel::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "vakspiegel-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::vector<unsigned char> readFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFileBytes(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::vector<unsigned char> randomBytes(std::size_t size) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  std::vector<unsigned char> bytes(size);
  if (!bytes.empty()) randombytes_buf(bytes.data(), bytes.size());  // data() may be null when empty
  return bytes;
}

int countOccurrences(std::span<const unsigned char> haystack, std::span<const unsigned char> needle) {
  if (needle.empty()) return 0;
  int hits = 0;
  for (auto at = haystack.begin();
       (at = std::search(at, haystack.end(), needle.begin(), needle.end())) != haystack.end(); ++at)
    ++hits;
  return hits;
}

int countOccurrences(std::span<const unsigned char> haystack, std::string_view needle) {
  return countOccurrences(haystack, {reinterpret_cast<const unsigned char*>(needle.data()), needle.size()});
}

int hitsIn(const std::filesystem::path& dir, std::span<const unsigned char> needle) {
  int hits = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    hits += countOccurrences(readFileBytes(entry.path()), needle);
  }
  return hits;
}

}  // namespace vakspiegel::test
