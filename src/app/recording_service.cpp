// Listing recordings, whether one may still be watched, and looking up consent; see recording_service.h.
#include "app/recording_service.h"

#include <algorithm>

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "consent/withdrawal_code.h"
#include "core/i18n.h"
#include "store/recording_store.h"
#include "store/user_store.h"

namespace vakspiegel {
using detail::consentFromRow;
using detail::UseCase;

RecordingService::RecordingService(Vault& vault) : m_ctx(vault.context()) {}

Result<std::vector<RecordingInfo>> RecordingService::listRecordings(const Session& actor) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ListRecordings, "recording", "-"));
  RecordingStore recordings(*m_ctx.db);
  std::vector<RecordingInfo> list;
  for (const RecordingListing& row : VS_TRY(recordings.visibleTo(actor.userId()))) {
    RecordingInfo info;
    info.id = row.recording.id;
    info.ownerName = row.ownerName;
    info.isOwn = row.recording.ownerId == actor.userId();
    info.importedAt = fromUnixSeconds(row.recording.createdAt);
    info.durationUs = row.recording.durationUs;
    info.width = row.recording.width;
    info.height = row.recording.height;
    info.importMode = row.recording.importMode;
    info.consent = VS_TRY(consentFromRow(row.consent));
    if (!info.isOwn) info.consent.withdrawalCode.clear();  // the citizen's code is for the owner and the FG
    list.push_back(std::move(info));
  }
  return list;
}

Result<ConsentInfo> RecordingService::consentByCode(const Session& actor, const std::string& typedCode) {
  const std::string code = VS_TRY(consent::normalizeWithdrawalCode(typedCode));
  RecordingStore recordings(*m_ctx.db);
  const auto row = VS_TRY(recordings.consentByCode(code));
  const auto recording = row ? VS_TRY(recordings.find(row->recordingId)) : std::nullopt;
  // The owner may look up their own; otherwise this is reading the registry.
  const bool isOwner = recording && recording->ownerId == actor.userId();
  if (!isOwner || actor.mustChangePassword())
    VS_TRY(m_ctx.authorize(actor.actor(), Action::ReadRegistry, "consent", recording ? recording->id : "-"));
  if (!row || !recording) return fail(ErrorCode::NotFound, trf("No consent record has the code {}.", code));
  ConsentInfo info;
  info.consent = VS_TRY(consentFromRow(*row));
  info.durationUs = recording->durationUs;
  const auto ownerRow = VS_TRY(UserStore(*m_ctx.db).findById(recording->ownerId));
  info.ownerName = ownerRow ? ownerRow->name : "-";
  VS_TRY(UseCase(m_ctx, actor, audit_action::kConsentShow, "recording", recording->id).succeeded());
  return info;
}

Result<bool> RecordingService::isWatchable(const Session& actor, const std::string& recordingId) {
  auto facts = m_ctx.recordingFacts(recordingId);
  if (!facts) {
    if (facts.error().code == ErrorCode::NotFound) return false;
    return tl::unexpected(facts.error());
  }
  const bool isViewer = facts->ownerId == actor.userId() ||
                        std::find(facts->sharedWith.begin(), facts->sharedWith.end(), actor.userId()) !=
                            facts->sharedWith.end();
  return facts->isUsable && isViewer && !actor.mustChangePassword();
}

}  // namespace vakspiegel
