// The privacy officer's tools: the consent registry, the retention schedule,
// the deletion certificates and the report for the register of processing.
// Metadata only (R4, R7): no content, no key, no per-professional figure. Each
// call is authorized first and audited. See vault.h.

#include "app/app_support.h"
#include "app/vault.h"
#include "core/i18n.h"
#include "store/registry_store.h"

namespace vakspiegel {
using app_support::auditActor;
using app_support::consentFromRow;

namespace {

// The longest look ahead the schedule takes: a year.
constexpr int kMaxScheduleDays = 366;

Result<RegistryEntry> entryFromRow(const RegistryRow& row) {
  const consent::ConsentRecord record = VS_TRY(consentFromRow(row.consent));
  RegistryEntry entry;
  entry.recordingId = record.recordingId;
  entry.ownerName = row.ownerName;
  entry.recordedAt = record.recordedAt;
  entry.registeredAt = record.registeredAt;
  entry.scopes = record.scopes;
  entry.state = record.state;
  entry.retentionEnd = record.retentionEnd;
  if (row.erasureState) {
    entry.erasure = consent::erasureStateFromName(*row.erasureState);
    entry.erasureReason = row.erasureReason ? consent::erasureReasonFromName(*row.erasureReason) : std::nullopt;
    if (!entry.erasure || !entry.erasureReason)
      return fail(ErrorCode::CorruptData, trf("The erasure record of {} is damaged.", entry.recordingId));
  }
  return entry;
}

Result<std::vector<RegistryEntry>> entriesFromRows(const std::vector<RegistryRow>& rows) {
  std::vector<RegistryEntry> entries;
  entries.reserve(rows.size());
  for (const RegistryRow& row : rows) entries.push_back(VS_TRY(entryFromRow(row)));
  return entries;
}

// The median of sorted values; of an even count, the mean of the middle two
// (rounded down).
std::optional<std::int64_t> median(const std::vector<std::int64_t>& sorted) {
  if (sorted.empty()) return std::nullopt;
  const std::size_t middle = sorted.size() / 2;
  if (sorted.size() % 2 == 1) return sorted[middle];
  return sorted[middle - 1] + (sorted[middle] - sorted[middle - 1]) / 2;
}

}  // namespace

Result<std::vector<RegistryEntry>> Vault::registry(const Session& actor, std::optional<consent::State> state) {
  VS_TRY(authorize(actor.actor(), Action::ReadRegistry, "registry", "-"));
  const std::optional<std::string> stateName =
      state ? std::optional<std::string>(consent::stateName(*state)) : std::nullopt;
  std::vector<RegistryEntry> entries = VS_TRY(entriesFromRows(VS_TRY(RegistryStore(*m_db).list(stateName))));
  VS_TRY(m_audit.append({actor.userId(), auditActor(actor), "registry.list", "registry", "-", AuditResult::Ok,
                         stateName ? "state=" + *stateName : ""}));
  return entries;
}

Result<RetentionSchedule> Vault::retentionSchedule(const Session& actor, int days) {
  VS_TRY(authorize(actor.actor(), Action::ReadRegistry, "registry", "-"));
  if (days < 0 || days > kMaxScheduleDays)
    return fail(ErrorCode::InvalidArgument,
                trf("The schedule looks ahead 0 to {} days; {} is outside that.", kMaxScheduleDays, days));
  RegistryStore store(*m_db);
  RetentionSchedule schedule;
  schedule.now = m_clock.now();
  schedule.horizon = schedule.now + std::chrono::days(days);
  schedule.dueSoon = VS_TRY(entriesFromRows(
      VS_TRY(store.retentionEndingBetween(toUnixSeconds(schedule.now), toUnixSeconds(schedule.horizon)))));
  schedule.overdue = VS_TRY(entriesFromRows(VS_TRY(store.overdue(toUnixSeconds(schedule.now)))));
  VS_TRY(m_audit.append({actor.userId(), auditActor(actor), "registry.schedule", "registry", "-", AuditResult::Ok,
                         fmt::format("days={} overdue={}", days, schedule.overdue.size())}));
  return schedule;
}

Result<std::vector<consent::DeletionCertificate>> Vault::certificates(const Session& actor) {
  VS_TRY(authorize(actor.actor(), Action::PrintCertificates, "certificate", "-"));
  // Certificates are evidence: the log they rest on is checked and, intact,
  // signed by the privacy officer who prints them.
  VS_TRY(signAuditHead(actor, VS_TRY(m_audit.verify(std::nullopt, auditVerifier(actor)))));
  std::vector<consent::DeletionCertificate> list = VS_TRY(eraser().certificates());
  VS_TRY(m_audit.append({actor.userId(), auditActor(actor), "certificates.list", "certificate", "-", AuditResult::Ok,
                         fmt::format("count={}", list.size())}));
  return list;
}

Result<consent::PrivacyReport> Vault::privacyReport(const Session& actor) {
  VS_TRY(authorize(actor.actor(), Action::PrintCertificates, "report", "-"));
  consent::PrivacyFigures figures;
  // One transaction: every figure comes from the same moment, and the audit
  // entry commits with the reading it records.
  VS_TRY(m_db->transaction([&]() -> Status {
    RegistryStore store(*m_db);
    figures.generatedAt = m_clock.now();
    for (const auto& [name, count] : VS_TRY(store.countByConsentState()))
      figures.recordingsByState[consent::stateFromName(name).value_or(consent::State::Unknown)] += count;
    for (const auto& [name, count] : VS_TRY(store.countCompletedErasuresByReason())) {
      const auto reason = consent::erasureReasonFromName(name);
      if (!reason) return fail(ErrorCode::CorruptData, trf("An erasure record has an unknown reason '{}'.", name));
      figures.erasuresByReason[*reason] += count;
    }
    figures.erasuresUnfinished = VS_TRY(store.countUnfinishedErasures());
    figures.overdue = static_cast<std::int64_t>(VS_TRY(store.overdue(toUnixSeconds(figures.generatedAt))).size());
    figures.medianWithdrawalToErasureSeconds = median(VS_TRY(
        store.completedErasureSeconds(std::string(consent::erasureReasonName(consent::ErasureReason::Withdrawn)))));
    // The chain as it stands before this report's own entry.
    const AuditVerification verification = VS_TRY(m_audit.verify(std::nullopt));
    figures.auditEntries = verification.head.seq;
    figures.auditHead = verification.head.toString();
    figures.isAuditIntact = verification.isIntact;
    figures.auditFirstBadSeq = verification.firstBadSeq;
    VS_TRY(signAuditHead(actor, verification));  // the head this report prints, signed
    return m_audit.append({actor.userId(), auditActor(actor), "report.print", "report", "-",
                           verification.isIntact ? AuditResult::Ok : AuditResult::Error,
                           fmt::format("overdue={}{}", figures.overdue,
                                       verification.isIntact
                                           ? ""
                                           : " first_bad_seq=" + std::to_string(verification.firstBadSeq.value_or(0)))});
  }));
  return consent::makePrivacyReport(figures);
}

}  // namespace vakspiegel
