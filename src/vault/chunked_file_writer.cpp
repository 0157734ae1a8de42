// The chunked container's writer (ChunkedFileWriter): two worker threads seal
// and write while the caller copies the next plaintext in.
// One class with its threads, buffers and I/O strategy (buffered with early
// writeback and a background flush, or direct): longer than most files, and
// kept whole because its parts share one state machine.
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
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <sodium.h>

#include "core/hex.h"
#include "core/i18n.h"
#include "core/le_bytes.h"
#include "core/shared_files.h"
#include "vault/chunked_file_format.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {

using namespace chunked_detail;

namespace {

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
// left to do.
// measurements: README, Benchmarks

constexpr std::size_t kSlotPlainBytes = std::size_t{1} << 20;
constexpr std::size_t kSlotCount = 4;
constexpr std::size_t kWorkerCount = 2;
// With overlapIo a flusher thread calls fdatasync() each time this much more
// has been written, then drops the file's clean pages from the page cache:
// commit()'s fsync has little left to flush, and dropped pages are reused
// for the next writes, so the file uses about this much page cache instead
// of its size. The cost: a reader right after commit() reads the ciphertext
// from disk, not from the cache.
// measurements: README, Benchmarks
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
        // flushes slowed them.
        // measurements: README, Benchmarks
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
    // file queue on the inode lock, and the kernel spins the waiter, taking
    // a core from sealing. Direct writes wait for the disk, so they keep two
    // in flight.
    // measurements: README, Benchmarks
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
    tempPath = finalPath;
    tempPath += ".partial-" + toHex(random);
    fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    const int err = errno;
    if (isDiskFull(err)) return fail(writeError(err, display));
    return fail(ErrorCode::Io, trf("Could not create the encrypted file {} ({}).", display, errnoText(err)));
  }
  shareNewFile(fd, finalPath.parent_path());

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

}  // namespace vakspiegel
