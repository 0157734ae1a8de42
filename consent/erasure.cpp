// The erasure journal: requesting an erasure, its steps PENDING ->
// KEYS_DESTROYED -> FILES_REMOVED -> DONE, and the certificates. See erasure.h.
#include "consent/erasure.h"

#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include <algorithm>
#include <set>

#include "audit/audit_actions.h"
#include "consent/erasure_internal.h"
#include "core/crash_point.h"
#include "core/hex.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "store/erasure_store.h"
#include "store/recording_store.h"
#include "vault/media_folder.h"

namespace vakspiegel::consent {
namespace fs = std::filesystem;
using erasure_detail::appendLedger;
using erasure_detail::LedgerEntry;

namespace {

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

DeletionCertificate certificateFromRow(const ErasureRow& row) {
  DeletionCertificate c;
  c.recordingId = row.recordingId;
  c.reason = erasureReasonFromName(row.reason).value_or(ErasureReason::Withdrawn);
  c.state = erasureStateFromName(row.state).value_or(ErasureState::Pending);
  c.requestedAt = fromUnixSeconds(row.requestedAt);
  c.requestedBy = row.requestedBy;
  if (row.completedAt) c.completedAt = fromUnixSeconds(*row.completedAt);
  c.ciphertextBytes = row.ciphertextBytes.value_or(0);
  if (!row.ciphertextHash.empty()) c.ciphertextHash = toHex(row.ciphertextHash);
  return c;
}

AuditEvent systemEvent(const char* action, const std::string& recordingId, std::string reason = "") {
  return {"system", "system", action, "recording", recordingId, AuditResult::Ok, std::move(reason)};
}

}  // namespace

Eraser::Eraser(Database& db, AuditLog& audit, const Clock& clock, fs::path vaultDir)
    : m_db(db), m_audit(audit), m_clock(clock), m_dir(std::move(vaultDir)) {}

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
