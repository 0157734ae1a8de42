// The privacy officer's commands: the audit chain (verify, head, export), the
// consent registry (list, schedule), the deletion certificates and the report.
#include "cli/commands.h"

#include <fstream>
#include <iostream>

#include "app/privacy_service.h"
#include "cli/command_support.h"
#include "cli/format.h"
#include "core/i18n.h"

namespace vakspiegel::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Status writeFileAtomically(const fs::path& path, const std::string& text) {
  const fs::path temp = path.string() + ".partial";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(temp, ec);
      return fail(ErrorCode::Io, trf("Could not write {}. Is the disk full?", path.string()));
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) return fail(ErrorCode::Io, trf("Could not write {}: {}.", path.string(), ec.message()));
  return {};
}

}  // namespace

Status runAuditVerify(Context& ctx, const std::optional<std::string>& recordedHead) {
  std::optional<AuditHead> head;
  if (recordedHead) head = VS_TRY(AuditHead::parse(*recordedHead));
  Acting acting = VS_TRY(actAs(ctx));
  const AuditVerification v = VS_TRY(PrivacyService(*acting.vault).verifyAudit(acting.session, head));
  ctx.print(verificationJson(v), verificationText(v));
  if (!v.isIntact) return fail(ErrorCode::CorruptData, "");  // already reported; exit 65
  return {};
}

Status runAuditHead(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const AuditHead head = VS_TRY(PrivacyService(*acting.vault).auditHead(acting.session));
  ctx.print({{"head", head.toString()}, {"seq", head.seq}}, head.toString());
  return {};
}

Status runAuditExport(Context& ctx, const std::optional<fs::path>& output) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::string csv = VS_TRY(PrivacyService(*acting.vault).exportAuditCsv(acting.session));
  if (!output) {
    std::cout << csv;
    return {};
  }
  VS_TRY(writeFileAtomically(*output, csv));
  std::cerr << trf("The audit log was written to {}.", output->string()) << '\n';
  return {};
}

namespace {

std::string erasureStateText(consent::ErasureState state) {
  switch (state) {
    case consent::ErasureState::Pending: return tr("requested");
    case consent::ErasureState::KeysDestroyed: return tr("keys destroyed");
    case consent::ErasureState::FilesRemoved: return tr("files removed");
    case consent::ErasureState::Done: return tr("completed");
  }
  return {};
}

json registryEntryJson(const RegistryEntry& entry) {
  json scopes = json::array();
  for (const consent::Scope scope : entry.scopes) scopes.push_back(consent::scopeName(scope));
  json j = {{"recording_id", entry.recordingId},
            {"owner", entry.ownerName},
            {"recorded_at", formatUtc(entry.recordedAt)},
            {"registered_at", formatUtc(entry.registeredAt)},
            {"scopes", scopes},
            {"state", consent::stateName(entry.state)},
            {"retention_end", formatUtc(entry.retentionEnd)}};
  j["erasure"] = entry.erasure
                     ? json{{"state", consent::erasureStateName(*entry.erasure)},
                            {"reason", entry.erasureReason ? json(consent::erasureReasonName(*entry.erasureReason))
                                                           : json(nullptr)}}
                     : json(nullptr);
  return j;
}

std::string registryEntryText(const RegistryEntry& entry) {
  std::string scopes;
  for (const consent::Scope scope : entry.scopes)
    scopes += (scopes.empty() ? "" : ", ") + consent::scopeDisplayName(scope);
  std::string text = trf("{}  of {}\n", entry.recordingId, entry.ownerName);
  text +=
      trf("  Recorded:      {}\n  Registered:    {}\n  Consent:       {}\n  Kept until:    {}\n  State:         {}\n",
          formatUtc(entry.recordedAt), formatUtc(entry.registeredAt), scopes, formatUtc(entry.retentionEnd),
          consent::stateDisplayName(entry.state));
  if (entry.erasure)
    text += trf("  Erasure:       {} ({})\n", erasureStateText(*entry.erasure),
                entry.erasureReason ? consent::erasureReasonDisplayName(*entry.erasureReason) : "-");
  return text;
}

// One certificate as a compact entry of the certificates list.
std::string certificateEntryText(const consent::DeletionCertificate& c) {
  std::string text =
      trf("{}  {}, {}\n", c.recordingId, consent::erasureReasonDisplayName(c.reason), erasureStateText(c.state));
  text += trf("  Requested:     {} by {}\n", formatUtc(c.requestedAt), c.requestedBy);
  if (c.completedAt) text += trf("  Completed:     {}\n", formatUtc(*c.completedAt));
  if (!c.ciphertextHash.empty())
    text += trf("  Erased data:   {} bytes, BLAKE2b {}\n", c.ciphertextBytes, c.ciphertextHash);
  return text;
}

json reportJson(const consent::PrivacyReport& report) {
  const consent::PrivacyFigures& f = report.figures;
  json byState = json::object();
  for (const auto& [state, count] : f.recordingsByState) byState[std::string(consent::stateName(state))] = count;
  json byReason = json::object();
  for (const auto& [reason, count] : f.erasuresByReason)
    byReason[std::string(consent::erasureReasonName(reason))] = count;
  json figures = {{"generated_at", formatUtc(f.generatedAt)},
                  {"recordings_by_state", byState},
                  {"erasures_by_reason", byReason},
                  {"erasures_unfinished", f.erasuresUnfinished},
                  {"overdue", f.overdue},
                  {"audit_entries", f.auditEntries},
                  {"audit_head", f.auditHead},
                  {"audit_intact", f.isAuditIntact}};
  figures["median_withdrawal_to_erasure_s"] =
      f.medianWithdrawalToErasureSeconds ? json(*f.medianWithdrawalToErasureSeconds) : json(nullptr);
  figures["audit_first_bad_seq"] = f.auditFirstBadSeq ? json(*f.auditFirstBadSeq) : json(nullptr);
  json sections = json::array();
  for (const consent::ReportSection& section : report.sections) {
    json rows = json::array();
    for (const consent::ReportRow& row : section.rows) rows.push_back({{"label", row.label}, {"value", row.value}});
    sections.push_back({{"heading", section.heading}, {"rows", rows}, {"notes", section.notes}});
  }
  return {{"title", report.title}, {"figures", figures}, {"sections", sections}};
}

// CSV to stdout (an empty path), or to a file and `writtenMessage` on stderr.
Status writeCsv(const fs::path& file, const std::string& csv, const std::string& writtenMessage) {
  if (file.empty()) {
    std::cout << csv << std::flush;
    return {};
  }
  VS_TRY(writeFileAtomically(file, csv));
  std::cerr << writtenMessage << '\n';
  return {};
}

}  // namespace

