// The frame every use case repeats, written once: ask the access policy (a
// refusal is audited and returned), do the work and write its audit entry in
// one transaction, or audit why it failed. Internal to app/.
//
//   UseCase uc(m_ctx, actor, audit_action::kRecordingShare, "recording", id);
//   VS_TRY(uc.authorizeOnRecording(Action::Share));
//   if (problem) return uc.failed(error, "not_a_coach");
//   return uc.transaction([&]() -> Status { ...; return uc.succeeded(coachId); });
#pragma once

#include <string>
#include <string_view>

#include "app/internal/vault_context.h"

namespace vakspiegel::detail {

class UseCase {
 public:
  // Audits as `auditAction` on objectType/objectId for `actor`.
  UseCase(VaultContext& ctx, const Session& actor, std::string_view auditAction, std::string_view objectType,
          std::string objectId);

  // The policy's decision on `action`, the refusal recorded on this use
  // case's object, or on the one given (what the caller was looking for).
  [[nodiscard]] Status authorize(Action action);
  [[nodiscard]] Status authorize(Action action, std::string_view objectType, const std::string& objectId);
  // The object is a recording: the policy decides on its facts.
  // Errors also NotFound.
  [[nodiscard]] Status authorizeOnRecording(Action action);

  // Runs `work` in one transaction (joining an outer one).
  template <class Work>
  [[nodiscard]] Status transaction(Work&& work) {
    return m_ctx.db->transaction(std::forward<Work>(work));
  }
  // The entry for what was done (result ok), with a short detail code; inside
  // transaction() it commits with the work.
  [[nodiscard]] Status succeeded(std::string detail = {});
  // An entry with another result, e.g. a verification that found damage.
  [[nodiscard]] Status record(AuditResult result, std::string detail);
  // Records that the use case failed (result error; `reason`, or the error's
  // code name) and returns the error for the caller to return. The entry is
  // best effort: the caller's error is what counts.
  [[nodiscard]] tl::unexpected<Error> failed(const Error& error, std::string reason = {});

  [[nodiscard]] const Session& actor() const { return m_actor; }
  [[nodiscard]] VaultContext& context() { return m_ctx; }

 private:
  VaultContext& m_ctx;
  const Session& m_actor;
  std::string m_auditAction;
  std::string m_objectType;
  std::string m_objectId;
};

}  // namespace vakspiegel::detail
