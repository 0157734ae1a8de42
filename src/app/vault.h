// The vault: creating, opening and logging in. A vault is a directory:
// `vault.db` (the SQLite catalog, settings, users, sealed keys and the audit
// log) and `media/` (chunked AEAD containers). What a user can do with it is
// in the use-case services beside this header (account_service.h,
// import_service.h, recording_service.h, playback_service.h,
// annotation_service.h, sharing_service.h, erasure_service.h,
// privacy_service.h, administration_service.h): each is a small value made
// over an open Vault, asks the access policy first and audits what it did.
//
// Threads: a Vault, and every service made over it, belongs to one thread at
// a time (its database connection and audit log are not shared). It may be
// handed to another thread as a whole, never used from two at once. Work in
// the background opens its own Vault on its thread (the window's sweep does;
// the window runs all its use cases on one worker thread that owns the
// window's Vault, ui/common/use_case_runner.h). SQLite's WAL mode and busy
// timeout let those connections, and other processes, share the vault.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/error.h"
#include "vault/keys.h"

namespace vakspiegel {

namespace detail {
struct VaultContext;
}

struct VaultOptions {
  // Argon2id cost for new and changed passwords (stored in the vault).
  KdfParams passwordCost = KdfParams::moderate();
  int busyTimeoutMs = 5000;
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
  // Finishes what a killed process left unfinished (erasures, WAL scrubs).
  // Errors: VaultMissing, NotAVault, VaultTooNew, VaultBusy, CorruptData, Io.
  [[nodiscard]] static Result<std::unique_ptr<Vault>> open(const std::filesystem::path& dir, const Clock& clock,
                                                           int busyTimeoutMs = 5000);

  [[nodiscard]] static std::filesystem::path databaseFile(const std::filesystem::path& dir);
  [[nodiscard]] static std::filesystem::path mediaDir(const std::filesystem::path& dir);
  [[nodiscard]] static bool exists(const std::filesystem::path& dir);

  // Errors: WrongPassword, AccountLocked, AccountDisabled, VaultBusy, Io.
  [[nodiscard]] Result<Session> login(const std::string& name, const std::string& password);

  [[nodiscard]] const std::filesystem::path& dir() const;
  // The clock the vault was opened with (what "now" is for its rules).
  [[nodiscard]] const Clock& clock() const;

  // What the services share (app/internal/vault_context.h; not for the CLI
  // or the window, which use the services).
  [[nodiscard]] detail::VaultContext& context() { return *m_context; }

  ~Vault();
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

 private:
  explicit Vault(std::unique_ptr<detail::VaultContext> context);
  std::unique_ptr<detail::VaultContext> m_context;
};

// The host name, recorded as the workstation in audit entries.
[[nodiscard]] std::string workstationName();

// The libraries the vault rests on and their versions (libsodium, SQLite),
// for `vakspiegel-cli version` and bug reports.
struct StorageLibrary {
  std::string name;
  std::string version;
};
[[nodiscard]] std::vector<StorageLibrary> storageLibraries();

}  // namespace vakspiegel
