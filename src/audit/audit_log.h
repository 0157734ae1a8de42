// The append-only, hash-chained audit log (product.md R6, architecture.md
// "The audit log"). Each entry's hash = BLAKE2b-256(previous hash ||
// canonical encoding of the entry); the first entry's previous hash is 32
// zero bytes. verify() recomputes the chain and names the first bad entry;
// against a recorded head (printed on every privacy report so it can be kept
// outside the machine) it also detects a truncated or rewritten tail.
// Entries carry ids and codes only: never content, never a citizen's identity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/audit_store.h"

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

struct AuditVerification {
  bool isIntact = false;
  std::int64_t entriesChecked = 0;
  std::optional<std::int64_t> firstBadSeq;  // set when not intact
  std::string problem;                      // for the user, in their language
  AuditHead head;                           // of the log as it is now
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
  [[nodiscard]] Result<AuditVerification> verify(const std::optional<AuditHead>& recordedHead = std::nullopt);

  // The whole log as CSV (RFC 4180, header line, hashes in hex).
  [[nodiscard]] Result<std::string> exportCsv();
  [[nodiscard]] Result<std::vector<AuditRow>> entriesFor(const std::string& objectType, const std::string& objectId);

  // The canonical hash of a row given its predecessor's hash (exposed for tests).
  [[nodiscard]] static std::vector<unsigned char> chainHash(const std::vector<unsigned char>& prevHash,
                                                            const AuditRow& row);

 private:
  Database& m_db;
  AuditStore m_store;
  const Clock& m_clock;
  std::string m_workstation;
  std::string m_appVersion;
};

[[nodiscard]] const char* auditResultName(AuditResult result);

}  // namespace vakspiegel
