// The CLI's commands; see commands.h. Each: open the vault, log the acting
// user in, call one use case, print the outcome.
#include "cli/commands.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <utility>

#include "app/account_service.h"
#include "app/administration_service.h"
#include "app/annotation_service.h"
#include "app/erasure_service.h"
#include "app/import_service.h"
#include "app/privacy_service.h"
#include "app/recording_service.h"
#include "app/sharing_service.h"
#include "audit/audit_actions.h"
#include "consent/withdrawal_code.h"
#include "core/i18n.h"
#include "media/import.h"
#include "media/media_info.h"

namespace vakspiegel::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// An annotation holds at most 4,000 characters of at most 4 bytes each.
constexpr std::size_t kMaxAnnotationTextBytes = 16'000;

// The demo's accounts share one password; the demo vault holds no real data.
constexpr const char* kDemoPassword = "demo-wachtwoord";
constexpr const char* kDemoOneTimePassword = "demo-eenmalig-wachtwoord";
struct DemoAccount {
  const char* name;
  Role role;
};
constexpr DemoAccount kDemoAccounts[] = {
    {"beheerder", Role::Administrator},
    {"fg.demo", Role::PrivacyOfficer},
    {"km.jansen", Role::Klantmanager},
    {"km.bakker", Role::Klantmanager},
    {"coach.deboer", Role::Coach},
};

struct Acting {
  std::unique_ptr<Vault> vault;
  Session session;
};

Result<std::unique_ptr<Vault>> openVault(Context& ctx) { return Vault::open(ctx.options().vaultDir, ctx.clock()); }

// Opens the vault and logs in the user named by --user (asking the password).
Result<Acting> actAs(Context& ctx) {
  if (ctx.options().userName.empty())
    return fail(ErrorCode::InvalidArgument, tr("Say who you are with --user NAME (or VAKSPIEGEL_USER)."));
  auto vault = VS_TRY(openVault(ctx));
  const SecretString password =
      VS_TRY(ctx.passwords().ask(trf("Password for {}", ctx.options().userName)));
  Session session = VS_TRY(vault->login(ctx.options().userName, password.str()));
  return Acting{std::move(vault), std::move(session)};
}

Result<KdfParams> passwordCostFromName(const std::string& level) {
  if (level == "interactive") return KdfParams::interactive();
  if (level == "moderate") return KdfParams::moderate();
  if (level == "sensitive") return KdfParams::sensitive();
  return fail(ErrorCode::InvalidArgument,
              trf("Unknown password cost '{}': choose interactive, moderate or sensitive.", level));
}

std::string userState(const UserInfo& user) {
  if (user.isDisabled) return tr("disabled");
  if (user.lockedUntil) return trf("locked until {}", formatUtc(*user.lockedUntil));
  if (user.mustChangePassword) return tr("reset, own password not chosen yet");
  return tr("active");
}

json userJson(const UserInfo& user) {
  json j = {{"id", user.id},
            {"name", user.name},
            {"role", roleName(user.role)},
            {"disabled", user.isDisabled},
            {"created_at", formatUtc(user.createdAt)},
            {"password_changed_at", formatUtc(user.passwordChangedAt)}};
  j["locked_until"] = user.lockedUntil ? json(formatUtc(*user.lockedUntil)) : json(nullptr);
  j["must_change_password"] = user.mustChangePassword;
  j["key_reset_at"] = user.keyResetAt ? json(formatUtc(*user.keyResetAt)) : json(nullptr);
  return j;
}

json verificationJson(const AuditVerification& v) {
  json j = {{"intact", v.isIntact},
            {"entries_checked", v.entriesChecked},
            {"head", v.head.toString()},
            {"checkpoints_verified", v.checkpointsVerified}};
  j["own_checkpoints_verified"] = v.ownCheckpointsVerified;
  if (v.newestOwnCheckpoint)
    j["newest_own_checkpoint"] = {{"seq", v.newestOwnCheckpoint->seq},
                                  {"signed_at", formatUtc(v.newestOwnCheckpoint->signedAt)}};
  if (v.newestCheckpoint)
    j["newest_checkpoint"] = {{"seq", v.newestCheckpoint->seq},
                              {"signer_id", v.newestCheckpoint->signerId},
                              {"signed_at", formatUtc(v.newestCheckpoint->signedAt)}};
  j["first_bad_seq"] = v.firstBadSeq ? json(*v.firstBadSeq) : json(nullptr);
  if (!v.isIntact) j["problem"] = v.problem;
  return j;
}

