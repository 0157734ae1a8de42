// The sharing commands: share, unshare, shares and the access log.
#include "cli/commands.h"

#include "app/sharing_service.h"
#include "audit/audit_actions.h"
#include "cli/command_support.h"
#include "cli/format.h"
#include "core/i18n.h"

namespace vakspiegel::cli {
using nlohmann::json;

namespace {

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

}  // namespace

Status runShare(Context& ctx, const std::string& recordingId, const std::string& coachName) {
  Acting acting = VS_TRY(actAs(ctx));
  const ShareInfo share = VS_TRY(SharingService(*acting.vault).shareRecording(acting.session, recordingId, coachName));
  std::string text =
      trf("The recording is shared with {}. {} can now watch it and add annotations, until you take it back with "
          "'recordings unshare'.",
          coachName, coachName);
  if (share.keyResetAt) {
    text += '\n';
    text += keyHistoryText(share);
  }
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

}  // namespace vakspiegel::cli
