// Tests of the seekable chunked AEAD container (vault/chunked_file.h): the
// documented on-disk format, round trips, random access at chunk boundaries,
// and above all what goes wrong: flipped bytes, truncation, reordered or
// borrowed chunks and headers, wrong keys, appended garbage, an existing
// final file, an abandoned writer, unwritable directories, a full disk.
//
// Disk errors are injected by interposing pwrite() and fsync() in this test
// executable (the core library is linked statically, so its calls resolve to
// the definitions below, which pass through to the kernel unless a test arms
// a failure).
#include "vault/chunked_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <sodium.h>

#include "core/i18n.h"
#include "support/temp_dir.h"

// ---------------------------------------------------------------------------
// Fault injection. A failure is armed with an errno, the number of calls to
// let through first and how many calls fail then (all of them by default).

namespace {
std::atomic<int> g_pwriteErrno{0};
std::atomic<long> g_pwritesBeforeFailure{0};
std::atomic<long> g_pwriteFailuresLeft{0};  // negative: fail for good
std::atomic<int> g_fsyncErrno{0};

// True when this call is to fail; counts it.
bool takeFailure() {
  long left = g_pwriteFailuresLeft.load();
  while (left != 0) {
    if (left < 0 || g_pwriteFailuresLeft.compare_exchange_weak(left, left - 1)) return true;
  }
  return false;
}
}  // namespace

extern "C" ssize_t pwrite(int fd, const void* buffer, size_t size, off_t offset) {
  if (const int err = g_pwriteErrno.load(); err != 0 && g_pwritesBeforeFailure.fetch_sub(1) <= 0 && takeFailure()) {
    errno = err;
    return -1;
  }
  return static_cast<ssize_t>(syscall(SYS_pwrite64, fd, buffer, size, offset));
}

extern "C" int fsync(int fd) {
  if (const int err = g_fsyncErrno.load(); err != 0) {
    errno = err;
    return -1;
  }
  return static_cast<int>(syscall(SYS_fsync, fd));
}

namespace vakspiegel {
namespace {

using test::randomBytes;
using test::readFileBytes;
using test::TempDir;
using test::writeFileBytes;

constexpr std::uint32_t kSmallChunk = kMinChunkSize;  // keeps files small and chunk counts high
constexpr std::size_t kStride = kSmallChunk + kChunkTagBytes;

class FaultGuard {
 public:
  FaultGuard() = default;
  FaultGuard(const FaultGuard&) = delete;
  FaultGuard& operator=(const FaultGuard&) = delete;
  ~FaultGuard() {
    g_pwriteErrno = 0;
    g_fsyncErrno = 0;
  }
  void failPwrite(int err, long after, long times = -1) {
    g_pwritesBeforeFailure = after;
    g_pwriteFailuresLeft = times;
    g_pwriteErrno = err;
  }
  void failFsync(int err) { g_fsyncErrno = err; }
};

class EnglishMessages {
 public:
  EnglishMessages() : m_previous(currentLanguage()) { setLanguage(Language::English); }
  EnglishMessages(const EnglishMessages&) = delete;
  EnglishMessages& operator=(const EnglishMessages&) = delete;
  ~EnglishMessages() { setLanguage(m_previous); }

 private:
  Language m_previous;
};

bool aesAvailable() {
  ensureSodium();
  return crypto_aead_aes256gcm_is_available() == 1;
}

ChunkedFileOptions smallChunks(ChunkCipher cipher = ChunkCipher::XChaCha20Poly1305) {
  return {kSmallChunk, cipher, true};
}

// Writes `data` as a container in pieces of `piece` bytes and commits.
void writeContainer(const std::filesystem::path& path, const DataKey& key, const std::vector<unsigned char>& data,
                    ChunkedFileOptions options, std::size_t piece = 1000) {
  auto writer = ChunkedFileWriter::create(path, key, options);
  ASSERT_TRUE(writer) << writer.error().message;
  for (std::size_t done = 0; done < data.size(); done += piece) {
    const std::size_t size = std::min(piece, data.size() - done);
    ASSERT_TRUE((*writer)->write({data.data() + done, size}));
  }
  EXPECT_EQ((*writer)->plaintextBytesWritten(), data.size());
  const auto committed = (*writer)->commit();
  ASSERT_TRUE(committed) << committed.error().message;
}

// Opens the container and reads all of it; the first error on the way.
Result<std::vector<unsigned char>> readContainer(const std::filesystem::path& path, const DataKey& key) {
  auto reader = VS_TRY(ChunkedFileReader::open(path, key));
  std::vector<unsigned char> all(static_cast<std::size_t>(reader->size()));
  const std::size_t got = VS_TRY(reader->readAt(0, all));
  if (got != all.size()) return fail(ErrorCode::Internal, "short read");
  return all;
}

ErrorCode errorOf(const Result<std::vector<unsigned char>>& result) {
  return result ? ErrorCode::Unknown : result.error().code;
}

std::vector<unsigned char> slice(const std::vector<unsigned char>& bytes, std::size_t offset, std::size_t size) {
  if (offset >= bytes.size()) return {};
  size = std::min(size, bytes.size() - offset);
  return {bytes.begin() + static_cast<std::ptrdiff_t>(offset),
          bytes.begin() + static_cast<std::ptrdiff_t>(offset + size)};
}

// XORs one byte of a file with `mask` in place (applying it twice restores it).
void flipByte(const std::filesystem::path& path, std::size_t position, unsigned char mask) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(position));
  const int byte = file.get();
  ASSERT_NE(byte, EOF);
  file.seekp(static_cast<std::streamoff>(position));
  file.put(static_cast<char>(byte ^ mask));
  ASSERT_TRUE(file.flush());
}

std::size_t countFiles(const std::filesystem::path& directory) {
  return static_cast<std::size_t>(
      std::distance(std::filesystem::directory_iterator(directory), std::filesystem::directory_iterator()));
}

// ---------------------------------------------------------------------------
// Format and round trips