std::string verificationText(const AuditVerification& v) {
  if (v.isIntact) {
    std::string text =
        trf("The audit log is intact: {} entries checked.\nChain head: {}", v.entriesChecked, v.head.toString());
    if (v.newestCheckpoint)
      text += "\n" + trf("{} signed checkpoint(s) verified; the newest covers entry {} and was signed on {}.",
                         v.checkpointsVerified, v.newestCheckpoint->seq, formatUtc(v.newestCheckpoint->signedAt));
    // The officer's own: checked with the key their password opened. One who
    // verified before and sees none here knows their checkpoints were removed.
    text += "\n" + (v.newestOwnCheckpoint
                        ? trf("Your own newest checkpoint (checked with your own key): entry {}, signed on {}.",
                              v.newestOwnCheckpoint->seq, formatUtc(v.newestOwnCheckpoint->signedAt))
                        : tr("You have no checkpoint of your own in this log yet; this verification signs one."));
    return text;
  }
  return trf("THE AUDIT LOG HAS BEEN ALTERED. First bad entry: {}.\n{}\nReport this to the privacy officer "
             "(FG) and keep a copy of the vault as it is.",
             v.firstBadSeq.value_or(0), v.problem);
}

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

std::string summaryText(const fs::path& dir, const VaultSummary& s) {
  std::string text = trf("Vault: {}\n", dir.string());
  text += trf("  Created: {} (schema version {})\n", formatUtc(s.createdAt), s.schemaVersion);
  text += trf("  Active accounts: {} client manager(s), {} coach(es), {} privacy officer(s), {} administrator(s)\n",
              s.usersByRole[static_cast<int>(Role::Klantmanager)], s.usersByRole[static_cast<int>(Role::Coach)],
              s.usersByRole[static_cast<int>(Role::PrivacyOfficer)],
              s.usersByRole[static_cast<int>(Role::Administrator)]);
  text += trf("  Audit log: {} entries, chain head {}\n", s.auditEntries, s.auditHead.toString());
  return text;
}

json summaryJson(const fs::path& dir, const VaultSummary& s) {
  return {{"vault", dir.string()},
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

fs::path dataHome() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "vakspiegel";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local/share/vakspiegel";
  return fs::current_path() / "vakspiegel-data";
}

}  // namespace

int exitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::CorruptData: return kExitDataError;
    case ErrorCode::VaultMissing: return kExitNoInput;
    case ErrorCode::NotFound: return kExitNoUser;
    case ErrorCode::Unsupported: return kExitUnavailable;
    case ErrorCode::AlreadyExists:
    case ErrorCode::VaultExists: return kExitCantCreate;
    case ErrorCode::Io:
    case ErrorCode::DiskFull: return kExitIoError;
    case ErrorCode::VaultBusy:
    case ErrorCode::AccountLocked: return kExitTempFail;
    case ErrorCode::PermissionDenied:
    case ErrorCode::WrongPassword:
    case ErrorCode::AccountDisabled:
    case ErrorCode::WrongKey: return kExitNoPerm;
    case ErrorCode::NotAVault:
    case ErrorCode::VaultTooNew: return kExitConfig;
    case ErrorCode::Cancelled: return 1;
    case ErrorCode::Internal:
    case ErrorCode::Unknown: break;
  }
  return kExitSoftware;
}

fs::path defaultVaultDir() {
  if (const char* dir = std::getenv("VAKSPIEGEL_VAULT"); dir && *dir) return dir;
  return dataHome() / "vault";
}

fs::path defaultDemoVaultDir() { return dataHome() / "demo-vault"; }

void Context::print(const json& j, const std::string& text) const {
  if (m_options.isJson) {
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << text;
    if (text.empty() || text.back() != '\n') std::cout << '\n';
  }
  std::cout.flush();
}

Status runInit(Context& ctx, const std::string& adminName, const std::string& passwordCost) {
  VaultOptions options;
  options.passwordCost = VS_TRY(passwordCostFromName(passwordCost));
  // Checked before asking for a password, so a mistake costs no typing.
  VS_TRY(validateUserName(adminName));
  if (Vault::exists(ctx.options().vaultDir))
    return fail(ErrorCode::VaultExists,
                trf("There is already a vault in {}. Nothing was changed.", ctx.options().vaultDir.string()));
  const SecretString password = VS_TRY(ctx.passwords().askNew(trf("New password for {}", adminName)));
  auto vault = VS_TRY(Vault::init(ctx.options().vaultDir, adminName, password.str(), ctx.clock(), options));
  ctx.print({{"vault", vault->dir().string()}, {"administrator", adminName}},
            trf("A new vault was created in {}.\nAdministrator: {}. Add users with 'vakspiegel-cli --user {} user "
                "add NAME --role ROLE'.",
                vault->dir().string(), adminName, adminName));
  return {};
}

