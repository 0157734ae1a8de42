// The seekable chunked AEAD container (format and guarantees in
// chunked_file.h): a streaming writer whose two worker threads seal and write
// while the caller copies the next plaintext in, and a random-access reader
// that verifies the final chunk on open and caches the last chunk it decrypted.
#include "vault/chunked_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>
#include <new>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <sodium.h>

#include "core/i18n.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {
namespace {

constexpr std::array<unsigned char, 8> kMagic = {'V', 'S', 'C', 'H', 'U', 'N', 'K', '\0'};
constexpr std::uint16_t kFormatVersion = 2;         // what writers make: the subkey binds the file's binding
constexpr std::uint16_t kUnboundFormatVersion = 1;  // read only: the subkey of the header alone
constexpr std::size_t kSubkeyBytes = 32;
constexpr std::size_t kFileIdBytes = 16;
constexpr std::size_t kSaltBytes = 32;
constexpr std::size_t kNonceBufferBytes = 24;  // the larger of the two ciphers' nonces
constexpr std::size_t kAdBytes = 9;            // LE64(index) || last
// Header field offsets.
constexpr std::size_t kVersionOffset = 8;
constexpr std::size_t kCipherOffset = 10;
constexpr std::size_t kReservedOffset = 11;
constexpr std::size_t kChunkSizeOffset = 12;
constexpr std::size_t kFileIdOffset = 16;
constexpr std::size_t kSaltOffset = kFileIdOffset + kFileIdBytes;
static_assert(kSaltOffset + kSaltBytes == kChunkedHeaderBytes);
static_assert(kChunkTagBytes == crypto_aead_aes256gcm_ABYTES);
static_assert(kChunkTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kSubkeyBytes == crypto_aead_aes256gcm_KEYBYTES);
static_assert(kSubkeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(crypto_aead_aes256gcm_NPUBBYTES <= kNonceBufferBytes);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES <= kNonceBufferBytes);

void storeLe16(unsigned char* out, std::uint16_t value) {
  out[0] = static_cast<unsigned char>(value & 0xffu);
  out[1] = static_cast<unsigned char>(value >> 8);
}

void storeLe32(unsigned char* out, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<unsigned char>((value >> (8 * i)) & 0xffu);
}

void storeLe64(unsigned char* out, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<unsigned char>((value >> (8 * i)) & 0xffu);
}

std::uint16_t loadLe16(const unsigned char* in) {
  return static_cast<std::uint16_t>(in[0] | (static_cast<unsigned>(in[1]) << 8));
}

std::uint32_t loadLe32(const unsigned char* in) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value |= static_cast<std::uint32_t>(in[i]) << (8 * i);
  return value;
}

std::string errnoText(int err) {
  return std::system_category().message(err);
}

bool isDiskFull(int err) {
  return err == ENOSPC || err == EDQUOT;
}

Error writeError(int err, const std::string& path) {
  if (isDiskFull(err))
    return Error{
        ErrorCode::DiskFull,
        trf("The disk is full, so the encrypted file {} could not be written. Free some space and try again.", path)};
  return Error{ErrorCode::Io, trf("Could not write the encrypted file {} ({}).", path, errnoText(err))};
}

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

bool aesAvailable() {
  ensureSodium();
  return crypto_aead_aes256gcm_is_available() == 1;
}