Status runRegistryList(Context& ctx, const std::optional<std::string>& stateText) {
  std::optional<consent::State> state;
  if (stateText) {
    state = consent::stateFromName(*stateText);
    if (!state)
      return fail(ErrorCode::InvalidArgument,
                  trf("Unknown consent state '{}': choose given, withdrawn, expired or erased.", *stateText));
  }
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<RegistryEntry> entries = VS_TRY(PrivacyService(*acting.vault).registry(acting.session, state));
  json items = json::array();
  std::string text = entries.empty() ? tr("No recordings in the registry.") : "";
  for (const RegistryEntry& entry : entries) {
    items.push_back(registryEntryJson(entry));
    text += registryEntryText(entry);
  }
  ctx.print({{"recordings", items}}, text);
  return {};
}

Status runRegistrySchedule(Context& ctx, int days) {
  Acting acting = VS_TRY(actAs(ctx));
  const RetentionSchedule schedule = VS_TRY(PrivacyService(*acting.vault).retentionSchedule(acting.session, days));
  json dueSoon = json::array(), overdue = json::array();
  std::string text = trf("Retention ends within {} day(s), up to {}: {} recording(s).\n", days,
                         formatUtc(schedule.horizon), schedule.dueSoon.size());
  for (const RegistryEntry& entry : schedule.dueSoon) {
    dueSoon.push_back(registryEntryJson(entry));
    text += registryEntryText(entry);
  }
  text += trf("Past the end of retention and not erased: {} recording(s).\n", schedule.overdue.size());
  for (const RegistryEntry& entry : schedule.overdue) {
    overdue.push_back(registryEntryJson(entry));
    text += registryEntryText(entry);
  }
  ctx.print({{"now", formatUtc(schedule.now)},
             {"horizon", formatUtc(schedule.horizon)},
             {"due_soon", dueSoon},
             {"overdue", overdue}},
            text);
  if (schedule.overdue.empty()) return {};
  // Loud, and a failing exit code, so that a monitoring job notices.
  std::cerr << "vakspiegel-cli: "
            << trf("WARNING: {} recording(s) are past the end of their retention period and have not been erased: "
                   "the clean-up is not running. Check the timer vakspiegel-sweep.timer and run 'vakspiegel-cli "
                   "sweep'.",
                   schedule.overdue.size())
            << '\n';
  return fail(ErrorCode::CorruptData, "");  // already reported; exit 65
}

Status runCertificates(Context& ctx, const std::optional<fs::path>& csvFile) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<consent::DeletionCertificate> list =
      VS_TRY(PrivacyService(*acting.vault).certificates(acting.session));
  if (csvFile)
    return writeCsv(*csvFile, consent::renderCertificatesCsv(list),
                    trf("The deletion certificates were written to {}.", csvFile->string()));
  json items = json::array();
  std::string text = list.empty() ? tr("No erasures yet: there are no deletion certificates.") : "";
  for (const consent::DeletionCertificate& certificate : list) {
    items.push_back(certificateJson(certificate));
    text += certificateEntryText(certificate);
  }
  ctx.print({{"certificates", items}}, text);
  return {};
}

Status runReport(Context& ctx, const std::optional<fs::path>& csvFile) {
  Acting acting = VS_TRY(actAs(ctx));
  const consent::PrivacyReport report = VS_TRY(PrivacyService(*acting.vault).privacyReport(acting.session));
  if (csvFile)
    return writeCsv(*csvFile, consent::renderCsv(report), trf("The report was written to {}.", csvFile->string()));
  ctx.print(reportJson(report), consent::renderText(report));
  return {};
}

}  // namespace vakspiegel::cli