Status runLogin(Context& ctx) {
  const Acting acting = VS_TRY(actAs(ctx));
  const Session& s = acting.session;
  ctx.print({{"user", s.name()},
             {"id", s.userId()},
             {"role", roleName(s.role())},
             {"must_change_password", s.mustChangePassword()}},
            s.mustChangePassword()
                ? trf("Password correct: {} ({}). This is a one-time password from the administrator: choose your "
                      "own with 'vakspiegel-cli --user {} user passwd' before anything else.",
                      s.name(), roleDisplayName(s.role()), s.name())
                : trf("Password correct: {} ({}).", s.name(), roleDisplayName(s.role())));
  return {};
}

Status runUserAdd(Context& ctx, const std::string& name, const std::string& roleText) {
  const Role role = roleFromName(roleText);
  if (role == Role::Unknown)
    return fail(ErrorCode::InvalidArgument,
                trf("Unknown role '{}': choose klantmanager, coach, privacy_officer or administrator.", roleText));
  VS_TRY(validateUserName(name));
  Acting acting = VS_TRY(actAs(ctx));
  const SecretString password = VS_TRY(ctx.passwords().askNew(trf("New password for {}", name)));
  const UserInfo user = VS_TRY(AccountService(*acting.vault).addUser(acting.session, name, role, password.str()));
  ctx.print(userJson(user), trf("User {} was added as {}.", user.name, roleDisplayName(user.role)));
  return {};
}

Status runUserList(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const auto users = VS_TRY(AccountService(*acting.vault).listUsers(acting.session));
  json list = json::array();
  std::string text = fmt::format("{:<24} {:<20} {:<32} {}\n", tr("NAME"), tr("ROLE"), tr("STATE"), tr("CREATED"));
  for (const UserInfo& user : users) {
    list.push_back(userJson(user));
    text += fmt::format("{:<24} {:<20} {:<32} {}\n", user.name, roleDisplayName(user.role), userState(user),
                        formatUtc(user.createdAt));
  }
  ctx.print(list, text);
  return {};
}

namespace {

std::string oldKeyNotWipedYet() {
  return tr(
      "The old key is wiped from the vault's database file as soon as the other program that has the vault "
      "open (the workstation, a sweep or a backup) is closed; the next sweep finishes it.");
}

}  // namespace

Status runUserPasswd(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const SecretString oldPassword = VS_TRY(ctx.passwords().ask(tr("Current password, once more")));
  const SecretString newPassword = VS_TRY(ctx.passwords().askNew(tr("New password")));
  const PasswordChange change =
      VS_TRY(AccountService(*acting.vault).changePassword(acting.session, oldPassword.str(), newPassword.str()));
  ctx.print({{"user", acting.session.name()}, {"password_changed", true}, {"old_key_wiped", change.isOldKeyWiped}},
            trf("The password of {} was changed.", acting.session.name()));
  if (change.isOldKeyWiped) return {};
  return fail(ErrorCode::VaultBusy, oldKeyNotWipedYet());  // exit 75, like an unshare that waits
}

Status runUserSetDisabled(Context& ctx, const std::string& name, bool isDisabled) {
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AccountService(*acting.vault).setUserDisabled(acting.session, name, isDisabled));
  ctx.print({{"user", name}, {"disabled", isDisabled}},
            isDisabled ? trf("The account {} was disabled.", name) : trf("The account {} was enabled.", name));
  return {};
}

