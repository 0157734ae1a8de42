// The frame of a use case; see use_case.h.
#include "app/internal/use_case.h"

namespace vakspiegel::detail {

UseCase::UseCase(VaultContext& ctx, const Session& actor, std::string_view auditAction, std::string_view objectType,
                 std::string objectId)
    : m_ctx(ctx),
      m_actor(actor),
      m_auditAction(auditAction),
      m_objectType(objectType),
      m_objectId(std::move(objectId)) {}

Status UseCase::authorize(Action action) {
  return m_ctx.authorize(m_actor.actor(), action, m_objectType, m_objectId);
}

Status UseCase::authorize(Action action, std::string_view objectType, const std::string& objectId) {
  return m_ctx.authorize(m_actor.actor(), action, std::string(objectType), objectId);
}

Status UseCase::authorizeOnRecording(Action action) {
  return m_ctx.authorizeOn(m_actor, action, m_objectId);
}

Status UseCase::succeeded(std::string detail) {
  return record(AuditResult::Ok, std::move(detail));
}

Status UseCase::record(AuditResult result, std::string detail) {
  return m_ctx.audit.append(
      {m_actor.userId(), auditActor(m_actor), m_auditAction, m_objectType, m_objectId, result, std::move(detail)});
}

tl::unexpected<Error> UseCase::failed(const Error& error, std::string reason) {
  (void)record(AuditResult::Error, reason.empty() ? errorCodeName(error.code) : std::move(reason));
  return tl::unexpected<Error>(error);
}

}  // namespace vakspiegel::detail
