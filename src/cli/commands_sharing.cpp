// The sharing commands (share, unshare, shares, the access log) and the
// annotations (add, list), with parsePosition for their moments.
#include "cli/commands.h"

#include <ctime>

#include "app/annotation_service.h"
#include "app/sharing_service.h"
#include "audit/audit_actions.h"
#include "cli/command_support.h"
#include "core/i18n.h"

namespace vakspiegel::cli {
using nlohmann::json;

namespace {

// An annotation holds at most 4,000 characters of at most 4 bytes each.
constexpr std::size_t kMaxAnnotationTextBytes = 16'000;

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
  if (share.keyResetAt) text += std::string("\n") + keyHistoryText(share);
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

}  // namespace vakspiegel::cli