// Writes all of `bytes` at `offset` (retrying short writes and EINTR);
// returns 0 or an errno.
int pwriteAll(int fd, const unsigned char* bytes, std::size_t size, std::uint64_t offset) {
  while (size > 0) {
    const ssize_t written = ::pwrite(fd, bytes, size, static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (written == 0) return EIO;
    bytes += written;
    size -= static_cast<std::size_t>(written);
    offset += static_cast<std::uint64_t>(written);
  }
  return 0;
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

void closeQuietly(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Seals and opens single chunks under one file's subkey.
class ChunkAead {
 public:
  ChunkAead() = default;

  // Derives the subkey from the data key, the 64 header bytes and, from
  // version 2 on, the binding. The caller has checked that AES-GCM is
  // available when `cipher` asks for it.
  ChunkAead(ChunkCipher cipher, const DataKey& key, std::span<const unsigned char, kChunkedHeaderBytes> header,
            std::uint16_t version, std::string_view binding)
      : m_cipher(cipher), m_subkey(kSubkeyBytes) {
    assert(key.bytes().size() == kDataKeyBytes);
    crypto_generichash_state state;
    crypto_generichash_init(&state, key.bytes().data(), key.bytes().size(), m_subkey.size());
    crypto_generichash_update(&state, header.data(), header.size());
    if (version >= kFormatVersion)
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(binding.data()), binding.size());
    crypto_generichash_final(&state, m_subkey.data(), m_subkey.size());
    sodium_memzero(&state, sizeof state);
    if (m_cipher == ChunkCipher::Aes256Gcm) {
      // sodium_malloc places the block at the end of a page; the state's size
      // is a multiple of 16, so the 16-byte alignment it needs holds.
      static_assert(sizeof(crypto_aead_aes256gcm_state) % 16 == 0);
      m_aesState = SecureBytes(sizeof(crypto_aead_aes256gcm_state));
      assert(reinterpret_cast<std::uintptr_t>(m_aesState.data()) % 16 == 0);
      crypto_aead_aes256gcm_beforenm(aesState(), m_subkey.data());
    }
  }

  // Writes plain.size() + kChunkTagBytes bytes to `out`.
  void seal(std::uint64_t index, bool last, std::span<const unsigned char> plain, unsigned char* out) const {
    std::array<unsigned char, kNonceBufferBytes> nonce{};
    std::array<unsigned char, kAdBytes> ad{};
    fillNonceAndAd(index, last, nonce, ad);
    unsigned long long sealedBytes = 0;
    if (m_cipher == ChunkCipher::Aes256Gcm) {
      crypto_aead_aes256gcm_encrypt_afternm(out, &sealedBytes, plain.data(), plain.size(), ad.data(), ad.size(),
                                            nullptr, nonce.data(), aesState());
    } else {
      crypto_aead_xchacha20poly1305_ietf_encrypt(out, &sealedBytes, plain.data(), plain.size(), ad.data(), ad.size(),
                                                 nullptr, nonce.data(), m_subkey.data());
    }
    assert(sealedBytes == plain.size() + kChunkTagBytes);
  }

  // Writes sealed.size() - kChunkTagBytes bytes to `out`; false when the
  // chunk does not authenticate as chunk `index` with this `last` flag.
  [[nodiscard]] bool open(std::uint64_t index, bool last, std::span<const unsigned char> sealed,
                          unsigned char* out) const {
    if (sealed.size() < kChunkTagBytes) return false;
    std::array<unsigned char, kNonceBufferBytes> nonce{};
    std::array<unsigned char, kAdBytes> ad{};
    fillNonceAndAd(index, last, nonce, ad);
    unsigned long long plainBytes = 0;
    int rc = 0;
    if (m_cipher == ChunkCipher::Aes256Gcm) {
      rc = crypto_aead_aes256gcm_decrypt_afternm(out, &plainBytes, nullptr, sealed.data(), sealed.size(), ad.data(),
                                                 ad.size(), nonce.data(), aesState());
    } else {
      rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out, &plainBytes, nullptr, sealed.data(), sealed.size(),
                                                      ad.data(), ad.size(), nonce.data(), m_subkey.data());
    }
    return rc == 0 && plainBytes == sealed.size() - kChunkTagBytes;
  }

 private:
  static void fillNonceAndAd(std::uint64_t index, bool last, std::array<unsigned char, kNonceBufferBytes>& nonce,
                             std::array<unsigned char, kAdBytes>& ad) {
    storeLe64(nonce.data(), index);
    storeLe64(ad.data(), index);
    ad[8] = last ? 1 : 0;
  }

  crypto_aead_aes256gcm_state* aesState() const {
    // The state lives in a sodium_malloc block of exactly its size and alignment.
    return reinterpret_cast<crypto_aead_aes256gcm_state*>(const_cast<unsigned char*>(m_aesState.data()));
  }

  ChunkCipher m_cipher = ChunkCipher::Unknown;
  SecureBytes m_subkey;
  SecureBytes m_aesState;
};

// Wipes plaintext held in a std::vector before it goes back to the heap.
void wipe(std::vector<unsigned char>& bytes) {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

}  // namespace

ChunkCipher preferredChunkCipher() {
  return aesAvailable() ? ChunkCipher::Aes256Gcm : ChunkCipher::XChaCha20Poly1305;
}

// ---------------------------------------------------------------------------
// Writer
//
// Plaintext is gathered into slots of whole chunks (about kSlotPlainBytes
// each). A full slot goes to the worker threads, which seal its chunks and
// pwrite() them at their fixed place in the file; so sealing one slot
// overlaps writing another, and the caller only copies. At most kSlotCount
// slots exist: a caller that outruns the disk waits.
//
// Each slot writes the whole blocks (kBlockBytes) it covers; the partial
// block at its end (the "carry") is passed in file order to the next slot,
// which writes it with its own first block, and commit() writes the last one.
// Whole blocks at block offsets are what direct I/O (O_DIRECT, the directIo
// option) needs; through the page cache (the default) the writer asks the
// kernel to start writeback of every range at once (sync_file_range), so the
// disk works while later chunks are sealed and commit()'s fsync has less
// left to do. Measured on this project's 2-core ext4 test VM, 1 GiB: buffered
// writes + fsync 1.8-2.6 s without early writeback, 0.7-0.9 s with it (bare
// writes, no crypto); the whole encryption 1.0-1.3 s buffered against
// 1.3-1.9 s direct (direct I/O spends less kernel CPU, 0.2-0.4 s against
// 0.4-1.8 s, but two 1 MiB writes in flight were slower than the kernel's
// own writeback).

namespace {

constexpr std::size_t kSlotPlainBytes = std::size_t{1} << 20;
constexpr std::size_t kSlotCount = 4;
constexpr std::size_t kWorkerCount = 2;
// With overlapIo a flusher thread calls fdatasync() each time this much more
// has been written, then drops the file's clean pages from the page cache.
// Measured on the test VM, 1 GiB:
// - The flush: with early writeback nothing was dirty in the page cache at
//   commit(), yet its fsync took 0.35-0.6 s (the virtual disk flushing its
//   own cache); flushed in the background while later slots are sealed,
//   commit() takes 0.02-0.15 s.
// - The drop: copying into fresh page-cache pages was most of the kernel
//   time (copy_folio_from_iter_atomic; 60% of all samples in a 2.6 s run
//   after other large files were written and deleted). Dropped pages are
//   reused hot for the next writes, so the file uses about this much page
//   cache instead of its size: in run.sh's sequence encryption went from
//   1.35-2.76 s to 0.83-1.03 s. The cost: a reader right after commit()
//   reads the ciphertext from disk, not from the cache.
// 32 MiB measured as well as or a little better than 128 MiB.
constexpr std::uint64_t kFlushEveryBytes = std::uint64_t{32} << 20;
constexpr std::size_t kBlockBytes = 4096;  // offset, size and memory alignment of direct writes

std::size_t roundUpToBlock(std::size_t bytes) {
  return (bytes + kBlockBytes - 1) / kBlockBytes * kBlockBytes;
}

struct FreeDeleter {
  void operator()(unsigned char* bytes) const { std::free(bytes); }
};
using AlignedBytes = std::unique_ptr<unsigned char[], FreeDeleter>;

AlignedBytes allocateAligned(std::size_t bytes) {
  auto* memory = static_cast<unsigned char*>(std::aligned_alloc(kBlockBytes, roundUpToBlock(bytes)));
  if (memory == nullptr) throw std::bad_alloc();
  return AlignedBytes(memory);
}

}  // namespace

class ChunkedFileWriter::Impl {
 public:
  enum class State { Open, Failed, Committed, Abandoned };

  Impl(std::filesystem::path finalPath, std::filesystem::path tempPath, int fd, std::uint32_t chunkSize, ChunkAead aead,
       std::span<const unsigned char, kChunkedHeaderBytes> header, const ChunkedFileOptions& options)
      : m_finalPath(std::move(finalPath)),
        m_tempPath(std::move(tempPath)),
        m_displayPath(m_finalPath.string()),
        m_fd(fd),
        m_chunkSize(chunkSize),
        m_chunksPerSlot(std::max<std::size_t>(1, kSlotPlainBytes / chunkSize)),
        m_aead(std::move(aead)),
        m_carry(allocateAligned(kBlockBytes)) {
    // The header is the first carry: slot 0 writes it with its first block.
    std::memcpy(m_carry.get(), header.data(), header.size());
    m_carryBytes = header.size();
    if (options.directIo) {
      const int flags = ::fcntl(m_fd, F_GETFL);
      m_direct = flags >= 0 && ::fcntl(m_fd, F_SETFL, flags | O_DIRECT) == 0;
    }
    const std::size_t slotCount = options.overlapIo ? kSlotCount : 1;
    const std::size_t sealedCapacity = kBlockBytes + m_chunksPerSlot * (std::size_t{chunkSize} + kChunkTagBytes);
    m_slots.resize(slotCount);
    for (std::size_t i = 0; i < slotCount; ++i) {
      m_slots[i].plain.resize(m_chunksPerSlot * chunkSize);
      m_slots[i].sealed = allocateAligned(sealedCapacity);
      m_free.push_back(i);
    }
    if (options.overlapIo) {
      try {
        for (std::size_t i = 0; i < kWorkerCount; ++i) m_workers.emplace_back([this] { workerLoop(); });
        // Not with direct I/O: its writes bypass the page cache, and the
        // flushes slowed them (1 GiB: 2.0-2.3 s against 1.3-1.7 s).
        if (!m_workers.empty() && !m_direct) m_flusher = std::thread([this] { flusherLoop(); });
      } catch (const std::system_error&) {
        // Fewer threads than planned (maybe none): with none, the caller's
        // thread seals and writes.
      }
    }
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ~Impl() {
    abandon();
    for (Slot& slot : m_slots) wipe(slot.plain);
  }

  Status write(std::span<const unsigned char> data) {
    VS_TRY(checkOpen());
    while (!data.empty()) {
      if (m_current && slotIsFull(m_slots[*m_current])) {
        // A full slot followed by more data: its last chunk is not the file's.
        VS_TRY(submit(false));
      }
      if (!m_current) VS_TRY(acquireSlot());
      Slot& slot = m_slots[*m_current];
      const std::size_t take = std::min(slot.plain.size() - slot.plainUsed, data.size());
      std::memcpy(slot.plain.data() + slot.plainUsed, data.data(), take);
      slot.plainUsed += take;
      data = data.subspan(take);
      m_written += take;
    }
    return {};
  }

  Status commit() {
    VS_TRY(checkOpen());
    // The slot being filled holds the last chunk: 1..chunkSize bytes of it,
    // or none when nothing was written at all (then one empty chunk is sealed).
    if (!m_current) {
      assert(m_written == 0);
      VS_TRY(acquireSlot());
    }
    VS_TRY(submit(true));
    VS_TRY(drain());
    stopFlusher();  // before the file is closed; it may have failed meanwhile
    VS_TRY(workerError());
    VS_TRY(writeLastBlock());
    if (::fsync(m_fd) != 0) return failWith(writeError(errno, m_displayPath));
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) return failWith(writeError(errno, m_displayPath));
    VS_TRY(renameNoReplace());
    m_state = State::Committed;
    return syncDirectory();
  }

  void abandon() {
    stopFlusher();
    stopWorkers();
    closeQuietly(m_fd);
    if (m_state != State::Committed && m_state != State::Abandoned) {
      ::unlink(m_tempPath.c_str());
      m_state = State::Abandoned;
    }
  }

  std::uint64_t plaintextBytesWritten() const { return m_written; }
  const std::filesystem::path& temporaryPath() const { return m_tempPath; }

 private:
  struct Slot {
    std::vector<unsigned char> plain;  // m_chunksPerSlot chunks of plaintext
    // The slot's sealed chunks, placed so that the buffer starts at the block
    // boundary before the slot's file offset (the carry goes in front).
    AlignedBytes sealed;
    std::size_t plainUsed = 0;
    std::uint64_t sequence = 0;    // the slot's place in the file, 0, 1, 2...
    std::uint64_t firstChunk = 0;  // index of the slot's first chunk
    bool endsFile = false;         // the slot's final chunk is the file's last
  };

  bool slotIsFull(const Slot& slot) const { return slot.plainUsed == slot.plain.size(); }

  Status checkOpen() const {
    switch (m_state) {
      case State::Open: return {};
      case State::Failed: return fail(m_error);
      case State::Committed:
      case State::Abandoned: break;
    }
    return fail(ErrorCode::InvalidArgument, trf("The encrypted file {} is already finished.", m_displayPath));
  }

  tl::unexpected<Error> failWith(Error error) {
    m_state = State::Failed;
    m_error = std::move(error);
    return fail(m_error);
  }

  Status workerError() {
    std::unique_lock lock(m_mutex);
    if (m_ioErrno == 0) return {};
    const int err = m_ioErrno;
    lock.unlock();
    return failWith(writeError(err, m_displayPath));
  }

  // Makes a free slot the one being filled, waiting for one if need be.
  Status acquireSlot() {
    std::size_t index = 0;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return !m_free.empty() || m_ioErrno != 0; });
      if (m_ioErrno != 0) {
        lock.unlock();
        return workerError();
      }
      index = m_free.front();
      m_free.pop_front();
    }
    Slot& slot = m_slots[index];
    slot.plainUsed = 0;
    slot.sequence = m_nextSequence++;
    slot.firstChunk = m_nextChunk;
    slot.endsFile = false;
    m_nextChunk += m_chunksPerSlot;
    m_current = index;
    return {};
  }

  // Passes the slot being filled on to be sealed and written.
  Status submit(bool endsFile) {
    assert(m_current);
    const std::size_t index = *m_current;
    m_current.reset();
    m_slots[index].endsFile = endsFile;
    if (m_workers.empty()) {
      const int err = sealAndWrite(m_slots[index]);
      {
        std::lock_guard lock(m_mutex);
        m_free.push_back(index);
      }
      if (err != 0) return failWith(writeError(err, m_displayPath));
      return {};
    }
    {
      std::lock_guard lock(m_mutex);
      m_ready.push_back(index);
      ++m_inFlight;
    }
    m_wake.notify_all();
    return workerError();
  }

  // Waits until the workers have written every slot submitted.
  Status drain() {
    if (m_workers.empty()) return {};
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_inFlight == 0; });
    }
    return workerError();
  }

  // Seals the slot's chunks, takes the carry of the slot before it (waiting
  // for that slot to be sealed), hands its own carry on, and writes the whole
  // blocks it now holds. Returns 0 or an errno.
  int sealAndWrite(Slot& slot) {
    const std::uint64_t stride = std::uint64_t{m_chunkSize} + kChunkTagBytes;
    const std::uint64_t fileOffset = kChunkedHeaderBytes + slot.firstChunk * stride;
    const auto head = static_cast<std::size_t>(fileOffset % kBlockBytes);
    const std::size_t chunkCount = slot.plainUsed == 0 ? 1 : (slot.plainUsed + m_chunkSize - 1) / m_chunkSize;
    std::size_t sealedBytes = 0;
    for (std::size_t i = 0; i < chunkCount; ++i) {
      const std::size_t begin = i * m_chunkSize;
      const std::size_t size = std::min<std::size_t>(m_chunkSize, slot.plainUsed - begin);
      const bool last = slot.endsFile && i + 1 == chunkCount;
      m_aead.seal(slot.firstChunk + i, last, {slot.plain.data() + begin, size}, slot.sealed.get() + head + sealedBytes);
      sealedBytes += size + kChunkTagBytes;
    }
    // Whole blocks from the block boundary before the slot to the one before its end.
    const std::uint64_t writeStart = fileOffset - head;
    const std::size_t span = head + sealedBytes;
    const std::size_t wholeBlocks = span / kBlockBytes * kBlockBytes;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [&] { return m_carrySequence == slot.sequence || m_stop; });
      if (m_stop) return 0;
      assert(m_carryBytes == head);
      std::memcpy(slot.sealed.get(), m_carry.get(), head);
      m_carryBytes = span - wholeBlocks;
      std::memcpy(m_carry.get(), slot.sealed.get() + wholeBlocks, m_carryBytes);
      m_carryOffset = writeStart + wholeBlocks;
      ++m_carrySequence;
    }
    m_wake.notify_all();
    if (wholeBlocks == 0) return 0;
    const int err = writeBlocks(slot.sealed.get(), wholeBlocks, writeStart);
    if (err == 0) {
      {
        std::lock_guard lock(m_mutex);
        m_bytesWritten += wholeBlocks;
      }
      m_wake.notify_all();
    }
    return err;
  }

  // The last partial block. Direct I/O writes it padded with zeros to a
  // whole block, then cuts the file to its real length.
  Status writeLastBlock() {
    if (m_carryBytes == 0) return {};
    if (!m_direct) {
      if (const int err = writeBlocks(m_carry.get(), m_carryBytes, m_carryOffset); err != 0)
        return failWith(writeError(err, m_displayPath));
      return {};
    }
    std::memset(m_carry.get() + m_carryBytes, 0, kBlockBytes - m_carryBytes);
    if (const int err = writeBlocks(m_carry.get(), kBlockBytes, m_carryOffset); err != 0)
      return failWith(writeError(err, m_displayPath));
    if (::ftruncate(m_fd, static_cast<off_t>(m_carryOffset + m_carryBytes)) != 0)
      return failWith(writeError(errno, m_displayPath));
    return {};
  }

  // Writes whole blocks at a block offset, directly where possible. A file
  // system that accepted O_DIRECT but refuses these writes (EINVAL: larger
  // blocks than kBlockBytes) gets buffered writes from then on.
  int writeBlocks(const unsigned char* bytes, std::size_t size, std::uint64_t offset) {
    // One buffered write at a time: two concurrent buffered writes to one
    // file queue on the inode lock, and the kernel spins the waiter
    // (rwsem_spin_on_owner was 5% of all CPU samples), taking a core from
    // sealing. Direct writes wait for the disk, so they keep two in flight
    // (serialized they measured 1.6-2.1 s for 1 GiB against 1.55-1.7 s).
    std::unique_lock writeLock(m_writeMutex, std::defer_lock);
    if (!m_direct) writeLock.lock();
    int err = pwriteAll(m_fd, bytes, size, offset);
    if (err == EINVAL && m_direct.exchange(false)) {
      const int flags = ::fcntl(m_fd, F_GETFL);
      if (flags >= 0) (void)::fcntl(m_fd, F_SETFL, flags & ~O_DIRECT);
      err = pwriteAll(m_fd, bytes, size, offset);
    }
    if (err == 0 && !m_direct)
      (void)::sync_file_range(m_fd, static_cast<off_t>(offset), static_cast<off_t>(size), SYNC_FILE_RANGE_WRITE);
    return err;
  }

  void workerLoop() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_wake.wait(lock, [this] { return m_stop || !m_ready.empty(); });
      if (m_stop) return;  // abandon(): what is left is not written
      const std::size_t index = m_ready.front();
      m_ready.pop_front();
      lock.unlock();
      const int err = sealAndWrite(m_slots[index]);
      lock.lock();
      if (err != 0 && m_ioErrno == 0) m_ioErrno = err;
      m_free.push_back(index);
      --m_inFlight;
      m_wake.notify_all();
    }
  }

  // Flushes in the background what the workers have written and drops the
  // clean pages (see kFlushEveryBytes; POSIX_FADV_DONTNEED keeps dirty and
  // in-flight pages, so slots still being written are unaffected). An error
  // fails the writer like a write error: the kernel reports a writeback error
  // to one fsync only, so commit()'s own fsync might not see it again.
  void flusherLoop() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_wake.wait(lock, [this] { return m_stopFlush || m_bytesWritten - m_bytesFlushed >= kFlushEveryBytes; });
      if (m_stopFlush) return;
      const std::uint64_t target = m_bytesWritten;
      lock.unlock();
      const int err = ::fdatasync(m_fd) == 0 ? 0 : errno;
      if (err == 0) (void)::posix_fadvise(m_fd, 0, 0, POSIX_FADV_DONTNEED);  // a hint; failure is harmless
      lock.lock();
      if (err != 0 && m_ioErrno == 0) m_ioErrno = err;
      m_bytesFlushed = target;
    }
  }

  void stopFlusher() {
    if (!m_flusher.joinable()) return;
    {
      std::lock_guard lock(m_mutex);
      m_stopFlush = true;
    }
    m_wake.notify_all();
    m_flusher.join();
  }

  void stopWorkers() {
    if (m_workers.empty()) return;
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread& worker : m_workers) worker.join();
    m_workers.clear();
  }

  Status renameNoReplace() {
    if (::renameat2(AT_FDCWD, m_tempPath.c_str(), AT_FDCWD, m_finalPath.c_str(), RENAME_NOREPLACE) == 0) return {};
    int err = errno;
    if (err == EINVAL || err == ENOSYS || err == ENOTSUP) {
      // The file system cannot rename without replacing: link() never
      // replaces either, then drop the temporary name.
      if (::link(m_tempPath.c_str(), m_finalPath.c_str()) == 0) {
        ::unlink(m_tempPath.c_str());
        return {};
      }
      err = errno;
    }
    if (err == EEXIST)
      return failWith(
          Error{ErrorCode::AlreadyExists,
                trf("A file named {} already exists; the new encrypted file was not saved.", m_displayPath)});
    return failWith(Error{ErrorCode::Io, trf("Could not save the encrypted file {} under its final name ({}).",
                                             m_displayPath, errnoText(err))});
  }

  Status syncDirectory() const {
    std::filesystem::path directory = m_finalPath.parent_path();
    if (directory.empty()) directory = ".";
    const int dirFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = 0;
    if (dirFd < 0) {
      err = errno;
    } else {
      if (::fsync(dirFd) != 0) err = errno;
      ::close(dirFd);
    }
    // The file has its final name already; only the durability of the name is in doubt.
    if (err != 0) return fail(writeError(err, m_displayPath));
    return {};
  }

  std::filesystem::path m_finalPath;
  std::filesystem::path m_tempPath;
  std::string m_displayPath;
  int m_fd = -1;
  std::uint32_t m_chunkSize = 0;
  std::size_t m_chunksPerSlot = 0;
  ChunkAead m_aead;  // read-only once built, shared by the workers
  std::atomic<bool> m_direct{false};
  State m_state = State::Open;
  Error m_error;

  std::vector<Slot> m_slots;
  std::optional<std::size_t> m_current;  // the slot being filled (caller's side)
  std::uint64_t m_nextSequence = 0;
  std::uint64_t m_nextChunk = 0;  // first chunk index of the next slot
  std::uint64_t m_written = 0;

  // Shared with the workers, under m_mutex.
  std::mutex m_mutex;
  std::mutex m_writeMutex;  // held around each buffered write (writeBlocks)
  std::condition_variable m_wake;
  std::deque<std::size_t> m_free;
  std::deque<std::size_t> m_ready;
  std::size_t m_inFlight = 0;  // submitted and not yet written
  bool m_stop = false;
  int m_ioErrno = 0;
  // The bytes after the last whole block written so far (at most one block),
  // at m_carryOffset, for the slot with sequence m_carrySequence to write.
  AlignedBytes m_carry;
  std::size_t m_carryBytes = 0;
  std::uint64_t m_carryOffset = 0;
  std::uint64_t m_carrySequence = 0;
  std::vector<std::thread> m_workers;
  // The flusher: bytes the workers have written, and how many of those the
  // last fdatasync() covered (under m_mutex).
  std::uint64_t m_bytesWritten = 0;
  std::uint64_t m_bytesFlushed = 0;
  bool m_stopFlush = false;
  std::thread m_flusher;
};

