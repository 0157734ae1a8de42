// The CLI's commands: each parses nothing itself (main.cpp does, with CLI11),
// calls the use-case services (src/app/*_service.h) and prints the outcome as Dutch text or,
// with --json, as one JSON document on stdout. Errors come back as Error and
// main() turns them into a message on stderr and an exit code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/vault.h"
#include "cli/terminal.h"
#include "core/clock.h"
#include "core/error.h"

namespace vakspiegel::cli {

// sysexits.h values, so systemd units and scripts can act on the kind of failure.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 64,        // EX_USAGE: wrong invocation
  kExitDataError = 65,    // EX_DATAERR: invalid input, damaged data, a broken audit chain
  kExitNoInput = 66,      // EX_NOINPUT: no vault at that place
  kExitNoUser = 67,       // EX_NOUSER: no such user
  kExitUnavailable = 69,  // EX_UNAVAILABLE: unsupported format
  kExitSoftware = 70,     // EX_SOFTWARE: a bug
  kExitCantCreate = 73,   // EX_CANTCREAT: already exists
  kExitIoError = 74,      // EX_IOERR: read/write failed, disk full
  kExitTempFail = 75,     // EX_TEMPFAIL: busy or locked; try again later
  kExitNoPerm = 77,       // EX_NOPERM: wrong password, disabled, not allowed
  kExitConfig = 78,       // EX_CONFIG: not a vault, or a vault of a newer version
};

[[nodiscard]] int exitCodeFor(ErrorCode code);

struct GlobalOptions {
  std::filesystem::path vaultDir;
  std::string userName;  // who acts; $VAKSPIEGEL_USER when not given
  bool isJson = false;
  bool isPasswordStdin = false;
};

class Context {
 public:
  explicit Context(GlobalOptions options) : m_options(std::move(options)), m_passwords(m_options.isPasswordStdin) {}
  [[nodiscard]] const GlobalOptions& options() const { return m_options; }
  [[nodiscard]] PasswordSource& passwords() { return m_passwords; }
  [[nodiscard]] const Clock& clock() const { return m_clock; }
  // Prints `json` with --json, else `text` (one trailing newline added when missing).
  void print(const nlohmann::json& json, const std::string& text) const;

 private:
  GlobalOptions m_options;
  PasswordSource m_passwords;
  SystemClock m_clock;
};

[[nodiscard]] Status runInit(Context& ctx, const std::string& adminName, const std::string& passwordCost);
[[nodiscard]] Status runLogin(Context& ctx);
[[nodiscard]] Status runUserAdd(Context& ctx, const std::string& name, const std::string& role);
[[nodiscard]] Status runUserList(Context& ctx);
[[nodiscard]] Status runUserPasswd(Context& ctx);
[[nodiscard]] Status runUserSetDisabled(Context& ctx, const std::string& name, bool isDisabled);
// Says first what the reset costs (how many recordings become unreadable and
// will be erased); resets only with --yes.
[[nodiscard]] Status runUserReset(Context& ctx, const std::string& name, bool isConfirmed);
[[nodiscard]] Status runPasswordCost(Context& ctx, const std::string& level);
// verify returns DataError (exit 65) when the chain is broken.
[[nodiscard]] Status runAuditVerify(Context& ctx, const std::optional<std::string>& recordedHead);
[[nodiscard]] Status runAuditHead(Context& ctx);
[[nodiscard]] Status runAuditExport(Context& ctx, const std::optional<std::filesystem::path>& output);
[[nodiscard]] Status runRetentionPolicy(Context& ctx, int defaultWeeks, int maximumWeeks);
[[nodiscard]] Status runLockTimeout(Context& ctx, int minutes);
// Erasure: a citizen's withdrawal, the owner's delete (needs --yes), the sweep
// (no login: it only erases what the rules say; the systemd timer runs it).
[[nodiscard]] Status runConsentWithdraw(Context& ctx, const std::string& code);
[[nodiscard]] Status runRecordingsDelete(Context& ctx, const std::string& recordingId, bool isConfirmed);
// Exits 74 when a problem kept an erasure from finishing (it is retried).
[[nodiscard]] Status runSweep(Context& ctx);

