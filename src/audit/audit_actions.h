// Every action the audit log records, named once, with the words a person
// reads for it: the owner's access log (R8), the privacy officer's audit
// viewer and the CLI show the same Dutch text. The stored names are stable
// (they are in every vault's chain); a refusal by the access policy is
// stored under the policy's action name (access/access_policy.h actionName).
#pragma once

#include <string>
#include <string_view>

namespace vakspiegel::audit_action {

// Vault and accounts
inline constexpr char kVaultInit[] = "vault.init";
inline constexpr char kVaultScrubbed[] = "vault.scrubbed";
inline constexpr char kLogin[] = "login";
inline constexpr char kAccountLock[] = "account.lock";
inline constexpr char kAccountRewrap[] = "account.rewrap";
inline constexpr char kAccountPassword[] = "account.password";
inline constexpr char kAccountIntegrity[] = "account.integrity";
inline constexpr char kUserAdd[] = "user.add";
inline constexpr char kUserDisable[] = "user.disable";
inline constexpr char kUserEnable[] = "user.enable";
inline constexpr char kUserResetPreview[] = "user.reset_preview";
inline constexpr char kUserReset[] = "user.reset";
inline constexpr char kPolicyPasswordCost[] = "policy.password_cost";
inline constexpr char kPolicyRetention[] = "policy.retention";
inline constexpr char kPolicyLockTimeout[] = "policy.lock_timeout";

// A recording and its content
inline constexpr char kRecordingImport[] = "recording.import";
inline constexpr char kRecordingWipeSource[] = "recording.wipe_source";
inline constexpr char kConsentRegister[] = "consent.register";
inline constexpr char kConsentShow[] = "consent.show";
inline constexpr char kRecordingPlay[] = "recording.play";
inline constexpr char kRecordingCover[] = "recording.cover";
inline constexpr char kAnnotationAdd[] = "annotation.add";
inline constexpr char kAnnotationRead[] = "annotation.read";
inline constexpr char kAnnotationEdit[] = "annotation.edit";
inline constexpr char kAnnotationDelete[] = "annotation.delete";
inline constexpr char kRecordingShare[] = "recording.share";
inline constexpr char kRecordingRevokeShare[] = "recording.revoke_share";
inline constexpr char kRecordingAccessLog[] = "recording.access_log";
inline constexpr char kRecordingKeyDropped[] = "recording.key_dropped";
inline constexpr char kRecordingIntegrity[] = "recording.integrity";

// Erasure (consent/erasure.h) and the sweep
inline constexpr char kRecordingEraseRequested[] = "recording.erase_requested";
inline constexpr char kRecordingKeysDestroyed[] = "recording.keys_destroyed";
inline constexpr char kRecordingFilesRemoved[] = "recording.files_removed";
inline constexpr char kRecordingErased[] = "recording.erased";
inline constexpr char kLedgerDamaged[] = "ledger.damaged";
inline constexpr char kSweepOrphanKeys[] = "sweep.orphan_keys";
inline constexpr char kSweepOrphanFiles[] = "sweep.orphan_files";

// The privacy officer's tools
inline constexpr char kRegistryList[] = "registry.list";
inline constexpr char kRegistrySchedule[] = "registry.schedule";
inline constexpr char kCertificatesList[] = "certificates.list";
inline constexpr char kReportPrint[] = "report.print";
inline constexpr char kAuditVerify[] = "audit.verify";
inline constexpr char kAuditExport[] = "audit.export";
inline constexpr char kAuditCheckpoint[] = "audit.checkpoint";

// What `action` (a stored audit action, or an access-policy action name for
// a refusal) means, in the user's language, e.g. "opened to watch" for
// recording.play and "open to watch" for a refused play. An action this list
// does not know is returned as it is stored.
[[nodiscard]] std::string displayName(std::string_view action);

}  // namespace vakspiegel::audit_action
