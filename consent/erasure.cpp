// The erasure journal, the ledger, the sweep. See erasure.h.
#include "consent/erasure.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <set>
#include <system_error>

#include "audit/audit_actions.h"
#include "core/crash_point.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "core/sync_directory.h"
#include "store/erasure_store.h"
#include "store/recording_store.h"
#include "vault/media_folder.h"

namespace vakspiegel::consent {
namespace fs = std::filesystem;

namespace {

constexpr const char* kLedgerMagic = "VST1";
constexpr std::size_t kLedgerChecksumBytes = 16;
constexpr std::size_t kRecordingIdLength = 36;  // a UUID in text

std::string toHex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

// One tombstone of the ledger: enough to re-request the erasure, nothing more.
struct LedgerEntry {
  std::string recordingId;
  ErasureReason reason = ErasureReason::Withdrawn;
  std::int64_t requestedAt = 0;
  std::string requestedBy;
};

std::string ledgerChecksum(const std::string& body) {
  std::array<unsigned char, kLedgerChecksumBytes> sum{};
  crypto_generichash(sum.data(), sum.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr,
                     0);
  return toHex(sum.data(), sum.size());
}

// "VST1 <id> <reason> <requested_at> <requested_by> <checksum>\n": one line
// per tombstone, checked per line so a torn or edited line is recognised.
std::string ledgerLine(const LedgerEntry& entry) {
  const std::string body = fmt::format("{} {} {} {} {}", kLedgerMagic, entry.recordingId,
                                       erasureReasonName(entry.reason), entry.requestedAt, entry.requestedBy);
  return body + " " + ledgerChecksum(body) + "\n";
}

std::optional<LedgerEntry> parseLedgerLine(std::string_view line) {
  const std::size_t lastSpace = line.rfind(' ');
  if (lastSpace == std::string_view::npos) return std::nullopt;
  const std::string body(line.substr(0, lastSpace));
  if (line.substr(lastSpace + 1) != ledgerChecksum(body)) return std::nullopt;
  std::vector<std::string_view> fields;
  std::string_view rest = body;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    fields.push_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  if (fields.size() != 5 || fields[0] != kLedgerMagic) return std::nullopt;
  const auto reason = erasureReasonFromName(fields[2]);
  LedgerEntry entry;
  const auto [end, ec] = std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), entry.requestedAt);
  if (!reason || ec != std::errc() || end != fields[3].data() + fields[3].size()) return std::nullopt;
  entry.recordingId = std::string(fields[1]);
  entry.reason = *reason;
  entry.requestedBy = std::string(fields[4]);
  return entry;
}

Status appendLedger(const fs::path& file, const std::vector<LedgerEntry>& entries) {
  std::error_code ec;
  const bool isNew = !fs::exists(file, ec);
  const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return fail(ErrorCode::Io, trf("Could not write the erasure ledger {}.", file.string()));
  std::string line;
  for (const LedgerEntry& entry : entries) line += ledgerLine(entry);
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fdatasync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) {
    if (error == ENOSPC) return fail(ErrorCode::DiskFull, tr("The disk is full; the erasure was not registered."));
    return fail(ErrorCode::Io, trf("Could not write the erasure ledger {}.", file.string()));
  }
  if (isNew) syncDirectory(file.parent_path());
  return {};
}

// The ledger's complete lines; a torn last line (a crash while appending) is
// ignored, any other unreadable line is reported.
struct LedgerContents {
  std::vector<LedgerEntry> entries;
  std::vector<int> damagedLines;
};

Result<LedgerContents> readLedger(const fs::path& file) {
  LedgerContents contents;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return contents;
    return fail(ErrorCode::Io, trf("Could not read the erasure ledger {}.", file.string()));
  }
  std::string text;
  std::array<char, 65536> buffer{};
  ssize_t n = 0;
  while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) text.append(buffer.data(), static_cast<std::size_t>(n));
  ::close(fd);
  if (n < 0) return fail(ErrorCode::Io, trf("Could not read the erasure ledger {}.", file.string()));
  std::size_t start = 0;
  int lineNumber = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    if (newline == std::string::npos) break;  // torn tail
    ++lineNumber;
    if (auto entry = parseLedgerLine(std::string_view(text).substr(start, newline - start)))
      contents.entries.push_back(std::move(*entry));
    else
      contents.damagedLines.push_back(lineNumber);
    start = newline + 1;
  }
  return contents;
}

