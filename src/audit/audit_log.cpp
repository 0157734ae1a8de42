// Hash chain, verification and CSV export of the audit log.
#include "audit/audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "audit/audit_actions.h"
#include "core/csv.h"
#include "core/hex.h"
#include "core/i18n.h"
#include "store/user_store.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {
namespace {

constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kMaxObjectIdBytes = 128;  // ids and names; a typed argument is cut, not logged whole
constexpr std::string_view kCheckpointDomain = "vakspiegel/audit-checkpoint/v1";
constexpr std::string_view kDomain = "vakspiegel/audit/v1";

void putU64(std::vector<unsigned char>& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

void putField(std::vector<unsigned char>& out, std::string_view text) {
  putU64(out, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

std::optional<std::int64_t> parseSeq(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

const char* auditResultName(AuditResult result) {
  switch (result) {
    case AuditResult::Ok: return "ok";
    case AuditResult::Denied: return "denied";
    case AuditResult::Error: return "error";
    case AuditResult::Unknown: break;
  }
  return "error";  // an unknown result is never recorded as success
}

std::string AuditHead::toString() const { return fmt::format("{}:{}", seq, toHex(hash)); }

Result<AuditHead> AuditHead::parse(const std::string& text) {
  const auto colon = text.find(':');
  const auto bad = [] { return fail(ErrorCode::InvalidArgument, tr("A recorded audit head looks like 123:followed by 64 hexadecimal characters.")); };
  if (colon == std::string::npos || colon == 0 || text.size() - colon - 1 != kHashBytes * 2) return bad();
  // Digits only: std::stoll alone would also take leading blanks and a sign.
  for (std::size_t i = 0; i < colon; ++i)
    if (text[i] < '0' || text[i] > '9') return bad();
  AuditHead head;
  try {
    std::size_t used = 0;
    head.seq = std::stoll(text.substr(0, colon), &used);
    if (used != colon || head.seq < 1) return bad();
  } catch (const std::exception&) {
    return bad();
  }
  head.hash.resize(kHashBytes);
  std::size_t length = 0;
  if (sodium_hex2bin(head.hash.data(), head.hash.size(), text.data() + colon + 1, kHashBytes * 2, nullptr, &length,
                     nullptr) != 0 ||
      length != kHashBytes)
    return bad();
  return head;
}

AuditLog::AuditLog(Database& db, const Clock& clock, std::string workstation, std::string appVersion)
    : m_db(db), m_store(db), m_clock(clock), m_workstation(std::move(workstation)), m_appVersion(std::move(appVersion)) {
  ensureSodium();
}

std::vector<unsigned char> AuditLog::chainHash(const std::vector<unsigned char>& prevHash, const AuditRow& row) {
  std::vector<unsigned char> canonical;
  putField(canonical, kDomain);
  putU64(canonical, static_cast<std::uint64_t>(row.seq));
  putU64(canonical, static_cast<std::uint64_t>(row.time));
  for (const std::string* field : {&row.actorId, &row.actorRole, &row.action, &row.objectType, &row.objectId,
                                   &row.result, &row.workstation, &row.reason, &row.appVersion})
    putField(canonical, *field);
  std::vector<unsigned char> hash(kHashBytes);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kHashBytes);
  crypto_generichash_update(&state, prevHash.data(), prevHash.size());
  crypto_generichash_update(&state, canonical.data(), canonical.size());
  crypto_generichash_final(&state, hash.data(), hash.size());
  return hash;
}

Status AuditLog::append(const AuditEvent& event) {
  return m_db.transaction([&]() -> Status {
    const auto last = VS_TRY(m_store.last());
    AuditRow row;
    // After the highest number ever written: entries cut from the tail leave
    // a gap that verify() names, they are not filled again.
    row.seq = std::max(last ? last->seq : 0, VS_TRY(m_store.lastSeqEver())) + 1;
    VS_TRY(m_store.setLastSeqEver(row.seq));
    row.time = toUnixSeconds(m_clock.now());
    row.actorId = event.actorId.empty() ? "-" : event.actorId;
    row.actorRole = event.actorRole.empty() ? "-" : event.actorRole;
    row.action = event.action;
    row.objectType = event.objectType.empty() ? "-" : event.objectType;
    row.objectId = event.objectId.empty() ? "-" : shortForMessage(event.objectId, kMaxObjectIdBytes);
    row.result = auditResultName(event.result);
    row.workstation = m_workstation;
    row.reason = event.reason;
    row.appVersion = m_appVersion;
    row.prevHash = last ? last->hash : std::vector<unsigned char>(kHashBytes, 0);
    row.hash = chainHash(row.prevHash, row);
    return m_store.insert(row);
  });
}

Result<AuditHead> AuditLog::head() {
  const auto last = VS_TRY(m_store.last());
  if (!last) return AuditHead{};
  return AuditHead{last->seq, last->hash};
}

std::vector<unsigned char> AuditLog::checkpointMessage(std::int64_t seq, const std::vector<unsigned char>& hash,
                                                       const std::string& signerId, std::int64_t signedAt) {
  std::vector<unsigned char> message;
  putField(message, kCheckpointDomain);
  putU64(message, static_cast<std::uint64_t>(seq));
  putField(message, std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
  putField(message, signerId);
  putU64(message, static_cast<std::uint64_t>(signedAt));
  return message;
}

Result<AuditCheckpointInfo> AuditLog::signHead(const std::string& signerId, const std::string& signerRole,
                                               const SigningKeyPair& key, const AuditVerification& verified) {
  if (!verified.isIntact) return fail(ErrorCode::InvalidArgument, "a log that does not verify is not signed");
  AuditCheckpointInfo info;
  VS_TRY(m_db.transaction([&]() -> Status {
    if (verified.head.seq == 0) return {};
    AuditCheckpointRow row;
    row.seq = verified.head.seq;
    row.hash = verified.head.hash;
    row.signerId = signerId;
    row.publicKey = key.publicKey();
    // At or after every entry it covers, also when the clock was set back
    // since: verify() takes a covered entry newer than this for a forgery.
    row.signedAt = std::max(toUnixSeconds(m_clock.now()), verified.newestEntryTime);
    row.signature = key.sign(checkpointMessage(row.seq, row.hash, row.signerId, row.signedAt));
    VS_TRY(m_store.insertCheckpoint(row));
    info = {row.seq, signerId, fromUnixSeconds(row.signedAt)};
    return append({signerId, signerRole, audit_action::kAuditCheckpoint, "audit_log", "-", AuditResult::Ok,
                   fmt::format("seq={}", row.seq)});
  }));
  return info;
}

Result<AuditVerification> AuditLog::verify(const std::optional<AuditHead>& recordedHead,
                                           const std::optional<AuditVerifier>& verifier) {
  AuditVerification v;
  VS_TRY(m_db.readTransaction([&]() -> Status {
    v = VS_TRY(verifySnapshot(recordedHead, verifier));
    return {};
  }));
  return v;
}

Result<AuditVerification> AuditLog::verifySnapshot(const std::optional<AuditHead>& recordedHead,
                                                   const std::optional<AuditVerifier>& verifier) {
  AuditVerification v;
  std::vector<unsigned char> prev(kHashBytes, 0);
  std::int64_t expectedSeq = 1;
  bool recordedHeadSeen = false;
  const auto breakAt = [&](std::int64_t seq, std::string problem) {
    if (v.firstBadSeq && *v.firstBadSeq <= seq) return;
    v.firstBadSeq = seq;
    v.problem = std::move(problem);
  };
  // What the checkpoints are checked against: each entry's hash and time,
  // and the checkpoints the chain says were signed.
  std::vector<std::pair<std::vector<unsigned char>, std::int64_t>> entries;  // index seq - 1
  std::vector<std::pair<std::int64_t, std::string>> claimedCheckpoints;      // seq, signer
  VS_TRY(m_store.forEach([&](const AuditRow& row) {
    if (row.seq != expectedSeq) {
      breakAt(expectedSeq, trf("Audit entry {} is missing: the log was shortened or entries were removed.", expectedSeq));
      return false;
    }
    if (row.prevHash != prev) {
      breakAt(row.seq, trf("Audit entry {} does not follow the entry before it: entries were removed, inserted or moved.", row.seq));
      return false;
    }
    if (chainHash(prev, row) != row.hash) {
      breakAt(row.seq, trf("Audit entry {} was changed after it was written.", row.seq));
      return false;
    }
    if (recordedHead && row.seq == recordedHead->seq) {
      recordedHeadSeen = true;
      if (row.hash != recordedHead->hash) {
        breakAt(row.seq, trf("Audit entry {} differs from the recorded head: the log was rewritten from that entry or earlier.", row.seq));
        return false;
      }
    }
    if (row.action == audit_action::kAuditCheckpoint && row.result == "ok" && row.reason.starts_with("seq="))
      if (const auto signedSeq = parseSeq(row.reason.substr(4)))
        claimedCheckpoints.emplace_back(*signedSeq, row.actorId);
    entries.emplace_back(row.hash, row.time);
    v.newestEntryTime = std::max(v.newestEntryTime, row.time);
    prev = row.hash;
    v.head = AuditHead{row.seq, row.hash};
    ++v.entriesChecked;
    ++expectedSeq;
    return true;
  }));
  const std::int64_t lastSeq = expectedSeq - 1;  // the last entry that chains correctly
  const bool chainBroke = v.firstBadSeq.has_value();
  if (!v.firstBadSeq && recordedHead && !recordedHeadSeen)
    breakAt(expectedSeq, trf("The log ends at entry {}, but entry {} was recorded earlier: the log was shortened.",
                             lastSeq, recordedHead->seq));
  if (!v.firstBadSeq) {
    const std::int64_t lastEver = VS_TRY(m_store.lastSeqEver());
    if (lastEver > lastSeq)
      breakAt(lastSeq + 1,
              trf("Audit entries {} to {} are missing: the end of the log was cut off.", lastSeq + 1, lastEver));
  }

  // The signed checkpoints. A failure names the first entry that may have
  // changed: the one after the last checkpoint that still holds.
  UserStore users(m_db);
  std::int64_t lastGoodSeq = 0;
  std::set<std::pair<std::int64_t, std::string>> stored;
  for (const AuditCheckpointRow& cp : VS_TRY(m_store.checkpoints())) {
    stored.emplace(cp.seq, cp.signerId);
    const std::string when = formatUtc(fromUnixSeconds(cp.signedAt));
    if (cp.seq < 1 ||
        !verifySignature(cp.publicKey, checkpointMessage(cp.seq, cp.hash, cp.signerId, cp.signedAt), cp.signature) ||
        !VS_TRY(users.wasSigningKey(cp.signerId, cp.publicKey))) {
      breakAt(lastGoodSeq + 1, trf("The signed checkpoint of entry {} ({}) does not verify: it was forged or "
                                   "changed, so the log from entry {} on cannot be trusted.",
                                   cp.seq, when, lastGoodSeq + 1));
      continue;
    }
    if (cp.seq > lastSeq) {
      // Past a break the walk found, the checkpoint tells no more than it;
      // past the end of an unbroken chain, entries were cut from there.
      if (!chainBroke)
        breakAt(lastSeq + 1, trf("Entry {} was signed on {}, but the log now ends at entry {}: entries were removed.",
                                 cp.seq, when, lastSeq));
      continue;
    }
    // Every entry the signature covers existed when it was signed: a newer
    // one was written into a gap (entries cut, and the numbering reset).
    std::optional<std::int64_t> firstNewer;
    for (std::int64_t seq = lastGoodSeq + 1; seq <= cp.seq && !firstNewer; ++seq)
      if (entries[static_cast<std::size_t>(seq - 1)].second > cp.signedAt) firstNewer = seq;
    if (firstNewer) {
      breakAt(*firstNewer, trf("Audit entry {} is newer than the checkpoint signed on {} that covers it: entries "
                               "were removed and others written in their place.",
                               *firstNewer, when));
      continue;
    }
    if (entries[static_cast<std::size_t>(cp.seq - 1)].first != cp.hash) {
      breakAt(lastGoodSeq + 1, trf("The log no longer matches the checkpoint signed on {}: entries {} to {} were "
                                   "rewritten.",
                                   when, lastGoodSeq + 1, cp.seq));
      continue;
    }
    lastGoodSeq = std::max(lastGoodSeq, cp.seq);
    ++v.checkpointsVerified;
    v.newestCheckpoint = AuditCheckpointInfo{cp.seq, cp.signerId, fromUnixSeconds(cp.signedAt)};
    if (verifier && cp.signerId == verifier->userId && cp.publicKey == verifier->signingPublicKey) {
      ++v.ownCheckpointsVerified;
      v.newestOwnCheckpoint = v.newestCheckpoint;
    }
  }
  for (const auto& [seq, signer] : claimedCheckpoints)
    if (!stored.contains({seq, signer}))
      breakAt(seq, trf("The checkpoint of entry {} that the log records was removed.", seq));

  v.isIntact = !v.firstBadSeq.has_value();
  if (!v.isIntact) {
    // Report the head as it is now, also past the break.
    v.head = VS_TRY(head());
  }
  return v;
}

Result<std::string> AuditLog::exportCsv() {
  std::string csv =
      "seq,time_utc,actor_id,actor_role,action,object_type,object_id,result,workstation,reason,app_version,"
      "prev_hash,hash\r\n";
  VS_TRY(m_store.forEach([&](const AuditRow& r) {
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", r.seq, formatUtc(fromUnixSeconds(r.time)),
                       csvField(r.actorId), csvField(r.actorRole), csvField(r.action), csvField(r.objectType),
                       csvField(r.objectId), csvField(r.result), csvField(r.workstation), csvField(r.reason),
                       csvField(r.appVersion), toHex(r.prevHash), toHex(r.hash));
    return true;
  }));
  return csv;
}

Result<std::vector<AuditRow>> AuditLog::entriesFor(const std::string& objectType, const std::string& objectId) {
  return m_store.forObject(objectType, objectId);
}

}  // namespace vakspiegel