// The subkey of chunked_file.h, computed with libsodium directly: BLAKE2b-256
// keyed with the data key over the header and, from version 2 on, the binding.
std::array<unsigned char, 32> subkeyByHand(const DataKey& key, const unsigned char* header, std::string_view binding,
                                           bool isBound) {
  std::array<unsigned char, 32> subkey{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.bytes().data(), key.bytes().size(), subkey.size());
  crypto_generichash_update(&state, header, kChunkedHeaderBytes);
  if (isBound)
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(binding.data()), binding.size());
  crypto_generichash_final(&state, subkey.data(), subkey.size());
  return subkey;
}

void nonceAndAd(std::uint64_t index, bool last, std::array<unsigned char, 24>& nonce,
                std::array<unsigned char, 9>& ad) {
  nonce.fill(0);
  for (std::size_t i = 0; i < 8; ++i) nonce[i] = ad[i] = static_cast<unsigned char>(index >> (8 * i));
  ad[8] = last ? 1 : 0;
}

// A container sealed by hand, following only chunked_file.h: XChaCha20-Poly1305,
// kSmallChunk chunks, the given format version (1: the header alone makes the
// subkey; 2: header and binding).
std::vector<unsigned char> sealByHand(const DataKey& key, const std::vector<unsigned char>& data, int version,
                                      std::string_view binding) {
  std::vector<unsigned char> file(kChunkedHeaderBytes, 0);
  std::memcpy(file.data(), "VSCHUNK\0", 8);
  file[8] = static_cast<unsigned char>(version);
  file[10] = static_cast<unsigned char>(ChunkCipher::XChaCha20Poly1305);
  for (std::size_t i = 0; i < 4; ++i) file[12 + i] = static_cast<unsigned char>(kSmallChunk >> (8 * i));
  randombytes_buf(file.data() + 16, 48);
  const auto subkey = subkeyByHand(key, file.data(), binding, version >= 2);
  const std::size_t chunks = std::max<std::size_t>(1, (data.size() + kSmallChunk - 1) / kSmallChunk);
  for (std::size_t index = 0; index < chunks; ++index) {
    const std::size_t offset = index * kSmallChunk;
    const std::size_t size = std::min<std::size_t>(kSmallChunk, data.size() - offset);
    std::array<unsigned char, 24> nonce{};
    std::array<unsigned char, 9> ad{};
    nonceAndAd(index, index + 1 == chunks, nonce, ad);
    std::vector<unsigned char> sealed(size + kChunkTagBytes);
    unsigned long long sealedBytes = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &sealedBytes, data.data() + offset, size, ad.data(),
                                               ad.size(), nullptr, nonce.data(), subkey.data());
    file.insert(file.end(), sealed.begin(), sealed.end());
  }
  return file;
}

TEST(ChunkedFile, WritesTheDocumentedFormat) {
  // Decrypts the file with libsodium directly, following only the layout
  // documented in chunked_file.h, so the format cannot drift unnoticed.
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(2 * kSmallChunk + 100);
  const std::string binding = "5f0c8a2e-1b7d-4c3e-9a6f-0d2b4e6c8a1f/media";
  auto writer = ChunkedFileWriter::create(dir / "f", key, smallChunks(), binding);
  ASSERT_TRUE(writer) << writer.error().message;
  ASSERT_TRUE((*writer)->write(data));
  ASSERT_TRUE((*writer)->commit());
  const auto file = readFileBytes(dir / "f");

  ASSERT_EQ(file.size(), kChunkedHeaderBytes + 3 * kChunkTagBytes + data.size());
  EXPECT_EQ(std::memcmp(file.data(), "VSCHUNK\0", 8), 0);
  EXPECT_EQ(file[8], 2);  // format version, little-endian u16
  EXPECT_EQ(file[9], 0);
  EXPECT_EQ(file[10], static_cast<unsigned char>(ChunkCipher::XChaCha20Poly1305));
  EXPECT_EQ(file[11], 0);
  EXPECT_EQ(file[12] | (file[13] << 8) | (file[14] << 16) | (file[15] << 24), static_cast<int>(kSmallChunk));

  const auto subkey = subkeyByHand(key, file.data(), binding, true);
  std::vector<unsigned char> decrypted;
  std::size_t position = kChunkedHeaderBytes;
  for (std::uint64_t index = 0; index < 3; ++index) {
    const bool last = index == 2;
    const std::size_t sealed = last ? 100 + kChunkTagBytes : kStride;
    std::array<unsigned char, 24> nonce{};
    std::array<unsigned char, 9> ad{};
    nonceAndAd(index, last, nonce, ad);
    std::vector<unsigned char> plain(sealed - kChunkTagBytes);
    unsigned long long plainBytes = 0;
    ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &plainBytes, nullptr, file.data() + position,
                                                         sealed, ad.data(), ad.size(), nonce.data(), subkey.data()),
              0)
        << "chunk " << index;
    decrypted.insert(decrypted.end(), plain.begin(), plain.end());
    position += sealed;
  }
  EXPECT_EQ(decrypted, data);
}

// The attack of issue 15, item 7: a recording's files share its data key, so
// before the binding the thumbnails container opened as the media. Now a
// file opens only under the binding it was written with.
TEST(ChunkedFile, AFileOpensOnlyAsWhatItWasWrittenAs) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(kSmallChunk + 10);
  const std::string id = "5f0c8a2e-1b7d-4c3e-9a6f-0d2b4e6c8a1f";
  auto writer = ChunkedFileWriter::create(dir / "thumbnails", key, smallChunks(), id + "/thumbnails");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->write(data));
  ASSERT_TRUE((*writer)->commit());

  auto asThumbnails = ChunkedFileReader::open(dir / "thumbnails", key, id + "/thumbnails");
  ASSERT_TRUE(asThumbnails) << asThumbnails.error().message;
  EXPECT_EQ((*asThumbnails)->size(), data.size());
  for (const std::string& other : std::vector<std::string>{id + "/media", id + "/waveform",
                                                           "6f0c8a2e-1b7d-4c3e-9a6f-0d2b4e6c8a1f/thumbnails", ""}) {
    auto reader = ChunkedFileReader::open(dir / "thumbnails", key, other);
    ASSERT_FALSE(reader) << other;
    EXPECT_EQ(reader.error().code, ErrorCode::CorruptData) << other;
  }
}

