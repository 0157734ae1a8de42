// Sharing (R4, R8; see vault.h): the owner seals the recording's data key to
// a named coach and can take that back at once; the owner sees every audited
// access to their recording. The policy decides who may (the owner only, and
// sharing only with coach_review consent in force); what remains to check
// here is who the recording is shared with.
#include "app/vault.h"

#include <unordered_map>

#include "app/app_support.h"
#include "core/i18n.h"
#include "store/recording_store.h"
#include "store/scrub_store.h"
#include "store/share_store.h"
#include "store/user_store.h"

namespace vakspiegel {
using app_support::auditActor;
using app_support::unsealDataKey;

namespace {

ShareInfo shareInfo(const std::string& coachName, std::int64_t grantedAt, const UserRow& coach) {
  ShareInfo info{coachName, fromUnixSeconds(grantedAt), std::nullopt, std::nullopt};
  if (coach.keyResetAt) info.keyResetAt = fromUnixSeconds(*coach.keyResetAt);
  if (coach.ownPasswordSince) info.ownPasswordSince = fromUnixSeconds(*coach.ownPasswordSince);
  return info;
}

}  // namespace

Result<ShareInfo> Vault::shareRecording(const Session& actor, const std::string& recordingId,
                                        const std::string& coachName) {
  VS_TRY(authorizeOn(actor, Action::Share, recordingId));
  // A refused share is a sharing event too: audited, with a reason code (no names).
  const auto refuse = [&](const Error& error, const std::string& reason) {
    (void)m_audit.append(
        {actor.userId(), auditActor(actor), "recording.share", "recording", recordingId, AuditResult::Error, reason});
    return fail(error);
  };
  UserStore users(*m_db);
  RecordingStore recordings(*m_db);
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

  auto key = unsealDataKey(*m_db, actor, recordingId);
  if (!key) return refuse(key.error(), errorCodeName(key.error().code));
  const Bytes sealed = sealDataKey(*key, coach->publicKey);
  if (sealed.empty())
    return refuse({ErrorCode::CorruptData,
                   trf("The key of {} is damaged. Ask the administrator to reset that account.", coach->name)},
                  "coach_key_damaged");
  const std::int64_t now = toUnixSeconds(m_clock.now());
  auto shared = m_db->transaction([&]() -> Status {
    // Sealed to the coach's key as read above: not if a reset replaced it since.
    const auto latest = VS_TRY(users.findById(coach->id));
    if (!latest || latest->mustChangePassword || latest->publicKey != coach->publicKey)
      return fail(ErrorCode::InvalidArgument,
                  trf("The account of {} was reset just now; share again once {} has chosen a password.", coach->name,
                      coach->name));
    VS_TRY(recordings.insertKey({recordingId, coach->id, sealed, now}));
    return m_audit.append({actor.userId(), auditActor(actor), "recording.share", "recording", recordingId,
                           AuditResult::Ok, coach->keyResetAt ? coach->id + ";key_reset_before" : coach->id});
  });
  if (!shared) return refuse(shared.error(), errorCodeName(shared.error().code));
  return shareInfo(coach->name, now, *coach);
}

Result<RevokeOutcome> Vault::revokeShare(const Session& actor, const std::string& recordingId,
                                         const std::string& coachName) {
  VS_TRY(authorizeOn(actor, Action::RevokeShare, recordingId));
  const auto refuse = [&](const Error& error, const std::string& reason) {
    (void)m_audit.append({actor.userId(), auditActor(actor), "recording.revoke_share", "recording", recordingId,
                          AuditResult::Error, reason});
    return fail(error);
  };
  const auto coach = VS_TRY(UserStore(*m_db).findByName(coachName));
  if (!coach)
    return refuse({ErrorCode::NotFound, trf("There is no user named '{}'.", shortForMessage(coachName))},
                  "no_such_user");
  const Error notShared{ErrorCode::InvalidArgument, trf("The recording is not shared with {}.", coach->name)};
  bool isRevoked = false;
  auto revoked = m_db->transaction([&]() -> Status {
    // The store never deletes the owner's own key: that would be erasure.
    isRevoked = VS_TRY(ShareStore(*m_db).revoke(recordingId, coach->id));
    if (!isRevoked) return fail(notShared);
    VS_TRY(ScrubStore(*m_db).request("share_revoked", recordingId, toUnixSeconds(m_clock.now())));
    return m_audit.append({actor.userId(), auditActor(actor), "recording.revoke_share", "recording", recordingId,
                           AuditResult::Ok, coach->id});
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
  return RevokeOutcome{VS_TRY(finishScrubs())};
}

Result<std::vector<ShareInfo>> Vault::shares(const Session& actor, const std::string& recordingId) {
  // Who may see the recording is part of who accessed it: the owner's business.
  VS_TRY(authorizeOn(actor, Action::ReadAccessLog, recordingId));
  std::vector<ShareInfo> list;
  UserStore users(*m_db);
  for (const ShareRow& row : VS_TRY(ShareStore(*m_db).sharesOf(recordingId))) {
    const auto coach = VS_TRY(users.findById(row.userId));
    list.push_back(coach ? shareInfo(row.userName, row.grantedAt, *coach)
                         : ShareInfo{row.userName, fromUnixSeconds(row.grantedAt), std::nullopt, std::nullopt});
  }
  return list;
}

Result<std::vector<AccessEntry>> Vault::accessLog(const Session& actor, const std::string& recordingId) {
  VS_TRY(authorizeOn(actor, Action::ReadAccessLog, recordingId));
  std::unordered_map<std::string, std::string> names;
  for (const UserRow& user : VS_TRY(UserStore(*m_db).all())) names.emplace(user.id, user.name);
  std::vector<AccessEntry> entries;
  for (const AuditRow& row : VS_TRY(m_audit.entriesFor("recording", recordingId))) {
    const auto name = names.find(row.actorId);
    // "system" (the sweep) and "-" (unknown) are not user ids and stay as they are.
    entries.push_back({fromUnixSeconds(row.time), name == names.end() ? row.actorId : name->second, row.actorRole,
                       row.action, row.result});
  }
  // After reading, so this look appears the next time, not in this answer.
  VS_TRY(m_audit.append(
      {actor.userId(), auditActor(actor), "recording.access_log", "recording", recordingId, AuditResult::Ok, ""}));
  return entries;
}

}  // namespace vakspiegel
