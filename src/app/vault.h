// The use-case API: what a user can do with a vault, the one entry point the
// CLI and the GUI both call. Every call that acts for a user takes the
// Session, asks the access policy first (authorize(): a denial is audited and
// returned as PermissionDenied) and audits what it did.
//
// A vault is a directory: `vault.db` (the SQLite catalog, settings, users,
// sealed keys and the audit log) and `media/` (chunked AEAD containers).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "accounts/accounts.h"
#include "audit/audit_log.h"
#include "consent/consent_record.h"
#include "consent/erasure.h"
#include "consent/privacy_report.h"
#include "consent/receipt.h"
#include "consent/retention_policy.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"
#include "media/import.h"
#include "vault/chunked_file.h"
#include "vault/keys.h"

namespace vakspiegel {

struct VaultOptions {
  // Argon2id cost for new and changed passwords (stored in the vault).
  KdfParams passwordCost = KdfParams::moderate();
  int busyTimeoutMs = 5000;
};

// What anyone logged in may know about the vault: no content, no names of
// citizens, no per-professional figures (R7).
struct VaultSummary {
  std::string vaultId;
  WallTime createdAt;
  int schemaVersion = 0;
  int usersByRole[5] = {};  // indexed by Role
  std::int64_t auditEntries = 0;
  AuditHead auditHead;
  KdfParams passwordCost;
};

// What an administrator's reset of an account would cost, said (and
// audited) before it is done: the confirmation names these numbers.
struct ResetPreview {
  UserInfo user;
  int recordingKeysLost = 0;  // recordings this user can no longer open
  int recordingsErased = 0;   // of those, recordings nobody else can open: the sweep erases them (key_lost)
  int sharesLost = 0;         // recordings of others shared with this user
};

struct ResetOutcome {
  UserInfo user;
  int recordingKeysLost = 0;  // recordings this user can no longer open
  int recordingsErased = 0;   // erased by the next sweep (key_lost)
  int sharesLost = 0;
  bool isOldKeyWiped = false;  // as in PasswordChange
};

struct PasswordChange {
  bool isOldKeyWiped = false;  // see Vault::changePassword
};

// What a klantmanager brings in: a camera file and the citizen's consent.
struct ImportRequest {
  std::filesystem::path source;
  std::string ownerName;  // empty: the importing user; klantmanagers import their own recordings
  consent::ConsentRequest consent;
  bool wipeSource = false;  // overwrite and delete the source after a verified import
  media::ImportOptions media;
};

struct ImportOutcome {
  std::string recordingId;
  consent::ConsentRecord consent;
  consent::ReceiptDocument receipt;
  media::ImportReport report;
  bool isSourceWiped = false;
  std::string wipeProblem;  // why the source was not wiped although asked, in the user's language
};

// A recording as its owner or a coach sees it in a list: metadata only.
struct RecordingInfo {
  std::string id;
  std::string ownerName;
  bool isOwn = false;
  WallTime importedAt;
  std::int64_t durationUs = 0;
  int width = 0, height = 0;
  std::string importMode;
  consent::ConsentRecord consent;  // withdrawalCode empty unless isOwn
};

// A consent record as the privacy officer or the owner looks it up by code.
struct ConsentInfo {
  consent::ConsentRecord consent;
  std::string ownerName;
  std::int64_t durationUs = 0;
};

// A recording opened for watching: its data key and the decrypting readers
// of its media and derived data (plaintext never touches the disk), each
// opened as the kind it is (a file of another kind does not open).
struct OpenedRecording {
  std::string recordingId;
  DataKey key;
  std::unique_ptr<ChunkedFileReader> media;
  std::unique_ptr<ChunkedFileReader> thumbnails, waveform, speech;  // null when the recording has none
};

// An annotation as its reader sees it (text decrypted). The text is content:
// every copy wipes it when it goes (vault/secure_bytes.h wipe()).
struct Annotation {
  std::string id;
  std::string recordingId;
  std::string authorName;
  std::int64_t positionUs = 0;
  WallTime createdAt;
  std::string text;

