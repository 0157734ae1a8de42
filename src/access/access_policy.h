// The one access-policy function (product.md, "Users and what each may do").
// Every use-case call asks decide() before it touches anything; a denial is
// audited by the caller (Vault::authorize). Pure: no I/O, no clock, so the
// whole role x action matrix is tested table-driven.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vakspiegel {

enum class Role { Unknown = 0, Klantmanager, Coach, PrivacyOfficer, Administrator };

// Stable names, as stored in the database and shown in the audit log.
[[nodiscard]] std::string_view roleName(Role role);
[[nodiscard]] Role roleFromName(std::string_view name);  // Unknown when not a role
// The role in the user's language, e.g. "klantmanager", "privacy officer (FG)".
[[nodiscard]] std::string roleDisplayName(Role role);

enum class Action {
  Unknown = 0,
  // Recording content (need a recording)
  Play,               // decrypt and watch media, thumbnails, waveform
  Annotate,           // add or change own annotations, reflections
  ReadAnnotations,    // read annotation text
  MakeFragments,      // fragments and review sessions
  ManageGoals,        // learning goals linked to moments
  ExportAnnotations,  // export annotations (never media)
  ExportMedia,        // raw media out of the vault: nobody (R5)
  // Recording administration (need a recording)
  RegisterConsent,
  Share,              // seal the key to a named coach
  RevokeShare,
  ReadAccessLog,      // who accessed this recording (R8)
  Erase,              // the owner deletes the recording
  // Without a recording
  ImportRecording,
  ListRecordings,     // what the actor may see (filtered per recording)
  ReadRegistry,       // consent registry and retention schedule, metadata only
  WithdrawByCode,     // a citizen's withdrawal
  ReadAudit,          // read and export the audit log
  VerifyAudit,
  PrintCertificates,  // deletion certificates and privacy reports
  ManageUsers,        // add, disable, reset accounts
  ManagePolicy,       // retention bounds, password cost
  ManageCodingSchemes,
};

[[nodiscard]] std::string_view actionName(Action action);
// Every action, for tests and documentation.
[[nodiscard]] const std::vector<Action>& allActions();
[[nodiscard]] bool actionNeedsRecording(Action action);

struct Actor {
  std::string userId;
  Role role = Role::Unknown;
  // Logged in with the one-time password of an administrator's reset: may do
  // nothing but choose their own password (accounts.h).
  bool mustChangePassword = false;
};

// What the policy needs to know about a recording.
struct RecordingFacts {
  std::string ownerId;
  std::vector<std::string> sharedWith;  // coaches holding a sealed key
  bool hasCoachReviewConsent = false;
  // Consent given and in force: not withdrawn, not past retention, not being erased.
  bool isUsable = false;
};

struct Decision {
  bool isAllowed = false;
  std::string_view reason;  // stable English code for the audit log, e.g. "not_owner"
};

// `recording` is required for actions that need one; without it they are
// denied. An actor who must still choose their own password is denied
// everything ("password_change_required").
[[nodiscard]] Decision decide(const Actor& actor, Action action,
                              const std::optional<RecordingFacts>& recording = std::nullopt);

}  // namespace vakspiegel