// Size and BLAKE2b-256 of a recording's files, in manifest (kind) order; a
// missing file (or a link in its place) counts as empty.
struct CiphertextDigest {
  std::int64_t bytes = 0;
  std::vector<unsigned char> hash;
};

Result<CiphertextDigest> digestFiles(const MediaFolder& folder, const std::vector<std::string>& names) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  CiphertextDigest digest;
  std::vector<unsigned char> buffer(1 << 20);
  for (const std::string& name : names) {
    auto opened = folder.openForReading(name);
    if (!opened) {
      // Missing, or a link planted under the name (not followed, not the
      // vault's data): nothing of the recording to hash; removeFiles still
      // removes the link itself.
      if (opened.error().code == ErrorCode::NotFound || opened.error().code == ErrorCode::CorruptData) continue;
      return fail(opened.error());
    }
    const int fd = *opened;
    // Only a regular file is the recording's data, and only up to the size it
    // has now: a folder or a pipe planted under the name holds nothing up.
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      continue;
    }
    auto left = static_cast<std::uint64_t>(info.st_size);
    ssize_t n = 0;
    while (left > 0 && (n = ::read(fd, buffer.data(), std::min<std::uint64_t>(buffer.size(), left))) > 0) {
      crypto_generichash_update(&state, buffer.data(), static_cast<unsigned long long>(n));
      digest.bytes += n;
      left -= static_cast<std::uint64_t>(n);
    }
    ::close(fd);
    if (n < 0) return fail(ErrorCode::Io, trf("Could not read {}.", folder.display(name)));
  }
  digest.hash.resize(crypto_generichash_BYTES);
  crypto_generichash_final(&state, digest.hash.data(), digest.hash.size());
  return digest;
}

// The files an erasure hashes and removes. Normally the manifest's names
// (checked by the store). When the manifest was changed outside Vakspiegel
// (a path, "../x" or another recording's file as a name), the names the
// recording's files must have instead: the real files are still found, and
// nothing the database names outside media/ is touched.
struct FilesToErase {
  std::vector<std::string> names;
  bool isManifestDamaged = false;
};

Result<FilesToErase> filesToErase(RecordingStore& recordings, const MediaFolder& folder, const std::string& id) {
  FilesToErase files;
  auto manifest = recordings.files(id);
  if (manifest) {
    for (const RecordingFileRow& file : *manifest) files.names.push_back(file.fileName);
    return files;
  }
  if (manifest.error().code != ErrorCode::CorruptData) return fail(manifest.error());
  files.isManifestDamaged = true;
  for (const std::string_view kind : kRecordingFileKinds) {
    const std::string name = recordingFileName(id, kind);
    if (!name.empty() && folder.contains(name)) files.names.push_back(name);
  }
  return files;
}

// The files in media/ that belong to a recording: "<id>.<anything>".
std::map<std::string, std::vector<fs::path>> filesByRecording(const fs::path& mediaDir) {
  std::map<std::string, std::vector<fs::path>> groups;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(mediaDir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= kRecordingIdLength || name[kRecordingIdLength] != '.') continue;
    groups[name.substr(0, kRecordingIdLength)].push_back(entry.path());
  }
  return groups;
}

DeletionCertificate certificateFromRow(const ErasureRow& row) {
  DeletionCertificate c;
  c.recordingId = row.recordingId;
  c.reason = erasureReasonFromName(row.reason).value_or(ErasureReason::Withdrawn);
  c.state = erasureStateFromName(row.state).value_or(ErasureState::Pending);
  c.requestedAt = fromUnixSeconds(row.requestedAt);
  c.requestedBy = row.requestedBy;
  if (row.completedAt) c.completedAt = fromUnixSeconds(*row.completedAt);
  c.ciphertextBytes = row.ciphertextBytes.value_or(0);
  if (!row.ciphertextHash.empty()) c.ciphertextHash = toHex(row.ciphertextHash.data(), row.ciphertextHash.size());
  return c;
}

