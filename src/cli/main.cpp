// vakspiegel-cli: the headless front end. CLI11 parses; the commands (commands.h) act.
// Exit codes follow sysexits.h (commands.h) so systemd and scripts can act.
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/vault_location.h"
#include "cli/commands.h"
#include "core/i18n.h"

using namespace vakspiegel;
using namespace vakspiegel::cli;

namespace {

void reportError(const GlobalOptions& options, const Error& error) {
  if (error.message.empty()) return;  // the command already reported it
  std::cerr << "vakspiegel-cli: " << error.message << '\n';
  if (options.isJson) {
    const nlohmann::json j = {{"error", {{"code", errorCodeName(error.code)}, {"message", error.message}}}};
    std::cout << j.dump(2) << '\n';
  }
}

void translateHelp(CLI::App& app) {
  auto formatter = app.get_formatter();
  formatter->label("Usage", tr("Usage"));
  formatter->label("OPTIONS", tr("OPTIONS"));
  formatter->label("SUBCOMMAND", tr("COMMAND"));
  formatter->label("SUBCOMMANDS", tr("COMMANDS"));
  formatter->label("Options", tr("Options"));
  formatter->label("Subcommands", tr("Commands"));
  formatter->label("Positionals", tr("Arguments"));
  formatter->label("REQUIRED", tr("REQUIRED"));
  formatter->label("TEXT", tr("TEXT"));
}

// CLI11 lists subcommands under their group's name, "Subcommands" by default.
void setCommandGroup(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->group(tr("Commands"));
    if (CLI::Option* help = sub->get_help_ptr()) help->group(tr("Options"));
    setCommandGroup(*sub);
  }
}

// An optional-value --csv: absent, given alone (standard output, an empty
// path), or given with a file.
std::optional<std::filesystem::path> csvTarget(const CLI::Option& option, const std::string& file) {
  if (option.count() == 0) return std::nullopt;
  return std::filesystem::path(file);
}

}  // namespace

