// What the command files share (internal to src/cli/): opening the vault
// named by --vault and logging in the user named by --user.
#pragma once

#include <memory>

#include "app/vault.h"
#include "cli/commands.h"
#include "core/error.h"

namespace vakspiegel::cli {

// The open vault and the session of the user who acts on it.
struct Acting {
  std::unique_ptr<Vault> vault;
  Session session;
};

// Opens the vault, without logging anyone in.
[[nodiscard]] Result<std::unique_ptr<Vault>> openVault(Context& ctx);
// Opens the vault and logs in the user named by --user (asking the password).
[[nodiscard]] Result<Acting> actAs(Context& ctx);

}  // namespace vakspiegel::cli