// Vaults from before the binding hold version-1 files: they still open.
TEST(ChunkedFile, StillReadsAVersionOneFileOfAnOlderVault) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(2 * kSmallChunk + 7);
  writeFileBytes(dir / "old", sealByHand(key, data, 1, {}));
  auto reader = ChunkedFileReader::open(dir / "old", key, "5f0c8a2e-1b7d-4c3e-9a6f-0d2b4e6c8a1f/media");
  ASSERT_TRUE(reader) << reader.error().message;
  std::vector<unsigned char> all(data.size());
  ASSERT_EQ(*(*reader)->readAt(0, all), data.size());
  EXPECT_EQ(all, data);
  // And the same bytes as version 2 fail: the version field is authenticated.
  auto relabelled = readFileBytes(dir / "old");
  relabelled[8] = 2;
  writeFileBytes(dir / "relabelled", relabelled);
  EXPECT_EQ(errorOf(readContainer(dir / "relabelled", key)), ErrorCode::CorruptData);
  // A version-2 file sealed by hand opens under its binding only.
  writeFileBytes(dir / "new", sealByHand(key, data, 2, "r/media"));
  EXPECT_TRUE(ChunkedFileReader::open(dir / "new", key, "r/media"));
  EXPECT_FALSE(ChunkedFileReader::open(dir / "new", key, "r/speech"));
}

TEST(ChunkedFile, DoesNotFollowALinkPlantedAsTheFile) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  writeContainer(dir / "real", key, randomBytes(100), smallChunks());
  std::filesystem::create_symlink(dir / "real", dir / "link");
  auto reader = ChunkedFileReader::open(dir / "link", key);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::CorruptData);
}

TEST(ChunkedFile, RoundTripsWithAes256Gcm) {
  if (!aesAvailable()) GTEST_SKIP() << "this CPU has no AES-NI";
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(5 * kSmallChunk + 1234);
  writeContainer(dir / "f", key, data, smallChunks(ChunkCipher::Aes256Gcm));
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ((*reader)->cipher(), ChunkCipher::Aes256Gcm);
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
}

TEST(ChunkedFile, RoundTripsWithXChaCha20Poly1305) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(5 * kSmallChunk + 1234);
  writeContainer(dir / "f", key, data, smallChunks(ChunkCipher::XChaCha20Poly1305));
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ((*reader)->cipher(), ChunkCipher::XChaCha20Poly1305);
  EXPECT_EQ((*reader)->chunkSize(), kSmallChunk);
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
}

TEST(ChunkedFile, UsesThePreferredCipherByDefault) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  writeContainer(dir / "f", key, randomBytes(10), {});
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->cipher(), preferredChunkCipher());
  EXPECT_EQ((*reader)->chunkSize(), kDefaultChunkSize);
  EXPECT_EQ(preferredChunkCipher(), aesAvailable() ? ChunkCipher::Aes256Gcm : ChunkCipher::XChaCha20Poly1305);
}

TEST(ChunkedFile, RoundTripsWithoutOverlappedIo) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(3 * std::size_t{1} << 20);  // several slots' worth
  writeContainer(dir / "f", key, data, {kSmallChunk, ChunkCipher::Unknown, false}, 65536);
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
}

TEST(ChunkedFile, RoundTripsManySlotsWithOverlappedIoAndLargeChunks) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(9 * std::size_t{1} << 20);
  writeContainer(dir / "f", key, data, {kMaxChunkSize, ChunkCipher::Unknown, true}, 3 * 1000 * 1000);
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
  writeContainer(dir / "g", key, data, {64 * 1024, ChunkCipher::Unknown, true}, 7777);
  EXPECT_EQ(readContainer(dir / "g", key).value(), data);
}

TEST(ChunkedFile, RoundTripsWithDirectIoAtAnySize) {
  // Direct I/O writes whole 4 KiB blocks and carries partial ones from slot
  // to slot: sizes around blocks, chunks and 1 MiB slots, with and without
  // the worker threads. The file must come out at its exact length.
  TempDir dir;
  const DataKey key = DataKey::generate();
  const std::size_t slot = std::size_t{1} << 20;
  int name = 0;
  for (const bool overlapIo : {true, false}) {
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4096 - 64 - 16}, std::size_t{4096},
                                   std::size_t{kSmallChunk + 1}, slot - 1, slot, slot + 1, 3 * slot + 12345}) {
      const auto data = randomBytes(size);
      const auto path = dir / std::to_string(name++);
      writeContainer(path, key, data, {kSmallChunk, ChunkCipher::Unknown, overlapIo, true}, 10000);
      const std::size_t chunks = size == 0 ? 1 : (size + kSmallChunk - 1) / kSmallChunk;
      EXPECT_EQ(std::filesystem::file_size(path), kChunkedHeaderBytes + size + chunks * kChunkTagBytes) << size;
      EXPECT_EQ(readContainer(path, key).value(), data) << size;
    }
  }
}

TEST(ChunkedFile, AcceptsWritesOfAnySize) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(4 * kSmallChunk + 77);
  auto writer = ChunkedFileWriter::create(dir / "f", key, smallChunks());
  ASSERT_TRUE(writer);
  std::size_t done = 0;
  for (const std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{kSmallChunk - 1}, std::size_t{1},
                                  std::size_t{kSmallChunk}, std::size_t{2 * kSmallChunk + 3}}) {
    ASSERT_TRUE((*writer)->write({data.data() + done, piece}));
    done += piece;
  }
  ASSERT_TRUE((*writer)->write({data.data() + done, data.size() - done}));
  ASSERT_TRUE((*writer)->commit());
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
}