int main(int argc, char** argv) {
  setLanguage(languageFromEnvironment());

  CLI::App app{tr("Vakspiegel: a vault for video stimulated recall. Commands for accounts, recordings "
                  "and consent, the audit log and the demo.")};
  app.option_defaults()->group(tr("Options"));  // inherited by every subcommand
  app.set_help_flag("-h,--help", tr("Show this help and stop"));
  app.require_subcommand(1);
  app.fallthrough();
  translateHelp(app);

  GlobalOptions options;
  std::string vaultDir;
  app.add_option("--vault", vaultDir, tr("The vault directory (default: $VAKSPIEGEL_VAULT, else the system vault "
                                           "/var/lib/vakspiegel/vault when installed, else the XDG data folder)"));
  app.add_option("--user", options.userName, tr("Who acts (default: $VAKSPIEGEL_USER)"));
  app.add_flag("--json", options.isJson, tr("Print the result as JSON"));
  app.add_flag("--password-stdin", options.isPasswordStdin,
               tr("Read passwords from standard input, one line per password asked, in order"));

  std::string adminName, passwordCost = "moderate";
  auto* init = app.add_subcommand("init", tr("Create a vault and its first administrator"));
  init->add_option("--admin", adminName, tr("Name of the first administrator"))->required();
  init->add_option("--password-cost", passwordCost, tr("Argon2id cost: interactive, moderate (default) or sensitive"));

  auto* login = app.add_subcommand("login", tr("Check a user's password (exit 0 when correct)"));

  auto* user = app.add_subcommand("user", tr("Manage accounts"));
  user->require_subcommand(1);
  std::string name, role;
  auto* userAdd = user->add_subcommand("add", tr("Add a user (administrator)"));
  userAdd->add_option("name", name, tr("User name"))->required();
  userAdd->add_option("--role", role, tr("klantmanager, coach, privacy_officer or administrator"))->required();
  auto* userList = user->add_subcommand("list", tr("List the accounts (administrator)"));
  auto* userPasswd = user->add_subcommand("passwd", tr("Change your own password"));
  auto* userDisable = user->add_subcommand("disable", tr("Disable an account (administrator)"));
  userDisable->add_option("name", name, tr("User name"))->required();
  auto* userEnable = user->add_subcommand(
      "enable", tr("Enable an account again, or lift its lockout after failed logins (administrator)"));
  userEnable->add_option("name", name, tr("User name"))->required();
  auto* userReset = user->add_subcommand(
      "reset", tr("A one-time password and a new key pair for a user (administrator); says first how many "
                  "recordings become unreadable and are erased"));
  userReset->add_option("name", name, tr("User name"))->required();
  bool isResetConfirmed = false;
  userReset->add_flag("--yes", isResetConfirmed, tr("Confirm the reset after reading what it costs"));

  auto* audit = app.add_subcommand("audit", tr("The audit log (privacy officer)"));
  audit->require_subcommand(1);
  std::string recordedHead;
  auto* auditVerify = audit->add_subcommand("verify", tr("Recompute the hash chain and name the first bad entry"));
  auditVerify->add_option("--head", recordedHead, tr("A chain head recorded earlier (SEQ:HASH), to detect a cut-off tail"));
  auto* auditHead = audit->add_subcommand("head", tr("Print the current chain head, to keep outside this machine"));
  auto* auditExport = audit->add_subcommand("export", tr("Export the audit log"));
  bool isCsv = false;
  std::string outputFile;
  auditExport->add_flag("--csv", isCsv, tr("As CSV (RFC 4180)"))->required();
  auditExport->add_option("--output,-o", outputFile, tr("Write to this file instead of standard output"));

  auto* policy = app.add_subcommand("policy", tr("Vault policy (administrator)"));
  policy->require_subcommand(1);
  std::string level;
  auto* policyCost = policy->add_subcommand("password-cost", tr("Set the Argon2id cost for passwords"));
  policyCost->add_option("level", level, tr("interactive, moderate or sensitive"))->required();

  int defaultWeeks = 0, maximumWeeks = 0;
  auto* policyRetention = policy->add_subcommand("retention", tr("Set how long recordings are kept (in weeks)"));
  policyRetention->add_option("--default", defaultWeeks, tr("Default retention (1 to the maximum)"))->required();
  policyRetention->add_option("--maximum", maximumWeeks, tr("Longest retention a klantmanager may choose (at most 26)"))
      ->required();

  int lockMinutes = 0;
  auto* policyLock =
      policy->add_subcommand("lock-timeout", tr("Lock the workstation after this many minutes without input"));
  policyLock->add_option("minutes", lockMinutes, tr("1 to 60 (default 10)"))->required();

  cli::ImportArguments importArgs;
  std::string importSource;
  auto* import = app.add_subcommand("import", tr("Import a recording with the citizen's consent (klantmanager)"));
  import->add_option("file", importSource, tr("The camera, phone or screen-recorder file"))->required();
  import->add_option("--owner", importArgs.ownerName, tr("Whose recording it is (default: you)"));
  import->add_option("--scopes", importArgs.scopes,
                     tr("What the citizen agreed to, comma-separated: self_review, coach_review, citizen_review, "
                        "intervision"))
      ->required();
  import->add_option("--method", importArgs.method, tr("How consent was given: verbal, paper or digital"))->required();
  import->add_option("--recorded-at", importArgs.recordedAt,
                     tr("When it was recorded: \"2026-11-23 09:30\" (local time), ISO 8601 UTC, or \"now\""))
      ->required();
  import->add_option("--retention-weeks", importArgs.retentionWeeks, tr("How long to keep it (default: the policy's)"));
  import->add_flag("--wipe-source", importArgs.wipeSource,
                   tr("Overwrite and delete the source file after a verified import"));
  import->add_flag("--transcode", importArgs.forceTranscode,
                   tr("Always convert to H.264/AAC, also when the file could be taken over as it is"));

  auto* recordingsCmd = app.add_subcommand("recordings", tr("Recordings"));
  recordingsCmd->require_subcommand(1);
  auto* recordingsList = recordingsCmd->add_subcommand("list", tr("The recordings you may see (metadata only)"));
  std::string recordingId, coachName;
  bool isConfirmed = false;
  auto* recordingsDelete = recordingsCmd->add_subcommand(
      "delete", tr("Erase one of your recordings with its annotations, for good (owner)"));
  recordingsDelete->add_option("id", recordingId, tr("The recording's id"))->required();
  recordingsDelete->add_flag("--yes", isConfirmed, tr("Confirm the erasure"));
  auto* recordingsShare = recordingsCmd->add_subcommand(
      "share", tr("Share your recording with a coach (needs the citizen's consent for coach review)"));
  recordingsShare->add_option("id", recordingId, tr("The recording's id"))->required();
  recordingsShare->add_option("coach", coachName, tr("The coach's user name"))->required();
  auto* recordingsUnshare =
      recordingsCmd->add_subcommand("unshare", tr("Take a share back: the coach can no longer open the recording"));
  recordingsUnshare->add_option("id", recordingId, tr("The recording's id"))->required();
  recordingsUnshare->add_option("coach", coachName, tr("The coach's user name"))->required();
  auto* recordingsShares = recordingsCmd->add_subcommand("shares", tr("The coaches your recording is shared with"));
  recordingsShares->add_option("id", recordingId, tr("The recording's id"))->required();
  auto* recordingsAccess =
      recordingsCmd->add_subcommand("access", tr("Everyone who opened or tried to open your recording, and when"));
  recordingsAccess->add_option("id", recordingId, tr("The recording's id"))->required();

  auto* annotationsCmd =
      app.add_subcommand("annotations", tr("Annotations on a recording (owner, or a coach it is shared with)"));
  annotationsCmd->require_subcommand(1);
  // Each option given or not (count()): what edit does not get keeps its value.
  std::string annotationId, annotationAt, annotationTo, annotationCategory, annotationLayer, annotationPrompt,
      annotationText;
  cli::AnnotationArguments annotationArgs;
  auto* annotationsAdd = annotationsCmd->add_subcommand(
      "add", tr("Add an annotation at a moment or to a fragment of the recording"));
  annotationsAdd->add_option("id", recordingId, tr("The recording's id"))->required();
  auto* addAt =
      annotationsAdd->add_option("--at", annotationAt, tr("The moment: seconds (75), m:ss (1:15) or h:mm:ss"))
          ->required();
  auto* addTo = annotationsAdd->add_option("--to", annotationTo, tr("The end, for a fragment (same forms as --at)"));
  auto* addCategory = annotationsAdd->add_option(
      "--category", annotationCategory, tr("A category of a coding scheme, by its id (see 'schemes list')"));
  auto* addLayer = annotationsAdd->add_option(
      "--layer", annotationLayer,
      tr("own, coach or citizen (default: your own layer; citizen needs the citizen's consent for watching back "
         "together)"));
  auto* addPrompt = annotationsAdd->add_option(
      "--prompt", annotationPrompt, tr("The recall prompt this answers, by its id (see 'prompts list')"));
  auto* addText = annotationsAdd->add_option(
      "--text", annotationText,
      tr("What you noticed (at most 4000 characters). Without it the text is read from standard input, after the "
         "password lines: then it shows neither in 'ps' nor in the shell history"));
  auto* annotationsEdit = annotationsCmd->add_subcommand(
      "edit", tr("Change one of your own annotations; what you do not give keeps its value"));
  annotationsEdit->add_option("id", recordingId, tr("The recording's id"))->required();
  annotationsEdit->add_option("annotation", annotationId, tr("The annotation's id (see 'annotations list')"))
      ->required();
  auto* editAt = annotationsEdit->add_option("--at", annotationAt, tr("The new moment"));
  auto* editTo = annotationsEdit->add_option("--to", annotationTo, tr("The new end, for a fragment"));
  annotationsEdit->add_flag("--point", annotationArgs.isPoint, tr("Make a fragment a single moment again"));
  auto* editCategory = annotationsEdit->add_option("--category", annotationCategory,
                                                   tr("The new category by its id; \"\" for none"));
  auto* editText = annotationsEdit->add_option("--text", annotationText, tr("The new text"));
  annotationsEdit->add_flag("--text-stdin", annotationArgs.isTextFromStdin,
                            tr("Read the new text from standard input, after the password lines"));
  bool isAnnotationDeleteConfirmed = false;
  auto* annotationsDelete = annotationsCmd->add_subcommand("delete", tr("Delete one of your own annotations"));
  annotationsDelete->add_option("id", recordingId, tr("The recording's id"))->required();
  annotationsDelete->add_option("annotation", annotationId, tr("The annotation's id (see 'annotations list')"))
      ->required();
  annotationsDelete->add_flag("--yes", isAnnotationDeleteConfirmed, tr("Confirm the deletion"));
  auto* annotationsList =
      annotationsCmd->add_subcommand("list", tr("All annotations of a recording, in order of the moment"));
  annotationsList->add_option("id", recordingId, tr("The recording's id"))->required();
  auto* listLayer = annotationsList->add_option("--layer", annotationLayer, tr("Only this layer: own, coach or citizen"));

  auto* schemesCmd = app.add_subcommand("schemes", tr("The coding schemes and their categories"));
  schemesCmd->require_subcommand(1);
  auto* schemesList = schemesCmd->add_subcommand("list", tr("Every coding scheme with its categories, by group"));
  auto* promptsCmd = app.add_subcommand("prompts", tr("The recall prompts: questions for a pause in the recording"));
  promptsCmd->require_subcommand(1);
  auto* promptsList = promptsCmd->add_subcommand("list", tr("The recall prompts in use"));

  auto* consentCmd = app.add_subcommand("consent", tr("Consent records"));
  consentCmd->require_subcommand(1);
  std::string code;
  auto* consentShow = consentCmd->add_subcommand(
      "show", tr("Show a consent record by its withdrawal code (privacy officer, or the owner)"));
  consentShow->add_option("code", code, tr("The withdrawal code, e.g. VS-7K3M-Q9PX"))->required();
  auto* consentWithdraw = consentCmd->add_subcommand(
      "withdraw", tr("Register a citizen's withdrawal: the recording is erased at once (privacy officer, or the owner)"));
  consentWithdraw->add_option("code", code, tr("The withdrawal code, e.g. VS-7K3M-Q9PX"))->required();

  auto* sweep = app.add_subcommand(
      "sweep", tr("Erase what is withdrawn or past its retention end and remove leftovers (no login needed)"));

  auto* registryCmd = app.add_subcommand("registry", tr("The consent registry and retention schedule (privacy officer)"));
  registryCmd->require_subcommand(1);
  std::string registryState;
  auto* registryList =
      registryCmd->add_subcommand("list", tr("Every recording with owner, dates, scopes, consent state and erasure"));
  registryList->add_option("--state", registryState, tr("Only this consent state: given, withdrawn, expired or erased"));
  int scheduleDays = 7;
  auto* registrySchedule = registryCmd->add_subcommand(
      "schedule", tr("What retention erases in the coming days, and what is overdue (exit 65 when anything is)"));
  registrySchedule->add_option("--days", scheduleDays, tr("How many days ahead (default 7)"));

  // --csv with an optional file: "--csv" prints CSV, "--csv FILE" writes it.
  std::string certificatesCsv, reportCsv;
  auto* certificates = app.add_subcommand("certificates", tr("The deletion certificates (privacy officer)"));
  auto* certificatesCsvOption =
      certificates->add_option("--csv", certificatesCsv, tr("As CSV (RFC 4180), to this file or standard output"))
          ->expected(0, 1);
  auto* report = app.add_subcommand("report", tr("The privacy report for the register of processing (privacy officer)"));
  auto* reportCsvOption =
      report->add_option("--csv", reportCsv, tr("As CSV (RFC 4180), to this file or standard output"))->expected(0, 1);

  std::string demoRecording;
  auto* demo = app.add_subcommand("demo", tr("Create (once) and show a demo vault with demo accounts"));
  demo->add_option("--recording", demoRecording, tr("A generated demo recording to import (once)"));
  auto* version = app.add_subcommand("version", tr("Show the versions of Vakspiegel and its libraries"));

  setCommandGroup(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();  // CLI11's sentence, without a full stop
    if (!what.empty() && what.back() != '.') what += '.';
    std::cerr << "vakspiegel-cli: " << trf("Wrong use: {} See 'vakspiegel-cli --help'.", what) << '\n';
    return kExitUsage;
  }

  if (options.userName.empty())
    if (const char* envUser = std::getenv("VAKSPIEGEL_USER")) options.userName = envUser;
  if (!vaultDir.empty())
    options.vaultDir = vaultDir;
  else
    options.vaultDir = demo->parsed() ? defaultDemoVaultDir() : defaultVaultDir();

  Context ctx(options);
  Status status;
  try {
    if (init->parsed()) status = runInit(ctx, adminName, passwordCost);
    else if (login->parsed()) status = runLogin(ctx);
    else if (userAdd->parsed()) status = runUserAdd(ctx, name, role);
    else if (userList->parsed()) status = runUserList(ctx);
    else if (userPasswd->parsed()) status = runUserPasswd(ctx);
    else if (userDisable->parsed()) status = runUserSetDisabled(ctx, name, true);
    else if (userEnable->parsed()) status = runUserSetDisabled(ctx, name, false);
    else if (userReset->parsed())
      status = runUserReset(ctx, name, isResetConfirmed);
    else if (auditVerify->parsed()) status = runAuditVerify(ctx, recordedHead.empty() ? std::nullopt : std::optional(recordedHead));
    else if (auditHead->parsed()) status = runAuditHead(ctx);
    else if (auditExport->parsed()) status = runAuditExport(ctx, outputFile.empty() ? std::nullopt : std::optional<std::filesystem::path>(outputFile));
    else if (policyCost->parsed()) status = runPasswordCost(ctx, level);
    else if (policyRetention->parsed()) status = runRetentionPolicy(ctx, defaultWeeks, maximumWeeks);
    else if (policyLock->parsed()) status = runLockTimeout(ctx, lockMinutes);
    else if (import->parsed()) {
      importArgs.source = importSource;
      status = runImport(ctx, importArgs);
    }
    else if (recordingsList->parsed()) status = runRecordingsList(ctx);
    else if (recordingsShare->parsed()) status = runShare(ctx, recordingId, coachName);
    else if (recordingsUnshare->parsed()) status = runUnshare(ctx, recordingId, coachName);
    else if (recordingsShares->parsed()) status = runShares(ctx, recordingId);
    else if (recordingsAccess->parsed()) status = runAccessLog(ctx, recordingId);
    else if (annotationsAdd->parsed() || annotationsEdit->parsed()) {
      const bool isAdd = annotationsAdd->parsed();
      const auto given = [](const CLI::Option* option, const std::string& value) {
        return option->count() > 0 ? std::optional<std::string>(value) : std::nullopt;
      };
      annotationArgs.at = given(isAdd ? addAt : editAt, annotationAt);
      annotationArgs.to = given(isAdd ? addTo : editTo, annotationTo);
      annotationArgs.category = given(isAdd ? addCategory : editCategory, annotationCategory);
      annotationArgs.text = given(isAdd ? addText : editText, annotationText);
      if (isAdd) {
        annotationArgs.layer = given(addLayer, annotationLayer);
        annotationArgs.prompt = given(addPrompt, annotationPrompt);
        status = runAnnotationAdd(ctx, recordingId, annotationArgs);
      } else {
        status = runAnnotationEdit(ctx, recordingId, annotationId, annotationArgs);
      }
    }
    else if (annotationsDelete->parsed())
      status = runAnnotationDelete(ctx, recordingId, annotationId, isAnnotationDeleteConfirmed);
    else if (annotationsList->parsed())
      status = runAnnotationList(ctx, recordingId,
                                 listLayer->count() > 0 ? std::optional<std::string>(annotationLayer) : std::nullopt);
    else if (schemesList->parsed()) status = runSchemesList(ctx);
    else if (promptsList->parsed()) status = runPromptsList(ctx);
    else if (consentShow->parsed()) status = runConsentShow(ctx, code);
    else if (consentWithdraw->parsed()) status = runConsentWithdraw(ctx, code);
    else if (recordingsDelete->parsed()) status = runRecordingsDelete(ctx, recordingId, isConfirmed);
    else if (sweep->parsed()) status = runSweep(ctx);
    else if (registryList->parsed()) status = runRegistryList(ctx, registryState.empty() ? std::nullopt : std::optional(registryState));
    else if (registrySchedule->parsed()) status = runRegistrySchedule(ctx, scheduleDays);
    else if (certificates->parsed()) status = runCertificates(ctx, csvTarget(*certificatesCsvOption, certificatesCsv));
    else if (report->parsed()) status = runReport(ctx, csvTarget(*reportCsvOption, reportCsv));
    else if (demo->parsed()) status = runDemo(ctx, demoRecording.empty() ? std::nullopt : std::optional<std::filesystem::path>(demoRecording));
    else if (version->parsed()) status = runVersion(ctx);
  } catch (const std::exception& e) {
    // A bug: no exception should get here. Say so plainly.
    status = fail(ErrorCode::Internal, trf("Internal error ({}). Nothing more was changed; please report this.", e.what()));
  }
  if (status) return kExitOk;
  reportError(options, status.error());
  return exitCodeFor(status.error().code);
}
