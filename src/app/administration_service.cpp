// The administrator's policies and the vault summary; see administration_service.h.
#include "app/administration_service.h"

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "store/user_store.h"

namespace vakspiegel {
using detail::parseUnsigned;
using detail::UseCase;

AdministrationService::AdministrationService(Vault& vault) : m_ctx(vault.context()) {}

Result<consent::RetentionPolicy> AdministrationService::retentionPolicy() {
  return m_ctx.retentionPolicy();
}

Status AdministrationService::setRetentionPolicy(const Session& actor, consent::Weeks defaultRetention,
                                                 consent::Weeks maximum) {
  UseCase uc(m_ctx, actor, audit_action::kPolicyRetention, "vault", "-");
  VS_TRY(uc.authorize(Action::ManagePolicy, "vault", "retention"));
  VS_TRY(consent::RetentionPolicy::create(defaultRetention, maximum));
  return uc.transaction([&]() -> Status {
    SettingsStore settings(*m_ctx.db);
    VS_TRY(settings.set(detail::kSettingRetentionDefault, std::to_string(defaultRetention.count())));
    VS_TRY(settings.set(detail::kSettingRetentionMaximum, std::to_string(maximum.count())));
    return uc.succeeded(fmt::format("default={} max={}", defaultRetention.count(), maximum.count()));
  });
}

Status AdministrationService::setLockTimeout(const Session& actor, std::chrono::minutes timeout) {
  UseCase uc(m_ctx, actor, audit_action::kPolicyLockTimeout, "vault", "-");
  VS_TRY(uc.authorize(Action::ManagePolicy, "vault", "lock_timeout"));
  if (timeout < std::chrono::minutes(1) || timeout > kLockTimeoutMaximum)
    return fail(ErrorCode::InvalidArgument,
                trf("The lock timeout must be between 1 and {} minutes.", kLockTimeoutMaximum.count()));
  return uc.transaction([&]() -> Status {
    VS_TRY(SettingsStore(*m_ctx.db).set(detail::kSettingLockTimeout, std::to_string(timeout.count())));
    return uc.succeeded(fmt::format("minutes={}", timeout.count()));
  });
}

Result<std::chrono::minutes> AdministrationService::lockTimeout() {
  const auto minutes = parseUnsigned(VS_TRY(SettingsStore(*m_ctx.db).get(detail::kSettingLockTimeout)));
  if (!minutes || *minutes < 1 || *minutes > static_cast<std::uint64_t>(kLockTimeoutMaximum.count()))
    return kLockTimeoutDefault;
  return std::chrono::minutes(static_cast<int>(*minutes));
}

Status AdministrationService::setPasswordCost(const Session& actor, const KdfParams& cost) {
  UseCase uc(m_ctx, actor, audit_action::kPolicyPasswordCost, "vault", "-");
  VS_TRY(uc.authorize(Action::ManagePolicy, "vault", "password_cost"));
  if (cost.opsLimit < KdfParams::interactive().opsLimit || cost.memLimitBytes < KdfParams::interactive().memLimitBytes)
    return fail(ErrorCode::InvalidArgument, tr("The password cost cannot be set below libsodium's interactive level."));
  VS_TRY(uc.transaction([&]() -> Status {
    SettingsStore settings(*m_ctx.db);
    VS_TRY(settings.set(detail::kSettingKdfOps, std::to_string(cost.opsLimit)));
    VS_TRY(settings.set(detail::kSettingKdfMem, std::to_string(cost.memLimitBytes)));
    return uc.succeeded(fmt::format("ops={} mem={}", cost.opsLimit, cost.memLimitBytes));
  }));
  m_ctx.accounts.setPolicy(cost);
  return {};
}

Result<VaultSummary> AdministrationService::summary(const Session& actor) {
  // Any logged-in user (the summary holds no content and no names), once
  // they have a password of their own.
  if (actor.mustChangePassword()) VS_TRY(m_ctx.authorize(actor.actor(), Action::Unknown, "vault", "-"));
  VaultSummary s;
  SettingsStore settings(*m_ctx.db);
  s.vaultId = VS_TRY(settings.get(detail::kSettingVaultId)).value_or("-");
  s.createdAt = fromUnixSeconds(
      static_cast<std::int64_t>(parseUnsigned(VS_TRY(settings.get(detail::kSettingCreatedAt))).value_or(0)));
  s.schemaVersion = m_ctx.db->schemaVersion();
  for (const UserInfo& user : VS_TRY(m_ctx.accounts.list()))
    if (!user.isDisabled) ++s.usersByRole[static_cast<int>(user.role)];
  s.auditHead = VS_TRY(m_ctx.audit.head());
  s.auditEntries = s.auditHead.seq;
  s.passwordCost = m_ctx.accounts.policy();
  return s;
}

}  // namespace vakspiegel
