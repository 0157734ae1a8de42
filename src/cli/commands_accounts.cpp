// The account commands (init, login, user add/list/passwd/disable/enable/reset)
// and the administrator's policies (password cost, retention, lock timeout).
#include "cli/commands.h"

#include <iostream>

#include "app/account_service.h"
#include "app/administration_service.h"
#include "cli/command_support.h"
#include "core/i18n.h"

namespace vakspiegel::cli {
using nlohmann::json;

namespace {

Result<KdfParams> passwordCostFromName(const std::string& level) {
  if (level == "interactive") return KdfParams::interactive();
  if (level == "moderate") return KdfParams::moderate();
  if (level == "sensitive") return KdfParams::sensitive();
  return fail(ErrorCode::InvalidArgument,
              trf("Unknown password cost '{}': choose interactive, moderate or sensitive.", level));
}

std::string userState(const UserInfo& user) {
  if (user.isDisabled) return tr("disabled");
  if (user.lockedUntil) return trf("locked until {}", formatUtc(*user.lockedUntil));
  if (user.mustChangePassword) return tr("reset, own password not chosen yet");
  return tr("active");
}

json userJson(const UserInfo& user) {
  json j = {{"id", user.id},
            {"name", user.name},
            {"role", roleName(user.role)},
            {"disabled", user.isDisabled},
            {"created_at", formatUtc(user.createdAt)},
            {"password_changed_at", formatUtc(user.passwordChangedAt)}};
  j["locked_until"] = user.lockedUntil ? json(formatUtc(*user.lockedUntil)) : json(nullptr);
  j["must_change_password"] = user.mustChangePassword;
  j["key_reset_at"] = user.keyResetAt ? json(formatUtc(*user.keyResetAt)) : json(nullptr);
  return j;
}

}  // namespace

Status runInit(Context& ctx, const std::string& adminName, const std::string& passwordCost) {
  VaultOptions options;
  options.passwordCost = VS_TRY(passwordCostFromName(passwordCost));
  // Checked before asking for a password, so a mistake costs no typing.
  VS_TRY(validateUserName(adminName));
  if (Vault::exists(ctx.options().vaultDir))
    return fail(ErrorCode::VaultExists,
                trf("There is already a vault in {}. Nothing was changed.", ctx.options().vaultDir.string()));
  const SecretString password = VS_TRY(ctx.passwords().askNew(trf("New password for {}", adminName)));
  auto vault = VS_TRY(Vault::init(ctx.options().vaultDir, adminName, password.str(), ctx.clock(), options));
  ctx.print({{"vault", vault->dir().string()}, {"administrator", adminName}},
            trf("A new vault was created in {}.\nAdministrator: {}. Add users with 'vakspiegel-cli --user {} user "
                "add NAME --role ROLE'.",
                vault->dir().string(), adminName, adminName));
  return {};
}

Status runLogin(Context& ctx) {
  const Acting acting = VS_TRY(actAs(ctx));
  const Session& s = acting.session;
  ctx.print({{"user", s.name()},
             {"id", s.userId()},
             {"role", roleName(s.role())},
             {"must_change_password", s.mustChangePassword()}},
            s.mustChangePassword()
                ? trf("Password correct: {} ({}). This is a one-time password from the administrator: choose your "
                      "own with 'vakspiegel-cli --user {} user passwd' before anything else.",
                      s.name(), roleDisplayName(s.role()), s.name())
                : trf("Password correct: {} ({}).", s.name(), roleDisplayName(s.role())));
  return {};
}

Status runUserAdd(Context& ctx, const std::string& name, const std::string& roleText) {
  const Role role = roleFromName(roleText);
  if (role == Role::Unknown)
    return fail(ErrorCode::InvalidArgument,
                trf("Unknown role '{}': choose klantmanager, coach, privacy_officer or administrator.", roleText));
  VS_TRY(validateUserName(name));
  Acting acting = VS_TRY(actAs(ctx));
  const SecretString password = VS_TRY(ctx.passwords().askNew(trf("New password for {}", name)));
  const UserInfo user = VS_TRY(AccountService(*acting.vault).addUser(acting.session, name, role, password.str()));
  ctx.print(userJson(user), trf("User {} was added as {}.", user.name, roleDisplayName(user.role)));
  return {};
}

Status runUserList(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const auto users = VS_TRY(AccountService(*acting.vault).listUsers(acting.session));
  json list = json::array();
  std::string text = fmt::format("{:<24} {:<20} {:<32} {}\n", tr("NAME"), tr("ROLE"), tr("STATE"), tr("CREATED"));
  for (const UserInfo& user : users) {
    list.push_back(userJson(user));
    text += fmt::format("{:<24} {:<20} {:<32} {}\n", user.name, roleDisplayName(user.role), userState(user),
                        formatUtc(user.createdAt));
  }
  ctx.print(list, text);
  return {};
}

namespace {

std::string oldKeyNotWipedYet() {
  return tr(
      "The old key is wiped from the vault's database file as soon as the other program that has the vault "
      "open (the workstation, a sweep or a backup) is closed; the next sweep finishes it.");
}

}  // namespace

Status runUserPasswd(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const SecretString oldPassword = VS_TRY(ctx.passwords().ask(tr("Current password, once more")));
  const SecretString newPassword = VS_TRY(ctx.passwords().askNew(tr("New password")));
  const PasswordChange change =
      VS_TRY(AccountService(*acting.vault).changePassword(acting.session, oldPassword.str(), newPassword.str()));
  ctx.print({{"user", acting.session.name()}, {"password_changed", true}, {"old_key_wiped", change.isOldKeyWiped}},
            trf("The password of {} was changed.", acting.session.name()));
  if (change.isOldKeyWiped) return {};
  return fail(ErrorCode::VaultBusy, oldKeyNotWipedYet());  // exit 75, like an unshare that waits
}

Status runUserSetDisabled(Context& ctx, const std::string& name, bool isDisabled) {
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AccountService(*acting.vault).setUserDisabled(acting.session, name, isDisabled));
  ctx.print({{"user", name}, {"disabled", isDisabled}},
            isDisabled ? trf("The account {} was disabled.", name) : trf("The account {} was enabled.", name));
  return {};
}