AuditEvent systemEvent(const char* action, const std::string& recordingId, std::string reason = "") {
  return {"system", "system", action, "recording", recordingId, AuditResult::Ok, std::move(reason)};
}

}  // namespace

std::string_view erasureReasonName(ErasureReason reason) {
  switch (reason) {
    case ErasureReason::Withdrawn: return "withdrawn";
    case ErasureReason::RetentionEnded: return "retention_ended";
    case ErasureReason::OwnerDeleted: return "owner_deleted";
    case ErasureReason::KeyLost: return "key_lost";
  }
  return "withdrawn";
}

std::optional<ErasureReason> erasureReasonFromName(std::string_view name) {
  for (const ErasureReason r :
       {ErasureReason::Withdrawn, ErasureReason::RetentionEnded, ErasureReason::OwnerDeleted, ErasureReason::KeyLost})
    if (erasureReasonName(r) == name) return r;
  return std::nullopt;
}

std::string erasureReasonDisplayName(ErasureReason reason) {
  switch (reason) {
    case ErasureReason::Withdrawn: return tr("consent withdrawn");
    case ErasureReason::RetentionEnded: return tr("retention period ended");
    case ErasureReason::OwnerDeleted: return tr("deleted by the owner");
    case ErasureReason::KeyLost: return tr("key lost");
  }
  return {};
}

std::string_view erasureStateName(ErasureState state) {
  switch (state) {
    case ErasureState::Pending: return "pending";
    case ErasureState::KeysDestroyed: return "keys_destroyed";
    case ErasureState::FilesRemoved: return "files_removed";
    case ErasureState::Done: return "done";
  }
  return "pending";
}

std::optional<ErasureState> erasureStateFromName(std::string_view name) {
  for (const ErasureState s :
       {ErasureState::Pending, ErasureState::KeysDestroyed, ErasureState::FilesRemoved, ErasureState::Done})
    if (erasureStateName(s) == name) return s;
  return std::nullopt;
}

Result<ImportLock> ImportLock::acquire(const fs::path& mediaDir, const std::string& recordingId) {
  const fs::path path = mediaDir / (recordingId + ".lock");
  // A sweep that finds the file unlocked (its importer died, or it was just
  // created and not locked yet) removes it while holding the lock; so after
  // locking, a lock file that is no longer linked is made again.
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) break;
    struct stat st {};
    if (::flock(fd, LOCK_EX) == 0 && ::fstat(fd, &st) == 0 && st.st_nlink > 0) return ImportLock(path, fd);
    ::close(fd);
  }
  return fail(ErrorCode::Io, trf("Could not create {}.", path.string()));
}

ImportLock::ImportLock(ImportLock&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)) {}

ImportLock::~ImportLock() {
  release();
}

void ImportLock::release() {
  if (m_fd < 0) return;
  ::unlink(m_path.c_str());  // while still locked, so a sweep never sees it unlocked and linked
  ::close(m_fd);
  m_fd = -1;
}

Eraser::Eraser(Database& db, AuditLog& audit, const Clock& clock, fs::path vaultDir)
    : m_db(db), m_audit(audit), m_clock(clock), m_dir(std::move(vaultDir)) {}

fs::path Eraser::ledgerFile(const fs::path& vaultDir) {
  return vaultDir / "vault.tombstones";
}

Result<bool> Eraser::commitRequest(const std::string& recordingId, ErasureReason reason, std::int64_t requestedAt,
                                   const ErasureRequester& requester) {
  ErasureStore store(m_db);
  bool isInserted = false;
  VS_TRY(m_db.transaction([&]() -> Status {
    if (VS_TRY(store.find(recordingId))) return {};
    ErasureRow row;
    row.recordingId = recordingId;
    row.reason = std::string(erasureReasonName(reason));
    row.state = "pending";
    row.requestedAt = requestedAt;
    row.requestedBy = requester.userId;
    VS_TRY(store.insert(row));
    // The consent is no longer in force from this commit on: the recording
    // is hidden and refused to everyone (Vault::recordingFacts).
    const std::int64_t now = toUnixSeconds(m_clock.now());
    if (reason == ErasureReason::Withdrawn) VS_TRY(store.setConsentState(recordingId, "withdrawn", now));
    if (reason == ErasureReason::RetentionEnded) VS_TRY(store.setConsentState(recordingId, "expired", now));
    isInserted = true;
    return m_audit.append({requester.userId, requester.role, audit_action::kRecordingEraseRequested, "recording",
                           recordingId, AuditResult::Ok, std::string(erasureReasonName(reason))});
  }));
  return isInserted;
}