struct ImportArguments {
  std::filesystem::path source;
  std::string ownerName;
  std::string scopes;  // comma-separated
  std::string method;
  std::string recordedAt;  // "2026-11-23 09:30" (local time), ISO 8601 with Z or offset, or "now"
  std::optional<int> retentionWeeks;
  bool wipeSource = false;
  bool forceTranscode = false;
};
[[nodiscard]] Status runImport(Context& ctx, const ImportArguments& args);
[[nodiscard]] Status runRecordingsList(Context& ctx);
[[nodiscard]] Status runConsentShow(Context& ctx, const std::string& code);
// Sharing and the access log (the owner of the recording).
[[nodiscard]] Status runShare(Context& ctx, const std::string& recordingId, const std::string& coachName);
[[nodiscard]] Status runUnshare(Context& ctx, const std::string& recordingId, const std::string& coachName);
[[nodiscard]] Status runShares(Context& ctx, const std::string& recordingId);
[[nodiscard]] Status runAccessLog(Context& ctx, const std::string& recordingId);
// Annotations (the owner, or a coach the recording is shared with). Moments
// as parsePosition reads them; a layer and a category by their ids ("own",
// "kw-echt-contact"). What is not given is nullopt.
struct AnnotationArguments {
  std::optional<std::string> at;        // add: required
  std::optional<std::string> to;        // the end of a range
  bool isPoint = false;                 // edit: drop the end, a point again
  std::optional<std::string> category;  // empty: no category
  std::optional<std::string> layer;     // add only
  std::optional<std::string> prompt;    // add only: the recall prompt it answers
  std::optional<std::string> text;
  bool isTextFromStdin = false;  // edit: the new text from standard input
};
// Without `text`, the text is read from standard input (readText).
[[nodiscard]] Status runAnnotationAdd(Context& ctx, const std::string& recordingId, const AnnotationArguments& args);
// Only what is given changes; the rest is read from the annotation first.
[[nodiscard]] Status runAnnotationEdit(Context& ctx, const std::string& recordingId, const std::string& annotationId,
                                       const AnnotationArguments& args);
// Deletes only with --yes.
[[nodiscard]] Status runAnnotationDelete(Context& ctx, const std::string& recordingId, const std::string& annotationId,
                                         bool isConfirmed);
[[nodiscard]] Status runAnnotationList(Context& ctx, const std::string& recordingId,
                                       const std::optional<std::string>& layer);
// The coding schemes with their categories, and the recall prompts (anyone logged in).
[[nodiscard]] Status runSchemesList(Context& ctx);
[[nodiscard]] Status runPromptsList(Context& ctx);
// Parses a moment in a recording: seconds ("75", "75.5"), m:ss ("1:15") or
// h:mm:ss, each with an optional fraction. Errors: InvalidArgument.
[[nodiscard]] Result<std::int64_t> parsePosition(const std::string& text);
// Parses --recorded-at. Errors: InvalidArgument with the accepted forms.
[[nodiscard]] Result<WallTime> parseRecordedAt(const std::string& text, WallTime now);

// The privacy officer's tools. `state`: a consent state name (given,
// withdrawn, expired, erased), checked before the password is asked.
[[nodiscard]] Status runRegistryList(Context& ctx, const std::optional<std::string>& state);
// With anything overdue it also warns loudly on stderr and returns DataError
// (exit 65), so that monitoring notices a sweep that does not run.
[[nodiscard]] Status runRegistrySchedule(Context& ctx, int days);
// csvFile: nullopt prints text (or JSON); an empty path prints CSV on
// stdout; a path writes CSV to that file.
[[nodiscard]] Status runCertificates(Context& ctx, const std::optional<std::filesystem::path>& csvFile);
[[nodiscard]] Status runReport(Context& ctx, const std::optional<std::filesystem::path>& csvFile);

// demoRecording: a generated recording to import (once) as km.jansen.
[[nodiscard]] Status runDemo(Context& ctx, const std::optional<std::filesystem::path>& demoRecording);
[[nodiscard]] Status runVersion(Context& ctx);

}  // namespace vakspiegel::cli
