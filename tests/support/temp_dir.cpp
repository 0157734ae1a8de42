// Implementation of the test helpers.
#include "support/temp_dir.h"

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

}  // namespace vakspiegel::test