Status Eraser::request(const std::string& recordingId, ErasureReason reason, const ErasureRequester& requester) {
  ErasureStore store(m_db);
  if (VS_TRY(store.find(recordingId))) return {};
  if (!VS_TRY(RecordingStore(m_db).find(recordingId)))
    return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
  return requestAll({recordingId}, reason, requester);
}

Status Eraser::requestAll(const std::vector<std::string>& recordingIds, ErasureReason reason,
                          const ErasureRequester& requester) {
  if (recordingIds.empty()) return {};
  // The ledger first: once a request is in the database it is also in the
  // ledger, so a restored older database gets it back (recover()).
  const std::int64_t now = toUnixSeconds(m_clock.now());
  std::vector<LedgerEntry> entries;
  for (const std::string& id : recordingIds) entries.push_back({id, reason, now, requester.userId});
  VS_TRY(appendLedger(ledgerFile(m_dir), entries));
  crashPoint("erasure.ledger_appended");
  VS_TRY(m_db.transaction([&]() -> Status {
    for (const std::string& id : recordingIds) VS_TRY(commitRequest(id, reason, now, requester));
    return {};
  }));
  crashPoint("erasure.requested");
  return {};
}

Error Eraser::waitingForReaders() {
  return {ErrorCode::VaultBusy,
          tr("The recording can no longer be played. It is erased completely as soon as the other program that "
             "has the vault open (the workstation, a sweep or a backup) is closed; the next sweep finishes it.")};
}

Status Eraser::destroyKeys(const std::vector<std::string>& recordingIds) {
  ErasureStore store(m_db);
  RecordingStore recordings(m_db);
  std::vector<std::string> pending;
  for (const std::string& id : recordingIds) {
    const auto row = VS_TRY(store.find(id));
    if (row && row->state == "pending") pending.push_back(id);
  }
  if (pending.empty()) return {};
  // The keys and the annotation text go first, before anything else can
  // fail: secure_delete zeroes them in the new version of their pages. Nothing
  // outside the database (a missing media folder, a file planted in it) can
  // hold this up. The state stays PENDING: the old versions are still in the
  // WAL and, while another connection reads an older snapshot, in the
  // database file itself.
  VS_TRY(m_db.transaction([&]() -> Status {
    for (const std::string& id : pending) VS_TRY(store.destroyKeysAndContent(id));
    return {};
  }));
  crashPoint("erasure.keys_deleted");
  // The point of no return is only reached when the checkpoint moved the
  // zeroed pages into the database file and emptied the WAL. Until then the
  // erasure stays pending; the sweep and the next open finish it.
  if (!VS_TRY(m_db.checkpointTruncate())) return fail(waitingForReaders());
  crashPoint("erasure.checkpointed");

  // The certificate's figures: the ciphertext is as it was (the files go only
  // after this step). One recording whose files cannot be read does not hold
  // up the others; it stays pending and is retried.
  const MediaFolder folder = VS_TRY(MediaFolder::open(mediaDir()));
  std::vector<std::pair<std::string, CiphertextDigest>> hashed;
  std::optional<Error> problem;
  for (const std::string& id : pending) {
    auto files = filesToErase(recordings, folder, id);
    auto digest = files.and_then([&](const FilesToErase& f) { return digestFiles(folder, f.names); });
    if (!digest) {
      problem = digest.error();
      continue;
    }
    if (files->isManifestDamaged)
      VS_TRY(m_audit.append({"system", "system", audit_action::kRecordingIntegrity, "recording", id, AuditResult::Error,
                             "bad_file_name"}));
    hashed.emplace_back(id, std::move(*digest));
  }
  crashPoint("erasure.hashed");
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    for (const auto& [id, digest] : hashed) {
      if (!VS_TRY(store.markKeysDestroyed(id, now, digest.bytes, digest.hash))) continue;  // another process was first
      VS_TRY(m_audit.append(systemEvent(audit_action::kRecordingKeysDestroyed, id)));
    }
    return {};
  }));
  crashPoint("erasure.keys_destroyed");
  return problem ? fail(*problem) : Status{};
}

