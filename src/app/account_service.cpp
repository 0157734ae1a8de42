// Account use cases; see account_service.h.
#include "app/account_service.h"

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "store/user_store.h"

namespace vakspiegel {
using detail::UseCase;

AccountService::AccountService(Vault& vault) : m_ctx(vault.context()) {}

Result<UserInfo> AccountService::addUser(const Session& actor, const std::string& name, Role role,
                                         const std::string& password) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ManageUsers, "user", name));
  if (role == Role::Unknown) return fail(ErrorCode::InvalidArgument, tr("Choose a role for the new user."));
  return m_ctx.accounts.create(name, role, password, actor.userId(), detail::auditActor(actor));
}

Result<std::vector<UserInfo>> AccountService::listUsers(const Session& actor) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ManageUsers, "user", "-"));
  return m_ctx.accounts.list();
}

Status AccountService::setUserDisabled(const Session& actor, const std::string& name, bool isDisabled) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ManageUsers, "user", name));
  const UserInfo user = VS_TRY(m_ctx.requireUser(name));
  if (user.id == actor.userId() && isDisabled)
    return fail(ErrorCode::InvalidArgument, tr("You cannot disable your own account."));
  UseCase uc(m_ctx, actor, isDisabled ? audit_action::kUserDisable : audit_action::kUserEnable, "user", user.id);
  UserStore users(*m_ctx.db);
  return uc.transaction([&]() -> Status {
    if (isDisabled && user.role == Role::Administrator && !user.isDisabled) {
      const int admins = VS_TRY(users.countActiveWithRole(std::string(roleName(Role::Administrator))));
      if (admins <= 1)
        return fail(ErrorCode::InvalidArgument,
                    tr("This is the last active administrator; add another administrator first."));
    }
    VS_TRY(m_ctx.accounts.setDisabled(user.id, isDisabled));
    const bool liftsLock = !isDisabled && user.lockedUntil.has_value();
    return uc.succeeded(liftsLock ? "lock_lifted" : "");
  });
}

Result<ResetPreview> AccountService::previewReset(const Session& actor, const std::string& name) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ManageUsers, "user", name));
  const UserInfo user = VS_TRY(m_ctx.requireUser(name));
  const ResetImpact impact = VS_TRY(m_ctx.accounts.resetImpact(user.id));
  UseCase uc(m_ctx, actor, audit_action::kUserResetPreview, "user", user.id);
  VS_TRY(uc.succeeded(fmt::format("keys_lost={} erase={} shares_lost={}", impact.recordingKeysLost,
                                  impact.recordingsErased, impact.sharesLost)));
  return ResetPreview{user, impact.recordingKeysLost, impact.recordingsErased, impact.sharesLost};
}

Result<ResetOutcome> AccountService::resetUser(const Session& actor, const std::string& name,
                                               const std::string& newPassword, int confirmedErasures) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ManageUsers, "user", name));
  const UserInfo user = VS_TRY(m_ctx.requireUser(name));
  if (user.id == actor.userId())
    return fail(ErrorCode::InvalidArgument, tr("You cannot reset your own account; change your password instead."));
  UseCase uc(m_ctx, actor, audit_action::kUserReset, "user", user.id);
  ResetOutcome outcome;
  VS_TRY(uc.transaction([&]() -> Status {
    const ResetImpact impact = VS_TRY(m_ctx.accounts.reset(user.id, newPassword, confirmedErasures));
    outcome.recordingKeysLost = impact.recordingKeysLost;
    outcome.recordingsErased = impact.recordingsErased;
    outcome.sharesLost = impact.sharesLost;
    // Each recording's owner sees in its access log (R8) that a key to it went.
    for (const HeldKey& key : impact.keys)
      VS_TRY(UseCase(m_ctx, actor, audit_action::kRecordingKeyDropped, "recording", key.recordingId)
                 .succeeded(key.isOwner ? "owner_reset" : "coach_reset"));
    return uc.succeeded(fmt::format("keys_lost={} erase={} shares_lost={}", impact.recordingKeysLost,
                                    impact.recordingsErased, impact.sharesLost));
  }));
  // Done and committed: a checkpoint that fails now leaves the wipe to the
  // sweep, it does not undo the reset.
  outcome.isOldKeyWiped = m_ctx.finishScrubs().value_or(false);
  outcome.user = VS_TRY(m_ctx.requireUser(name));
  return outcome;
}

Result<PasswordChange> AccountService::changePassword(Session& session, const std::string& oldPassword,
                                                      const std::string& newPassword) {
  VS_TRY(m_ctx.accounts.changePassword(session, oldPassword, newPassword));
  // The old wrapped key must not linger in the database files; when another
  // program blocks that (or the checkpoint fails: the change is committed
  // all the same), the sweep retries, and the caller says so.
  return PasswordChange{m_ctx.finishScrubs().value_or(false)};
}

}  // namespace vakspiegel
