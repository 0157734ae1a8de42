// Where the vault is when none is given (the system vault of the Debian
// package, else the user's own), and why a vault cannot be reached.
#pragma once

#include <filesystem>

#include "core/error.h"

namespace vakspiegel {

// The system vault, /var/lib/vakspiegel/vault (set at build time by
// VAKSPIEGEL_SYSTEM_VAULT_DIR). The environment variable
// VAKSPIEGEL_SYSTEM_VAULT replaces it, for tests.
[[nodiscard]] std::filesystem::path systemVaultDir();

// $VAKSPIEGEL_VAULT; else the system vault when the folder above it exists
// (the Debian package made it); else the user's own,
// $XDG_DATA_HOME/vakspiegel/vault (~/.local/share/vakspiegel/vault).
[[nodiscard]] std::filesystem::path defaultVaultDir();

// The demo vault: $XDG_DATA_HOME/vakspiegel/demo-vault, never the system's.
[[nodiscard]] std::filesystem::path defaultDemoVaultDir();

// PermissionDenied, saying what the IT department does about it, when a
// folder on the way to dir keeps this user out: most often the system
// vault's folder, open only to the group vakspiegel. Ok otherwise (also
// when dir does not exist yet).
[[nodiscard]] Status checkVaultReachable(const std::filesystem::path& dir);

}  // namespace vakspiegel