TEST(ChunkedFile, AnEmptyFileIsOneEmptyLastChunk) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  writeContainer(dir / "f", key, {}, smallChunks());
  EXPECT_EQ(std::filesystem::file_size(dir / "f"), kChunkedHeaderBytes + kChunkTagBytes);
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ((*reader)->size(), 0u);
  std::array<unsigned char, 16> out{};
  EXPECT_EQ((*reader)->readAt(0, out).value(), 0u);
  EXPECT_EQ((*reader)->read(out).value(), 0u);
}

TEST(ChunkedFile, AnExactMultipleOfTheChunkSizeHasNoEmptyTrailingChunk) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(3 * kSmallChunk);
  writeContainer(dir / "f", key, data, smallChunks(), kSmallChunk);
  EXPECT_EQ(std::filesystem::file_size(dir / "f"), kChunkedHeaderBytes + 3 * kStride);
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
}

TEST(ChunkedFile, OneByteMoreThanAChunkMakesAOneByteLastChunk) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(kSmallChunk + 1);
  writeContainer(dir / "f", key, data, smallChunks());
  EXPECT_EQ(std::filesystem::file_size(dir / "f"), kChunkedHeaderBytes + kStride + 1 + kChunkTagBytes);
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
}

// ---------------------------------------------------------------------------
// Random access

TEST(ChunkedFile, ReadsAtAndAcrossEveryChunkBoundary) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(4 * kSmallChunk + 10);
  writeContainer(dir / "f", key, data, smallChunks());
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader);
  ASSERT_EQ((*reader)->size(), data.size());
  for (std::size_t boundary = 0; boundary <= data.size() + kSmallChunk; boundary += kSmallChunk) {
    for (const std::size_t offset : {boundary - std::min<std::size_t>(boundary, 1), boundary, boundary + 1}) {
      for (const std::size_t length : {std::size_t{1}, std::size_t{2}, std::size_t{kSmallChunk},
                                       std::size_t{kSmallChunk + 1}, std::size_t{3 * kSmallChunk}}) {
        std::vector<unsigned char> out(length, 0xAA);
        auto got = (*reader)->readAt(offset, out);
        ASSERT_TRUE(got) << got.error().message;
        const auto expected = slice(data, offset, length);
        ASSERT_EQ(*got, expected.size()) << "offset " << offset << " length " << length;
        out.resize(*got);
        EXPECT_EQ(out, expected) << "offset " << offset << " length " << length;
      }
    }
  }
}

TEST(ChunkedFile, ReadsNothingAtOrPastTheEnd) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(kSmallChunk + 5);
  writeContainer(dir / "f", key, data, smallChunks());
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader);
  std::array<unsigned char, 8> out{};
  EXPECT_EQ((*reader)->readAt(data.size(), out).value(), 0u);
  EXPECT_EQ((*reader)->readAt(data.size() + 1, out).value(), 0u);
  EXPECT_EQ((*reader)->readAt(UINT64_MAX, out).value(), 0u);
  EXPECT_EQ((*reader)->readAt(data.size() - 3, out).value(), 3u);
  EXPECT_EQ((*reader)->readAt(0, std::span<unsigned char>()).value(), 0u);
}

TEST(ChunkedFile, ReadsSequentiallyThroughTheCursor) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(3 * kSmallChunk + 321);
  writeContainer(dir / "f", key, data, smallChunks());
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader);
  std::vector<unsigned char> all;
  std::vector<unsigned char> piece(1000);
  for (;;) {
    const std::size_t got = (*reader)->read(piece).value();
    if (got == 0) break;
    all.insert(all.end(), piece.begin(), piece.begin() + static_cast<std::ptrdiff_t>(got));
    EXPECT_EQ((*reader)->tell(), all.size());
  }
  EXPECT_EQ(all, data);
}