Status runUserReset(Context& ctx, const std::string& name, bool isConfirmed) {
  Acting acting = VS_TRY(actAs(ctx));
  // First what it costs (audited as the warning), then, confirmed, the reset
  // bound to that number.
  const ResetPreview preview = VS_TRY(AccountService(*acting.vault).previewReset(acting.session, name));
  const std::string warning =
      trf("A reset gives {} a new key pair and a one-time password; {} must choose their own password at the next "
          "login before anything else.\n{} can then no longer open {} recording(s). {} of them nobody else can open: "
          "the next sweep erases them for good. {} recording(s) of others are no longer shared with {}.\n",
          name, name, name, preview.recordingKeysLost, preview.recordingsErased, preview.sharesLost, name);
  std::cerr << warning;  // also with --yes: what it cost stays on the screen
  if (!isConfirmed) return fail(ErrorCode::InvalidArgument, tr("Nothing was changed. Add --yes to reset the account."));
  const SecretString password = VS_TRY(ctx.passwords().askNew(trf("One-time password for {}", name)));
  const ResetOutcome outcome =
      VS_TRY(AccountService(*acting.vault).resetUser(acting.session, name, password.str(), preview.recordingsErased));
  ctx.print({{"user", name},
             {"recording_keys_lost", outcome.recordingKeysLost},
             {"recordings_erased", outcome.recordingsErased},
             {"shares_lost", outcome.sharesLost},
             {"must_change_password", true}},
            trf("{} has a new key pair and a one-time password. {} recording(s) can no longer be opened by {}; {} "
                "of them will be erased by the next sweep. Give {} the one-time password in person: at the next "
                "login {} chooses their own. A recording owner can share again once {} has done so.",
                name, outcome.recordingKeysLost, name, outcome.recordingsErased, name, name, name));
  if (outcome.isOldKeyWiped) return {};
  return fail(ErrorCode::VaultBusy, oldKeyNotWipedYet());
}

Status runPasswordCost(Context& ctx, const std::string& level) {
  const KdfParams cost = VS_TRY(passwordCostFromName(level));
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AdministrationService(*acting.vault).setPasswordCost(acting.session, cost));
  ctx.print({{"password_cost", level}, {"ops_limit", cost.opsLimit}, {"mem_limit_bytes", cost.memLimitBytes}},
            trf("The password cost is now '{}'. Each user's key is re-wrapped at their next login.", level));
  return {};
}

Status runRetentionPolicy(Context& ctx, int defaultWeeks, int maximumWeeks) {
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AdministrationService(*acting.vault)
             .setRetentionPolicy(acting.session, consent::Weeks{defaultWeeks}, consent::Weeks{maximumWeeks}));
  ctx.print({{"default_weeks", defaultWeeks}, {"maximum_weeks", maximumWeeks}},
            trf("New recordings are kept {} weeks by default, at most {} weeks.", defaultWeeks, maximumWeeks));
  return {};
}

