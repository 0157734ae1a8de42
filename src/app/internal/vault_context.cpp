// The look-ups the use-case services share; see vault_context.h.
#include "app/internal/vault_context.h"

#include <algorithm>

#include "app/vault.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "store/erasure_store.h"
#include "store/scrub_store.h"
#include "store/user_store.h"

namespace vakspiegel::detail {
namespace fs = std::filesystem;

VaultContext::VaultContext(fs::path dir_, std::unique_ptr<Database> db_, const Clock& clock_, KdfParams cost)
    : dir(std::move(dir_)),
      db(std::move(db_)),
      clock(clock_),
      audit(*db, clock, workstationName(), VAKSPIEGEL_VERSION),
      accounts(*db, audit, clock, cost) {}

fs::path VaultContext::mediaDir() const {
  return Vault::mediaDir(dir);
}

Status VaultContext::authorize(const Actor& actor, Action action, const std::string& objectType,
                               const std::string& objectId, const std::optional<RecordingFacts>& recording) {
  const Decision decision = decide(actor, action, recording);
  if (decision.isAllowed) return {};
  VS_TRY(audit.append({actor.userId.empty() ? "-" : actor.userId, std::string(roleName(actor.role)),
                       std::string(actionName(action)), objectType, shortForMessage(objectId), AuditResult::Denied,
                       std::string(decision.reason)}));
  if (actor.mustChangePassword)
    return fail(ErrorCode::PermissionDenied,
                tr("Your password was set by the administrator and works only until you choose your own. Choose it "
                   "first (in the workstation, or with 'vakspiegel-cli user passwd'); until then you can do "
                   "nothing else."));
  return fail(ErrorCode::PermissionDenied,
              trf("As {} you may not do this ({}). The attempt was recorded in the audit log.",
                  roleDisplayName(actor.role), actionName(action)));
}

Status VaultContext::authorizeOn(const Session& actor, Action action, const std::string& recordingId) {
  const RecordingFacts facts = VS_TRY(recordingFacts(recordingId));
  return authorize(actor.actor(), action, "recording", recordingId, facts);
}

Result<RecordingFacts> VaultContext::recordingFacts(const std::string& recordingId) {
  // Ids are generated UUIDs; anything else (a typo, 100 KB of junk) names nothing.
  if (!isUuid(recordingId))
    return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
  RecordingStore recordings(*db);
  const auto recording = VS_TRY(recordings.find(recordingId));
  const auto consentRow = recording ? VS_TRY(recordings.consentFor(recordingId)) : std::nullopt;
  if (!recording || !consentRow)
    return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
  const consent::ConsentRecord record = VS_TRY(consentFromRow(*consentRow));
  const bool isErasing = VS_TRY(ErasureStore(*db).find(recordingId)).has_value();
  RecordingFacts facts;
  facts.ownerId = recording->ownerId;
  for (std::string& holder : VS_TRY(recordings.keyHolders(recordingId)))
    if (holder != facts.ownerId) facts.sharedWith.push_back(std::move(holder));
  facts.hasCoachReviewConsent =
      std::find(record.scopes.begin(), record.scopes.end(), consent::Scope::CoachReview) != record.scopes.end();
  // Past its retention end a recording is refused even before a sweep erased it.
  facts.isUsable = record.state == consent::State::Given && !isErasing && clock.now() < record.retentionEnd;
  return facts;
}

Result<UserInfo> VaultContext::requireUser(const std::string& name) {
  auto found = VS_TRY(accounts.findByName(name));
  if (!found) return fail(ErrorCode::NotFound, trf("There is no user named '{}'.", shortForMessage(name)));
  return *found;
}

consent::Eraser VaultContext::eraser() {
  return consent::Eraser(*db, audit, clock, dir);
}

Result<bool> VaultContext::finishScrubs() {
  ScrubStore scrubs(*db);
  const std::int64_t newest = VS_TRY(scrubs.newest());
  if (newest == 0) return true;
  if (!VS_TRY(db->checkpointTruncate())) return false;
  VS_TRY(db->transaction([&]() -> Status {
    const int cleared = VS_TRY(scrubs.clearUpTo(newest));
    if (cleared == 0) return {};  // another process was first
    return audit.append({"system", "system", audit_action::kVaultScrubbed, "vault", "-", AuditResult::Ok,
                         fmt::format("count={}", cleared)});
  }));
  return VS_TRY(scrubs.newest()) == 0;
}

Result<consent::RetentionPolicy> VaultContext::retentionPolicy() {
  SettingsStore settings(*db);
  const auto defaultWeeks = parseUnsigned(VS_TRY(settings.get(kSettingRetentionDefault)));
  const auto maximumWeeks = parseUnsigned(VS_TRY(settings.get(kSettingRetentionMaximum)));
  if (!defaultWeeks || !maximumWeeks) return consent::RetentionPolicy{};
  return consent::RetentionPolicy::create(consent::Weeks{static_cast<int>(*defaultWeeks)},
                                          consent::Weeks{static_cast<int>(*maximumWeeks)});
}

Result<consent::ConsentRecord> consentFromRow(const ConsentRow& row) {
  consent::ConsentRecord record;
  record.recordingId = row.recordingId;
  std::string_view rest = row.scopes;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const auto scope = consent::scopeFromName(rest.substr(0, comma));
    if (!scope) return fail(ErrorCode::CorruptData, trf("The consent record of {} is damaged.", row.recordingId));
    record.scopes.push_back(*scope);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  const auto method = consent::methodFromName(row.method);
  const auto state = consent::stateFromName(row.state);
  if (!method || !state)
    return fail(ErrorCode::CorruptData, trf("The consent record of {} is damaged.", row.recordingId));
  record.method = *method;
  record.state = *state;
  record.recordedAt = fromUnixSeconds(row.recordedAt);
  record.registeredAt = fromUnixSeconds(row.registeredAt);
  record.registeredBy = row.registeredBy;
  record.retentionEnd = fromUnixSeconds(row.retentionEnd);
  record.withdrawalCode = row.withdrawalCode;
  return record;
}

Result<DataKey> unsealDataKey(Database& db, const Session& session, const std::string& recordingId) {
  const auto sealed = VS_TRY(RecordingStore(db).sealedKey(recordingId, session.userId()));
  if (!sealed)
    return fail(ErrorCode::PermissionDenied,
                tr("You hold no key for this recording, so it cannot be opened. The attempt was recorded in the "
                   "audit log."));
  auto key = openSealedDataKey(*sealed, session.keys());
  if (!key)
    return fail(ErrorCode::CorruptData,
                tr("Your copy of this recording's key does not open with your key pair. Ask the owner to share the "
                   "recording again."));
  return key;
}

}  // namespace vakspiegel::detail
