// Erasure use cases; see erasure_service.h.
#include "app/erasure_service.h"

#include "app/internal/vault_context.h"
#include "consent/withdrawal_code.h"
#include "core/i18n.h"
#include "store/recording_store.h"

namespace vakspiegel {

namespace {

consent::ErasureRequester requesterOf(const Session& actor) {
  return {actor.userId(), detail::auditActor(actor)};
}

}  // namespace

ErasureService::ErasureService(Vault& vault) : m_ctx(vault.context()) {}

Result<consent::DeletionCertificate> ErasureService::withdrawByCode(const Session& actor,
                                                                    const std::string& typedCode) {
  const std::string code = VS_TRY(consent::normalizeWithdrawalCode(typedCode));
  VS_TRY(m_ctx.authorize(actor.actor(), Action::WithdrawByCode, "consent", "-"));
  const auto row = VS_TRY(RecordingStore(*m_ctx.db).consentByCode(code));
  if (!row) return fail(ErrorCode::NotFound, trf("No consent record has the code {}.", code));
  // A klantmanager registers withdrawals of their own recordings only.
  if (actor.role() != Role::PrivacyOfficer) VS_TRY(m_ctx.authorizeOn(actor, Action::Erase, row->recordingId));
  return m_ctx.eraser().erase(row->recordingId, consent::ErasureReason::Withdrawn, requesterOf(actor));
}

Result<consent::DeletionCertificate> ErasureService::deleteRecording(const Session& actor,
                                                                     const std::string& recordingId) {
  VS_TRY(m_ctx.authorizeOn(actor, Action::Erase, recordingId));
  return m_ctx.eraser().erase(recordingId, consent::ErasureReason::OwnerDeleted, requesterOf(actor));
}

Result<consent::SweepReport> ErasureService::sweep() {
  consent::SweepReport report = VS_TRY(m_ctx.eraser().sweep());
  if (!VS_TRY(m_ctx.finishScrubs()))
    report.problems.push_back(
        tr("Key material that was deleted (a share taken back, a password changed) is still "
           "in the vault's database file because another program has the vault open; the "
           "next sweep wipes it."));
  return report;
}

}  // namespace vakspiegel
