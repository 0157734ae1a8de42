// A small command-line tool over the chunked container, for run.sh to time
// encryption and decryption of a large file side by side with cp + sync:
//   vault_file_tool encrypt IN OUT [--chunk N] [--cipher aes|xchacha] [--key HEX] [--no-overlap] [--direct]
//   vault_file_tool decrypt IN OUT [--key HEX] [--threads N]
//   vault_file_tool randread FILE [--key HEX | --plain] [--count N] [--seed S] [--cold]
// Without --key, encrypt makes a random data key and writes it as hex to
// OUT.key; decrypt then reads IN.key. Both end durable: encrypt through
// commit() (fsync, rename, fsync of the directory), decrypt by fsyncing its
// plaintext output, so the timings compare with cp followed by sync.
// randread times `count` reads of 64 KiB at random offsets (the same offsets
// for the same seed and size) through ChunkedFileReader::readAt, or with
// --plain through pread() of a plaintext file, and prints the median latency
// in microseconds; --cold evicts the file from the page cache before each
// read (posix_fadvise DONTNEED, no root needed) and leaves that out of the time.
// --verbose prints phase timings (writing, commit or fsync) to stderr.
// This is a benchmark helper, not a product tool: it writes a key to disk.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "vault/chunked_file.h"
#include "vault/keys.h"

namespace vs = vakspiegel;

namespace {

bool g_verbose = false;
const auto g_start = std::chrono::steady_clock::now();

long long millisecondsSince(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

constexpr std::size_t kBlockBytes = std::size_t{256} << 10;  // read/write unit of the tool itself

int usage() {
  std::cerr << "usage: vault_file_tool encrypt IN OUT [--chunk N] [--cipher aes|xchacha] [--key HEX] [--no-overlap] "
               "[--direct]\n"
               "       vault_file_tool decrypt IN OUT [--key HEX] [--threads N]\n"
               "       vault_file_tool randread FILE [--key HEX | --plain] [--count N] [--seed S] [--cold]\n"
               "       (any command: --verbose)\n";
  return 2;
}

int failed(const vs::Error& error) {
  std::cerr << "vault_file_tool: " << vs::errorCodeName(error.code) << ": " << error.message << "\n";
  return 1;
}

int failedErrno(const char* what, const std::string& path) {
  std::cerr << "vault_file_tool: " << what << " " << path << ": " << std::strerror(errno) << "\n";
  return 1;
}

std::optional<vs::DataKey> keyFromHex(std::string_view hex) {
  if (hex.size() != 2 * vs::kDataKeyBytes) return std::nullopt;
  std::vector<unsigned char> bytes(vs::kDataKeyBytes);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
    if (ec != std::errc() || end != hex.data() + 2 * i + 2) return std::nullopt;
    bytes[i] = static_cast<unsigned char>(value);
  }
  auto key = vs::DataKey::fromBytes(bytes);
  std::fill(bytes.begin(), bytes.end(), 0);
  if (!key) return std::nullopt;
  return std::move(*key);
}

std::string keyToHex(const vs::DataKey& key) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char byte : key.bytes().span()) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xfu];
  }
  return hex;
}

int encrypt(const std::string& in, const std::string& out, const vs::DataKey& key, vs::ChunkedFileOptions options) {
  const int inFd = ::open(in.c_str(), O_RDONLY | O_CLOEXEC);
  if (inFd < 0) return failedErrno("cannot open", in);
  ::posix_fadvise(inFd, 0, 0, POSIX_FADV_SEQUENTIAL);
  auto writer = vs::ChunkedFileWriter::create(out, key, options);
  if (!writer) {
    ::close(inFd);
    return failed(writer.error());
  }
  std::vector<unsigned char> block(kBlockBytes);
  for (;;) {
    const ssize_t got = ::read(inFd, block.data(), block.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ::close(inFd);
      return failedErrno("cannot read", in);
    }
    if (got == 0) break;
    if (auto status = (*writer)->write({block.data(), static_cast<std::size_t>(got)}); !status) {
      ::close(inFd);
      return failed(status.error());
    }
  }
  ::close(inFd);
  const auto written = std::chrono::steady_clock::now();
  if (auto status = (*writer)->commit(); !status) return failed(status.error());
  if (g_verbose)
    std::cerr << "vault_file_tool: encrypt: writes " << millisecondsSince(g_start, written) << " ms, commit "
              << millisecondsSince(written, std::chrono::steady_clock::now()) << " ms\n";
  return 0;
}

