// The privacy officer's tools: the consent registry, the retention schedule,
// the deletion certificates, the report for the register of processing and
// the audit chain; see privacy_service.h.
#include "app/privacy_service.h"

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "store/registry_store.h"

namespace vakspiegel {
using detail::consentFromRow;
using detail::UseCase;

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

// Whose checkpoints count as the privacy officer's own (audit_log.h).
AuditVerifier auditVerifier(const Session& actor) {
  return {actor.userId(), SigningKeyPair::derive(actor.keys()).publicKey()};
}

}  // namespace

PrivacyService::PrivacyService(Vault& vault) : m_ctx(vault.context()) {}

Result<std::vector<RegistryEntry>> PrivacyService::registry(const Session& actor, std::optional<consent::State> state) {
  UseCase uc(m_ctx, actor, audit_action::kRegistryList, "registry", "-");
  VS_TRY(uc.authorize(Action::ReadRegistry));
  const std::optional<std::string> stateName =
      state ? std::optional<std::string>(consent::stateName(*state)) : std::nullopt;
  std::vector<RegistryEntry> entries = VS_TRY(entriesFromRows(VS_TRY(RegistryStore(*m_ctx.db).list(stateName))));
  VS_TRY(uc.succeeded(stateName ? "state=" + *stateName : ""));
  return entries;
}

Result<RetentionSchedule> PrivacyService::retentionSchedule(const Session& actor, int days) {
  UseCase uc(m_ctx, actor, audit_action::kRegistrySchedule, "registry", "-");
  VS_TRY(uc.authorize(Action::ReadRegistry));
  if (days < 0 || days > kMaxScheduleDays)
    return fail(ErrorCode::InvalidArgument,
                trf("The schedule looks ahead 0 to {} days; {} is outside that.", kMaxScheduleDays, days));
  RegistryStore store(*m_ctx.db);
  RetentionSchedule schedule;
  schedule.now = m_ctx.clock.now();
  schedule.horizon = schedule.now + std::chrono::days(days);
  schedule.dueSoon = VS_TRY(entriesFromRows(
      VS_TRY(store.retentionEndingBetween(toUnixSeconds(schedule.now), toUnixSeconds(schedule.horizon)))));
  schedule.overdue = VS_TRY(entriesFromRows(VS_TRY(store.overdue(toUnixSeconds(schedule.now)))));
  VS_TRY(uc.succeeded(fmt::format("days={} overdue={}", days, schedule.overdue.size())));
  return schedule;
}

Result<std::vector<consent::DeletionCertificate>> PrivacyService::certificates(const Session& actor) {
  UseCase uc(m_ctx, actor, audit_action::kCertificatesList, "certificate", "-");
  VS_TRY(uc.authorize(Action::PrintCertificates));
  // Certificates are evidence: the log they rest on is checked and, intact,
  // signed by the privacy officer who prints them.
  VS_TRY(signAuditHead(actor, VS_TRY(m_ctx.audit.verify(std::nullopt, auditVerifier(actor)))));
  std::vector<consent::DeletionCertificate> list = VS_TRY(m_ctx.eraser().certificates());
  VS_TRY(uc.succeeded(fmt::format("count={}", list.size())));
  return list;
}

Result<consent::PrivacyReport> PrivacyService::privacyReport(const Session& actor) {
  UseCase uc(m_ctx, actor, audit_action::kReportPrint, "report", "-");
  VS_TRY(uc.authorize(Action::PrintCertificates));
  consent::PrivacyFigures figures;
  // One transaction: every figure comes from the same moment, and the audit
  // entry commits with the reading it records.
  VS_TRY(uc.transaction([&]() -> Status {
    RegistryStore store(*m_ctx.db);
    figures.generatedAt = m_ctx.clock.now();
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
    const AuditVerification verification = VS_TRY(m_ctx.audit.verify(std::nullopt));
    figures.auditEntries = verification.head.seq;
    figures.auditHead = verification.head.toString();
    figures.isAuditIntact = verification.isIntact;
    figures.auditFirstBadSeq = verification.firstBadSeq;
    VS_TRY(signAuditHead(actor, verification));  // the head this report prints, signed
    return uc.record(
        verification.isIntact ? AuditResult::Ok : AuditResult::Error,
        fmt::format(
            "overdue={}{}", figures.overdue,
            verification.isIntact ? "" : " first_bad_seq=" + std::to_string(verification.firstBadSeq.value_or(0))));
  }));
  return consent::makePrivacyReport(figures);
}

Result<AuditVerification> PrivacyService::verifyAudit(const Session& actor,
                                                      const std::optional<AuditHead>& recordedHead) {
  UseCase uc(m_ctx, actor, audit_action::kAuditVerify, "audit_log", "-");
  VS_TRY(uc.authorize(Action::VerifyAudit));
  AuditVerification result = VS_TRY(m_ctx.audit.verify(recordedHead, auditVerifier(actor)));
  VS_TRY(signAuditHead(actor, result));
  // Recorded after the check, so the entry itself is not part of what was checked.
  VS_TRY(uc.record(result.isIntact ? AuditResult::Ok : AuditResult::Error,
                   result.isIntact ? "" : "first_bad_seq=" + std::to_string(result.firstBadSeq.value_or(0))));
  return result;
}

Status PrivacyService::signAuditHead(const Session& actor, const AuditVerification& verification) {
  // Never a signature over a log that does not verify.
  if (!verification.isIntact || actor.role() != Role::PrivacyOfficer || actor.mustChangePassword()) return {};
  VS_TRY(m_ctx.audit.signHead(actor.userId(), detail::auditActor(actor), SigningKeyPair::derive(actor.keys()),
                              verification));
  return {};
}

Result<std::string> PrivacyService::exportAuditCsv(const Session& actor) {
  UseCase uc(m_ctx, actor, audit_action::kAuditExport, "audit_log", "-");
  VS_TRY(uc.authorize(Action::ReadAudit));
  VS_TRY(uc.succeeded());
  return m_ctx.audit.exportCsv();
}

Result<AuditHead> PrivacyService::auditHead(const Session& actor) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ReadAudit, "audit_log", "-"));
  return m_ctx.audit.head();
}

}  // namespace vakspiegel