TEST(ChunkedFile, SeeksFromTheStartTheCursorAndTheEnd) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(2 * kSmallChunk + 50);
  writeContainer(dir / "f", key, data, smallChunks());
  auto reader = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(reader);
  ChunkedFileReader& r = **reader;
  std::array<unsigned char, 4> out{};

  EXPECT_EQ(r.seek(kSmallChunk - 2, SEEK_SET).value(), kSmallChunk - 2);
  ASSERT_EQ(r.read(out).value(), 4u);
  EXPECT_EQ(std::vector<unsigned char>(out.begin(), out.end()), slice(data, kSmallChunk - 2, 4));
  EXPECT_EQ(r.tell(), kSmallChunk + 2);

  EXPECT_EQ(r.seek(-4, SEEK_CUR).value(), kSmallChunk - 2);
  EXPECT_EQ(r.seek(10, SEEK_CUR).value(), kSmallChunk + 8);
  EXPECT_EQ(r.seek(-2, SEEK_END).value(), data.size() - 2);
  EXPECT_EQ(r.read(out).value(), 2u);
  EXPECT_EQ(r.tell(), data.size());

  // Past the end is allowed and reads nothing; before the start is refused
  // and leaves the cursor where it was.
  EXPECT_EQ(r.seek(100, SEEK_END).value(), data.size() + 100);
  EXPECT_EQ(r.read(out).value(), 0u);
  EXPECT_EQ(r.seek(-1, SEEK_SET).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(r.seek(-static_cast<std::int64_t>(data.size()) - 1, SEEK_END).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(r.seek(INT64_MIN, SEEK_CUR).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(r.seek(0, 42).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(r.tell(), data.size() + 100);
  EXPECT_EQ(r.seek(-static_cast<std::int64_t>(data.size()), SEEK_END).value(), 0u);
}

TEST(ChunkedFile, TwoReadersOfOneFileReadIndependently) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(3 * kSmallChunk);
  writeContainer(dir / "f", key, data, smallChunks());
  auto first = ChunkedFileReader::open(dir / "f", key);
  auto second = ChunkedFileReader::open(dir / "f", key);
  ASSERT_TRUE(first && second);
  std::vector<unsigned char> a(100), b(100);
  ASSERT_EQ((*first)->readAt(5, a).value(), 100u);
  ASSERT_EQ((*second)->readAt(2 * kSmallChunk + 5, b).value(), 100u);
  EXPECT_EQ(a, slice(data, 5, 100));
  EXPECT_EQ(b, slice(data, 2 * kSmallChunk + 5, 100));
}

// ---------------------------------------------------------------------------
// Tampering and damage

// Each damage test runs for both ciphers.
class ChunkedFileDamage : public ::testing::TestWithParam<ChunkCipher> {
 protected:
  // 3 full chunks and a 100-byte last chunk.
  void SetUp() override {
    if (GetParam() == ChunkCipher::Aes256Gcm && !aesAvailable()) GTEST_SKIP() << "this CPU has no AES-NI";
    m_data = randomBytes(3 * kSmallChunk + 100);
    writeContainer(m_path, m_key, m_data, smallChunks(GetParam()));
    m_file = readFileBytes(m_path);
    ASSERT_EQ(m_file.size(), kChunkedHeaderBytes + 3 * kStride + 100 + kChunkTagBytes);
  }

  static std::size_t chunkStart(std::size_t index) { return kChunkedHeaderBytes + index * kStride; }

  TempDir m_dir;
  std::filesystem::path m_path = m_dir / "f";
  const DataKey m_key = DataKey::generate();
  std::vector<unsigned char> m_data;
  std::vector<unsigned char> m_file;
};

TEST_P(ChunkedFileDamage, DetectsAFlippedByteInTheHeader) {
  for (std::size_t position = 0; position < kChunkedHeaderBytes; ++position) {
    for (const unsigned char mask : std::array<unsigned char, 3>{0x01, 0x80, 0xFF}) {
      auto damaged = m_file;
      damaged[position] ^= mask;
      writeFileBytes(m_path, damaged);
      auto reader = ChunkedFileReader::open(m_path, m_key);
      ASSERT_FALSE(reader) << "position " << position << " mask " << int{mask};
      // A version number above 2 reads as a file from a newer Vakspiegel.
      const int version = damaged[8] | (damaged[9] << 8);
      const ErrorCode expected = version > 2 ? ErrorCode::Unsupported : ErrorCode::CorruptData;
      EXPECT_EQ(reader.error().code, expected) << "position " << position << " mask " << int{mask};
    }
  }
}

TEST_P(ChunkedFileDamage, DetectsAFlippedByteAnywhereInTheChunks) {
  // Every byte of every chunk, ciphertext and tag alike.
  for (std::size_t position = kChunkedHeaderBytes; position < m_file.size(); ++position) {
    flipByte(m_path, position, 0x01);
    ASSERT_EQ(errorOf(readContainer(m_path, m_key)), ErrorCode::CorruptData) << "position " << position;
    flipByte(m_path, position, 0x01);
  }
  EXPECT_EQ(readContainer(m_path, m_key).value(), m_data) << "the loop restored every byte";
}

TEST_P(ChunkedFileDamage, AFlippedByteFailsOnlyItsOwnChunkAndTheErrorNamesIt) {
  EnglishMessages english;
  auto damaged = m_file;
  damaged[chunkStart(1) + 17] ^= 0x40;
  writeFileBytes(m_path, damaged);
  auto reader = ChunkedFileReader::open(m_path, m_key);
  ASSERT_TRUE(reader) << "only the final chunk is checked at open";
  std::vector<unsigned char> out(kSmallChunk);
  EXPECT_EQ((*reader)->readAt(0, out).value(), kSmallChunk);
  EXPECT_EQ(out, slice(m_data, 0, kSmallChunk));
  EXPECT_EQ((*reader)->readAt(2 * kSmallChunk, out).value(), kSmallChunk);
  EXPECT_EQ(out, slice(m_data, 2 * kSmallChunk, kSmallChunk));
  auto bad = (*reader)->readAt(kSmallChunk + 5, out);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::CorruptData);
  EXPECT_NE(bad.error().message.find("Chunk 1 "), std::string::npos) << bad.error().message;
  // A read that starts in a good chunk and runs into the bad one fails too.
  EXPECT_FALSE((*reader)->readAt(kSmallChunk - 5, out));
}

TEST_P(ChunkedFileDamage, DetectsAFlippedByteInTheFinalChunkWhenOpening) {
  auto damaged = m_file;
  damaged[chunkStart(3) + 3] ^= 0x01;
  writeFileBytes(m_path, damaged);
  auto reader = ChunkedFileReader::open(m_path, m_key);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::CorruptData);
}

TEST_P(ChunkedFileDamage, DetectsTruncationAtEveryChunkBoundary) {
  for (std::size_t chunks = 0; chunks <= 3; ++chunks) {
    writeFileBytes(m_path, slice(m_file, 0, chunkStart(chunks)));
    auto reader = ChunkedFileReader::open(m_path, m_key);
    ASSERT_FALSE(reader) << chunks << " chunks left";
    EXPECT_EQ(reader.error().code, ErrorCode::CorruptData);
  }
}

TEST_P(ChunkedFileDamage, DetectsTruncationAtEveryLength) {
  // Inside the header, inside every chunk and its tag; shortest last, so
  // each step only cuts the file further.
  for (std::size_t length = m_file.size(); length-- > 0;) {
    std::filesystem::resize_file(m_path, length);
    ASSERT_EQ(errorOf(readContainer(m_path, m_key)), ErrorCode::CorruptData) << "length " << length;
  }
}

TEST_P(ChunkedFileDamage, DetectsTruncationOfAnExactMultipleOfTheChunkSize) {
  // Without a short last chunk, cutting whole chunks leaves a file whose
  // layout is valid: only the last flag can tell.
  const auto data = randomBytes(3 * kSmallChunk);
  writeContainer(m_dir / "g", m_key, data, smallChunks(GetParam()));
  const auto file = readFileBytes(m_dir / "g");
  writeFileBytes(m_dir / "g", slice(file, 0, chunkStart(2)));
  auto reader = ChunkedFileReader::open(m_dir / "g", m_key);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::CorruptData);
}

