// Creating, opening and logging in to a vault; see vault.h.
#include "app/vault.h"

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <system_error>

#include "app/internal/vault_context.h"
#include "app/vault_location.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "core/shared_files.h"
#include "core/sync_directory.h"
#include "store/user_store.h"

namespace vakspiegel {
namespace fs = std::filesystem;
using detail::parseUnsigned;
using detail::VaultContext;

namespace {

Error ioError(const std::error_code& ec, const fs::path& path) {
  if (ec == std::errc::no_space_on_device)
    return {ErrorCode::DiskFull, trf("The disk is full; nothing was changed ({}).", path.string())};
  if (ec == std::errc::permission_denied) return {ErrorCode::Io, trf("No permission to write in {}.", path.string())};
  return {ErrorCode::Io, trf("Could not create {}: {}.", path.string(), ec.message())};
}

}  // namespace

std::string workstationName() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "unknown";
  return name.data();
}

std::vector<StorageLibrary> storageLibraries() {
  return {{"libsodium", sodium_version_string()}, {"sqlite", Database::libraryVersion()}};
}

fs::path Vault::databaseFile(const fs::path& dir) {
  return dir / "vault.db";
}
fs::path Vault::mediaDir(const fs::path& dir) {
  return dir / "media";
}

bool Vault::exists(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(databaseFile(dir), ec);
}

Vault::Vault(std::unique_ptr<VaultContext> context) : m_context(std::move(context)) {}
Vault::~Vault() = default;

const fs::path& Vault::dir() const {
  return m_context->dir;
}

const Clock& Vault::clock() const {
  return m_context->clock;
}

Result<std::unique_ptr<Vault>> Vault::init(const fs::path& dir, const std::string& adminName,
                                           const std::string& adminPassword, const Clock& clock,
                                           const VaultOptions& options) {
  // Validate before anything touches the disk.
  VS_TRY(validateUserName(adminName));
  VS_TRY(validateNewPassword(adminPassword));
  VS_TRY(checkVaultReachable(dir));
  if (exists(dir))
    return fail(ErrorCode::VaultExists, trf("There is already a vault in {}. Nothing was changed.", dir.string()));

  std::error_code ec;
  const bool isNewDir = !fs::exists(dir, ec);
  fs::create_directories(mediaDir(dir), ec);
  if (ec) return fail(ioError(ec, dir));
  // Only the owner may look inside; in the system vault's setgid folder
  // (the Debian package's /var/lib/vakspiegel) the group vakspiegel too.
  restrictNewFolder(dir, fs::absolute(dir, ec).parent_path());
  restrictNewFolder(mediaDir(dir), dir);

  // The database is built under a temporary name and renamed when complete,
  // so an init that is killed half-way never leaves a vault without its
  // administrator; the next init removes the leftover.
  const fs::path building = databaseFile(dir).string() + ".init";
  Database::removeFiles(building);

  const Status built = [&]() -> Status {
    auto db = VS_TRY(Database::create(building, DatabaseOptions{options.busyTimeoutMs, 0}));
    VaultContext vault(dir, std::move(db), clock, options.passwordCost);
    const std::string vaultId = newUuid();
    VS_TRY(vault.db->transaction([&]() -> Status {
      SettingsStore settings(*vault.db);
      VS_TRY(settings.set(detail::kSettingVaultId, vaultId));
      VS_TRY(settings.set(detail::kSettingCreatedAt, std::to_string(toUnixSeconds(clock.now()))));
      VS_TRY(settings.set(detail::kSettingKdfOps, std::to_string(options.passwordCost.opsLimit)));
      VS_TRY(settings.set(detail::kSettingKdfMem, std::to_string(options.passwordCost.memLimitBytes)));
      return vault.audit.append({"system", "system", audit_action::kVaultInit, "vault", vaultId, AuditResult::Ok, ""});
    }));
    // The first administrator types their own password.
    VS_TRY(vault.accounts.create(adminName, Role::Administrator, adminPassword, "system", "system", PasswordKind::Own));
    // Closing then leaves everything in the main file.
    if (!VS_TRY(vault.db->checkpointTruncate()))
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
    const fs::perms group = isGroupShared(dir) ? fs::perms::group_read | fs::perms::group_write : fs::perms::none;
    fs::permissions(databaseFile(dir), fs::perms::owner_read | fs::perms::owner_write | group,
                    fs::perm_options::replace, ec);
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
  VS_TRY(checkVaultReachable(dir));
  if (!exists(dir) && dir == systemVaultDir())
    return fail(ErrorCode::VaultMissing,
                trf("There is no vault in {} yet. The IT department creates it with: sudo runuser -u vakspiegel -- "
                    "vakspiegel-cli init --admin NAME (the first administrator's name).",
                    dir.string()));
  if (!exists(dir))
    return fail(ErrorCode::VaultMissing,
                trf("There is no vault in {0} yet. The IT department creates it with: vakspiegel-cli --vault {0} "
                    "init --admin NAME (the first administrator's name). Or give the right --vault.",
                    dir.string()));
  auto db = VS_TRY(Database::open(databaseFile(dir), DatabaseOptions{busyTimeoutMs, 0}));
  SettingsStore settings(*db);
  const auto ops = parseUnsigned(VS_TRY(settings.get(detail::kSettingKdfOps)));
  const auto mem = parseUnsigned(VS_TRY(settings.get(detail::kSettingKdfMem)));
  if (!ops || !mem)
    return fail(ErrorCode::CorruptData,
                trf("The vault in {} is damaged: its password settings are missing.", dir.string()));
  std::error_code ec;
  if (fs::create_directories(mediaDir(dir), ec))  // a vault copied without its empty media folder
    restrictNewFolder(mediaDir(dir), dir);
  std::unique_ptr<Vault> vault(
      new Vault(std::make_unique<VaultContext>(dir, std::move(db), clock, KdfParams{*ops, *mem})));
  // Finish what a killed process left unfinished, and re-apply the erasure
  // ledger (a restored older database must not bring an erased recording
  // back). A failure here does not keep the vault shut: the sweep retries
  // and reports it.
  (void)vault->m_context->eraser().recover();
  (void)vault->m_context->finishScrubs();
  return vault;
}

Result<Session> Vault::login(const std::string& name, const std::string& password) {
  return m_context->accounts.login(name, password);
}

}  // namespace vakspiegel
