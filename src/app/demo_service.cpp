// The demo vault; see demo_service.h.
#include "app/demo_service.h"

#include <algorithm>

#include "app/account_service.h"
#include "app/annotation_service.h"
#include "app/import_service.h"
#include "app/internal/vault_context.h"
#include "app/sharing_service.h"
#include "app/vault.h"
#include "store/user_store.h"

namespace vakspiegel {

namespace {

constexpr std::string_view kDemoOneTimePassword = "demo-eenmalig-wachtwoord";
constexpr const char* kSettingDemo = "demo_vault";

constexpr DemoAccount kAccounts[] = {
    {"beheerder", Role::Administrator}, {"fg.demo", Role::PrivacyOfficer}, {"km.jansen", Role::Klantmanager},
    {"km.bakker", Role::Klantmanager},  {"coach.deboer", Role::Coach},
};

// What the owner and the coach noted while watching (the demo recording's
// three turns: a greeting, the citizen's worry, a shared plan): moments and
// fragments, with categories of the Kijkwijzer and an answer to a prompt.
struct DemoNote {
  bool byCoach;
  std::int64_t positionUs;
  std::int64_t endUs;  // 0: a moment
  const char* categoryId;
  const char* promptId;
  const char* text;
};
constexpr DemoNote kNotes[] = {
    {false, 2'000'000, 0, "", "", "Rustige opening: ik neem de tijd voor de begroeting."},
    {false, 9'000'000, 12'000'000, "rm-frustratie", "", "Hier merk ik dat de burger zich zorgen maakt over de brief."},
    {false, 10'000'000, 0, "", "prompt-dacht", "Ik dacht: eerst laten uitpraten, dan pas uitleggen."},
    {true, 9'500'000, 0, "kw-beeld-burger", "", "Mooi moment om door te vragen: wat begreep hij niet?"},
    {false, 15'000'000, 19'000'000, "eigen-op-mijn-best", "",
     "Op mijn best: samen de brief doorlopen, gezamenlijk doel."},
    {true, 16'000'000, 0, "kw-gezamenlijk-doel", "", "Sterk dat je samen een plan maakt. Hoe reageerde hij daarop?"},
};

Result<Session> loginAs(Vault& vault, std::string_view name) {
  return vault.login(std::string(name), std::string(kDemoPassword));
}

Status createAccounts(const std::filesystem::path& dir, const Clock& clock) {
  auto vault = VS_TRY(Vault::init(dir, std::string(kAccounts[0].name), std::string(kDemoPassword), clock));
  VS_TRY(SettingsStore(*vault->context().db).set(kSettingDemo, "1"));
  const Session admin = VS_TRY(loginAs(*vault, kAccounts[0].name));
  // Through the real use cases: an administrator's password is a one-time
  // password, and each demo user then "chooses" the demo password.
  for (const DemoAccount& account : kAccounts) {
    if (account.role == Role::Administrator) continue;
    VS_TRY(AccountService(*vault).addUser(admin, std::string(account.name), account.role,
                                          std::string(kDemoOneTimePassword)));
    Session first = VS_TRY(vault->login(std::string(account.name), std::string(kDemoOneTimePassword)));
    VS_TRY(AccountService(*vault).changePassword(first, std::string(kDemoOneTimePassword),
                                                 std::string(kDemoPassword)));
  }
  return {};
}

Status importExample(Vault& vault, const Clock& clock, const std::filesystem::path& recording) {
  const Session owner = VS_TRY(loginAs(vault, demoOwner().name));
  const Session coach = VS_TRY(loginAs(vault, demoCoach().name));
  ImportRequest request;
  request.source = recording;
  request.consent.scopes = {"self_review", "coach_review"};
  request.consent.method = "verbal";
  request.consent.recordedAt = clock.now() - std::chrono::hours(1);
  const ImportOutcome imported = VS_TRY(ImportService(vault).importRecording(owner, request));
  VS_TRY(SharingService(vault).shareRecording(owner, imported.recordingId, std::string(demoCoach().name)));
  for (const DemoNote& note : kNotes) {
    if (note.positionUs >= imported.report.durationUs) continue;
    AnnotationDraft draft;
    draft.positionUs = note.positionUs;
    if (note.endUs > 0) draft.endUs = std::min(note.endUs, imported.report.durationUs);
    draft.categoryId = note.categoryId;
    draft.promptId = note.promptId;
    draft.text = note.text;
    VS_TRY(AnnotationService(vault).addAnnotation(note.byCoach ? coach : owner, imported.recordingId, draft));
  }
  return {};
}

}  // namespace

std::span<const DemoAccount> demoAccounts() { return kAccounts; }
const DemoAccount& demoOwner() { return kAccounts[2]; }
const DemoAccount& demoCoach() { return kAccounts[4]; }

Result<DemoOutcome> prepareDemoVault(const std::filesystem::path& dir, const Clock& clock,
                                     const std::optional<std::filesystem::path>& recording) {
  DemoOutcome outcome;
  outcome.isNew = !Vault::exists(dir);
  if (outcome.isNew) VS_TRY(createAccounts(dir, clock));
  auto vault = VS_TRY(Vault::open(dir, clock));
  const Session owner = VS_TRY(loginAs(*vault, demoOwner().name));
  outcome.recordings = VS_TRY(RecordingService(*vault).listRecordings(owner));
  if (outcome.recordings.empty() && recording) {
    VS_TRY(importExample(*vault, clock, *recording));
    outcome.recordings = VS_TRY(RecordingService(*vault).listRecordings(owner));
  }
  return outcome;
}

Result<bool> isDemoVault(Vault& vault) {
  return VS_TRY(SettingsStore(*vault.context().db).get(kSettingDemo)).value_or("") == "1";
}

}  // namespace vakspiegel