TEST_P(ChunkedFileDamage, DetectsSwappedChunks) {
  auto swapped = m_file;
  std::swap_ranges(swapped.begin() + static_cast<std::ptrdiff_t>(chunkStart(0)),
                   swapped.begin() + static_cast<std::ptrdiff_t>(chunkStart(1)),
                   swapped.begin() + static_cast<std::ptrdiff_t>(chunkStart(1)));
  writeFileBytes(m_path, swapped);
  auto reader = ChunkedFileReader::open(m_path, m_key);
  ASSERT_TRUE(reader);
  std::vector<unsigned char> out(10);
  EXPECT_EQ((*reader)->readAt(0, out).error().code, ErrorCode::CorruptData);
  EXPECT_EQ((*reader)->readAt(kSmallChunk, out).error().code, ErrorCode::CorruptData);
  EXPECT_TRUE((*reader)->readAt(2 * kSmallChunk, out));
}

TEST_P(ChunkedFileDamage, DetectsAFullChunkMovedToTheEnd) {
  // 3 full chunks: moving chunk 1 last and the last chunk to the middle.
  const auto data = randomBytes(3 * kSmallChunk);
  writeContainer(m_dir / "g", m_key, data, smallChunks(GetParam()));
  auto file = readFileBytes(m_dir / "g");
  std::swap_ranges(file.begin() + static_cast<std::ptrdiff_t>(chunkStart(1)),
                   file.begin() + static_cast<std::ptrdiff_t>(chunkStart(2)),
                   file.begin() + static_cast<std::ptrdiff_t>(chunkStart(2)));
  writeFileBytes(m_dir / "g", file);
  auto reader = ChunkedFileReader::open(m_dir / "g", m_key);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::CorruptData);
}

TEST_P(ChunkedFileDamage, DetectsADroppedMiddleChunk) {
  auto file = m_file;
  file.erase(file.begin() + static_cast<std::ptrdiff_t>(chunkStart(1)),
             file.begin() + static_cast<std::ptrdiff_t>(chunkStart(2)));
  writeFileBytes(m_path, file);
  EXPECT_EQ(errorOf(readContainer(m_path, m_key)), ErrorCode::CorruptData);
}

TEST_P(ChunkedFileDamage, DetectsAChunkCopiedFromAnotherFileWithTheSameKey) {
  writeContainer(m_dir / "other", m_key, randomBytes(m_data.size()), smallChunks(GetParam()));
  const auto other = readFileBytes(m_dir / "other");
  for (std::size_t index = 0; index <= 3; ++index) {
    auto mixed = m_file;
    const std::size_t end = index == 3 ? m_file.size() : chunkStart(index + 1);
    std::copy(other.begin() + static_cast<std::ptrdiff_t>(chunkStart(index)),
              other.begin() + static_cast<std::ptrdiff_t>(end),
              mixed.begin() + static_cast<std::ptrdiff_t>(chunkStart(index)));
    writeFileBytes(m_path, mixed);
    EXPECT_EQ(errorOf(readContainer(m_path, m_key)), ErrorCode::CorruptData) << "chunk " << index;
  }
}

TEST_P(ChunkedFileDamage, DetectsAHeaderFromAnotherFile) {
  writeContainer(m_dir / "other", m_key, randomBytes(m_data.size()), smallChunks(GetParam()));
  const auto other = readFileBytes(m_dir / "other");
  auto mixed = m_file;
  std::copy(other.begin(), other.begin() + kChunkedHeaderBytes, mixed.begin());
  writeFileBytes(m_path, mixed);
  auto reader = ChunkedFileReader::open(m_path, m_key);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::CorruptData);
}

TEST_P(ChunkedFileDamage, RejectsAWrongKey) {
  EnglishMessages english;
  auto reader = ChunkedFileReader::open(m_path, DataKey::generate());
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::CorruptData);
  EXPECT_NE(reader.error().message.find("damaged or does not belong to this key"), std::string::npos)
      << reader.error().message;
}

TEST_P(ChunkedFileDamage, DetectsAppendedGarbage) {
  for (const std::size_t extra : {std::size_t{1}, kChunkTagBytes - 1, kChunkTagBytes, kChunkTagBytes + 1,
                                  std::size_t{1000}, kStride - 100 - kChunkTagBytes, kStride, 3 * kStride + 7}) {
    auto longer = m_file;
    const auto garbage = randomBytes(extra);
    longer.insert(longer.end(), garbage.begin(), garbage.end());
    writeFileBytes(m_path, longer);
    EXPECT_EQ(errorOf(readContainer(m_path, m_key)), ErrorCode::CorruptData) << extra << " bytes appended";
  }
}

TEST_P(ChunkedFileDamage, RejectsChunkSizesOutOfRangeWithoutReadingFurther) {
  for (const std::uint32_t size : {0u, 1u, kMinChunkSize - 1, kMaxChunkSize + 1, 0x7fffffffu, 0xffffffffu}) {
    auto damaged = m_file;
    for (std::size_t i = 0; i < 4; ++i) damaged[12 + i] = static_cast<unsigned char>(size >> (8 * i));
    writeFileBytes(m_path, damaged);
    auto reader = ChunkedFileReader::open(m_path, m_key);
    ASSERT_FALSE(reader) << size;
    EXPECT_EQ(reader.error().code, ErrorCode::CorruptData) << size;
  }
}

TEST_P(ChunkedFileDamage, DetectsAFileThatShrinksAfterOpening) {
  auto reader = ChunkedFileReader::open(m_path, m_key);
  ASSERT_TRUE(reader);
  std::filesystem::resize_file(m_path, chunkStart(1) + 10);
  std::vector<unsigned char> out(10);
  EXPECT_EQ((*reader)->readAt(2 * kSmallChunk, out).error().code, ErrorCode::CorruptData);
}

