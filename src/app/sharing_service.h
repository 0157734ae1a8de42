// Sharing a recording with a coach, and the owner's view of who accessed it
// (R4, R8): the owner seals the recording's data key to a named coach (only
// with coach_review consent) and can take that back at once. Coaches cannot
// share onwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "core/clock.h"
#include "core/error.h"

namespace vakspiegel {

// One line of a recording's access log (R8): who did what with it, when.
struct AccessEntry {
  WallTime time;
  std::string actorName;  // "system" for the sweep; "-" for an unknown actor
  std::string actorRole;
  std::string action;  // the audit action, e.g. "recording.play"
  std::string result;  // ok | denied | error
};

// A share taken back: the coach can no longer open the recording at once.
// isKeyWiped is false while another program holds an older snapshot of the
// vault open, so the coach's sealed copy is still in the database file; the
// next sweep or open wipes it.
struct RevokeOutcome {
  bool isKeyWiped = false;
};

// The coaches a recording is shared with, and what the owner should know
// about the coach's key: an administrator's reset replaced it on a date, and
// whether the coach chose their own password (a new key pair) since.
struct ShareInfo {
  std::string coachName;
  WallTime grantedAt;
  std::optional<WallTime> keyResetAt;
  std::optional<WallTime> ownPasswordSince;
};

class SharingService {
 public:
  explicit SharingService(Vault& vault);

  // Errors: NotFound, InvalidArgument (not a coach, disabled, already shared
  // / not shared), PermissionDenied. Sharing is refused (InvalidArgument,
  // audited "coach_password_not_own") while the coach still has an
  // administrator's one-time password: no key is sealed to a key pair the
  // administrator could unwrap.
  [[nodiscard]] Result<ShareInfo> shareRecording(const Session& actor, const std::string& recordingId,
                                                 const std::string& coachName);
  [[nodiscard]] Result<RevokeOutcome> revokeShare(const Session& actor, const std::string& recordingId,
                                                  const std::string& coachName);
  [[nodiscard]] Result<std::vector<ShareInfo>> shares(const Session& actor, const std::string& recordingId);
  // Every audited access to the owner's recording (R8), oldest first. The
  // action's words for people: audit/audit_actions.h displayName().
  [[nodiscard]] Result<std::vector<AccessEntry>> accessLog(const Session& actor, const std::string& recordingId);

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
