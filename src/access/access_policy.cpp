// The rules of product.md's role table, written out once. Deny by default:
// every path that is not explicitly allowed ends in a denial with a reason.
#include "access/access_policy.h"

#include <algorithm>

#include "core/i18n.h"

namespace vakspiegel {

std::string_view roleName(Role role) {
  switch (role) {
    case Role::Klantmanager: return "klantmanager";
    case Role::Coach: return "coach";
    case Role::PrivacyOfficer: return "privacy_officer";
    case Role::Administrator: return "administrator";
    case Role::Unknown: break;
  }
  return "unknown";
}

Role roleFromName(std::string_view name) {
  for (Role role : {Role::Klantmanager, Role::Coach, Role::PrivacyOfficer, Role::Administrator})
    if (roleName(role) == name) return role;
  return Role::Unknown;
}

std::string roleDisplayName(Role role) {
  switch (role) {
    case Role::Klantmanager: return tr("client manager");
    case Role::Coach: return tr("coach");
    case Role::PrivacyOfficer: return tr("privacy officer");
    case Role::Administrator: return tr("administrator");
    case Role::Unknown: break;
  }
  return tr("unknown role");
}

std::string_view actionName(Action action) {
  switch (action) {
    case Action::Play: return "play";
    case Action::Annotate: return "annotate";
    case Action::ReadAnnotations: return "read_annotations";
    case Action::MakeFragments: return "make_fragments";
    case Action::ManageGoals: return "manage_goals";
    case Action::ExportAnnotations: return "export_annotations";
    case Action::ExportMedia: return "export_media";
    case Action::RegisterConsent: return "register_consent";
    case Action::Share: return "share";
    case Action::RevokeShare: return "revoke_share";
    case Action::ReadAccessLog: return "read_access_log";
    case Action::Erase: return "erase";
    case Action::ImportRecording: return "import";
    case Action::ListRecordings: return "list_recordings";
    case Action::ReadRegistry: return "read_registry";
    case Action::WithdrawByCode: return "withdraw";
    case Action::ReadAudit: return "read_audit";
    case Action::VerifyAudit: return "verify_audit";
    case Action::PrintCertificates: return "print_certificates";
    case Action::ManageUsers: return "manage_users";
    case Action::ManagePolicy: return "manage_policy";
    case Action::ManageCodingSchemes: return "manage_coding_schemes";
    case Action::Unknown: break;
  }
  return "unknown";
}

const std::vector<Action>& allActions() {
  static const std::vector<Action> actions = {
      Action::Play,           Action::Annotate,          Action::ReadAnnotations, Action::MakeFragments,
      Action::ManageGoals,    Action::ExportAnnotations, Action::ExportMedia,     Action::RegisterConsent,
      Action::Share,          Action::RevokeShare,       Action::ReadAccessLog,   Action::Erase,
      Action::ImportRecording, Action::ListRecordings,   Action::ReadRegistry,    Action::WithdrawByCode,
      Action::ReadAudit,      Action::VerifyAudit,       Action::PrintCertificates, Action::ManageUsers,
      Action::ManagePolicy,   Action::ManageCodingSchemes};
  return actions;
}

bool actionNeedsRecording(Action action) {
  switch (action) {
    case Action::Play:
    case Action::Annotate:
    case Action::ReadAnnotations:
    case Action::MakeFragments:
    case Action::ManageGoals:
    case Action::ExportAnnotations:
    case Action::ExportMedia:
    case Action::RegisterConsent:
    case Action::Share:
    case Action::RevokeShare:
    case Action::ReadAccessLog:
    case Action::Erase:
      return true;
    default:
      return false;
  }
}

namespace {

constexpr Decision allow(std::string_view reason) { return {true, reason}; }
constexpr Decision deny(std::string_view reason) { return {false, reason}; }

bool isSharedWith(const RecordingFacts& r, const std::string& userId) {
  return std::find(r.sharedWith.begin(), r.sharedWith.end(), userId) != r.sharedWith.end();
}

Decision decideOnRecording(const Actor& actor, Action action, const RecordingFacts& r) {
  const bool isOwner = actor.role == Role::Klantmanager && !actor.userId.empty() && r.ownerId == actor.userId;
  const bool isCoach = actor.role == Role::Coach && isSharedWith(r, actor.userId) && r.hasCoachReviewConsent;

  switch (action) {
    case Action::ExportMedia:
      return deny("no_media_export");  // R5: nobody exports raw media
    case Action::Play:
    case Action::Annotate:
    case Action::ReadAnnotations:
    case Action::MakeFragments:
      if (!isOwner && !isCoach) return deny(actor.role == Role::Coach ? "not_shared" : "not_owner");
      return r.isUsable ? allow(isOwner ? "owner" : "shared_coach") : deny("consent_not_in_force");
    case Action::ManageGoals:
    case Action::ExportAnnotations:
      if (!isOwner) return deny("not_owner");
      return r.isUsable ? allow("owner") : deny("consent_not_in_force");
    case Action::Share:
      if (!isOwner) return deny("not_owner");
      if (!r.hasCoachReviewConsent) return deny("no_coach_review_consent");
      return r.isUsable ? allow("owner") : deny("consent_not_in_force");
    case Action::RegisterConsent:
    case Action::RevokeShare:
    case Action::ReadAccessLog:
    case Action::Erase:
      // Also allowed when consent is no longer in force: taking access away,
      // seeing who looked and deleting must always remain possible.
      return isOwner ? allow("owner") : deny("not_owner");
    default:
      return deny("not_a_recording_action");
  }
}

}  // namespace

Decision decide(const Actor& actor, Action action, const std::optional<RecordingFacts>& recording) {
  if (actor.role == Role::Unknown || actor.userId.empty()) return deny("unknown_actor");
  // After a reset the administrator knows the password: nothing but a
  // password of the user's own (which also makes a new key pair) is allowed.
  if (actor.mustChangePassword) return deny("password_change_required");
  if (actionNeedsRecording(action)) {
    if (!recording) return deny("no_recording");
    return decideOnRecording(actor, action, *recording);
  }
  switch (action) {
    case Action::ImportRecording:
      return actor.role == Role::Klantmanager ? allow("klantmanager") : deny("role");
    case Action::ListRecordings:
      return actor.role == Role::Klantmanager || actor.role == Role::Coach ? allow("own_or_shared") : deny("role");
    case Action::ReadRegistry:
    case Action::ReadAudit:
    case Action::VerifyAudit:
    case Action::PrintCertificates:
      return actor.role == Role::PrivacyOfficer ? allow("privacy_officer") : deny("role");
    case Action::WithdrawByCode:
      // The owner may also register a withdrawal; that path checks ownership
      // of the recording the code belongs to (decide with Action::Erase).
      return actor.role == Role::PrivacyOfficer || actor.role == Role::Klantmanager ? allow("withdraw")
                                                                                     : deny("role");
    case Action::ManageUsers:
    case Action::ManagePolicy:
    case Action::ManageCodingSchemes:
      return actor.role == Role::Administrator ? allow("administrator") : deny("role");
    default:
      return deny("unknown_action");
  }
}

}  // namespace vakspiegel