Status runUserReset(Context& ctx, const std::string& name, bool isConfirmed) {
  Acting acting = VS_TRY(actAs(ctx));
  // First what it costs (audited as the warning), then, confirmed, the reset
  // bound to that number.
  const ResetPreview preview = VS_TRY(AccountService(*acting.vault).previewReset(acting.session, name));
  const std::string warning =
      trf("A reset gives {} a new key pair and a one-time password; {} must choose their own password at the next "
          "login before anything else.\n{} can then no longer open {} recording(s). {} of them nobody else can open: "
          "the next sweep erases them for good. {} recording(s) of others are no longer shared with {}.\n",
          name, name, name, preview.recordingKeysLost, preview.recordingsErased, preview.sharesLost, name);
  std::cerr << warning;  // also with --yes: what it cost stays on the screen
  if (!isConfirmed) return fail(ErrorCode::InvalidArgument, tr("Nothing was changed. Add --yes to reset the account."));
  const SecretString password = VS_TRY(ctx.passwords().askNew(trf("One-time password for {}", name)));
  const ResetOutcome outcome =
      VS_TRY(AccountService(*acting.vault).resetUser(acting.session, name, password.str(), preview.recordingsErased));
  ctx.print({{"user", name},
             {"recording_keys_lost", outcome.recordingKeysLost},
             {"recordings_erased", outcome.recordingsErased},
             {"shares_lost", outcome.sharesLost},
             {"must_change_password", true}},
            trf("{} has a new key pair and a one-time password. {} recording(s) can no longer be opened by {}; {} "
                "of them will be erased by the next sweep. Give {} the one-time password in person: at the next "
                "login {} chooses their own. A recording owner can share again once {} has done so.",
                name, outcome.recordingKeysLost, name, outcome.recordingsErased, name, name, name));
  if (outcome.isOldKeyWiped) return {};
  return fail(ErrorCode::VaultBusy, oldKeyNotWipedYet());
}

Status runPasswordCost(Context& ctx, const std::string& level) {
  const KdfParams cost = VS_TRY(passwordCostFromName(level));
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AdministrationService(*acting.vault).setPasswordCost(acting.session, cost));
  ctx.print({{"password_cost", level}, {"ops_limit", cost.opsLimit}, {"mem_limit_bytes", cost.memLimitBytes}},
            trf("The password cost is now '{}'. Each user's key is re-wrapped at their next login.", level));
  return {};
}

Status runRetentionPolicy(Context& ctx, int defaultWeeks, int maximumWeeks) {
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AdministrationService(*acting.vault)
             .setRetentionPolicy(acting.session, consent::Weeks{defaultWeeks}, consent::Weeks{maximumWeeks}));
  ctx.print({{"default_weeks", defaultWeeks}, {"maximum_weeks", maximumWeeks}},
            trf("New recordings are kept {} weeks by default, at most {} weeks.", defaultWeeks, maximumWeeks));
  return {};
}

Status runLockTimeout(Context& ctx, int minutes) {
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AdministrationService(*acting.vault).setLockTimeout(acting.session, std::chrono::minutes(minutes)));
  ctx.print({{"lock_timeout_minutes", minutes}},
            trf("Workstations lock after {} minutes without input.", minutes));
  return {};
}

}  // namespace vakspiegel::cli
