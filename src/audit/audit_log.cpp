// Hash chain, verification and CSV export of the audit log.
#include "audit/audit_log.h"

#include <sodium.h>

#include "core/csv.h"
#include "core/i18n.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {
namespace {

constexpr std::size_t kHashBytes = 32;
constexpr std::string_view kDomain = "vakspiegel/audit/v1";

void putU64(std::vector<unsigned char>& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

void putField(std::vector<unsigned char>& out, std::string_view text) {
  putU64(out, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

std::string toHex(const std::vector<unsigned char>& bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
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
    row.seq = last ? last->seq + 1 : 1;
    row.time = toUnixSeconds(m_clock.now());
    row.actorId = event.actorId.empty() ? "-" : event.actorId;
    row.actorRole = event.actorRole.empty() ? "-" : event.actorRole;
    row.action = event.action;
    row.objectType = event.objectType.empty() ? "-" : event.objectType;
    row.objectId = event.objectId.empty() ? "-" : event.objectId;
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

Result<AuditVerification> AuditLog::verify(const std::optional<AuditHead>& recordedHead) {
  AuditVerification v;
  std::vector<unsigned char> prev(kHashBytes, 0);
  std::int64_t expectedSeq = 1;
  bool recordedHeadSeen = false;
  const auto breakAt = [&](std::int64_t seq, std::string problem) {
    v.firstBadSeq = seq;
    v.problem = std::move(problem);
  };
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
    prev = row.hash;
    v.head = AuditHead{row.seq, row.hash};
    ++v.entriesChecked;
    ++expectedSeq;
    return true;
  }));
  if (!v.firstBadSeq && recordedHead && !recordedHeadSeen)
    breakAt(expectedSeq, trf("The log ends at entry {}, but entry {} was recorded earlier: the log was shortened.",
                             expectedSeq - 1, recordedHead->seq));
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
