// The append-only, hash-chained audit log (product.md R6, architecture.md
// "The audit log"). Each entry's hash = BLAKE2b-256(previous hash ||
// canonical encoding of the entry); the first entry's previous hash is 32
// zero bytes. verify() recomputes the chain and names the first bad entry;
// against a recorded head (printed on every privacy report so it can be kept
// outside the machine) it also detects a truncated or rewritten tail.
// Entries carry ids and codes only: never content, never a citizen's identity.
//
// A plain hash chain can be rebuilt by anyone who can write the database, so
// two more things anchor it:
// - Signed checkpoints: a privacy officer's Ed25519 key (vault/keys.h,
//   reachable only with their password) signs the chain head whenever they
//   verify, print a report or the certificates. verify() checks every
//   checkpoint's signature and key, that the chain still reaches each signed
//   head with the same hash, that no entry at or below it is newer than the
//   signature (entries written into a gap), and that every "audit.checkpoint"
//   entry still has its checkpoint. Rewriting, cutting or emptying the log
//   below a checkpoint is detected. The keys other officers signed with are
//   the ones recorded in the vault, which someone who can write the database
//   could add to; the verifying officer's own checkpoints are also checked
//   against the key their password opens, and verify shows the newest, so a
//   removed checkpoint of theirs is seen.
// - The highest sequence number ever written is kept beside the log: entries
//   cut from the tail leave a gap, and new entries continue after it, so
//   verify names the first missing entry.
// What stays undetectable from inside the vault: entries appended after the
// newest checkpoint by someone who can write the database (the sweep writes
// entries without any secret), and a whole vault rolled back to an older
// copy; the chain head printed on every report is the outside anchor for that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/audit_store.h"
#include "vault/keys.h"

namespace vakspiegel {

enum class AuditResult { Unknown = 0, Ok, Denied, Error };

struct AuditEvent {
  std::string actorId;     // user id, or "system" for the sweep, or "-" for an unknown login name
  std::string actorRole;   // role name, "system" or "-"
  std::string action;      // e.g. "login", "user.add", "recording.play"
  std::string objectType;  // e.g. "user", "recording", "vault"
  std::string objectId;    // id, or "-"
  AuditResult result = AuditResult::Unknown;
  std::string reason;      // short code, e.g. "wrong_password", or ""
};

// A point in the chain: sequence number and hash, as text "SEQ:HEX".
struct AuditHead {
  std::int64_t seq = 0;
  std::vector<unsigned char> hash;
  [[nodiscard]] std::string toString() const;
  // Errors: InvalidArgument when the text is not "SEQ:64 hex digits".
  [[nodiscard]] static Result<AuditHead> parse(const std::string& text);
  bool operator==(const AuditHead&) const = default;
};

// A signed checkpoint as verify() found it.
struct AuditCheckpointInfo {
  std::int64_t seq = 0;
  std::string signerId;
  WallTime signedAt;
};

struct AuditVerification {
  bool isIntact = false;
  std::int64_t entriesChecked = 0;
  std::optional<std::int64_t> firstBadSeq;  // set when not intact
  std::string problem;                      // for the user, in their language
  AuditHead head;                           // of the log as it is now
  int checkpointsVerified = 0;
  std::optional<AuditCheckpointInfo> newestCheckpoint;  // the newest that verified
  // The verifier's own checkpoints that verified with the key their password
  // opens (not one recorded in the vault, which a writer of the database
  // could have added): an officer who verified before and sees none here
  // knows their checkpoints were removed.
  int ownCheckpointsVerified = 0;
  std::optional<AuditCheckpointInfo> newestOwnCheckpoint;
  std::int64_t newestEntryTime = 0;  // of the entries that verified (UTC unix seconds)
};

// Who verifies, with the signing key their password opened.
struct AuditVerifier {
  std::string userId;
  Bytes signingPublicKey;
};

class AuditLog {
 public:
  AuditLog(Database& db, const Clock& clock, std::string workstation, std::string appVersion);

  // Appends one entry; joins the caller's transaction when there is one, so
  // an action and its entry commit together. Errors: VaultBusy, DiskFull, Io.
  [[nodiscard]] Status append(const AuditEvent& event);

  [[nodiscard]] Result<AuditHead> head();
  // Recomputes the whole chain. With `recordedHead`, also checks that entry
  // recordedHead.seq still exists with that hash. Errors only for I/O; a broken
  // chain is a result (isIntact = false), not an error.
  // With `verifier`, that user's checkpoints are checked against their own
  // key as well (ownCheckpointsVerified). Reads the log, its high-water mark
  // and the checkpoints on one snapshot (joining the caller's transaction),
  // so an entry another program appends meanwhile is not taken for damage.
  [[nodiscard]] Result<AuditVerification> verify(const std::optional<AuditHead>& recordedHead = std::nullopt,
                                                 const std::optional<AuditVerifier>& verifier = std::nullopt);

  // Signs the head that `verified` found intact (never one it did not see)
  // with `key` (the signer's, see vault/keys.h), stores the checkpoint and
  // appends an "audit.checkpoint" entry naming it. Joins the caller's
  // transaction. Errors: InvalidArgument for a verification that failed, the store's.
  [[nodiscard]] Result<AuditCheckpointInfo> signHead(const std::string& signerId, const std::string& signerRole,
                                                     const SigningKeyPair& key, const AuditVerification& verified);
  // The bytes a checkpoint's signature covers (exposed for tests).
  [[nodiscard]] static std::vector<unsigned char> checkpointMessage(std::int64_t seq,
                                                                    const std::vector<unsigned char>& hash,
                                                                    const std::string& signerId, std::int64_t signedAt);

  // The whole log as CSV (RFC 4180, header line, hashes in hex).
  [[nodiscard]] Result<std::string> exportCsv();
  [[nodiscard]] Result<std::vector<AuditRow>> entriesFor(const std::string& objectType, const std::string& objectId);

  // The canonical hash of a row given its predecessor's hash (exposed for tests).
  [[nodiscard]] static std::vector<unsigned char> chainHash(const std::vector<unsigned char>& prevHash,
                                                            const AuditRow& row);

 private:
  [[nodiscard]] Result<AuditVerification> verifySnapshot(const std::optional<AuditHead>& recordedHead,
                                                         const std::optional<AuditVerifier>& verifier);

  Database& m_db;
  AuditStore m_store;
  const Clock& m_clock;
  std::string m_workstation;
  std::string m_appVersion;
};

[[nodiscard]] const char* auditResultName(AuditResult result);

}  // namespace vakspiegel
