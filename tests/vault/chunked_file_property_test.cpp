// Properties of the chunked container over random sizes, chunk sizes, write
// splits and reads: what is read back at any offset and length equals what
// was written, and any single changed byte or any truncation is detected on
// open or when the whole file is read.
#include "vault/chunked_file.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <sodium.h>

#include "support/temp_dir.h"

namespace vakspiegel {
namespace {

using test::readFileBytes;
using test::TempDir;
using test::writeFileBytes;

struct Sample {
  std::vector<unsigned char> data;
  ChunkedFileOptions options;
  std::vector<std::size_t> pieces;  // how write() calls split `data`
};

ChunkCipher genCipher() {
  ensureSodium();
  if (crypto_aead_aes256gcm_is_available() != 1) return ChunkCipher::XChaCha20Poly1305;
  return *rc::gen::element(ChunkCipher::XChaCha20Poly1305, ChunkCipher::Aes256Gcm, ChunkCipher::Unknown);
}

// 0 to a bit over 3 chunks of kMinChunkSize..4 x kMinChunkSize, with sizes
// near the chunk boundaries drawn often, and sometimes 1-2 MiB, across the
// writer's 1 MiB slots; written with and without overlapped and direct I/O.
Sample genSample() {
  Sample sample;
  const auto chunkSize = *rc::gen::inRange<std::uint32_t>(1, 5) * kMinChunkSize;
  sample.options = {chunkSize, genCipher(), *rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>()};
  const std::size_t boundary = *rc::gen::inRange<std::size_t>(0, 4) * chunkSize;
  const std::size_t size = *rc::gen::oneOf(
      rc::gen::inRange<std::size_t>(0, 3 * std::size_t{chunkSize} + 200),
      rc::gen::inRange<std::size_t>((1 << 20) - 2 * chunkSize, (2 << 20) + 2 * chunkSize),  // across writer slots
      rc::gen::just(boundary), rc::gen::map(rc::gen::inRange<std::size_t>(0, 3), [boundary](std::size_t delta) {
        return boundary + delta > 0 ? boundary + delta - 1 : 0;
      }));
  // The bytes come from a seed RapidCheck chose, so a failure replays exactly.
  std::array<unsigned char, randombytes_SEEDBYTES> seed{};
  for (std::size_t i = 0; i < seed.size(); i += 8) {
    const auto word = *rc::gen::arbitrary<std::uint64_t>();
    for (std::size_t j = 0; j < 8; ++j) seed[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  sample.data.resize(size);
  if (!sample.data.empty()) randombytes_buf_deterministic(sample.data.data(), sample.data.size(), seed.data());
  for (std::size_t left = size; left > 0;) {
    const std::size_t piece =
        std::min(left, *rc::gen::oneOf(rc::gen::inRange<std::size_t>(0, 64),
                                       rc::gen::inRange<std::size_t>(1, 2 * std::size_t{chunkSize} + 2)));
    sample.pieces.push_back(piece);
    left -= piece;
  }
  return sample;
}

void writeSample(const std::filesystem::path& path, const DataKey& key, const Sample& sample) {
  auto writer = ChunkedFileWriter::create(path, key, sample.options);
  RC_ASSERT(writer.has_value());
  std::size_t done = 0;
  for (const std::size_t piece : sample.pieces) {
    RC_ASSERT((*writer)->write({sample.data.data() + done, piece}).has_value());
    done += piece;
  }
  RC_ASSERT((*writer)->commit().has_value());
}

// True when opening and reading every byte succeeds.
bool readsCompletely(const std::filesystem::path& path, const DataKey& key) {
  auto reader = ChunkedFileReader::open(path, key);
  if (!reader) return false;
  std::vector<unsigned char> all(static_cast<std::size_t>((*reader)->size()));
  auto got = (*reader)->readAt(0, all);
  return got && *got == all.size();
}

RC_GTEST_PROP(ChunkedFileProperty, ReadsBackWhatWasWrittenAtAnyOffsetAndLength, ()) {
  const Sample sample = genSample();
  TempDir dir;
  const DataKey key = DataKey::generate();
  writeSample(dir / "f", key, sample);

  auto reader = ChunkedFileReader::open(dir / "f", key);
  RC_ASSERT(reader.has_value());
  RC_ASSERT((*reader)->size() == sample.data.size());
  const std::size_t size = sample.data.size();
  const std::size_t chunk = sample.options.chunkSize;
  const int reads = *rc::gen::inRange(1, 20);
  for (int i = 0; i < reads; ++i) {
    const std::size_t offset = *rc::gen::oneOf(
        rc::gen::inRange<std::size_t>(0, size + 2 * chunk),
        rc::gen::map(rc::gen::inRange<std::size_t>(0, 5), [chunk](std::size_t n) { return n * chunk; }));
    const std::size_t length = *rc::gen::inRange<std::size_t>(0, 3 * chunk);
    std::vector<unsigned char> out(length);
    auto got = (*reader)->readAt(offset, out);
    RC_ASSERT(got.has_value());
    const std::size_t expected = offset >= size ? 0 : std::min(length, size - offset);
    RC_ASSERT(*got == expected);
    RC_ASSERT(std::equal(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(expected),
                         sample.data.begin() + static_cast<std::ptrdiff_t>(std::min(offset, size))));
  }

  // The cursor, after a random seek, in random pieces to the end.
  const std::size_t start = *rc::gen::inRange<std::size_t>(0, size + 1);
  RC_ASSERT((*reader)->seek(static_cast<std::int64_t>(start), SEEK_SET).value() == start);
  std::vector<unsigned char> rest;
  for (;;) {
    std::vector<unsigned char> piece(*rc::gen::inRange<std::size_t>(1, 2 * chunk));
    auto got = (*reader)->read(piece);
    RC_ASSERT(got.has_value());
    if (*got == 0) break;
    rest.insert(rest.end(), piece.begin(), piece.begin() + static_cast<std::ptrdiff_t>(*got));
  }
  RC_ASSERT(rest ==
            std::vector<unsigned char>(sample.data.begin() + static_cast<std::ptrdiff_t>(start), sample.data.end()));
}

RC_GTEST_PROP(ChunkedFileProperty, AnyChangedByteIsDetected, ()) {
  const Sample sample = genSample();
  TempDir dir;
  const DataKey key = DataKey::generate();
  writeSample(dir / "f", key, sample);
  auto file = readFileBytes(dir / "f");
  const auto position = *rc::gen::inRange<std::size_t>(0, file.size());
  const auto mask = *rc::gen::inRange<int>(1, 256);
  file[position] = static_cast<unsigned char>(file[position] ^ mask);
  writeFileBytes(dir / "f", file);
  RC_ASSERT_FALSE(readsCompletely(dir / "f", key));
}

RC_GTEST_PROP(ChunkedFileProperty, AnyTruncationOrExtensionIsDetected, ()) {
  const Sample sample = genSample();
  TempDir dir;
  const DataKey key = DataKey::generate();
  writeSample(dir / "f", key, sample);
  auto file = readFileBytes(dir / "f");
  if (*rc::gen::arbitrary<bool>()) {
    // Anywhere, or exactly after a whole chunk, where the layout stays valid.
    const std::size_t stride = sample.options.chunkSize + kChunkTagBytes;
    const std::size_t wholeChunks = (file.size() - kChunkedHeaderBytes - 1) / stride;
    file.resize(
        *rc::gen::oneOf(rc::gen::inRange<std::size_t>(0, file.size()),
                        rc::gen::map(rc::gen::inRange<std::size_t>(0, wholeChunks + 1),
                                     [stride](std::size_t chunks) { return kChunkedHeaderBytes + chunks * stride; })));
  } else {
    const auto extra = *rc::gen::inRange<std::size_t>(1, 2 * sample.options.chunkSize);
    file.resize(file.size() + extra, *rc::gen::arbitrary<unsigned char>());
  }
  writeFileBytes(dir / "f", file);
  RC_ASSERT_FALSE(readsCompletely(dir / "f", key));
}

RC_GTEST_PROP(ChunkedFileProperty, AnotherKeyOpensNothing, ()) {
  const Sample sample = genSample();
  TempDir dir;
  writeSample(dir / "f", DataKey::generate(), sample);
  auto reader = ChunkedFileReader::open(dir / "f", DataKey::generate());
  RC_ASSERT_FALSE(reader.has_value());
  RC_ASSERT(reader.error().code == ErrorCode::CorruptData);
}

}  // namespace
}  // namespace vakspiegel
