// The use-case API; see vault.h. Each use case: authorize, act, audit, in
// that order, with the action and its audit entry in one transaction.
#include "app/vault.h"

#include "app/app_support.h"

#include <unistd.h>

#include <array>
#include <system_error>

#include "core/i18n.h"
#include "core/ids.h"
#include "core/sync_directory.h"
#include "store/scrub_store.h"
#include "store/user_store.h"

namespace vakspiegel {
namespace fs = std::filesystem;
using app_support::auditActor;
using app_support::parseUnsigned;

namespace {

constexpr const char* kSettingVaultId = "vault_id";
constexpr const char* kSettingCreatedAt = "created_at";
constexpr const char* kSettingKdfOps = "kdf_ops";
constexpr const char* kSettingKdfMem = "kdf_mem";

Error ioError(const std::error_code& ec, const fs::path& path) {
  if (ec == std::errc::no_space_on_device)
    return {ErrorCode::DiskFull, trf("The disk is full; nothing was changed ({}).", path.string())};
  if (ec == std::errc::permission_denied)
    return {ErrorCode::Io, trf("No permission to write in {}.", path.string())};
  return {ErrorCode::Io, trf("Could not create {}: {}.", path.string(), ec.message())};
}

}  // namespace

std::string workstationName() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "unknown";
  return name.data();
}

fs::path Vault::databaseFile(const fs::path& dir) { return dir / "vault.db"; }
fs::path Vault::mediaDir(const fs::path& dir) { return dir / "media"; }

bool Vault::exists(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(databaseFile(dir), ec);
}

Vault::Vault(fs::path dir, std::unique_ptr<Database> db, const Clock& clock, KdfParams cost)
    : m_dir(std::move(dir)),
      m_db(std::move(db)),
      m_clock(clock),
      m_audit(*m_db, clock, workstationName(), VAKSPIEGEL_VERSION),
      m_accounts(*m_db, m_audit, clock, cost) {}