Status Eraser::removeFiles(const MediaFolder& folder, const std::vector<std::string>& recordingIds) {
  ErasureStore store(m_db);
  RecordingStore recordings(m_db);
  std::vector<std::pair<std::string, std::size_t>> removed;  // id, files
  std::optional<Error> problem;                              // one stuck recording does not hold up the others
  for (const std::string& id : recordingIds) {
    const auto row = VS_TRY(store.find(id));
    if (!row || row->state != "keys_destroyed") continue;
    // The manifest's files and the lock file an import killed after its
    // commit may have left. (A committed recording has no temporary files:
    // the import commits its files before its rows. Anything else with the id
    // is the orphan sweep's once the erasure is done.)
    std::set<std::string> names;
    if (isUuid(id)) names.insert(id + ".lock");
    for (std::string& name : VS_TRY(filesToErase(recordings, folder, id)).names) names.insert(std::move(name));
    bool isRemoved = true;
    for (const std::string& name : names) {
      if (auto gone = folder.remove(name); !gone) {
        problem = gone.error();
        isRemoved = false;
        break;
      }
      crashPoint("erasure.file_removed");
    }
    if (isRemoved) removed.emplace_back(id, names.size());
  }
  if (removed.empty()) return problem ? fail(*problem) : Status{};
  folder.sync();
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    for (const auto& [id, count] : removed) {
      if (!VS_TRY(store.markFilesRemoved(id, now))) continue;
      VS_TRY(store.forgetFiles(id));
      VS_TRY(m_audit.append(systemEvent(audit_action::kRecordingFilesRemoved, id, fmt::format("files={}", count))));
    }
    return {};
  }));
  crashPoint("erasure.files_removed");
  return problem ? fail(*problem) : Status{};
}

Status Eraser::finish(const std::vector<std::string>& recordingIds) {
  ErasureStore store(m_db);
  VS_TRY(m_db.transaction([&]() -> Status {
    const std::int64_t now = toUnixSeconds(m_clock.now());
    for (const std::string& id : recordingIds) {
      if (!VS_TRY(store.markDone(id, now))) continue;
      VS_TRY(store.setConsentState(id, "erased", now));
      VS_TRY(m_audit.append(systemEvent(audit_action::kRecordingErased, id)));
    }
    return {};
  }));
  crashPoint("erasure.done");
  return {};
}

Status Eraser::complete(const std::vector<std::string>& recordingIds) {
  // Phase by phase: a batch (the sweep) needs one transaction per step, one
  // WAL checkpoint and one directory fsync; every recording of it still goes
  // through the steps in order. Files are removed only after the keys are
  // gone from every byte of the database (destroyKeys' checkpoint).
  const Status keys = destroyKeys(recordingIds);
  if (!keys && keys.error().code == ErrorCode::VaultBusy) return keys;  // nothing may go before the checkpoint
  const MediaFolder folder = VS_TRY(MediaFolder::open(mediaDir()));
  const Status removed = removeFiles(folder, recordingIds);
  VS_TRY(finish(recordingIds));  // those whose files are gone
  return !keys ? keys : removed;
}

Result<DeletionCertificate> Eraser::erase(const std::string& recordingId, ErasureReason reason,
                                          const ErasureRequester& requester) {
  VS_TRY(request(recordingId, reason, requester));
  if (auto done = complete({recordingId}); !done) {
    // Busy: a reader kept the keys' old pages (waitingForReaders()) or the
    // vault is locked; either way the next sweep or open finishes it.
    if (done.error().code == ErrorCode::VaultBusy) return fail(done.error());
    return fail(done.error().code,
                trf("The recording can no longer be played, but erasing it did not finish ({}). The next sweep "
                    "finishes it.",
                    done.error().message));
  }
  auto found = VS_TRY(certificate(recordingId));
  if (!found) return fail(ErrorCode::Internal, trf("There is no recording {}.", shortForMessage(recordingId)));
  return *found;
}