INSTANTIATE_TEST_SUITE_P(Ciphers, ChunkedFileDamage,
                         ::testing::Values(ChunkCipher::XChaCha20Poly1305, ChunkCipher::Aes256Gcm),
                         [](const ::testing::TestParamInfo<ChunkCipher>& param) {
                           return param.param == ChunkCipher::Aes256Gcm ? "Aes256Gcm" : "XChaCha20Poly1305";
                         });

TEST(ChunkedFile, RejectsFilesThatAreNotContainers) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  writeFileBytes(dir / "short", randomBytes(10));
  writeFileBytes(dir / "random", randomBytes(5000));
  writeFileBytes(dir / "empty", {});
  for (const char* name : {"short", "random", "empty"}) {
    auto reader = ChunkedFileReader::open(dir / name, key);
    ASSERT_FALSE(reader) << name;
    EXPECT_EQ(reader.error().code, ErrorCode::CorruptData) << name;
  }
  std::filesystem::create_directory(dir / "directory");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  for (const char* name : {"directory", "fifo"}) {
    auto reader = ChunkedFileReader::open(dir / name, key);  // must not block on the FIFO
    ASSERT_FALSE(reader) << name;
    EXPECT_EQ(reader.error().code, ErrorCode::CorruptData) << name;
  }
}

TEST(ChunkedFile, RejectsAHandMadeHeaderWhoseChunksDoNotAuthenticate) {
  // A well-formed header (valid magic, version, cipher, chunk size) and a body
  // of zeros of every small length: never a crash, always CorruptData.
  TempDir dir;
  const DataKey key = DataKey::generate();
  std::vector<unsigned char> header(kChunkedHeaderBytes, 0);
  std::memcpy(header.data(), "VSCHUNK\0", 8);
  header[8] = 1;
  header[10] = static_cast<unsigned char>(ChunkCipher::XChaCha20Poly1305);
  header[13] = 0x10;  // 4096
  for (std::size_t body = 0; body < 3 * kStride; body += 7) {
    std::vector<unsigned char> file(kChunkedHeaderBytes + body, 0);
    std::copy(header.begin(), header.end(), file.begin());
    writeFileBytes(dir / "f", file);
    ASSERT_EQ(errorOf(readContainer(dir / "f", key)), ErrorCode::CorruptData) << body;
  }
}

TEST(ChunkedFile, ReportsAMissingFileAsNotFound) {
  TempDir dir;
  auto reader = ChunkedFileReader::open(dir / "missing", DataKey::generate());
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::NotFound);
}

// ---------------------------------------------------------------------------
// The writer's life cycle

TEST(ChunkedFile, WritesToATemporarySiblingUntilCommitted) {
  TempDir dir;
  auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
  ASSERT_TRUE(writer);
  const std::filesystem::path temp = (*writer)->temporaryPath();
  EXPECT_EQ(temp.parent_path(), dir.path());
  EXPECT_EQ(temp.filename().string().rfind("f.partial-", 0), 0u) << temp;
  ASSERT_TRUE((*writer)->write(randomBytes(3 * kSmallChunk)));
  EXPECT_TRUE(std::filesystem::exists(temp));
  EXPECT_FALSE(std::filesystem::exists(dir / "f"));
  ASSERT_TRUE((*writer)->commit());
  EXPECT_FALSE(std::filesystem::exists(temp));
  EXPECT_TRUE(std::filesystem::exists(dir / "f"));
  EXPECT_EQ(std::filesystem::status(dir / "f").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  writer->reset();
  EXPECT_TRUE(std::filesystem::exists(dir / "f")) << "destroying a committed writer keeps the file";
}

TEST(ChunkedFile, AnAbandonedWriterLeavesNoTemporaryFile) {
  TempDir dir;
  auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->write(randomBytes(5 * kSmallChunk + 3)));
  (*writer)->abandon();
  (*writer)->abandon();  // idempotent
  EXPECT_EQ(countFiles(dir.path()), 0u);
  EXPECT_EQ((*writer)->write(randomBytes(1)).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ((*writer)->commit().error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(countFiles(dir.path()), 0u);
}

TEST(ChunkedFile, ADestroyedWriterWithoutCommitLeavesNoTemporaryFile) {
  TempDir dir;
  {
    auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->write(randomBytes(3 * 1024 * 1024)));
  }
  EXPECT_EQ(countFiles(dir.path()), 0u);
}

TEST(ChunkedFile, CreateRefusesAnExistingFinalFile) {
  TempDir dir;
  writeFileBytes(dir / "f", {1, 2, 3});
  auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::AlreadyExists);
  std::filesystem::create_symlink(dir / "nowhere", dir / "dangling");
  writer = ChunkedFileWriter::create(dir / "dangling", DataKey::generate(), smallChunks());
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::AlreadyExists);
}

TEST(ChunkedFile, CommitRefusesToOverwriteAFileCreatedMeanwhile) {
  TempDir dir;
  const DataKey key = DataKey::generate();
  auto writer = ChunkedFileWriter::create(dir / "f", key, smallChunks());
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->write(randomBytes(2 * kSmallChunk)));
  writeFileBytes(dir / "f", {1, 2, 3});
  const auto committed = (*writer)->commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, ErrorCode::AlreadyExists);
  EXPECT_EQ(readFileBytes(dir / "f"), (std::vector<unsigned char>{1, 2, 3}));
  EXPECT_EQ((*writer)->write(randomBytes(1)).error().code, ErrorCode::AlreadyExists) << "the writer stays failed";
  (*writer)->abandon();
  EXPECT_EQ(countFiles(dir.path()), 1u);
}

TEST(ChunkedFile, RefusesChunkSizesOutOfRange) {
  TempDir dir;
  for (const std::uint32_t size : {0u, kMinChunkSize - 1, kMaxChunkSize + 1}) {
    auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), {size, ChunkCipher::Unknown, true});
    ASSERT_FALSE(writer);
    EXPECT_EQ(writer.error().code, ErrorCode::InvalidArgument);
  }
  auto writer =
      ChunkedFileWriter::create(dir / "f", DataKey::generate(), {kMinChunkSize, static_cast<ChunkCipher>(77), true});
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(countFiles(dir.path()), 0u);
}