ChunkedFileWriter::ChunkedFileWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ChunkedFileWriter::~ChunkedFileWriter() = default;

Result<std::unique_ptr<ChunkedFileWriter>> ChunkedFileWriter::create(const std::filesystem::path& finalPath,
                                                                     const DataKey& key, ChunkedFileOptions options,
                                                                     std::string_view binding) {
  ensureSodium();
  const std::string display = finalPath.string();
  if (options.chunkSize < kMinChunkSize || options.chunkSize > kMaxChunkSize)
    return fail(ErrorCode::InvalidArgument, tr("The chunk size of an encrypted file must be between 4 KiB and 4 MiB."));
  if (key.bytes().size() != kDataKeyBytes)
    return fail(ErrorCode::InvalidArgument, tr("A data key has the wrong length."));
  ChunkCipher cipher = options.cipher == ChunkCipher::Unknown ? preferredChunkCipher() : options.cipher;
  if (cipher != ChunkCipher::Aes256Gcm && cipher != ChunkCipher::XChaCha20Poly1305)
    return fail(ErrorCode::InvalidArgument, tr("Unknown cipher for an encrypted file."));
  if (cipher == ChunkCipher::Aes256Gcm && !aesAvailable())
    return fail(ErrorCode::InvalidArgument,
                tr("This computer's processor cannot use AES-256-GCM; use XChaCha20-Poly1305 instead."));

  struct stat existing {};
  if (::lstat(finalPath.c_str(), &existing) == 0)
    return fail(ErrorCode::AlreadyExists, trf("A file named {} already exists.", display));
  if (const int err = errno; err != ENOENT && err != ENOTDIR)
    return fail(ErrorCode::Io, trf("Could not create the encrypted file {} ({}).", display, errnoText(err)));

  // A random temporary sibling, created exclusively (never follows or reuses a name).
  std::filesystem::path tempPath;
  int fd = -1;
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    std::array<unsigned char, 8> random{};
    randombytes_buf(random.data(), random.size());
    std::array<char, 2 * random.size() + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
    tempPath = finalPath;
    tempPath += std::string(".partial-") + hex.data();
    fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    const int err = errno;
    if (isDiskFull(err)) return fail(writeError(err, display));
    return fail(ErrorCode::Io, trf("Could not create the encrypted file {} ({}).", display, errnoText(err)));
  }

  std::array<unsigned char, kChunkedHeaderBytes> header{};
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  storeLe16(header.data() + kVersionOffset, kFormatVersion);
  header[kCipherOffset] = static_cast<unsigned char>(cipher);
  header[kReservedOffset] = 0;
  storeLe32(header.data() + kChunkSizeOffset, options.chunkSize);
  randombytes_buf(header.data() + kFileIdOffset, kFileIdBytes);
  randombytes_buf(header.data() + kSaltOffset, kSaltBytes);

  // The header goes out first (through the page cache), so that a full disk
  // or a broken file system shows at once. Slot 0 writes it again with its
  // first block.
  if (const int err = pwriteAll(fd, header.data(), header.size(), 0); err != 0) {
    ::close(fd);
    ::unlink(tempPath.c_str());
    return fail(writeError(err, display));
  }
  std::unique_ptr<Impl> impl;
  try {
    ChunkAead aead(cipher, key, header, kFormatVersion, binding);
    impl = std::make_unique<Impl>(finalPath, tempPath, fd, options.chunkSize, std::move(aead), header, options);
  } catch (const std::bad_alloc&) {
    ::close(fd);
    ::unlink(tempPath.c_str());
    throw;
  }
  return std::unique_ptr<ChunkedFileWriter>(new ChunkedFileWriter(std::move(impl)));
}

Status ChunkedFileWriter::write(std::span<const unsigned char> data) {
  return m_impl->write(data);
}
Status ChunkedFileWriter::commit() {
  return m_impl->commit();
}
void ChunkedFileWriter::abandon() {
  m_impl->abandon();
}
std::uint64_t ChunkedFileWriter::plaintextBytesWritten() const {
  return m_impl->plaintextBytesWritten();
}
const std::filesystem::path& ChunkedFileWriter::temporaryPath() const {
  return m_impl->temporaryPath();
}

// ---------------------------------------------------------------------------
// Reader

namespace {

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
