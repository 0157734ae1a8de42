// The vault's file container: seekable chunked AEAD (the STREAM construction,
// as in age). Media and derived files are stored in it; plaintext never
// touches the disk.
//
// Layout (all integers little-endian):
//   header, 64 bytes: magic "VSCHUNK\0" (8) | format version u16 = 2 |
//     cipher u8 | reserved u8 = 0 | chunk size u32 | file id (16 random) |
//     salt (32 random)
//   chunks: chunk i = AEAD(subkey, nonce = LE64(i) || 0..., ad = LE64(i) || last,
//     plaintext_i) = ciphertext || 16-byte tag. Every chunk but the last holds
//     exactly `chunk size` plaintext bytes; the last holds 1..chunk size bytes
//     (0 only when the whole file is empty). `last` is 1 for the final chunk.
//   subkey = BLAKE2b-256(key = data key, message = the 64 header bytes), so
//     one data key encrypts many files safely (each header has its own salt),
//     and any change to the header changes the subkey and fails every chunk.
// What this detects: a flipped byte anywhere, truncation at or inside a chunk
// (the new last chunk was sealed with last = 0), reordered or swapped chunks
// (index in nonce and ad), a chunk or header from another file (other subkey),
// a wrong key. Readers verify the final chunk when they open, so size() is
// authentic.
//
// Ciphers: AES-256-GCM where the CPU has AES-NI and PCLMUL (libsodium's
// crypto_aead_aes256gcm_is_available), else XChaCha20-Poly1305. A reader
// opens either, AES-256-GCM only on such a CPU (libsodium has no portable
// AES). Per-file subkeys make the 96-bit GCM nonce (the chunk index) unique
// per key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "vault/keys.h"

namespace vakspiegel {

enum class ChunkCipher : std::uint8_t { Unknown = 0, XChaCha20Poly1305 = 1, Aes256Gcm = 2 };

inline constexpr std::size_t kChunkedHeaderBytes = 64;
inline constexpr std::size_t kChunkTagBytes = 16;
inline constexpr std::uint32_t kMinChunkSize = 4 * 1024;
inline constexpr std::uint32_t kMaxChunkSize = 4 * 1024 * 1024;
// The default chunk size, by measurement (tests/bench/container_bench on the
// project's 2-core AMD EPYC test VM, libsodium 1.0.18, two runs): sealing
// runs at the same speed for every chunk size from 4 KiB to 4 MiB (AES-256-GCM
// 1.6-1.9 GB/s, opening 1.35-1.55 GB/s; XChaCha20-Poly1305 0.5-1.3 GB/s,
// the machine is shared), and so does the whole writer (AES-256-GCM to
// tmpfs: 1.85-2.0 GB/s for 16 KiB-1 MiB chunks); size buys no throughput.
// But a reader decrypts
// whole chunks: a 64 KiB read at a random offset (a seek in the player)
// took 0.09 ms with 64 KiB chunks, 0.22 ms with 256 KiB and 0.74 ms with
// 1 MiB. The tag costs 16 bytes per chunk (0.02% at 64 KiB). So the
// smallest size the architecture allows (64 KiB-1 MiB).
inline constexpr std::uint32_t kDefaultChunkSize = 64 * 1024;

// The fastest cipher this CPU supports.
[[nodiscard]] ChunkCipher preferredChunkCipher();

struct ChunkedFileOptions {
  std::uint32_t chunkSize = kDefaultChunkSize;  // kMinChunkSize..kMaxChunkSize
  ChunkCipher cipher = ChunkCipher::Unknown;    // Unknown: preferredChunkCipher()
  bool overlapIo = true;                        // seal, write and flush on background threads
  bool directIo = false;                        // bypass the page cache (O_DIRECT) where the file system allows
};

// Streams plaintext into a new container file. Writes go to a temporary
// sibling ("<name>.partial-<random>", mode 0600); commit() seals the last
// chunk, fsyncs the file, renames it to its final name without replacing
// anything (renameat2 RENAME_NOREPLACE, or link + unlink where the file
// system lacks it) and fsyncs the directory. Without a commit (an error, a
// cancel, destruction) the temporary file is removed. Append-only: there is
// no seeking back while writing. write() accepts any sizes; it copies into
// 1 MiB slots and returns, and with overlapIo two worker threads seal and
// write full slots (at most 4 slots in flight); without directIo a third
// fdatasync()s every 32 MiB, so commit() has little left to flush, and drops
// the flushed pages from the page cache (the ciphertext does not stay
// cached). Not thread-safe: one thread calls write() and commit().
class ChunkedFileWriter {
 public:
  // `binding` says what the file is (see above); readers must name it to
  // open the file. Errors: InvalidArgument (chunk size out of range, cipher unknown or
  // unavailable, key of the wrong length), AlreadyExists (finalPath exists,
  // even as a dangling symlink), Io (e.g. a missing or read-only directory),
  // DiskFull.
  [[nodiscard]] static Result<std::unique_ptr<ChunkedFileWriter>> create(const std::filesystem::path& finalPath,
                                                                         const DataKey& key,
                                                                         ChunkedFileOptions options = {},
                                                                         std::string_view binding = {});
  ChunkedFileWriter(const ChunkedFileWriter&) = delete;
  ChunkedFileWriter& operator=(const ChunkedFileWriter&) = delete;
  ~ChunkedFileWriter();