Result<std::vector<std::string>> Eraser::repairLedger() {
  const fs::path ledger = ledgerFile(m_dir);
  const LedgerContents contents = VS_TRY(readLedger(ledger));
  std::vector<std::string> problems;
  if (!contents.damagedLines.empty()) {
    // Kept aside as evidence; a fresh ledger is written from the readable
    // lines and the database below, so the problem is reported once, not at
    // every sweep.
    const fs::path aside = ledger.string() + ".damaged-" + std::to_string(toUnixSeconds(m_clock.now()));
    std::error_code ec;
    fs::rename(ledger, aside, ec);
    if (ec) return fail(ErrorCode::Io, trf("Could not move the damaged erasure ledger {} aside.", ledger.string()));
    VS_TRY(appendLedger(ledger, contents.entries));
    for (const int line : contents.damagedLines)
      problems.push_back(
          trf("Line {} of the erasure ledger was damaged and was skipped; the ledger as it was "
              "is kept as {}.",
              line, aside.string()));
    VS_TRY(m_audit.append({"system", "system", audit_action::kLedgerDamaged, "vault", "-", AuditResult::Error,
                           fmt::format("lines={}", contents.damagedLines.size())}));
  }
  return problems;
}

Result<SweepReport> Eraser::recover() {
  SweepReport report;
  ErasureStore store(m_db);
  const fs::path ledger = ledgerFile(m_dir);
  const LedgerContents contents = VS_TRY(readLedger(ledger));
  std::set<std::string> inLedger;
  for (const LedgerEntry& entry : contents.entries) {
    inLedger.insert(entry.recordingId);
    // A recording the database does not know (a copy older than its import)
    // has no rows to erase; its files are orphans for the sweep.
    if (!VS_TRY(RecordingStore(m_db).find(entry.recordingId))) continue;
    if (VS_TRY(commitRequest(entry.recordingId, entry.reason, entry.requestedAt, {entry.requestedBy, "system"})))
      ++report.ledgerReapplied;
  }
  // And the other way round: a request the ledger lost (a ledger restored
  // from a backup) is written again.
  for (const ErasureRow& row : VS_TRY(store.all())) {
    if (inLedger.contains(row.recordingId)) continue;
    const auto reason = erasureReasonFromName(row.reason).value_or(ErasureReason::Withdrawn);
    VS_TRY(appendLedger(ledger, {{row.recordingId, reason, row.requestedAt, row.requestedBy}}));
  }
  const std::vector<std::string> unfinished = VS_TRY(store.unfinished());
  report.resumed = static_cast<int>(unfinished.size()) - report.ledgerReapplied;
  if (!unfinished.empty()) {
    if (auto done = complete(unfinished); !done) report.problems.push_back(done.error().message);
    report.completed = static_cast<int>(unfinished.size() - VS_TRY(store.unfinished()).size());
  }
  return report;
}

Result<SweepReport> Eraser::sweep() {
  const std::vector<std::string> ledgerProblems = VS_TRY(repairLedger());
  SweepReport report = VS_TRY(recover());
  report.problems.insert(report.problems.begin(), ledgerProblems.begin(), ledgerProblems.end());
  ErasureStore store(m_db);
  std::vector<std::string> started;
  const std::vector<std::string> expired = VS_TRY(store.expiredWithoutErasure(toUnixSeconds(m_clock.now())));
  VS_TRY(requestAll(expired, ErasureReason::RetentionEnded, {}));
  const std::vector<std::string> keyless = VS_TRY(store.keylessWithoutErasure());
  VS_TRY(requestAll(keyless, ErasureReason::KeyLost, {}));
  report.expired = static_cast<int>(expired.size());
  report.keysLost = static_cast<int>(keyless.size());
  started.insert(started.end(), expired.begin(), expired.end());
  started.insert(started.end(), keyless.begin(), keyless.end());
  if (!started.empty()) {
    if (auto done = complete(started); !done) report.problems.push_back(done.error().message);
    for (const std::string& id : started) {
      const auto row = VS_TRY(store.find(id));
      if (row && row->state == "done") ++report.completed;
    }
  }
  VS_TRY(removeOrphans(report));
  return report;
}

