// Erasure (product.md R2, R3; architecture.md "The vault"): the only code of
// Vakspiegel that erases. A journalled, crash-safe state machine per
// recording, each step idempotent and in its own transaction:
//
//   PENDING         the request is committed: the recording is hidden and
//                   unplayable from here on (its consent is no longer in force,
//                   and triggers refuse new keys and annotations for it); then
//                   every sealed copy of the data key and all annotation text
//                   are deleted (secure_delete), before anything outside the
//                   database is touched
//   KEYS_DESTROYED  a WAL checkpoint really completed (no other connection
//                   read an older snapshot) and truncated the WAL: no byte of
//                   the database files holds the keys any more, the point of
//                   no return (crypto-shredding); the ciphertext is hashed for
//                   the certificate. While a reader blocks the checkpoint the
//                   erasure stays PENDING and erase() says so.
//   FILES_REMOVED   media and every derived file unlinked, directory fsynced
//   DONE            tombstone + deletion certificate
//
// Unfinished erasures resume at every open of the vault and at every sweep.
// Every request is also appended (and fsynced) to a ledger file next to the
// database, `vault.tombstones`, before it is committed, and the ledger is
// re-applied at every open: a restored older copy of the database does not
// bring an erased recording back.
//
// The sweep also erases what is past its retention end, and removes orphans:
// vault files of no committed recording (a killed import: its lock file is
// no longer held), key rows without a recording, and recordings left without
// any sealed key (reason key_lost).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"
#include "vault/media_folder.h"

namespace vakspiegel::consent {

enum class ErasureReason { Withdrawn, RetentionEnded, OwnerDeleted, KeyLost };
[[nodiscard]] std::string_view erasureReasonName(ErasureReason reason);  // "withdrawn", as stored
[[nodiscard]] std::optional<ErasureReason> erasureReasonFromName(std::string_view name);
[[nodiscard]] std::string erasureReasonDisplayName(ErasureReason reason);  // in the user's language

enum class ErasureState { Pending, KeysDestroyed, FilesRemoved, Done };
[[nodiscard]] std::string_view erasureStateName(ErasureState state);  // "pending", as stored
[[nodiscard]] std::optional<ErasureState> erasureStateFromName(std::string_view name);

// Who asks: a user (id and role name, for the audit log) or the system.
struct ErasureRequester {
  std::string userId = "system";
  std::string role = "system";
};

// What remains of an erased recording. No content, no citizen identity.
struct DeletionCertificate {
  std::string recordingId;
  ErasureReason reason = ErasureReason::Withdrawn;
  ErasureState state = ErasureState::Pending;  // Done for a completed erasure
  WallTime requestedAt;
  std::string requestedBy;  // user id or "system"
  std::optional<WallTime> completedAt;
  std::int64_t ciphertextBytes = 0;  // every file of the recording, as found before removal
  std::string ciphertextHash;        // BLAKE2b-256, lowercase hex, over those files in kind order
};

struct SweepReport {
  int ledgerReapplied = 0;  // erasures restored from the ledger (a restored database)
  int resumed = 0;          // unfinished erasures driven to DONE
  int expired = 0;          // erasures started because the retention ended
  int keysLost = 0;         // recordings left without any sealed key
  int completed = 0;        // erasures that reached DONE in this run
  int orphanFilesRemoved = 0;
  int orphanKeysRemoved = 0;
  // Problems that did not stop the sweep (a file that could not be removed,
  // a damaged ledger line), in the user's language; the job stays unfinished
  // and is retried by the next sweep.
  std::vector<std::string> problems;
};

// The lock an import holds on `media/<recordingId>.lock` while it writes the
// recording's files, so that a concurrent sweep leaves them alone; when the
// importing process dies the kernel drops the lock and the sweep removes what
// it left. release() (or destruction) unlinks the lock file.
class ImportLock {
 public:
  // Errors: Io.
  [[nodiscard]] static Result<ImportLock> acquire(const std::filesystem::path& mediaDir,
                                                  const std::string& recordingId);
  ImportLock(ImportLock&& other) noexcept;
  ImportLock& operator=(ImportLock&&) = delete;
  ImportLock(const ImportLock&) = delete;
  ~ImportLock();
  void release();

