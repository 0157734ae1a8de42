// Sharing (R4, R8): the owner seals the recording's data key to
// a named coach and can take that back at once; the owner sees every audited
// access to their recording (see sharing_service.h). The policy decides who
// may (the owner only, and sharing only with coach_review consent in force);
// what remains to check here is who the recording is shared with.
#include "app/sharing_service.h"

#include <unordered_map>

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "store/recording_store.h"
#include "store/scrub_store.h"
#include "store/share_store.h"
#include "store/user_store.h"

namespace vakspiegel {
using detail::unsealDataKey;
using detail::UseCase;

namespace {

ShareInfo shareInfo(const std::string& coachName, std::int64_t grantedAt, const UserRow& coach) {
  ShareInfo info{coachName, fromUnixSeconds(grantedAt), std::nullopt, std::nullopt};
  if (coach.keyResetAt) info.keyResetAt = fromUnixSeconds(*coach.keyResetAt);
  if (coach.ownPasswordSince) info.ownPasswordSince = fromUnixSeconds(*coach.ownPasswordSince);
  return info;
}

}  // namespace

SharingService::SharingService(Vault& vault) : m_ctx(vault.context()) {}

Result<ShareInfo> SharingService::shareRecording(const Session& actor, const std::string& recordingId,
                                                 const std::string& coachName) {
  UseCase uc(m_ctx, actor, audit_action::kRecordingShare, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::Share));
  // A refused share is a sharing event too: audited, with a reason code (no names).
  const auto refuse = [&](const Error& error, const std::string& reason) { return uc.failed(error, reason); };
  UserStore users(*m_ctx.db);
  RecordingStore recordings(*m_ctx.db);
  const auto coach = VS_TRY(users.findByName(coachName));
  if (!coach)
    return refuse({ErrorCode::NotFound, trf("There is no user named '{}'.", shortForMessage(coachName))},
                  "no_such_user");
  if (roleFromName(coach->role) != Role::Coach)
    return refuse({ErrorCode::InvalidArgument,
                   trf("{} is not a coach. A recording can only be shared with a coach.", coach->name)},
                  "not_a_coach");
  if (coach->isDisabled)
    return refuse({ErrorCode::InvalidArgument,
                   trf("The account of {} is disabled, so the recording cannot be shared with it.", coach->name)},
                  "coach_disabled");
  if (coach->mustChangePassword)
    return refuse(
        {ErrorCode::InvalidArgument,
         coach->keyResetAt
             ? trf("The administrator reset the account of {} on {} and {} has not chosen a password of their own "
                   "since. Until then the administrator knows its password, so no recording is shared with it. Share "
                   "again once {} has logged in and chosen a password.",
                   coach->name, formatUtc(fromUnixSeconds(*coach->keyResetAt)), coach->name, coach->name)
             : trf("{} has not yet chosen a password of their own: the administrator set the first one and knows "
                   "it, so no recording is shared with the account until then. Share again once {} has logged in "
                   "and chosen a password.",
                   coach->name, coach->name)},
        "coach_password_not_own");
  if (VS_TRY(recordings.sealedKey(recordingId, coach->id)))
    return refuse({ErrorCode::InvalidArgument, trf("The recording is already shared with {}.", coach->name)},
                  "already_shared");

  auto key = unsealDataKey(*m_ctx.db, actor, recordingId);
  if (!key) return refuse(key.error(), errorCodeName(key.error().code));
  const Bytes sealed = sealDataKey(*key, coach->publicKey);
  if (sealed.empty())
    return refuse({ErrorCode::CorruptData,
                   trf("The key of {} is damaged. Ask the administrator to reset that account.", coach->name)},
                  "coach_key_damaged");
  const std::int64_t now = toUnixSeconds(m_ctx.clock.now());
  auto shared = uc.transaction([&]() -> Status {
    // Sealed to the coach's key as read above: not if a reset replaced it since.
    const auto latest = VS_TRY(users.findById(coach->id));
    if (!latest || latest->mustChangePassword || latest->publicKey != coach->publicKey)
      return fail(ErrorCode::InvalidArgument,
                  trf("The account of {} was reset just now; share again once {} has chosen a password.", coach->name,
                      coach->name));
    VS_TRY(recordings.insertKey({recordingId, coach->id, sealed, now}));
    return uc.succeeded(coach->keyResetAt ? coach->id + ";key_reset_before" : coach->id);
  });
  if (!shared) return refuse(shared.error(), errorCodeName(shared.error().code));
  return shareInfo(coach->name, now, *coach);
}

