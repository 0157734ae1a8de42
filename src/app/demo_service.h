// The demo vault (never real data): accounts for every role, and a generated
// conversation imported with consent, shared with the demo coach and
// annotated by its owner and the coach, all made through the real use cases,
// so a new user sees a living example. The CLI's `demo` and the window's
// `--demo` both make it here.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "app/recording_service.h"
#include "core/clock.h"
#include "core/error.h"

namespace vakspiegel {

struct DemoAccount {
  std::string_view name;
  Role role;
};

// Every demo account has this password (the demo vault holds no real data).
inline constexpr std::string_view kDemoPassword = "demo-wachtwoord";
// beheerder, fg.demo, km.jansen (owns the demo recording), km.bakker, coach.deboer.
[[nodiscard]] std::span<const DemoAccount> demoAccounts();
[[nodiscard]] const DemoAccount& demoOwner();
[[nodiscard]] const DemoAccount& demoCoach();

struct DemoOutcome {
  bool isNew = false;                     // the vault was created now
  std::vector<RecordingInfo> recordings;  // the demo owner's
};

// Creates the demo vault in `dir` if there is none, and when the demo owner
// has no recording yet and `recording` is given, imports it (self and coach
// review, verbal consent, an hour ago), shares it with the demo coach and
// adds the owner's and the coach's annotations. Run again, it changes
// nothing. Errors: the use cases'.
[[nodiscard]] Result<DemoOutcome> prepareDemoVault(const std::filesystem::path& dir, const Clock& clock,
                                                   const std::optional<std::filesystem::path>& recording);

// Whether the vault is a demo vault (made by prepareDemoVault): only then
// may a login screen list the demo accounts and their password.
[[nodiscard]] Result<bool> isDemoVault(Vault& vault);

}  // namespace vakspiegel