Status Eraser::removeOrphans(SweepReport& report) {
  ErasureStore store(m_db);
  VS_TRY(m_db.transaction([&]() -> Status {
    report.orphanKeysRemoved = VS_TRY(store.removeKeysWithoutRecording());
    if (report.orphanKeysRemoved == 0) return {};
    return m_audit.append({"system", "system", audit_action::kSweepOrphanKeys, "vault", "-", AuditResult::Ok,
                           fmt::format("count={}", report.orphanKeysRemoved)});
  }));

  const MediaFolder folder = VS_TRY(MediaFolder::open(mediaDir()));
  std::map<std::string, bool> recordings;  // id -> has an unfinished erasure
  for (auto& [id, isErasing] : VS_TRY(store.recordingIds())) recordings.emplace(std::move(id), isErasing);
  RecordingStore recordingStore(m_db);
  for (const auto& [id, paths] : filesByRecording(mediaDir())) {
    const auto known = recordings.find(id);
    if (known != recordings.end() && known->second) continue;  // the erasure journal owns these
    std::set<std::string> manifest;
    if (known != recordings.end()) {
      auto files = recordingStore.files(id);
      if (!files && files.error().code == ErrorCode::CorruptData) {
        // A manifest changed outside Vakspiegel: which files are the live
        // recording's cannot be told, so none is touched.
        report.problems.push_back(files.error().message);
        VS_TRY(m_audit.append({"system", "system", audit_action::kRecordingIntegrity, "recording", id,
                               AuditResult::Error, "bad_file_name"}));
        continue;
      }
      for (const RecordingFileRow& file : VS_TRY(std::move(files))) manifest.insert(file.fileName);
    }
    std::vector<std::string> strays;
    for (const fs::path& path : paths)
      if (!manifest.contains(path.filename().string())) strays.push_back(path.filename().string());
    if (strays.empty()) continue;

    // An import still running holds its lock: leave its files alone. A lock
    // we can take belongs to a dead process (or to an import that has not
    // written anything yet, which re-creates its lock after we removed it).
    const std::string lockName = id + ".lock";
    const fs::path lockPath = mediaDir() / lockName;
    const int lockFd = ::open(lockPath.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (lockFd >= 0 && ::flock(lockFd, LOCK_EX | LOCK_NB) != 0) {
      ::close(lockFd);
      continue;
    }
    int removed = 0;
    for (const std::string& name : strays) {
      if (name == lockName) continue;
      const bool existed = folder.contains(name);
      if (auto gone = folder.remove(name); !gone) {
        report.problems.push_back(gone.error().message);
      } else if (existed) {
        ++removed;
        crashPoint("sweep.orphan_removed");
      }
    }
    if (lockFd >= 0) {
      (void)folder.remove(lockName);  // still holding it
      ::close(lockFd);
      ++removed;
    }
    folder.sync();
    report.orphanFilesRemoved += removed;
    VS_TRY(m_audit.append({"system", "system", audit_action::kSweepOrphanFiles, "recording", id, AuditResult::Ok,
                           fmt::format("count={}", removed)}));
  }
  return {};
}

Result<std::optional<DeletionCertificate>> Eraser::certificate(const std::string& recordingId) {
  const auto row = VS_TRY(ErasureStore(m_db).find(recordingId));
  if (!row) return std::optional<DeletionCertificate>{};
  return std::optional<DeletionCertificate>{certificateFromRow(*row)};
}

Result<std::vector<DeletionCertificate>> Eraser::certificates() {
  std::vector<DeletionCertificate> list;
  for (const ErasureRow& row : VS_TRY(ErasureStore(m_db).all())) list.push_back(certificateFromRow(row));
  return list;
}

}  // namespace vakspiegel::consent