Result<RevokeOutcome> SharingService::revokeShare(const Session& actor, const std::string& recordingId,
                                                  const std::string& coachName) {
  UseCase uc(m_ctx, actor, audit_action::kRecordingRevokeShare, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::RevokeShare));
  const auto refuse = [&](const Error& error, const std::string& reason) { return uc.failed(error, reason); };
  const auto coach = VS_TRY(UserStore(*m_ctx.db).findByName(coachName));
  if (!coach)
    return refuse({ErrorCode::NotFound, trf("There is no user named '{}'.", shortForMessage(coachName))},
                  "no_such_user");
  const Error notShared{ErrorCode::InvalidArgument, trf("The recording is not shared with {}.", coach->name)};
  bool isRevoked = false;
  auto revoked = uc.transaction([&]() -> Status {
    // The store never deletes the owner's own key: that would be erasure.
    isRevoked = VS_TRY(ShareStore(*m_ctx.db).revoke(recordingId, coach->id));
    if (!isRevoked) return fail(notShared);
    VS_TRY(ScrubStore(*m_ctx.db).request("share_revoked", recordingId, toUnixSeconds(m_ctx.clock.now())));
    return uc.succeeded(coach->id);
  });
  if (!revoked) {
    const bool isNotShared = !isRevoked && revoked.error().code == ErrorCode::InvalidArgument;
    return refuse(revoked.error(), isNotShared ? "not_shared" : errorCodeName(revoked.error().code));
  }
  // secure_delete zeroed the row in the database page, but the WAL still
  // holds earlier versions of that page with the sealed copy (and, while
  // another connection reads an older snapshot, so does the database file):
  // the checkpoint moves the zeroed page into the database and truncates
  // the WAL, or, blocked, leaves the scrub to the next sweep or open.
  return RevokeOutcome{m_ctx.finishScrubs().value_or(false)};
}

Result<std::vector<ShareInfo>> SharingService::shares(const Session& actor, const std::string& recordingId) {
  // Who may see the recording is part of who accessed it: the owner's business.
  VS_TRY(m_ctx.authorizeOn(actor, Action::ReadAccessLog, recordingId));
  std::vector<ShareInfo> list;
  UserStore users(*m_ctx.db);
  for (const ShareRow& row : VS_TRY(ShareStore(*m_ctx.db).sharesOf(recordingId))) {
    const auto coach = VS_TRY(users.findById(row.userId));
    list.push_back(coach ? shareInfo(row.userName, row.grantedAt, *coach)
                         : ShareInfo{row.userName, fromUnixSeconds(row.grantedAt), std::nullopt, std::nullopt});
  }
  return list;
}

Result<std::vector<AccessEntry>> SharingService::accessLog(const Session& actor, const std::string& recordingId) {
  UseCase uc(m_ctx, actor, audit_action::kRecordingAccessLog, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::ReadAccessLog));
  std::unordered_map<std::string, std::string> names;
  for (const UserRow& user : VS_TRY(UserStore(*m_ctx.db).all())) names.emplace(user.id, user.name);
  std::vector<AccessEntry> entries;
  for (const AuditRow& row : VS_TRY(m_ctx.audit.entriesFor("recording", recordingId))) {
    const auto name = names.find(row.actorId);
    // "system" (the sweep) and "-" (unknown) are not user ids and stay as they are.
    entries.push_back({fromUnixSeconds(row.time), name == names.end() ? row.actorId : name->second, row.actorRole,
                       row.action, row.result});
  }
  // After reading, so this look appears the next time, not in this answer.
  VS_TRY(uc.succeeded());
  return entries;
}

}  // namespace vakspiegel