// Decrypts with `threads` readers (one per thread, as chunked_file.h asks),
// each taking the next block of whole chunks and pwrite()ing its plaintext at
// the same offset; early writeback (sync_file_range) as the writer does.
int decrypt(const std::string& in, const std::string& out, const vs::DataKey& key, unsigned threads) {
  auto first = vs::ChunkedFileReader::open(in, key);
  if (!first) return failed(first.error());
  const std::uint64_t size = (*first)->size();
  const std::size_t chunk = (*first)->chunkSize();
  const std::size_t block = std::max<std::size_t>(1, kBlockBytes / chunk) * chunk;
  const std::uint64_t blocks = (size + block - 1) / block;
  const int outFd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (outFd < 0) return failedErrno("cannot create", out);

  std::atomic<std::uint64_t> next{0};
  std::mutex errorMutex;
  std::optional<std::string> firstError;
  auto work = [&](vs::ChunkedFileReader& reader) {
    std::vector<unsigned char> buffer(block);
    for (std::uint64_t i = next++; i < blocks; i = next++) {
      const std::uint64_t offset = i * block;
      auto got = reader.readAt(offset, buffer);
      std::string error;
      if (!got) {
        error = got.error().message;
      } else {
        std::size_t done = 0;
        while (done < *got) {
          const ssize_t written = ::pwrite(outFd, buffer.data() + done, *got - done, static_cast<off_t>(offset + done));
          if (written < 0 && errno == EINTR) continue;
          if (written <= 0) {
            error = std::string("cannot write ") + out + ": " + std::strerror(errno);
            break;
          }
          done += static_cast<std::size_t>(written);
        }
        if (error.empty())
          (void)::sync_file_range(outFd, static_cast<off_t>(offset), static_cast<off_t>(*got), SYNC_FILE_RANGE_WRITE);
      }
      if (!error.empty()) {
        std::lock_guard lock(errorMutex);
        if (!firstError) firstError = error;
        next = blocks;
        return;
      }
    }
  };
  std::vector<std::unique_ptr<vs::ChunkedFileReader>> readers;
  readers.push_back(std::move(*first));
  for (unsigned i = 1; i < threads; ++i) {
    auto reader = vs::ChunkedFileReader::open(in, key);
    if (!reader) {
      ::close(outFd);
      return failed(reader.error());
    }
    readers.push_back(std::move(*reader));
  }
  std::vector<std::thread> helpers;
  for (std::size_t i = 1; i < readers.size(); ++i) helpers.emplace_back(work, std::ref(*readers[i]));
  work(*readers[0]);
  for (std::thread& helper : helpers) helper.join();
  if (firstError) {
    ::close(outFd);
    std::cerr << "vault_file_tool: " << *firstError << "\n";
    return 1;
  }
  const auto written = std::chrono::steady_clock::now();
  if (::fsync(outFd) != 0 || ::close(outFd) != 0) return failedErrno("cannot sync", out);
  if (g_verbose)
    std::cerr << "vault_file_tool: decrypt: writes " << millisecondsSince(g_start, written) << " ms, fsync "
              << millisecondsSince(written, std::chrono::steady_clock::now()) << " ms\n";
  return 0;
}

constexpr std::size_t kRandomReadBytes = 64 * 1024;

struct RandomReadOptions {
  bool plain = false;
  bool cold = false;
  unsigned count = 1000;
  std::uint64_t seed = 1;
};

