// Erasure use cases: a citizen's withdrawal, the owner's delete, the sweep.
// The work is consent::Eraser's; this file decides who may ask. See vault.h.
#include "app/app_support.h"
#include "app/vault.h"
#include "consent/withdrawal_code.h"
#include "core/i18n.h"
#include "store/recording_store.h"

namespace vakspiegel {
using app_support::auditActor;

namespace {

consent::ErasureRequester requesterOf(const Session& actor) {
  return {actor.userId(), auditActor(actor)};
}

}  // namespace

Result<consent::DeletionCertificate> Vault::withdrawByCode(const Session& actor, const std::string& typedCode) {
  const std::string code = VS_TRY(consent::normalizeWithdrawalCode(typedCode));
  VS_TRY(authorize(actor.actor(), Action::WithdrawByCode, "consent", "-"));
  const auto row = VS_TRY(RecordingStore(*m_db).consentByCode(code));
  if (!row) return fail(ErrorCode::NotFound, trf("No consent record has the code {}.", code));
  // A klantmanager registers withdrawals of their own recordings only.
  if (actor.role() != Role::PrivacyOfficer) VS_TRY(authorizeOn(actor, Action::Erase, row->recordingId));
  return eraser().erase(row->recordingId, consent::ErasureReason::Withdrawn, requesterOf(actor));
}

Result<consent::DeletionCertificate> Vault::deleteRecording(const Session& actor, const std::string& recordingId) {
  VS_TRY(authorizeOn(actor, Action::Erase, recordingId));
  return eraser().erase(recordingId, consent::ErasureReason::OwnerDeleted, requesterOf(actor));
}

Result<consent::SweepReport> Vault::sweep() {
  consent::SweepReport report = VS_TRY(eraser().sweep());
  if (!VS_TRY(finishScrubs()))
    report.problems.push_back(
        tr("Key material that was deleted (a share taken back, a password changed) is still "
           "in the vault's database file because another program has the vault open; the "
           "next sweep wipes it."));
  return report;
}

}  // namespace vakspiegel
