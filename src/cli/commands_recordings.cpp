// The recording commands: import, recordings list/delete, consent show/withdraw,
// the sweep, and the demo vault.
#include "cli/commands.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <utility>

#include "app/account_service.h"
#include "app/administration_service.h"
#include "app/demo_service.h"
#include "app/erasure_service.h"
#include "app/import_service.h"
#include "app/privacy_service.h"
#include "app/recording_service.h"
#include "cli/command_support.h"
#include "cli/format.h"
#include "consent/withdrawal_code.h"
#include "core/i18n.h"
#include "media/import.h"

namespace vakspiegel::cli {
namespace fs = std::filesystem;
using nlohmann::json;

Result<WallTime> parseRecordedAt(const std::string& text, WallTime now) {
  if (text == "now") return now;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  const int fields = std::sscanf(text.c_str(), "%4d-%2d-%2d%*1[ T]%2d:%2d%n:%2d%n", &year, &month, &day, &hour, &minute,
                                 &consumed, &second, &consumed);
  const std::string_view rest = fields >= 5 ? std::string_view(text).substr(static_cast<std::size_t>(consumed)) : "";
  const bool isUtc = rest == "Z";
  if (fields < 5 || !(rest.empty() || isUtc) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 59)
    return fail(ErrorCode::InvalidArgument,
                trf("'{}' is not a time I understand. Write for example \"2026-11-23 09:30\" (local time), "
                    "\"2026-11-23T08:30Z\" (UTC) or \"now\".",
                    text));
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  tm.tm_isdst = -1;
  const std::time_t t = isUtc ? timegm(&tm) : std::mktime(&tm);
  return fromUnixSeconds(static_cast<std::int64_t>(t));
}

namespace {

std::atomic<bool> g_isInterrupted{false};
extern "C" void onInterrupt(int) {
  g_isInterrupted = true;
}

std::string formatDuration(std::int64_t us) {
  const std::int64_t s = (us + 500'000) / 1'000'000;
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (const char c : text + ",") {
    if (c != ',') {
      if (c != ' ') item += c;
      continue;
    }
    if (!item.empty()) items.push_back(std::move(item));
    item.clear();
  }
  return items;
}

std::string scopeList(const consent::ConsentRecord& record) {
  std::string text;
  for (const consent::Scope scope : record.scopes)
    text += (text.empty() ? "" : ", ") + consent::scopeDisplayName(scope);
  return text;
}

json consentJson(const consent::ConsentRecord& record) {
  json scopes = json::array();
  for (const consent::Scope scope : record.scopes) scopes.push_back(consent::scopeName(scope));
  json j = {{"recording_id", record.recordingId},
            {"scopes", scopes},
            {"method", consent::methodName(record.method)},
            {"recorded_at", formatUtc(record.recordedAt)},
            {"registered_at", formatUtc(record.registeredAt)},
            {"retention_end", formatUtc(record.retentionEnd)},
            {"state", consent::stateName(record.state)}};
  if (!record.withdrawalCode.empty()) j["withdrawal_code"] = record.withdrawalCode;
  return j;
}

std::string consentText(const consent::ConsentRecord& record) {
  return trf("  Consent:       {} ({})\n  Recorded:      {}\n  Kept until:    {}\n  State:         {}\n",
             scopeList(record), consent::methodDisplayName(record.method), formatUtc(record.recordedAt),
             formatUtc(record.retentionEnd), consent::stateDisplayName(record.state));
}

// Shows import progress on a terminal; Ctrl-C cancels (nothing is kept).
class ImportProgressView {
 public:
  explicit ImportProgressView(bool isShown) : m_isShown(isShown) { m_previous = std::signal(SIGINT, onInterrupt); }
  ImportProgressView(const ImportProgressView&) = delete;
  ImportProgressView& operator=(const ImportProgressView&) = delete;
  ~ImportProgressView() {
    std::signal(SIGINT, m_previous);
    if (m_hasPrinted) std::cerr << '\n';
  }
  bool update(const media::ImportProgress& p) {
    if (m_isShown) {
      const std::string left =
          p.secondsLeft ? trf(", about {} left", formatDuration(static_cast<std::int64_t>(*p.secondsLeft * 1e6)))
                        : std::string();
      std::cerr << '\r' << trf("Importing: {}%{}", static_cast<int>(p.fraction * 100), left) << "   " << std::flush;
      m_hasPrinted = true;
    }
    return !g_isInterrupted;
  }

 private:
  bool m_isShown;
  bool m_hasPrinted = false;
  void (*m_previous)(int) = nullptr;
};

}  // namespace

Status runImport(Context& ctx, const ImportArguments& args) {
  // What can be checked before the password is asked, is.
  ImportRequest request;
  request.source = args.source;
  request.ownerName = args.ownerName;
  request.wipeSource = args.wipeSource;
  if (args.forceTranscode) request.media.forceMode = media::ImportMode::Transcode;
  request.consent.scopes = splitList(args.scopes);
  request.consent.method = args.method;
  request.consent.retentionWeeks = args.retentionWeeks;
  request.consent.recordedAt = VS_TRY(parseRecordedAt(args.recordedAt, ctx.clock().now()));
  // A folder, a pipe or a device is named as what it is, before the password is asked.
  if (auto usable = media::checkSource(args.source); !usable)
    return fail(usable.error().code,
                fmt::format("{}: {}", shortForMessage(args.source.string(), 200), usable.error().message));

  Acting acting = VS_TRY(actAs(ctx));
  g_isInterrupted = false;
  ImportProgressView view(!ctx.options().isJson && isatty(STDERR_FILENO) != 0);
  const ImportOutcome outcome =
      VS_TRY(ImportService(*acting.vault).importRecording(acting.session, request, [&](const media::ImportProgress& p) {
        return view.update(p);
      }));
  const media::ImportReport& report = outcome.report;

  json damaged = json::array();
  std::string text = trf("The recording is in the vault (id {}).\n", outcome.recordingId);
  text += trf(
      "  Length {}, {}x{}, {}.\n", formatDuration(report.durationUs), report.width, report.height,
      report.mode == media::ImportMode::Remux ? tr("taken over without re-encoding") : tr("converted to H.264/AAC"));
  if (report.isTruncated)
    text += trf("  The file ends early: it was readable up to {}; that part was imported.\n",
                formatDuration(report.readableUntilUs));
  for (const media::DamagedRange& range : report.damaged) {
    text += trf("  Damaged and skipped: {} to {}.\n", formatDuration(range.startUs), formatDuration(range.endUs));
    damaged.push_back(
        {{"start_s", static_cast<double>(range.startUs) / 1e6}, {"end_s", static_cast<double>(range.endUs) / 1e6}});
  }
  if (request.wipeSource)
    text += outcome.isSourceWiped ? trf("  The source file {} was overwritten and deleted.\n", args.source.string())
                                  : trf("  The source file was NOT wiped: {}\n", outcome.wipeProblem);
  text += consentText(outcome.consent);
  text += trf("  Withdrawal code: {}\n\n", outcome.consent.withdrawalCode);
  text += consent::renderText(outcome.receipt);

  json sections = json::array();
  for (const consent::ReceiptSection& section : outcome.receipt.sections)
    sections.push_back({{"heading", section.heading}, {"paragraphs", section.paragraphs}});
  json j = {{"recording_id", outcome.recordingId},
            {"withdrawal_code", outcome.consent.withdrawalCode},
            {"mode", report.mode == media::ImportMode::Remux ? "remux" : "transcode"},
            {"transcode_reason", report.transcodeReason},
            {"duration_s", static_cast<double>(report.durationUs) / 1e6},
            {"width", report.width},
            {"height", report.height},
            {"truncated", report.isTruncated},
            {"readable_until_s", static_cast<double>(report.readableUntilUs) / 1e6},
            {"damaged", damaged},
            {"thumbnails", report.thumbnails.frames.size()},
            {"has_audio", !report.waveform.minimum.empty()},
            {"long_silences", report.speech.longSilences().size()},
            {"consent", consentJson(outcome.consent)},
            {"receipt", {{"title", outcome.receipt.title}, {"sections", sections}}},
            {"receipt_text", consent::renderText(outcome.receipt)}};
  if (request.wipeSource) {
    j["source_wiped"] = outcome.isSourceWiped;
    if (!outcome.isSourceWiped) j["wipe_problem"] = outcome.wipeProblem;
  }
  ctx.print(j, text);
  return {};
}

Status runRecordingsList(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<RecordingInfo> list = VS_TRY(RecordingService(*acting.vault).listRecordings(acting.session));
  json items = json::array();
  std::string text = list.empty() ? tr("No recordings that you may see.") : "";
  for (const RecordingInfo& info : list) {
    json item = consentJson(info.consent);
    item["id"] = info.id;
    item["owner"] = info.ownerName;
    item["is_own"] = info.isOwn;
    item["duration_s"] = static_cast<double>(info.durationUs) / 1e6;
    item["width"] = info.width;
    item["height"] = info.height;
    items.push_back(item);
    text += trf("{}  {}, {}\n", info.id, formatDuration(info.durationUs),
                info.isOwn ? tr("your own") : trf("of {}", info.ownerName));
    text += consentText(info.consent);
    if (!info.consent.withdrawalCode.empty()) text += trf("  Withdrawal code: {}\n", info.consent.withdrawalCode);
  }
  ctx.print({{"recordings", items}}, text);
  return {};
}

Status runConsentShow(Context& ctx, const std::string& code) {
  VS_TRY(consent::normalizeWithdrawalCode(code));  // a typo is reported before the password is asked
  Acting acting = VS_TRY(actAs(ctx));
  const ConsentInfo info = VS_TRY(RecordingService(*acting.vault).consentByCode(acting.session, code));
  json j = consentJson(info.consent);
  j["owner"] = info.ownerName;
  j["duration_s"] = static_cast<double>(info.durationUs) / 1e6;
  ctx.print(j, trf("Recording {} of {}, length {}.\n", info.consent.recordingId, info.ownerName,
                   formatDuration(info.durationUs)) +
                   consentText(info.consent));
  return {};
}

namespace {

std::string certificateText(const consent::DeletionCertificate& c) {
  std::string text =
      c.state == consent::ErasureState::Done
          ? trf("Recording {} has been erased.\n", c.recordingId)
          : trf("Recording {} can no longer be played; its erasure is not finished yet.\n", c.recordingId);
  text += trf("Reason: {}\n", consent::erasureReasonDisplayName(c.reason));
  text += trf("Requested: {}\n", formatUtc(c.requestedAt));
  if (c.completedAt) text += trf("Completed: {}\n", formatUtc(*c.completedAt));
  text += trf("Encrypted data removed: {} bytes, BLAKE2b-256 {}\n", c.ciphertextBytes, c.ciphertextHash);
  return text;
}

}  // namespace

Status runConsentWithdraw(Context& ctx, const std::string& code) {
  VS_TRY(consent::normalizeWithdrawalCode(code));  // a typo is reported before the password is asked
  Acting acting = VS_TRY(actAs(ctx));
  const consent::DeletionCertificate certificate =
      VS_TRY(ErasureService(*acting.vault).withdrawByCode(acting.session, code));
  ctx.print(certificateJson(certificate), tr("The withdrawal has been registered.\n") + certificateText(certificate));
  return {};
}

Status runRecordingsDelete(Context& ctx, const std::string& recordingId, bool isConfirmed) {
  if (!isConfirmed)
    return fail(ErrorCode::InvalidArgument,
                trf("Deleting erases recording {} with its annotations for good. Add --yes to confirm.", recordingId));
  Acting acting = VS_TRY(actAs(ctx));
  const consent::DeletionCertificate certificate =
      VS_TRY(ErasureService(*acting.vault).deleteRecording(acting.session, recordingId));
  ctx.print(certificateJson(certificate), certificateText(certificate));
  return {};
}

Status runSweep(Context& ctx) {
  auto vault = VS_TRY(openVault(ctx));
  const consent::SweepReport r = VS_TRY(ErasureService(*vault).sweep());
  json j = {{"ledger_reapplied", r.ledgerReapplied},
            {"resumed", r.resumed},
            {"expired", r.expired},
            {"keys_lost", r.keysLost},
            {"completed", r.completed},
            {"orphan_files_removed", r.orphanFilesRemoved},
            {"orphan_keys_removed", r.orphanKeysRemoved},
            {"problems", r.problems}};
  std::string text =
      trf("Sweep done: {} erasures completed ({} past their retention end, {} resumed, {} restored from the ledger, "
          "{} without a key); {} orphan files and {} orphan keys removed.\n",
          r.completed, r.expired, r.resumed, r.ledgerReapplied, r.keysLost, r.orphanFilesRemoved, r.orphanKeysRemoved);
  ctx.print(j, text);
  if (r.problems.empty()) return {};
  for (const std::string& problem : r.problems) std::cerr << "vakspiegel-cli: " << problem << '\n';
  return fail(ErrorCode::Io, "");  // already reported; exit 74, so the timer's unit shows as failed
}

namespace {

std::string summaryText(const fs::path& dir, const VaultSummary& s) {
  std::string text = trf("Vault: {}\n", dir.string());
  text += trf("  Created: {} (schema version {})\n", formatUtc(s.createdAt), s.schemaVersion);
  text +=
      trf("  Active accounts: {} client manager(s), {} coach(es), {} privacy officer(s), {} administrator(s)\n",
          s.usersByRole[static_cast<int>(Role::Klantmanager)], s.usersByRole[static_cast<int>(Role::Coach)],
          s.usersByRole[static_cast<int>(Role::PrivacyOfficer)], s.usersByRole[static_cast<int>(Role::Administrator)]);
  text += trf("  Audit log: {} entries, chain head {}\n", s.auditEntries, s.auditHead.toString());
  return text;
}

json summaryJson(const fs::path& dir, const VaultSummary& s) {
  return {
      {"vault", dir.string()},
      {"vault_id", s.vaultId},
      {"created_at", formatUtc(s.createdAt)},
      {"schema_version", s.schemaVersion},
      {"active_users",
       {{"klantmanager", s.usersByRole[static_cast<int>(Role::Klantmanager)]},
        {"coach", s.usersByRole[static_cast<int>(Role::Coach)]},
        {"privacy_officer", s.usersByRole[static_cast<int>(Role::PrivacyOfficer)]},
        {"administrator", s.usersByRole[static_cast<int>(Role::Administrator)]}}},
      {"audit_entries", s.auditEntries},
      {"audit_head", s.auditHead.toString()},
      {"password_cost", {{"ops_limit", s.passwordCost.opsLimit}, {"mem_limit_bytes", s.passwordCost.memLimitBytes}}}};
}

}  // namespace

Status runDemo(Context& ctx, const std::optional<fs::path>& demoRecording) {
  const fs::path& dir = ctx.options().vaultDir;
  const DemoOutcome demo = VS_TRY(prepareDemoVault(dir, ctx.clock(), demoRecording));
  const bool isNew = demo.isNew;
  const std::vector<RecordingInfo>& recordings = demo.recordings;
  auto vault = VS_TRY(openVault(ctx));
  const std::span<const DemoAccount> demoAccountList = demoAccounts();
  const Session admin = VS_TRY(vault->login(std::string(demoAccountList[0].name), std::string(kDemoPassword)));
  const Session officer = VS_TRY(vault->login(std::string(demoAccountList[1].name), std::string(kDemoPassword)));
  const VaultSummary summary = VS_TRY(AdministrationService(*vault).summary(admin));
  const AuditVerification verification = VS_TRY(PrivacyService(*vault).verifyAudit(officer, std::nullopt));

  json accounts = json::array();
  std::string text = isNew ? tr("A demo vault was created.\n") : tr("The demo vault already exists.\n");
  text += summaryText(dir, summary);
  text += trf("  Demo accounts (password for each: {}):\n", kDemoPassword);
  for (const DemoAccount& account : demoAccountList) {
    accounts.push_back({{"name", account.name}, {"role", roleName(account.role)}});
    text += fmt::format("    {:<16} {}\n", account.name, roleDisplayName(account.role));
  }
  json recordingsJson = json::array();
  text += trf("  Recordings of {}: {}\n", demoOwner().name, recordings.size());
  for (const RecordingInfo& info : recordings) {
    text +=
        trf("    {}  {}, withdrawal code {}\n", info.id, formatDuration(info.durationUs), info.consent.withdrawalCode);
    recordingsJson.push_back({{"id", info.id},
                              {"duration_s", static_cast<double>(info.durationUs) / 1e6},
                              {"withdrawal_code", info.consent.withdrawalCode}});
  }
  text += verificationText(verification) + "\n";
  text += trf("Try: vakspiegel-cli --vault {} --user fg.demo audit verify", dir.string());
  json j = summaryJson(dir, summary);
  j["created_now"] = isNew;
  j["demo_accounts"] = accounts;
  j["demo_password"] = kDemoPassword;
  j["audit_verification"] = verificationJson(verification);
  j["recordings"] = recordingsJson;
  ctx.print(j, text);
  return {};
}

}  // namespace vakspiegel::cli