TEST(ChunkedFile, CreatingInAMissingDirectoryGivesIo) {
  TempDir dir;
  auto writer = ChunkedFileWriter::create(dir / "missing" / "f", DataKey::generate(), smallChunks());
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::Io);
  writeFileBytes(dir / "file", {1});
  writer = ChunkedFileWriter::create(dir / "file" / "f", DataKey::generate(), smallChunks());
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::Io);
}

TEST(ChunkedFile, CreatingInAReadOnlyDirectoryGivesIo) {
  // As root (CI containers) permissions do not stop writes: the check runs
  // in a child process that has given up root first.
  TempDir dir;
  const auto readOnly = dir / "read-only";
  std::filesystem::create_directory(readOnly);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);  // so others may enter
  std::filesystem::permissions(readOnly, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                                             std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
  const DataKey key = DataKey::generate();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(10);
    auto writer = ChunkedFileWriter::create(readOnly / "f", key, smallChunks());
    ::_exit(writer ? 11 : writer.error().code == ErrorCode::Io ? 0 : 12);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: could not drop root, 11: created, 12: another error code";
  EXPECT_EQ(countFiles(readOnly), 0u);
}

TEST(ChunkedFile, WriteAfterCommitIsRefused) {
  TempDir dir;
  auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->commit());
  EXPECT_EQ((*writer)->write(randomBytes(1)).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ((*writer)->commit().error().code, ErrorCode::InvalidArgument);
}

// ---------------------------------------------------------------------------
// Disk errors (injected)

TEST(ChunkedFile, ReportsAFullDiskWhenTheHeaderCannotBeWritten) {
  TempDir dir;
  FaultGuard faults;
  faults.failPwrite(ENOSPC, 0);
  auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::DiskFull);
  EXPECT_EQ(countFiles(dir.path()), 0u);
}

// Writes until the injected failure shows, at a write() or at commit().
Error writeUntilFailure(ChunkedFileWriter& writer) {
  const auto piece = randomBytes(256 * 1024);
  for (int i = 0; i < 64; ++i) {
    if (auto status = writer.write(piece); !status) return status.error();
  }
  auto status = writer.commit();
  EXPECT_FALSE(status);
  return status ? Error{} : status.error();
}

TEST(ChunkedFile, ReportsAFullDiskWhileWriting) {
  for (const bool overlapIo : {true, false}) {
    for (const int err : {ENOSPC, EDQUOT}) {
      TempDir dir;
      FaultGuard faults;
      auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(),
                                              {kSmallChunk, ChunkCipher::Unknown, overlapIo, err == EDQUOT});
      ASSERT_TRUE(writer);
      faults.failPwrite(err, 3);
      const Error error = writeUntilFailure(**writer);
      EXPECT_EQ(error.code, ErrorCode::DiskFull) << error.message;
      // After an error the writer only accepts abandon().
      EXPECT_EQ((*writer)->write(randomBytes(1)).error().code, ErrorCode::DiskFull);
      EXPECT_EQ((*writer)->commit().error().code, ErrorCode::DiskFull);
      (*writer)->abandon();
      EXPECT_EQ(countFiles(dir.path()), 0u);
    }
  }
}

TEST(ChunkedFile, ReportsAnIoErrorWithTheSystemsReason) {
  EnglishMessages english;
  TempDir dir;
  FaultGuard faults;
  auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
  ASSERT_TRUE(writer);
  faults.failPwrite(EIO, 1);
  const Error error = writeUntilFailure(**writer);
  EXPECT_EQ(error.code, ErrorCode::Io);
  const std::string reason = std::system_category().message(EIO);
  EXPECT_NE(error.message.find(reason), std::string::npos) << error.message;
  writer->reset();
  EXPECT_EQ(countFiles(dir.path()), 0u);
}

TEST(ChunkedFile, FallsBackToBufferedWritesWhenDirectIoIsRefused) {
  // A file system that takes O_DIRECT but refuses the writes (EINVAL).
  TempDir dir;
  const DataKey key = DataKey::generate();
  const auto data = randomBytes(3 * 1024 * 1024 + 5);
  FaultGuard faults;
  auto writer = ChunkedFileWriter::create(dir / "f", key, {kSmallChunk, ChunkCipher::Unknown, true, true});
  ASSERT_TRUE(writer);
  faults.failPwrite(EINVAL, 0, 1);
  ASSERT_TRUE((*writer)->write(data));
  const auto committed = (*writer)->commit();
  ASSERT_TRUE(committed) << committed.error().message;
  EXPECT_EQ(readContainer(dir / "f", key).value(), data);
}

TEST(ChunkedFile, ReportsEinvalFromBufferedWritesAsIo) {
  TempDir dir;
  FaultGuard faults;
  auto writer =
      ChunkedFileWriter::create(dir / "f", DataKey::generate(), {kSmallChunk, ChunkCipher::Unknown, true, false});
  ASSERT_TRUE(writer);
  faults.failPwrite(EINVAL, 0, 1);
  EXPECT_EQ(writeUntilFailure(**writer).code, ErrorCode::Io);
  writer->reset();
  EXPECT_EQ(countFiles(dir.path()), 0u);
}

TEST(ChunkedFile, ReportsAFailedFsyncAtCommitAndKeepsNoFile) {
  TempDir dir;
  FaultGuard faults;
  auto writer = ChunkedFileWriter::create(dir / "f", DataKey::generate(), smallChunks());
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->write(randomBytes(10 * kSmallChunk)));
  faults.failFsync(ENOSPC);
  const auto committed = (*writer)->commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, ErrorCode::DiskFull);
  EXPECT_FALSE(std::filesystem::exists(dir / "f"));
  writer->reset();
  EXPECT_EQ(countFiles(dir.path()), 0u);
}

}  // namespace
}  // namespace vakspiegel
