// The chunked container's reader (ChunkedFileReader): random access that
// verifies the final chunk on open and caches the last chunk it decrypted.
#include "vault/chunked_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/i18n.h"
#include "core/le_bytes.h"
#include "vault/chunked_file_format.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {

using namespace chunked_detail;

namespace {

Error readError(int err, const std::string& path) {
  return Error{ErrorCode::Io, trf("Could not read the encrypted file {} ({}).", path, errnoText(err))};
}

Error damaged(const std::string& path) {
  return Error{ErrorCode::CorruptData, trf("The file {} is damaged or does not belong to this key.", path)};
}

Error damagedChunk(std::uint64_t index, const std::string& path) {
  return Error{ErrorCode::CorruptData,
               trf("Chunk {} of the file {} is damaged or does not belong to this key.", index, path)};
}

Error badLayout(const std::string& path) {
  return Error{ErrorCode::CorruptData,
               trf("The file {} is damaged or incomplete: its length does not fit its layout.", path)};
}

Error badHeader(const std::string& path) {
  return Error{ErrorCode::CorruptData, trf("The file {} is damaged: its header is invalid.", path)};
}

// Reads exactly `size` bytes at `offset`; returns 0, an errno, or -1 when the
// file ends first.
int preadAll(int fd, unsigned char* bytes, std::size_t size, std::uint64_t offset) {
  while (size > 0) {
    const ssize_t got = ::pread(fd, bytes, size, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (got == 0) return -1;
    bytes += got;
    size -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return 0;
}

// The most the reader reads with one pread (at least one chunk).
constexpr std::uint64_t kReadBatchBytes = std::uint64_t{1} << 20;

}  // namespace

class ChunkedFileReader::Impl {
 public:
  Impl(int fd, std::string displayPath) : m_fd(fd), m_displayPath(std::move(displayPath)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    closeQuietly(m_fd);
    wipe(m_cache);
  }

  // Reads and checks the header and the layout, and verifies the final chunk.
  Status load(const DataKey& key, std::string_view binding) {
    struct stat info {};
    if (::fstat(m_fd, &info) != 0) return fail(readError(errno, m_displayPath));
    if (!S_ISREG(info.st_mode))
      return fail(ErrorCode::CorruptData, trf("The file {} is not a Vakspiegel encrypted file.", m_displayPath));
    const auto fileBytes = static_cast<std::uint64_t>(info.st_size);

    std::array<unsigned char, kChunkedHeaderBytes> header{};
    if (fileBytes < kChunkedHeaderBytes)
      return fail(ErrorCode::CorruptData, trf("The file {} is not a Vakspiegel encrypted file.", m_displayPath));
    const int err = preadAll(m_fd, header.data(), header.size(), 0);
    if (err == -1) return fail(badLayout(m_displayPath));
    if (err != 0) return fail(readError(err, m_displayPath));
    if (std::memcmp(header.data(), kMagic.data(), kMagic.size()) != 0)
      return fail(ErrorCode::CorruptData, trf("The file {} is not a Vakspiegel encrypted file.", m_displayPath));
    const std::uint16_t version = loadLe16(header.data() + kVersionOffset);
    if (version > kFormatVersion)
      return fail(
          ErrorCode::Unsupported,
          trf("The file {} was made by a newer version of Vakspiegel. Update Vakspiegel to open it.", m_displayPath));
    if (version != kFormatVersion && version != kUnboundFormatVersion) return fail(badHeader(m_displayPath));
    const auto cipher = static_cast<ChunkCipher>(header[kCipherOffset]);
    if (cipher != ChunkCipher::Aes256Gcm && cipher != ChunkCipher::XChaCha20Poly1305)
      return fail(badHeader(m_displayPath));
    if (header[kReservedOffset] != 0) return fail(badHeader(m_displayPath));
    const std::uint32_t chunkSize = loadLe32(header.data() + kChunkSizeOffset);
    if (chunkSize < kMinChunkSize || chunkSize > kMaxChunkSize) return fail(badHeader(m_displayPath));
    if (cipher == ChunkCipher::Aes256Gcm && !aesAvailable())
      return fail(
          ErrorCode::Unsupported,
          trf("The file {} uses AES-256-GCM, which this computer's processor does not support.", m_displayPath));

    // Layout: every chunk but the last is chunkSize + tag bytes on disk; the
    // last is 1..chunkSize plaintext bytes + tag, or just a tag when the file
    // is empty.
    const std::uint64_t body = fileBytes - kChunkedHeaderBytes;
    const std::uint64_t stride = std::uint64_t{chunkSize} + kChunkTagBytes;
    const std::uint64_t fullChunks = body / stride;
    const std::uint64_t rest = body % stride;
    if (rest == 0) {
      if (fullChunks == 0) return fail(badLayout(m_displayPath));
      m_chunkCount = fullChunks;
      m_lastChunkPlainBytes = chunkSize;
    } else if (rest > kChunkTagBytes || (rest == kChunkTagBytes && fullChunks == 0)) {
      m_chunkCount = fullChunks + 1;
      m_lastChunkPlainBytes = static_cast<std::uint32_t>(rest - kChunkTagBytes);
    } else {
      return fail(badLayout(m_displayPath));
    }
    m_chunkSize = chunkSize;
    m_cipher = cipher;
    m_size = (m_chunkCount - 1) * std::uint64_t{chunkSize} + m_lastChunkPlainBytes;
    m_aead = ChunkAead(cipher, key, header, version, binding);
    m_chunksPerRead = std::min(m_chunkCount, std::max<std::uint64_t>(1, kReadBatchBytes / stride));
    m_sealed.resize(static_cast<std::size_t>(m_chunksPerRead * stride));
    m_cache.resize(chunkSize);

    // The final chunk authenticates the size; report its failure as the
    // file's, since that is what a wrong key looks like too.
    auto last = loadChunk(m_chunkCount - 1);
    if (!last) {
      if (last.error().code == ErrorCode::CorruptData) return fail(damaged(m_displayPath));
      return fail(last.error());
    }
    return {};
  }

  std::uint64_t size() const { return m_size; }
  std::uint32_t chunkSize() const { return m_chunkSize; }
  ChunkCipher cipher() const { return m_cipher; }
  std::uint64_t tell() const { return m_position; }

  Result<std::size_t> readAt(std::uint64_t offset, std::span<unsigned char> out) {
    std::size_t done = 0;
    while (done < out.size() && offset < m_size) {
      const std::uint64_t first = offset / m_chunkSize;
      if (m_cachedIndex == first) {
        const auto within = static_cast<std::size_t>(offset % m_chunkSize);
        const std::size_t take = std::min(plainBytesOf(first) - within, out.size() - done);
        std::memcpy(out.data() + done, m_cache.data() + within, take);
        done += take;
        offset += take;
        continue;
      }
      // The chunks the rest of the request touches, as many as one pread of
      // m_sealed can hold (a 64 KiB read at a random offset spans two 64 KiB
      // chunks: one read from the disk, not two).
      const std::uint64_t end = std::min<std::uint64_t>(m_size, offset + (out.size() - done));
      const std::uint64_t count = std::min<std::uint64_t>((end - 1) / m_chunkSize - first + 1, m_chunksPerRead);
      VS_TRY(readSealed(first, count));
      std::size_t sealedOffset = 0;
      for (std::uint64_t index = first; index < first + count; ++index) {
        const std::size_t chunkBytes = plainBytesOf(index);
        const auto within = static_cast<std::size_t>(offset % m_chunkSize);
        const std::size_t take = std::min(chunkBytes - within, out.size() - done);
        const std::span<const unsigned char> sealed(m_sealed.data() + sealedOffset, chunkBytes + kChunkTagBytes);
        if (within == 0 && take == chunkBytes) {
          // The whole chunk is wanted: decrypt straight into the caller's buffer.
          VS_TRY(openChunk(index, sealed, out.data() + done));
        } else {
          m_cachedIndex.reset();
          VS_TRY(openChunk(index, sealed, m_cache.data()));
          m_cachedIndex = index;
          std::memcpy(out.data() + done, m_cache.data() + within, take);
        }
        sealedOffset += sealed.size();
        done += take;
        offset += take;
      }
    }
    return done;
  }

  Result<std::size_t> read(std::span<unsigned char> out) {
    const std::size_t got = VS_TRY(readAt(m_position, out));
    m_position += got;
    return got;
  }

  Result<std::uint64_t> seek(std::int64_t offset, int whence) {
    std::uint64_t base = 0;
    switch (whence) {
      case SEEK_SET: base = 0; break;
      case SEEK_CUR: base = m_position; break;
      case SEEK_END: base = m_size; break;
      default: return fail(ErrorCode::InvalidArgument, tr("Unknown seek origin."));
    }
    std::uint64_t target = 0;
    if (offset >= 0) {
      const auto forward = static_cast<std::uint64_t>(offset);
      if (forward > std::numeric_limits<std::uint64_t>::max() - base)
        return fail(ErrorCode::InvalidArgument, tr("Cannot seek that far in an encrypted file."));
      target = base + forward;
    } else {
      // -(offset + 1) + 1 avoids overflowing on INT64_MIN.
      const std::uint64_t backward = static_cast<std::uint64_t>(-(offset + 1)) + 1;
      if (backward > base)
        return fail(ErrorCode::InvalidArgument, tr("Cannot seek before the start of an encrypted file."));
      target = base - backward;
    }
    m_position = target;
    return target;
  }

 private:
  std::size_t plainBytesOf(std::uint64_t index) const {
    return index + 1 == m_chunkCount ? m_lastChunkPlainBytes : m_chunkSize;
  }

  // Makes chunk `index` the cached one.
  Status loadChunk(std::uint64_t index) {
    if (m_cachedIndex == index) return {};
    m_cachedIndex.reset();
    VS_TRY(readSealed(index, 1));
    VS_TRY(openChunk(index, {m_sealed.data(), plainBytesOf(index) + kChunkTagBytes}, m_cache.data()));
    m_cachedIndex = index;
    return {};
  }

  // Reads `count` sealed chunks from `first` on into m_sealed, with one pread.
  Status readSealed(std::uint64_t first, std::uint64_t count) {
    assert(count >= 1 && count <= m_chunksPerRead && first + count <= m_chunkCount);
    const std::uint64_t stride = std::uint64_t{m_chunkSize} + kChunkTagBytes;
    const std::uint64_t lastIndex = first + count - 1;
    const auto bytes = static_cast<std::size_t>((count - 1) * stride + plainBytesOf(lastIndex) + kChunkTagBytes);
    const int err = preadAll(m_fd, m_sealed.data(), bytes, kChunkedHeaderBytes + first * stride);
    if (err == -1) return fail(damagedChunk(lastIndex, m_displayPath));  // the file shrank since open
    if (err != 0) return fail(readError(err, m_displayPath));
    return {};
  }

  // Authenticates and decrypts chunk `index` into `out` (its plaintext size).
  Status openChunk(std::uint64_t index, std::span<const unsigned char> sealed, unsigned char* out) const {
    const bool last = index + 1 == m_chunkCount;
    if (!m_aead.open(index, last, sealed, out)) return fail(damagedChunk(index, m_displayPath));
    return {};
  }

  int m_fd = -1;
  std::string m_displayPath;
  std::uint32_t m_chunkSize = 0;
  ChunkCipher m_cipher = ChunkCipher::Unknown;
  std::uint64_t m_chunkCount = 0;
  std::uint32_t m_lastChunkPlainBytes = 0;
  std::uint64_t m_size = 0;
  std::uint64_t m_position = 0;
  ChunkAead m_aead;
  std::uint64_t m_chunksPerRead = 1;
  std::vector<unsigned char> m_sealed;  // up to m_chunksPerRead sealed chunks as read from disk
  std::vector<unsigned char> m_cache;   // plaintext of chunk m_cachedIndex
  std::optional<std::uint64_t> m_cachedIndex;
};

ChunkedFileReader::ChunkedFileReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ChunkedFileReader::~ChunkedFileReader() = default;

Result<std::unique_ptr<ChunkedFileReader>> ChunkedFileReader::open(const std::filesystem::path& path,
                                                                   const DataKey& key, std::string_view binding) {
  const std::string display = path.string();
  // O_NONBLOCK: a FIFO planted under the name must not hang the open (load()
  // refuses anything but a regular file; for those the flag changes nothing).
  // O_NOFOLLOW: a link planted under the name is not followed.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return fail(ErrorCode::NotFound, trf("The encrypted file {} does not exist.", display));
    if (err == ELOOP)
      return fail(ErrorCode::CorruptData,
                  trf("The file {} is a link, not a file of the vault; it was not opened.", display));
    return fail(readError(err, display));
  }
  return adopt(fd, display, key, binding);
}

Result<std::unique_ptr<ChunkedFileReader>> ChunkedFileReader::adopt(int fd, std::string displayPath, const DataKey& key,
                                                                    std::string_view binding) {
  ensureSodium();
  auto impl = std::make_unique<Impl>(fd, std::move(displayPath));  // closes fd from here on
  if (key.bytes().size() != kDataKeyBytes)
    return fail(ErrorCode::InvalidArgument, tr("A data key has the wrong length."));
  VS_TRY(impl->load(key, binding));
  return std::unique_ptr<ChunkedFileReader>(new ChunkedFileReader(std::move(impl)));
}

std::uint64_t ChunkedFileReader::size() const {
  return m_impl->size();
}
std::uint32_t ChunkedFileReader::chunkSize() const {
  return m_impl->chunkSize();
}
ChunkCipher ChunkedFileReader::cipher() const {
  return m_impl->cipher();
}
Result<std::size_t> ChunkedFileReader::readAt(std::uint64_t offset, std::span<unsigned char> out) {
  return m_impl->readAt(offset, out);
}
Result<std::size_t> ChunkedFileReader::read(std::span<unsigned char> out) {
  return m_impl->read(out);
}
Result<std::uint64_t> ChunkedFileReader::seek(std::int64_t offset, int whence) {
  return m_impl->seek(offset, whence);
}
std::uint64_t ChunkedFileReader::tell() const {
  return m_impl->tell();
}

}  // namespace vakspiegel