  // Errors: Io, DiskFull (the workers write in the background, so a write
  // error shows at a later call or at commit()); after an error every later
  // write() and commit() returns the same error and the writer only accepts
  // abandon(). InvalidArgument after commit() or abandon().
  [[nodiscard]] Status write(std::span<const unsigned char> data);
  // Errors: Io, DiskFull, AlreadyExists (someone created finalPath meanwhile;
  // the temporary file stays until abandon() or destruction).
  // InvalidArgument after commit() or abandon(). An error from the final
  // directory fsync comes after the rename: the file is in place then.
  [[nodiscard]] Status commit();
  // Removes the temporary file. Idempotent.
  void abandon();

  [[nodiscard]] std::uint64_t plaintextBytesWritten() const;
  [[nodiscard]] const std::filesystem::path& temporaryPath() const;

  class Impl;

 private:
  explicit ChunkedFileWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// Random-access reader. Not thread-safe; open one reader per thread (reads use
// pread, so several readers of one file are fine).
class ChunkedFileReader {
 public:
  // Errors: NotFound, Io, CorruptData (not a regular file, not a container,
  // bad header, bad size, truncated, final chunk fails), WrongKey is reported
  // as CorruptData because AEAD cannot tell a wrong key from a changed header.
  // A file written under another binding fails like a wrong key. The final
  // path component is not followed if it is a symbolic link (CorruptData).
  // Unsupported: a format version above 2 (a newer Vakspiegel), or
  // AES-256-GCM on a CPU without AES-NI.
  [[nodiscard]] static Result<std::unique_ptr<ChunkedFileReader>> open(const std::filesystem::path& path,
                                                                       const DataKey& key,
                                                                       std::string_view binding = {});
  // The same over a descriptor the caller opened (MediaFolder::openForReading);
  // the reader owns it from here on, also when opening fails.
  [[nodiscard]] static Result<std::unique_ptr<ChunkedFileReader>> adopt(int fd, std::string displayPath,
                                                                        const DataKey& key,
                                                                        std::string_view binding = {});
  ChunkedFileReader(const ChunkedFileReader&) = delete;
  ChunkedFileReader& operator=(const ChunkedFileReader&) = delete;
  ~ChunkedFileReader();

  // Plaintext size in bytes.
  [[nodiscard]] std::uint64_t size() const;
  [[nodiscard]] std::uint32_t chunkSize() const;
  [[nodiscard]] ChunkCipher cipher() const;

  // Reads up to out.size() bytes at `offset`; returns the count (0 at or past
  // the end). Errors: Io, CorruptData (names the chunk that failed; nothing
  // of a read that fails counts, though `out` may have been written to).
  [[nodiscard]] Result<std::size_t> readAt(std::uint64_t offset, std::span<unsigned char> out);

  // Cursor interface for FFmpeg's AVIOContext.
  [[nodiscard]] Result<std::size_t> read(std::span<unsigned char> out);
  // whence: SEEK_SET, SEEK_CUR, SEEK_END. Errors: InvalidArgument for a
  // negative or overflowing resulting position or another whence (the cursor
  // stays). Seeking past the end is allowed (reads give 0).
  [[nodiscard]] Result<std::uint64_t> seek(std::int64_t offset, int whence);
  [[nodiscard]] std::uint64_t tell() const;

  class Impl;

 private:
  explicit ChunkedFileReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace vakspiegel