Result<WallTime> parseRecordedAt(const std::string& text, WallTime now) {
  if (text == "now") return now;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  const int fields = std::sscanf(text.c_str(), "%4d-%2d-%2d%*1[ T]%2d:%2d%n:%2d%n", &year, &month, &day, &hour,
                                 &minute, &consumed, &second, &consumed);
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
extern "C" void onInterrupt(int) { g_isInterrupted = true; }

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
  for (const consent::Scope scope : record.scopes) text += (text.empty() ? "" : ", ") + consent::scopeDisplayName(scope);
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
  explicit ImportProgressView(bool isShown) : m_isShown(isShown) {
    m_previous = std::signal(SIGINT, onInterrupt);
  }
  ImportProgressView(const ImportProgressView&) = delete;
  ImportProgressView& operator=(const ImportProgressView&) = delete;
  ~ImportProgressView() {
    std::signal(SIGINT, m_previous);
    if (m_hasPrinted) std::cerr << '\n';
  }
  bool update(const media::ImportProgress& p) {
    if (m_isShown) {
      const std::string left = p.secondsLeft ? trf(", about {} left", formatDuration(static_cast<std::int64_t>(
                                                                          *p.secondsLeft * 1e6)))
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
  text += trf("  Length {}, {}x{}, {}.\n", formatDuration(report.durationUs), report.width, report.height,
              report.mode == media::ImportMode::Remux ? tr("taken over without re-encoding")
                                                      : tr("converted to H.264/AAC"));
  if (report.isTruncated)
    text += trf("  The file ends early: it was readable up to {}; that part was imported.\n",
                formatDuration(report.readableUntilUs));
  for (const media::DamagedRange& range : report.damaged) {
    text += trf("  Damaged and skipped: {} to {}.\n", formatDuration(range.startUs), formatDuration(range.endUs));
    damaged.push_back({{"start_s", static_cast<double>(range.startUs) / 1e6}, {"end_s", static_cast<double>(range.endUs) / 1e6}});
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

json certificateJson(const consent::DeletionCertificate& c) {
  return {{"recording_id", c.recordingId},
          {"reason", consent::erasureReasonName(c.reason)},
          {"state", consent::erasureStateName(c.state)},
          {"requested_at", formatUtc(c.requestedAt)},
          {"requested_by", c.requestedBy},
          {"completed_at", c.completedAt ? json(formatUtc(*c.completedAt)) : json(nullptr)},
          {"ciphertext_bytes", c.ciphertextBytes},
          {"ciphertext_blake2b", c.ciphertextHash}};
}

std::string certificateText(const consent::DeletionCertificate& c) {
  std::string text = c.state == consent::ErasureState::Done
                         ? trf("Recording {} has been erased.\n", c.recordingId)
                         : trf("Recording {} can no longer be played; its erasure is not finished yet.\n",
                               c.recordingId);
  text += trf("Reason: {}\n", consent::erasureReasonDisplayName(c.reason));
  text += trf("Requested: {}\n", formatUtc(c.requestedAt));
  if (c.completedAt) text += trf("Completed: {}\n", formatUtc(*c.completedAt));
  text += trf("Encrypted data removed: {} bytes, BLAKE2b-256 {}\n", c.ciphertextBytes, c.ciphertextHash);
  return text;
}

// Local wall time for people reading a table (JSON keeps UTC).
std::string formatLocal(WallTime t) {
  const std::time_t seconds = static_cast<std::time_t>(toUnixSeconds(t));
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

// A moment in a recording as the player shows it: m:ss, h:mm:ss from an hour on.
std::string formatPosition(std::int64_t us) {
  const std::int64_t s = us / 1'000'000;
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string resultDisplayName(const std::string& result) {
  if (result == "ok") return tr("done");
  if (result == "denied") return tr("REFUSED");
  if (result == "error") return tr("failed");
  return result;
}

std::string roleNameForPeople(const std::string& role) {
  if (role == "system") return tr("system");
  const Role known = roleFromName(role);
  return known == Role::Unknown ? role : roleDisplayName(known);
}

// What the owner should know about a coach's key (issue 15): replaced by
// the administrator on a date, and whether the coach chose their own
// password (and so a key pair the administrator cannot open) since.
std::string keyHistoryText(const ShareInfo& share) {
  if (!share.keyResetAt) return {};
  if (share.ownPasswordSince)
    return trf("The administrator replaced the key of {} on {}; {} chose their own password on {}.", share.coachName,
               formatLocal(*share.keyResetAt), share.coachName, formatLocal(*share.ownPasswordSince));
  return trf("The administrator replaced the key of {} on {}; {} has not chosen their own password since.",
             share.coachName, formatLocal(*share.keyResetAt), share.coachName);
}

json shareJson(const ShareInfo& share, const std::string& recordingId) {
  return {{"recording_id", recordingId},
          {"coach", share.coachName},
          {"granted_at", formatUtc(share.grantedAt)},
          {"key_reset_at", share.keyResetAt ? json(formatUtc(*share.keyResetAt)) : json(nullptr)},
          {"own_password_since", share.ownPasswordSince ? json(formatUtc(*share.ownPasswordSince)) : json(nullptr)}};
}

json annotationJson(const Annotation& a) {
  return {{"id", a.id},
          {"recording_id", a.recordingId},
          {"author", a.authorName},
          {"position_s", static_cast<double>(a.positionUs) / 1e6},
          {"created_at", formatUtc(a.createdAt)},
          {"text", a.text}};
}

// Every line of a text indented, so a multi-line annotation stays under its heading.
std::string indented(const std::string& text) {
  std::string out = "  ";
  for (const char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out + "\n";
}

}  // namespace

Status runConsentWithdraw(Context& ctx, const std::string& code) {
  VS_TRY(consent::normalizeWithdrawalCode(code));  // a typo is reported before the password is asked
  Acting acting = VS_TRY(actAs(ctx));
  const consent::DeletionCertificate certificate =
      VS_TRY(ErasureService(*acting.vault).withdrawByCode(acting.session, code));
  ctx.print(certificateJson(certificate),
            tr("The withdrawal has been registered.\n") + certificateText(certificate));
  return {};
}

Status runRecordingsDelete(Context& ctx, const std::string& recordingId, bool isConfirmed) {
  if (!isConfirmed)
    return fail(ErrorCode::InvalidArgument,
                trf("Deleting erases recording {} with its annotations for good. Add --yes to confirm.",
                    recordingId));
  Acting acting = VS_TRY(actAs(ctx));
  const consent::DeletionCertificate certificate =
      VS_TRY(ErasureService(*acting.vault).deleteRecording(acting.session, recordingId));
  ctx.print(certificateJson(certificate), certificateText(certificate));
  return {};
}

Status runSweep(Context& ctx) {
  auto vault = VS_TRY(openVault(ctx));
  const consent::SweepReport r = VS_TRY(ErasureService(*vault).sweep());
  json j = {{"ledger_reapplied", r.ledgerReapplied}, {"resumed", r.resumed},
            {"expired", r.expired},                  {"keys_lost", r.keysLost},
            {"completed", r.completed},              {"orphan_files_removed", r.orphanFilesRemoved},
            {"orphan_keys_removed", r.orphanKeysRemoved}, {"problems", r.problems}};
  std::string text = trf(
      "Sweep done: {} erasures completed ({} past their retention end, {} resumed, {} restored from the ledger, "
      "{} without a key); {} orphan files and {} orphan keys removed.\n",
      r.completed, r.expired, r.resumed, r.ledgerReapplied, r.keysLost, r.orphanFilesRemoved, r.orphanKeysRemoved);
  ctx.print(j, text);
  if (r.problems.empty()) return {};
  for (const std::string& problem : r.problems) std::cerr << "vakspiegel-cli: " << problem << '\n';
  return fail(ErrorCode::Io, "");  // already reported; exit 74, so the timer's unit shows as failed
}

Result<std::int64_t> parsePosition(const std::string& text) {
  const Error invalid{ErrorCode::InvalidArgument,
                      trf("'{}' is not a moment I understand. Write seconds (\"75\"), minutes and seconds (\"1:15\") "
                          "or hours, minutes and seconds (\"1:02:03\").",
                          text)};
  // Up to three whole-number fields separated by ':', the last with an optional fraction.
  std::int64_t fields[3] = {0, 0, 0};
  int count = 0;
  std::int64_t fractionUs = 0;
  std::size_t i = 0;
  while (true) {
    if (count == 3 || i >= text.size() || text[i] < '0' || text[i] > '9') return fail(invalid);
    std::int64_t value = 0;
    for (int digits = 0; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (digits == 9) return fail(invalid);
      value = value * 10 + (text[i] - '0');
    }
    fields[count++] = value;
    if (i == text.size()) break;
    if (text[i] == ':') {
      ++i;
      continue;
    }
    if (text[i] != '.' || ++i == text.size()) return fail(invalid);
    for (std::int64_t scale = 100'000; i < text.size(); ++i, scale /= 10) {
      if (text[i] < '0' || text[i] > '9') return fail(invalid);
      fractionUs += (text[i] - '0') * scale;
    }
    break;
  }
  // In m:ss and h:mm:ss, minutes and seconds after a colon stay below 60.
  for (int k = 1; k < count; ++k)
    if (fields[k] > 59) return fail(invalid);
  std::int64_t seconds = 0;
  for (int k = 0; k < count; ++k) seconds = seconds * 60 + fields[k];
  return seconds * 1'000'000 + fractionUs;
}

Status runShare(Context& ctx, const std::string& recordingId, const std::string& coachName) {
  Acting acting = VS_TRY(actAs(ctx));
  const ShareInfo share = VS_TRY(SharingService(*acting.vault).shareRecording(acting.session, recordingId, coachName));
  std::string text =
      trf("The recording is shared with {}. {} can now watch it and add annotations, until you take it back with "
          "'recordings unshare'.",
          coachName, coachName);
  if (share.keyResetAt) text += "\n" + keyHistoryText(share);
  ctx.print(shareJson(share, recordingId), text);
  return {};
}

Status runUnshare(Context& ctx, const std::string& recordingId, const std::string& coachName) {
  Acting acting = VS_TRY(actAs(ctx));
  const RevokeOutcome outcome =
      VS_TRY(SharingService(*acting.vault).revokeShare(acting.session, recordingId, coachName));
  ctx.print({{"recording_id", recordingId}, {"coach", coachName}, {"shared", false}, {"key_wiped", outcome.isKeyWiped}},
            trf("{} can no longer open the recording: their copy of its key was deleted.", coachName));
  if (outcome.isKeyWiped) return {};
  // Exit 75: the share is taken back, but wiping its key from the vault's
  // file waits for the other program, as an erasure does.
  return fail(ErrorCode::VaultBusy,
              tr("The copy of the key is wiped from the vault's database file as soon as the other program that "
                 "has the vault open (the workstation, a sweep or a backup) is closed; the next sweep finishes it."));
}

Status runShares(Context& ctx, const std::string& recordingId) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<ShareInfo> list = VS_TRY(SharingService(*acting.vault).shares(acting.session, recordingId));
  json items = json::array();
  std::string text = list.empty() ? tr("The recording is not shared with anyone.") : "";
  for (const ShareInfo& share : list) {
    items.push_back(shareJson(share, recordingId));
    text += trf("{}, since {}\n", share.coachName, formatLocal(share.grantedAt));
    if (share.keyResetAt) text += "  " + keyHistoryText(share) + "\n";
  }
  ctx.print({{"recording_id", recordingId}, {"shares", items}}, text);
  return {};
}

Status runAccessLog(Context& ctx, const std::string& recordingId) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<AccessEntry> entries = VS_TRY(SharingService(*acting.vault).accessLog(acting.session, recordingId));
  json items = json::array();
  std::string text =
      fmt::format("{:<20} {:<20} {:<22} {:<28} {}\n", tr("TIME"), tr("WHO"), tr("ROLE"), tr("ACTION"), tr("RESULT"));
  for (const AccessEntry& e : entries) {
    items.push_back({{"time", formatUtc(e.time)},
                     {"actor", e.actorName},
                     {"role", e.actorRole},
                     {"action", e.action},
                     {"result", e.result}});
    text +=
        fmt::format("{:<20} {:<20} {:<22} {:<28} {}\n", formatLocal(e.time), e.actorName,
                    roleNameForPeople(e.actorRole), audit_action::displayName(e.action), resultDisplayName(e.result));
  }
  ctx.print({{"recording_id", recordingId}, {"entries", items}}, text);
  return {};
}

Status runAnnotationAdd(Context& ctx, const std::string& recordingId, const std::string& at,
                        const std::optional<std::string>& givenText) {
  const std::int64_t positionUs = VS_TRY(parsePosition(at));  // a typo costs no password
  Acting acting = VS_TRY(actAs(ctx));
  // Without --text the text comes from standard input (after the password
  // lines), so it shows neither in `ps` nor in the shell's history.
  SecretString text =
      givenText
          ? SecretString(*givenText)
          : VS_TRY(readText(tr("Type the annotation; end with Ctrl-D on an empty line."), kMaxAnnotationTextBytes));
  const Annotation a =
      VS_TRY(AnnotationService(*acting.vault).addAnnotation(acting.session, recordingId, positionUs, text.str()));
  ctx.print(annotationJson(a), trf("The annotation at {} was saved (id {}).", formatPosition(a.positionUs), a.id));
  return {};
}

Status runAnnotationList(Context& ctx, const std::string& recordingId) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<Annotation> list =
      VS_TRY(AnnotationService(*acting.vault).listAnnotations(acting.session, recordingId));
  json items = json::array();
  std::string text = list.empty() ? tr("This recording has no annotations yet.") : "";
  for (const Annotation& a : list) {
    items.push_back(annotationJson(a));
    text += trf("{}  {} ({})\n", formatPosition(a.positionUs), a.authorName, formatLocal(a.createdAt));
    text += indented(a.text);
  }
  ctx.print({{"recording_id", recordingId}, {"annotations", items}}, text);
  wipe(text);  // the annotations' own copies wipe themselves
  return {};
}

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
  j["erasure"] = entry.erasure ? json{{"state", consent::erasureStateName(*entry.erasure)},
                                      {"reason", entry.erasureReason ? json(consent::erasureReasonName(*entry.erasureReason))
                                                                     : json(nullptr)}}
                               : json(nullptr);
  return j;
}

std::string registryEntryText(const RegistryEntry& entry) {
  std::string scopes;
  for (const consent::Scope scope : entry.scopes) scopes += (scopes.empty() ? "" : ", ") + consent::scopeDisplayName(scope);
  std::string text = trf("{}  of {}\n", entry.recordingId, entry.ownerName);
  text += trf("  Recorded:      {}\n  Registered:    {}\n  Consent:       {}\n  Kept until:    {}\n  State:         {}\n",
              formatUtc(entry.recordedAt), formatUtc(entry.registeredAt), scopes, formatUtc(entry.retentionEnd),
              consent::stateDisplayName(entry.state));
  if (entry.erasure)
    text += trf("  Erasure:       {} ({})\n", erasureStateText(*entry.erasure),
                entry.erasureReason ? consent::erasureReasonDisplayName(*entry.erasureReason) : "-");
  return text;
}

// One certificate as a compact entry of the certificates list.
std::string certificateEntryText(const consent::DeletionCertificate& c) {
  std::string text = trf("{}  {}, {}\n", c.recordingId, consent::erasureReasonDisplayName(c.reason),
                         erasureStateText(c.state));
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
  ctx.print({{"now", formatUtc(schedule.now)}, {"horizon", formatUtc(schedule.horizon)}, {"due_soon", dueSoon},
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

Status runDemo(Context& ctx, const std::optional<fs::path>& demoRecording) {
  const fs::path& dir = ctx.options().vaultDir;
  const bool isNew = !Vault::exists(dir);
  if (isNew) {
    auto vault = VS_TRY(Vault::init(dir, kDemoAccounts[0].name, kDemoPassword, ctx.clock()));
    const Session admin = VS_TRY(vault->login(kDemoAccounts[0].name, kDemoPassword));
    // Through the real use cases: the administrator's password is a one-time
    // password, and each demo user then "chooses" the demo password.
    for (const DemoAccount& account : kDemoAccounts) {
      if (account.role == Role::Administrator) continue;
      VS_TRY(AccountService(*vault).addUser(admin, account.name, account.role, kDemoOneTimePassword));
      Session first = VS_TRY(vault->login(account.name, kDemoOneTimePassword));
      VS_TRY(AccountService(*vault).changePassword(first, kDemoOneTimePassword, kDemoPassword));
    }
  }
  auto vault = VS_TRY(openVault(ctx));
  const Session admin = VS_TRY(vault->login(kDemoAccounts[0].name, kDemoPassword));
  const Session officer = VS_TRY(vault->login(kDemoAccounts[1].name, kDemoPassword));
  const Session owner = VS_TRY(vault->login(kDemoAccounts[2].name, kDemoPassword));
  std::vector<RecordingInfo> recordings = VS_TRY(RecordingService(*vault).listRecordings(owner));
  if (recordings.empty() && demoRecording) {
    ImportRequest request;
    request.source = *demoRecording;
    request.consent.scopes = {"self_review", "coach_review"};
    request.consent.method = "verbal";
    request.consent.recordedAt = ctx.clock().now() - std::chrono::hours(1);
    VS_TRY(ImportService(*vault).importRecording(owner, request));
    recordings = VS_TRY(RecordingService(*vault).listRecordings(owner));
  }
  const VaultSummary summary = VS_TRY(AdministrationService(*vault).summary(admin));
  const AuditVerification verification = VS_TRY(PrivacyService(*vault).verifyAudit(officer, std::nullopt));

  json accounts = json::array();
  std::string text = isNew ? tr("A demo vault was created.\n") : tr("The demo vault already exists.\n");
  text += summaryText(dir, summary);
  text += trf("  Demo accounts (password for each: {}):\n", kDemoPassword);
  for (const DemoAccount& account : kDemoAccounts) {
    accounts.push_back({{"name", account.name}, {"role", roleName(account.role)}});
    text += fmt::format("    {:<16} {}\n", account.name, roleDisplayName(account.role));
  }
  json recordingsJson = json::array();
  text += trf("  Recordings of {}: {}\n", kDemoAccounts[2].name, recordings.size());
  for (const RecordingInfo& info : recordings) {
    text += trf("    {}  {}, withdrawal code {}\n", info.id, formatDuration(info.durationUs),
                info.consent.withdrawalCode);
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

Status runVersion(Context& ctx) {
  json libs = json::object();
  std::string text = fmt::format("vakspiegel-cli {}\n", VAKSPIEGEL_VERSION);
  for (const StorageLibrary& lib : storageLibraries()) {
    libs[lib.name] = lib.version;
    text += fmt::format("  {} {}\n", lib.name == "sqlite" ? "SQLite" : lib.name, lib.version);
  }
  for (const media::LibraryVersion& lib : media::ffmpegLibraries()) {
    libs[lib.name] = lib.version;
    text += fmt::format("  {} {}\n", lib.name, lib.version);
  }
  text += trf("  FFmpeg license: {}\n", media::ffmpegLicense());
  ctx.print({{"version", VAKSPIEGEL_VERSION}, {"libraries", libs}}, text);
  return {};
}

}  // namespace vakspiegel::cli