 private:
  ImportLock(std::filesystem::path path, int fd) : m_path(std::move(path)), m_fd(fd) {}
  std::filesystem::path m_path;
  int m_fd = -1;
};

class Eraser {
 public:
  // vaultDir holds vault.db, vault.tombstones and media/.
  Eraser(Database& db, AuditLog& audit, const Clock& clock, std::filesystem::path vaultDir);

  // Commits PENDING (after appending the ledger). Idempotent: an erasure
  // already requested is left as it is (its first reason stays).
  // Errors: NotFound (no such recording), VaultBusy, DiskFull, Io.
  [[nodiscard]] Status request(const std::string& recordingId, ErasureReason reason, const ErasureRequester& requester);
  // Drives requested erasures to DONE, step by step. Errors leave the job
  // where it got to (the next sweep resumes it).
  [[nodiscard]] Status complete(const std::vector<std::string>& recordingIds);
  // request + complete; returns the certificate. VaultBusy when another
  // connection kept the checkpoint from completing (waitingForReaders()):
  // the recording is unplayable and its keys deleted, the rest follows at
  // the next sweep or open.
  [[nodiscard]] Result<DeletionCertificate> erase(const std::string& recordingId, ErasureReason reason,
                                                  const ErasureRequester& requester);

  // Re-applies the ledger (skipping damaged lines, which the sweep reports)
  // and resumes unfinished erasures. Run at every open.
  [[nodiscard]] Result<SweepReport> recover();
  // recover(), then retention (everything whose retention ended at the
  // clock's now), then orphans. What `vakspiegel-cli sweep`, the systemd
  // timer and the app's minute timer run.
  [[nodiscard]] Result<SweepReport> sweep();

  [[nodiscard]] Result<std::optional<DeletionCertificate>> certificate(const std::string& recordingId);
  // Every erasure, done or not, newest request first.
  [[nodiscard]] Result<std::vector<DeletionCertificate>> certificates();

  [[nodiscard]] static std::filesystem::path ledgerFile(const std::filesystem::path& vaultDir);
  // The error of an erasure a reader holds up, in the user's language.
  [[nodiscard]] static Error waitingForReaders();

 private:
  // Inserts PENDING unless an erasure exists; returns whether it inserted.
  [[nodiscard]] Result<bool> commitRequest(const std::string& recordingId, ErasureReason reason,
                                           std::int64_t requestedAt, const ErasureRequester& requester);
  // request() for recordings known to have no erasure yet (the sweep's).
  [[nodiscard]] Status requestAll(const std::vector<std::string>& recordingIds, ErasureReason reason,
                                  const ErasureRequester& requester);
  // The steps, each for every given recording that is at that step.
  [[nodiscard]] Status destroyKeys(const std::vector<std::string>& recordingIds);
  [[nodiscard]] Status removeFiles(const MediaFolder& folder, const std::vector<std::string>& recordingIds);
  [[nodiscard]] Status finish(const std::vector<std::string>& recordingIds);
  [[nodiscard]] Status removeOrphans(SweepReport& report);
  // Moves a ledger with damaged lines aside (kept as evidence, audited) and
  // writes a fresh one from its readable lines; returns the problems, which
  // the sweep reports once.
  [[nodiscard]] Result<std::vector<std::string>> repairLedger();
  [[nodiscard]] std::filesystem::path mediaDir() const { return m_dir / "media"; }

  Database& m_db;
  AuditLog& m_audit;
  const Clock& m_clock;
  std::filesystem::path m_dir;
};

}  // namespace vakspiegel::consent