  Annotation() = default;
  Annotation(std::string id_, std::string recordingId_, std::string authorName_, std::int64_t positionUs_,
             WallTime createdAt_, std::string text_)
      : id(std::move(id_)),
        recordingId(std::move(recordingId_)),
        authorName(std::move(authorName_)),
        positionUs(positionUs_),
        createdAt(createdAt_),
        text(std::move(text_)) {}
  Annotation(const Annotation&) = default;
  Annotation(Annotation&&) = default;
  // The text an assignment replaces is wiped first.
  Annotation& operator=(const Annotation& other) {
    if (this != &other) {
      wipe(text);
      Annotation copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  Annotation& operator=(Annotation&& other) noexcept {
    if (this != &other) {
      wipe(text);
      id = std::move(other.id);
      recordingId = std::move(other.recordingId);
      authorName = std::move(other.authorName);
      positionUs = other.positionUs;
      createdAt = other.createdAt;
      text = std::move(other.text);
    }
    return *this;
  }
  ~Annotation() { wipe(text); }
};

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

// The privacy officer's view of one recording: metadata only (R4, R7).
struct RegistryEntry {
  std::string recordingId;
  std::string ownerName;
  WallTime recordedAt;
  WallTime registeredAt;
  std::vector<consent::Scope> scopes;
  consent::State state = consent::State::Unknown;
  WallTime retentionEnd;
  std::optional<consent::ErasureState> erasure;  // set once an erasure was requested
  std::optional<consent::ErasureReason> erasureReason;
};

struct RetentionSchedule {
  WallTime now;
  WallTime horizon;                    // now + the days asked for
  std::vector<RegistryEntry> dueSoon;  // retention ends after now, at or before horizon
  // Retention ended but not erased yet. Must always be empty: the sweep
  // erases at the end; anything here means the sweep is not running.
  std::vector<RegistryEntry> overdue;
};

class Vault {
 public:
  // Creates a vault in `dir` (created if missing, must not hold a vault yet)
  // with its first administrator. Nothing is left behind when it fails.
  // Errors: VaultExists, InvalidArgument (name/password), Io, DiskFull.
  [[nodiscard]] static Result<std::unique_ptr<Vault>> init(const std::filesystem::path& dir,
                                                           const std::string& adminName,
                                                           const std::string& adminPassword, const Clock& clock,
                                                           const VaultOptions& options = {});
  // Errors: VaultMissing, NotAVault, VaultTooNew, VaultBusy, CorruptData, Io.
  [[nodiscard]] static Result<std::unique_ptr<Vault>> open(const std::filesystem::path& dir, const Clock& clock,
                                                           int busyTimeoutMs = 5000);

  [[nodiscard]] static std::filesystem::path databaseFile(const std::filesystem::path& dir);
  [[nodiscard]] static std::filesystem::path mediaDir(const std::filesystem::path& dir);
  [[nodiscard]] static bool exists(const std::filesystem::path& dir);

  // Errors: WrongPassword, AccountLocked, AccountDisabled, VaultBusy, Io.
  [[nodiscard]] Result<Session> login(const std::string& name, const std::string& password);

  // Asks the access policy; a denial is audited (result "denied", the
  // policy's reason) and returned as PermissionDenied with a Dutch message.
  [[nodiscard]] Status authorize(const Actor& actor, Action action, const std::string& objectType,
                                 const std::string& objectId,
                                 const std::optional<RecordingFacts>& recording = std::nullopt);

  // Account management (administrator). Errors: PermissionDenied, NotFound,
  // AlreadyExists, InvalidArgument, and the store's errors. The last active
  // administrator cannot be disabled; nobody disables themself.
  [[nodiscard]] Result<UserInfo> addUser(const Session& actor, const std::string& name, Role role,
                                         const std::string& password);
  [[nodiscard]] Result<std::vector<UserInfo>> listUsers(const Session& actor);
  [[nodiscard]] Status setUserDisabled(const Session& actor, const std::string& name, bool isDisabled);
  // A reset gives the account a new key pair and a one-time password (the
  // user must choose their own before anything else, which makes another new
  // key pair); every recording key sealed to the old key pair is lost.
  // previewReset says what that costs and audits the warning; resetUser
  // needs `confirmedErasures`, the number of recordings the preview said
  // would be erased, and refuses (InvalidArgument) when that changed.
  [[nodiscard]] Result<ResetPreview> previewReset(const Session& actor, const std::string& name);
  [[nodiscard]] Result<ResetOutcome> resetUser(const Session& actor, const std::string& name,
                                               const std::string& newPassword, int confirmedErasures);
  [[nodiscard]] Status setPasswordCost(const Session& actor, const KdfParams& cost);

  // Any user, for themself; also the one thing a session with a one-time
  // password may do. Errors: WrongPassword, InvalidArgument.
  // isOldKeyWiped is false while another program holds an older snapshot of
  // the vault: the old wrapped key is then still in the database file until
  // the next sweep or open wipes it (which matters when the old password leaked).
  [[nodiscard]] Result<PasswordChange> changePassword(Session& session, const std::string& oldPassword,
                                                      const std::string& newPassword);

  // Audit (privacy officer). verify also audits that it ran and what it
  // found, and when the log is intact the privacy officer signs its head (a
  // checkpoint, audit/audit_log.h); so do the report and the certificates.
  [[nodiscard]] Result<AuditVerification> verifyAudit(const Session& actor,
                                                      const std::optional<AuditHead>& recordedHead);
  [[nodiscard]] Result<std::string> exportAuditCsv(const Session& actor);
  [[nodiscard]] Result<AuditHead> auditHead(const Session& actor);

  [[nodiscard]] Result<VaultSummary> summary(const Session& actor);

  // Recordings (app/recordings.cpp).
  // Import (klantmanager, own recordings; R1): validates the consent first,
  // then encrypts the media and its derived data into the vault as they are
  // made (plaintext never touches the disk), then commits recording, consent,
  // sealed key, files and audit entries in one transaction. A failed or
  // cancelled import leaves nothing behind: no file, no row, no key.
  // Errors: PermissionDenied, InvalidArgument (consent), VaultBusy (checked
  // before the work starts and at commit), media's errors (NotFound,
  // Unsupported, CorruptData, Cancelled), DiskFull, Io.
  [[nodiscard]] Result<ImportOutcome> importRecording(const Session& actor, const ImportRequest& request,
                                                      const media::ProgressCallback& progress = {});
  // What this user may see: own recordings, and those shared with them.
  [[nodiscard]] Result<std::vector<RecordingInfo>> listRecordings(const Session& actor);
  // By withdrawal code (any spelling normalizeWithdrawalCode accepts): the
  // privacy officer, or the owner. Audited. Errors: InvalidArgument (a
  // malformed code), NotFound, PermissionDenied.
  [[nodiscard]] Result<ConsentInfo> consentByCode(const Session& actor, const std::string& code);

  // Erasure (consent/erasure.h does the work; app/erasure.cpp).
  // A citizen's withdrawal by code (R2), registered by the privacy officer or
  // the owner: the recording is unplayable when the request is committed and
  // erased (keys, annotations, files) before this returns.
  // Errors: InvalidArgument (malformed code), NotFound, PermissionDenied, the store's.
  [[nodiscard]] Result<consent::DeletionCertificate> withdrawByCode(const Session& actor, const std::string& code);
  // The owner deletes a recording. Errors: NotFound, PermissionDenied, the store's.
  [[nodiscard]] Result<consent::DeletionCertificate> deleteRecording(const Session& actor,
                                                                     const std::string& recordingId);
  // Resumes unfinished erasures, erases what is past its retention end,
  // removes orphans and wipes deleted key material still in the database
  // files (finishScrubs). Needs no login: it never decrypts, it only erases
  // what the rules say (the systemd timer runs it as a system user).
  [[nodiscard]] Result<consent::SweepReport> sweep();

  // Watching and annotating (app/content.cpp). Each call is decided on the
  // recording (owner, or a coach it is shared with; consent in force and
  // retention not ended, even when no sweep ran yet) and audited, allowed or
  // not. Errors: NotFound, PermissionDenied, CorruptData, the store's.
  [[nodiscard]] Result<OpenedRecording> openRecording(const Session& actor, const std::string& recordingId);
  [[nodiscard]] Result<Annotation> addAnnotation(const Session& actor, const std::string& recordingId,
                                                 std::int64_t positionUs, const std::string& text);
  [[nodiscard]] Result<std::vector<Annotation>> listAnnotations(const Session& actor, const std::string& recordingId);

  // Sharing (app/sharing.cpp). The owner seals the recording's key to a named
  // coach (only with coach_review consent); revoking deletes that sealed copy
  // at once. Coaches cannot share onwards. Errors: NotFound, InvalidArgument
  // (not a coach, disabled, already shared / not shared), PermissionDenied.
  // Sharing is refused (InvalidArgument, audited "coach_password_not_own")
  // while the coach still has an administrator's one-time password: no key
  // is sealed to a key pair the administrator could unwrap.
  [[nodiscard]] Result<ShareInfo> shareRecording(const Session& actor, const std::string& recordingId,
                                                 const std::string& coachName);
  [[nodiscard]] Result<RevokeOutcome> revokeShare(const Session& actor, const std::string& recordingId,
                                                  const std::string& coachName);
  [[nodiscard]] Result<std::vector<ShareInfo>> shares(const Session& actor, const std::string& recordingId);
  // Every audited access to the owner's recording (R8), oldest first.
  [[nodiscard]] Result<std::vector<AccessEntry>> accessLog(const Session& actor, const std::string& recordingId);

  // The privacy officer's tools (app/registry.cpp): metadata only, audited.
  [[nodiscard]] Result<std::vector<RegistryEntry>> registry(const Session& actor,
                                                            std::optional<consent::State> state = std::nullopt);
  [[nodiscard]] Result<RetentionSchedule> retentionSchedule(const Session& actor, int days = 7);
  [[nodiscard]] Result<std::vector<consent::DeletionCertificate>> certificates(const Session& actor);
  [[nodiscard]] Result<consent::PrivacyReport> privacyReport(const Session& actor);

  [[nodiscard]] Result<consent::RetentionPolicy> retentionPolicy();
  // Administrator. Errors: PermissionDenied, InvalidArgument (bounds).
  [[nodiscard]] Status setRetentionPolicy(const Session& actor, consent::Weeks defaultRetention,
                                          consent::Weeks maximum);

  // What the access policy needs to know about a recording (owner, coaches
  // holding a key, coach_review consent, whether consent is in force now:
  // given, no erasure requested, retention not ended). Errors: NotFound.
  [[nodiscard]] Result<RecordingFacts> recordingFacts(const std::string& recordingId);
  // The erasure journal of this vault, without an access check: for the
  // sweep, recovery and tests. Users erase through withdrawByCode and
  // deleteRecording, which decide who may.
  [[nodiscard]] consent::Eraser eraser();

  [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }
  [[nodiscard]] Database& database() { return *m_db; }
  [[nodiscard]] AuditLog& audit() { return m_audit; }

 private:
  Vault(std::filesystem::path dir, std::unique_ptr<Database> db, const Clock& clock, KdfParams cost);
  [[nodiscard]] Result<UserInfo> requireUser(const std::string& name);
  // Pending WAL scrubs (store/scrub_store.h): when there are any, a
  // checkpoint; when it completed, they are cleared and that is audited.
  // Returns whether none is left.
  [[nodiscard]] Result<bool> finishScrubs();
  // After a verification that found the log intact, the privacy officer's
  // signature over its head.
  [[nodiscard]] Status signAuditHead(const Session& actor, const AuditVerification& verification);
  [[nodiscard]] static AuditVerifier auditVerifier(const Session& actor);
  // authorize() on a recording: facts, decide, audit a denial.
  [[nodiscard]] Status authorizeOn(const Session& actor, Action action, const std::string& recordingId);

  std::filesystem::path m_dir;
  std::unique_ptr<Database> m_db;
  const Clock& m_clock;
  AuditLog m_audit;
  Accounts m_accounts;
};

// The host name, recorded as the workstation in audit entries.
[[nodiscard]] std::string workstationName();

}  // namespace vakspiegel