Result<std::unique_ptr<Vault>> Vault::init(const fs::path& dir, const std::string& adminName,
                                           const std::string& adminPassword, const Clock& clock,
                                           const VaultOptions& options) {
  // Validate before anything touches the disk.
  VS_TRY(validateUserName(adminName));
  VS_TRY(validateNewPassword(adminPassword));
  if (exists(dir))
    return fail(ErrorCode::VaultExists, trf("There is already a vault in {}. Nothing was changed.", dir.string()));

  std::error_code ec;
  const bool isNewDir = !fs::exists(dir, ec);
  fs::create_directories(mediaDir(dir), ec);
  if (ec) return fail(ioError(ec, dir));
  // Only the owner may look inside (the .deb's system install adds a group).
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  // The database is built under a temporary name and renamed when complete,
  // so an init that is killed half-way never leaves a vault without its
  // administrator; the next init removes the leftover.
  const fs::path building = databaseFile(dir).string() + ".init";
  Database::removeFiles(building);

  const Status built = [&]() -> Status {
    auto db = VS_TRY(Database::create(building, DatabaseOptions{options.busyTimeoutMs, 0}));
    Vault vault(dir, std::move(db), clock, options.passwordCost);
    const std::string vaultId = newUuid();
    VS_TRY(vault.m_db->transaction([&]() -> Status {
      SettingsStore settings(*vault.m_db);
      VS_TRY(settings.set(kSettingVaultId, vaultId));
      VS_TRY(settings.set(kSettingCreatedAt, std::to_string(toUnixSeconds(clock.now()))));
      VS_TRY(settings.set(kSettingKdfOps, std::to_string(options.passwordCost.opsLimit)));
      VS_TRY(settings.set(kSettingKdfMem, std::to_string(options.passwordCost.memLimitBytes)));
      return vault.m_audit.append({"system", "system", "vault.init", "vault", vaultId, AuditResult::Ok, ""});
    }));
    // The first administrator types their own password.
    VS_TRY(
        vault.m_accounts.create(adminName, Role::Administrator, adminPassword, "system", "system", PasswordKind::Own));
    // Closing then leaves everything in the main file.
    if (!VS_TRY(vault.m_db->checkpointTruncate()))
      return fail(ErrorCode::VaultBusy, tr("The vault is in use by another program (for example the sweep). Try "
                                           "again in a moment."));
    return {};
  }();
  if (built) {
    // A hard link fails when vault.db appeared meanwhile (another init):
    // a vault is never replaced. Then the directory is synced so the new
    // name survives a power cut.
    fs::create_hard_link(building, databaseFile(dir), ec);
    if (ec) {
      Database::removeFiles(building);
      if (ec == std::errc::file_exists)
        return fail(ErrorCode::VaultExists, trf("There is already a vault in {}. Nothing was changed.", dir.string()));
      return fail(ioError(ec, databaseFile(dir)));
    }
    fs::remove(building, ec);
    syncDirectory(dir);
    fs::permissions(databaseFile(dir), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    auto opened = open(dir, clock, options.busyTimeoutMs);
    if (opened) return opened;
    Database::removeFiles(databaseFile(dir));
    return fail(opened.error());
  }
  // Leave nothing half-made behind: a later init must be able to start over.
  Database::removeFiles(building);
  fs::remove(mediaDir(dir), ec);
  if (isNewDir) fs::remove(dir, ec);
  return fail(built.error());
}

Result<std::unique_ptr<Vault>> Vault::open(const fs::path& dir, const Clock& clock, int busyTimeoutMs) {
  if (!exists(dir))
    return fail(ErrorCode::VaultMissing,
                trf("There is no vault in {}. Create one with 'vakspiegel-cli init' or give the right --vault.",
                    dir.string()));
  auto db = VS_TRY(Database::open(databaseFile(dir), DatabaseOptions{busyTimeoutMs, 0}));
  SettingsStore settings(*db);
  const auto ops = parseUnsigned(VS_TRY(settings.get(kSettingKdfOps)));
  const auto mem = parseUnsigned(VS_TRY(settings.get(kSettingKdfMem)));
  if (!ops || !mem)
    return fail(ErrorCode::CorruptData,
                trf("The vault in {} is damaged: its password settings are missing.", dir.string()));
  std::error_code ec;
  fs::create_directories(mediaDir(dir), ec);  // a vault copied without its empty media folder
  std::unique_ptr<Vault> vault(new Vault(dir, std::move(db), clock, KdfParams{*ops, *mem}));
  // Finish what a killed process left unfinished, and re-apply the erasure
  // ledger (a restored older database must not bring an erased recording
  // back). A failure here does not keep the vault shut: the sweep retries
  // and reports it.
  (void)vault->eraser().recover();
  (void)vault->finishScrubs();
  return vault;
}

Result<bool> Vault::finishScrubs() {
  ScrubStore scrubs(*m_db);
  const std::int64_t newest = VS_TRY(scrubs.newest());
  if (newest == 0) return true;
  if (!VS_TRY(m_db->checkpointTruncate())) return false;
  VS_TRY(m_db->transaction([&]() -> Status {
    const int cleared = VS_TRY(scrubs.clearUpTo(newest));
    if (cleared == 0) return {};  // another process was first
    return m_audit.append(
        {"system", "system", "vault.scrubbed", "vault", "-", AuditResult::Ok, fmt::format("count={}", cleared)});
  }));
  return VS_TRY(scrubs.newest()) == 0;
}

Result<Session> Vault::login(const std::string& name, const std::string& password) {
  return m_accounts.login(name, password);
}

Status Vault::authorize(const Actor& actor, Action action, const std::string& objectType,
                        const std::string& objectId, const std::optional<RecordingFacts>& recording) {
  const Decision decision = decide(actor, action, recording);
  if (decision.isAllowed) return {};
  VS_TRY(m_audit.append({actor.userId.empty() ? "-" : actor.userId, std::string(roleName(actor.role)),
                         std::string(actionName(action)), objectType, shortForMessage(objectId), AuditResult::Denied,
                         std::string(decision.reason)}));
  if (actor.mustChangePassword)
    return fail(ErrorCode::PermissionDenied,
                tr("Your password was set by the administrator and works only until you choose your own. Choose it "
                   "first (in the workstation, or with 'vakspiegel-cli user passwd'); until then you can do "
                   "nothing else."));
  return fail(ErrorCode::PermissionDenied,
              trf("As {} you may not do this ({}). The attempt was recorded in the audit log.",
                  roleDisplayName(actor.role), actionName(action)));
}

Result<UserInfo> Vault::requireUser(const std::string& name) {
  auto found = VS_TRY(m_accounts.findByName(name));
  if (!found) return fail(ErrorCode::NotFound, trf("There is no user named '{}'.", shortForMessage(name)));
  return *found;
}

Result<UserInfo> Vault::addUser(const Session& actor, const std::string& name, Role role,
                                const std::string& password) {
  VS_TRY(authorize(actor.actor(), Action::ManageUsers, "user", name));
  if (role == Role::Unknown) return fail(ErrorCode::InvalidArgument, tr("Choose a role for the new user."));
  return m_accounts.create(name, role, password, actor.userId(), auditActor(actor));
}

Result<std::vector<UserInfo>> Vault::listUsers(const Session& actor) {
  VS_TRY(authorize(actor.actor(), Action::ManageUsers, "user", "-"));
  return m_accounts.list();
}

Status Vault::setUserDisabled(const Session& actor, const std::string& name, bool isDisabled) {
  VS_TRY(authorize(actor.actor(), Action::ManageUsers, "user", name));
  const UserInfo user = VS_TRY(requireUser(name));
  if (user.id == actor.userId() && isDisabled)
    return fail(ErrorCode::InvalidArgument, tr("You cannot disable your own account."));
  UserStore users(*m_db);
  return m_db->transaction([&]() -> Status {
    if (isDisabled && user.role == Role::Administrator && !user.isDisabled) {
      const int admins = VS_TRY(users.countActiveWithRole(std::string(roleName(Role::Administrator))));
      if (admins <= 1)
        return fail(ErrorCode::InvalidArgument,
                    tr("This is the last active administrator; add another administrator first."));
    }
    VS_TRY(m_accounts.setDisabled(user.id, isDisabled));
    const bool liftsLock = !isDisabled && user.lockedUntil.has_value();
    return m_audit.append({actor.userId(), auditActor(actor), isDisabled ? "user.disable" : "user.enable", "user",
                           user.id, AuditResult::Ok, liftsLock ? "lock_lifted" : ""});
  });
}

Result<ResetPreview> Vault::previewReset(const Session& actor, const std::string& name) {
  VS_TRY(authorize(actor.actor(), Action::ManageUsers, "user", name));
  const UserInfo user = VS_TRY(requireUser(name));
  const ResetImpact impact = VS_TRY(m_accounts.resetImpact(user.id));
  VS_TRY(m_audit.append({actor.userId(), auditActor(actor), "user.reset_preview", "user", user.id, AuditResult::Ok,
                         fmt::format("keys_lost={} erase={} shares_lost={}", impact.recordingKeysLost,
                                     impact.recordingsErased, impact.sharesLost)}));
  return ResetPreview{user, impact.recordingKeysLost, impact.recordingsErased, impact.sharesLost};
}

Result<ResetOutcome> Vault::resetUser(const Session& actor, const std::string& name, const std::string& newPassword,
                                      int confirmedErasures) {
  VS_TRY(authorize(actor.actor(), Action::ManageUsers, "user", name));
  const UserInfo user = VS_TRY(requireUser(name));
  if (user.id == actor.userId())
    return fail(ErrorCode::InvalidArgument, tr("You cannot reset your own account; change your password instead."));
  ResetOutcome outcome;
  VS_TRY(m_db->transaction([&]() -> Status {
    const ResetImpact impact = VS_TRY(m_accounts.reset(user.id, newPassword, confirmedErasures));
    outcome.recordingKeysLost = impact.recordingKeysLost;
    outcome.recordingsErased = impact.recordingsErased;
    outcome.sharesLost = impact.sharesLost;
    // Each recording's owner sees in its access log (R8) that a key to it went.
    for (const HeldKey& key : impact.keys)
      VS_TRY(m_audit.append({actor.userId(), auditActor(actor), "recording.key_dropped", "recording", key.recordingId,
                             AuditResult::Ok, key.isOwner ? "owner_reset" : "coach_reset"}));
    return m_audit.append({actor.userId(), auditActor(actor), "user.reset", "user", user.id, AuditResult::Ok,
                           fmt::format("keys_lost={} erase={} shares_lost={}", impact.recordingKeysLost,
                                       impact.recordingsErased, impact.sharesLost)});
  }));
  outcome.isOldKeyWiped = VS_TRY(finishScrubs());
  outcome.user = VS_TRY(requireUser(name));
  return outcome;
}

Status Vault::setPasswordCost(const Session& actor, const KdfParams& cost) {
  VS_TRY(authorize(actor.actor(), Action::ManagePolicy, "vault", "password_cost"));
  if (cost.opsLimit < KdfParams::interactive().opsLimit || cost.memLimitBytes < KdfParams::interactive().memLimitBytes)
    return fail(ErrorCode::InvalidArgument, tr("The password cost cannot be set below libsodium's interactive level."));
  VS_TRY(m_db->transaction([&]() -> Status {
    SettingsStore settings(*m_db);
    VS_TRY(settings.set(kSettingKdfOps, std::to_string(cost.opsLimit)));
    VS_TRY(settings.set(kSettingKdfMem, std::to_string(cost.memLimitBytes)));
    return m_audit.append({actor.userId(), auditActor(actor), "policy.password_cost", "vault", "-", AuditResult::Ok,
                           fmt::format("ops={} mem={}", cost.opsLimit, cost.memLimitBytes)});
  }));
  m_accounts.setPolicy(cost);
  return {};
}

Result<PasswordChange> Vault::changePassword(Session& session, const std::string& oldPassword,
                                             const std::string& newPassword) {
  VS_TRY(m_accounts.changePassword(session, oldPassword, newPassword));
  // The old wrapped key must not linger in the database files; when another
  // program blocks that, the sweep retries, and the caller says so.
  return PasswordChange{VS_TRY(finishScrubs())};
}

Result<AuditVerification> Vault::verifyAudit(const Session& actor, const std::optional<AuditHead>& recordedHead) {
  VS_TRY(authorize(actor.actor(), Action::VerifyAudit, "audit_log", "-"));
  AuditVerification result = VS_TRY(m_audit.verify(recordedHead, auditVerifier(actor)));
  VS_TRY(signAuditHead(actor, result));
  // Recorded after the check, so the entry itself is not part of what was checked.
  VS_TRY(m_audit.append({actor.userId(), auditActor(actor), "audit.verify", "audit_log", "-",
                         result.isIntact ? AuditResult::Ok : AuditResult::Error,
                         result.isIntact ? "" : "first_bad_seq=" + std::to_string(result.firstBadSeq.value_or(0))}));
  return result;
}

Status Vault::signAuditHead(const Session& actor, const AuditVerification& verification) {
  // Never a signature over a log that does not verify.
  if (!verification.isIntact || actor.role() != Role::PrivacyOfficer || actor.mustChangePassword()) return {};
  VS_TRY(m_audit.signHead(actor.userId(), auditActor(actor), SigningKeyPair::derive(actor.keys()), verification));
  return {};
}

AuditVerifier Vault::auditVerifier(const Session& actor) {
  return {actor.userId(), SigningKeyPair::derive(actor.keys()).publicKey()};
}

Result<std::string> Vault::exportAuditCsv(const Session& actor) {
  VS_TRY(authorize(actor.actor(), Action::ReadAudit, "audit_log", "-"));
  VS_TRY(m_audit.append({actor.userId(), auditActor(actor), "audit.export", "audit_log", "-", AuditResult::Ok, ""}));
  return m_audit.exportCsv();
}

Result<AuditHead> Vault::auditHead(const Session& actor) {
  VS_TRY(authorize(actor.actor(), Action::ReadAudit, "audit_log", "-"));
  return m_audit.head();
}

Result<VaultSummary> Vault::summary(const Session& actor) {
  // Any logged-in user (the summary holds no content and no names), once
  // they have a password of their own.
  if (actor.mustChangePassword()) VS_TRY(authorize(actor.actor(), Action::Unknown, "vault", "-"));
  VaultSummary s;
  SettingsStore settings(*m_db);
  s.vaultId = VS_TRY(settings.get(kSettingVaultId)).value_or("-");
  s.createdAt = fromUnixSeconds(static_cast<std::int64_t>(parseUnsigned(VS_TRY(settings.get(kSettingCreatedAt))).value_or(0)));
  s.schemaVersion = m_db->schemaVersion();
  for (const UserInfo& user : VS_TRY(m_accounts.list()))
    if (!user.isDisabled) ++s.usersByRole[static_cast<int>(user.role)];
  s.auditHead = VS_TRY(m_audit.head());
  s.auditEntries = s.auditHead.seq;
  s.passwordCost = m_accounts.policy();
  return s;
}

}  // namespace vakspiegel