int randomRead(const std::string& path, const std::optional<vs::DataKey>& key, const RandomReadOptions& options) {
  std::unique_ptr<vs::ChunkedFileReader> reader;
  std::uint64_t size = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);  // for eviction and --plain
  if (fd < 0) return failedErrno("cannot open", path);
  if (options.plain) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return failedErrno("cannot stat", path);
    size = static_cast<std::uint64_t>(info.st_size);
  } else {
    auto opened = vs::ChunkedFileReader::open(path, *key);
    if (!opened) return failed(opened.error());
    reader = std::move(*opened);
    size = reader->size();
  }
  if (size < kRandomReadBytes) {
    std::cerr << "vault_file_tool: " << path << " is smaller than 64 KiB\n";
    return 1;
  }
  std::mt19937_64 random(options.seed);
  std::uniform_int_distribution<std::uint64_t> offsets(0, size - kRandomReadBytes);
  std::vector<unsigned char> buffer(kRandomReadBytes);
  std::vector<double> micros;
  micros.reserve(options.count);
  for (unsigned i = 0; i < options.count; ++i) {
    const std::uint64_t offset = offsets(random);
    if (options.cold) ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    const auto start = std::chrono::steady_clock::now();
    std::size_t got = 0;
    if (options.plain) {
      const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
      if (n < 0) return failedErrno("cannot read", path);
      got = static_cast<std::size_t>(n);
    } else {
      auto n = reader->readAt(offset, buffer);
      if (!n) return failed(n.error());
      got = *n;
    }
    const auto end = std::chrono::steady_clock::now();
    if (got != buffer.size()) {
      std::cerr << "vault_file_tool: short read\n";
      return 1;
    }
    micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  ::close(fd);
  std::sort(micros.begin(), micros.end());
  std::cout << micros[micros.size() / 2] << "\n";
  if (g_verbose)
    std::cerr << "vault_file_tool: randread: median " << micros[micros.size() / 2] << " us, p90 "
              << micros[micros.size() * 9 / 10] << " us over " << micros.size() << " reads\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string_view command = argv[1];
  const std::string in = argv[2];
  const bool hasOutput = command == "encrypt" || command == "decrypt";
  if (hasOutput && argc < 4) return usage();
  const std::string out = hasOutput ? argv[3] : "";
  vs::ChunkedFileOptions options;
  std::optional<std::string> keyHex;
  unsigned threads = 2;
  RandomReadOptions randomReads;
  for (int i = hasOutput ? 4 : 3; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--chunk" && hasValue) {
      const std::string_view value = argv[++i];
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), options.chunkSize);
      if (ec != std::errc() || end != value.data() + value.size()) return usage();
    } else if (arg == "--cipher" && hasValue) {
      const std::string_view value = argv[++i];
      if (value == "aes") {
        options.cipher = vs::ChunkCipher::Aes256Gcm;
      } else if (value == "xchacha") {
        options.cipher = vs::ChunkCipher::XChaCha20Poly1305;
      } else {
        return usage();
      }
    } else if (arg == "--key" && hasValue) {
      keyHex = argv[++i];
    } else if (arg == "--threads" && hasValue) {
      const std::string_view value = argv[++i];
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), threads);
      if (ec != std::errc() || end != value.data() + value.size() || threads == 0 || threads > 64) return usage();
    } else if (arg == "--count" && hasValue) {
      const std::string_view value = argv[++i];
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), randomReads.count);
      if (ec != std::errc() || end != value.data() + value.size() || randomReads.count == 0) return usage();
    } else if (arg == "--seed" && hasValue) {
      const std::string_view value = argv[++i];
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), randomReads.seed);
      if (ec != std::errc() || end != value.data() + value.size()) return usage();
    } else if (arg == "--plain") {
      randomReads.plain = true;
    } else if (arg == "--cold") {
      randomReads.cold = true;
    } else if (arg == "--verbose") {
      g_verbose = true;
    } else if (arg == "--direct") {
      options.directIo = true;
    } else if (arg == "--no-overlap") {
      options.overlapIo = false;
    } else {
      return usage();
    }
  }

  if (command == "encrypt") {
    std::optional<vs::DataKey> key;
    if (keyHex) {
      key = keyFromHex(*keyHex);
      if (!key) return usage();
    } else {
      key = vs::DataKey::generate();
      std::ofstream keyFile(out + ".key", std::ios::trunc);
      keyFile << keyToHex(*key) << "\n";
      if (!keyFile) return failedErrno("cannot write", out + ".key");
    }
    return encrypt(in, out, *key, options);
  }
  if (command == "randread") {
    std::optional<vs::DataKey> key;
    if (!randomReads.plain) {
      if (!keyHex) {
        std::ifstream keyFile(in + ".key");
        std::string line;
        if (!std::getline(keyFile, line)) return failedErrno("cannot read", in + ".key");
        keyHex = line;
      }
      key = keyFromHex(*keyHex);
      if (!key) return usage();
    }
    return randomRead(in, key, randomReads);
  }
  if (command == "decrypt") {
    if (!keyHex) {
      std::ifstream keyFile(in + ".key");
      std::string line;
      if (!std::getline(keyFile, line)) return failedErrno("cannot read", in + ".key");
      keyHex = line;
    }
    auto key = keyFromHex(*keyHex);
    if (!key) return usage();
    return decrypt(in, out, *key, threads);
  }
  return usage();
}
