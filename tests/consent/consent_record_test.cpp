// Tests of the consent record rules (consent/consent_record.h): the defaults,
// scope normalisation, every refusal with its own message, and the retention
// boundaries (at the maximum, one week beyond it, and the second a retention
// period ends).
#include "consent/consent_record.h"

#include <cctype>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "consent/withdrawal_code.h"
#include "core/i18n.h"

namespace vakspiegel::consent {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;

const WallTime kNow = fromUnixSeconds(1'795'000'000);  // 2026-11-18T11:06:40Z

const std::string& validCode() {
  static const std::string code = withdrawalCodeFromPayload("7K3MQ9P").value();
  return code;
}

ConsentRequest request(std::vector<std::string> scopes = {}, std::string method = "verbal",
                       WallTime recordedAt = kNow - 1h, std::optional<int> retentionWeeks = std::nullopt) {
  return ConsentRequest{std::move(scopes), std::move(method), recordedAt, retentionWeeks};
}

Result<ConsentRecord> make(const ConsentRequest& consentRequest, Role role = Role::Klantmanager,
                           const RetentionPolicy& policy = RetentionPolicy{}, std::string code = validCode()) {
  return makeConsentRecord(consentRequest, policy, role, kNow, "rec-1", "user-7", std::move(code));
}

std::string errorOf(const Result<ConsentRecord>& result) {
  EXPECT_FALSE(result) << "expected a refusal";
  if (result) return {};
  EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
  return result.error().message;
}

TEST(ConsentRecord, BuildsARecordWithThePolicyDefaults) {
  const WallTime recordedAt = kNow - 2h;
  const auto record = make(request({}, "verbal", recordedAt));
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->recordingId, "rec-1");
  EXPECT_EQ(record->scopes, std::vector<Scope>{Scope::SelfReview});
  EXPECT_EQ(record->method, Method::VerbalOnCamera);
  EXPECT_EQ(record->recordedAt, recordedAt);
  EXPECT_EQ(record->registeredAt, kNow);
  EXPECT_EQ(record->registeredBy, "user-7");
  EXPECT_EQ(record->retentionEnd, recordedAt + days(8 * 7));  // from the recording date, not from now
  EXPECT_EQ(record->withdrawalCode, validCode());
  EXPECT_EQ(record->state, State::Given);
}

TEST(ConsentRecord, ADefaultConstructedRecordIsNotGiven) {
  EXPECT_EQ(ConsentRecord{}.state, State::Unknown);
  EXPECT_FALSE(ConsentRecord{}.hasScope(Scope::SelfReview));
}

TEST(ConsentRecord, DefaultRetentionFollowsAnAdministratorsPolicy) {
  const auto policy = RetentionPolicy::create(Weeks{4}, Weeks{12}).value();
  const auto record = make(request(), Role::Klantmanager, policy);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->retentionEnd, record->recordedAt + days(28));
}

TEST(ConsentRecord, ChosenRetentionIsCountedInWholeDays) {
  const auto record = make(request({}, "paper", kNow - 1h, 3));
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->retentionEnd - record->recordedAt, std::chrono::seconds(21 * 24 * 3600));
}

TEST(ConsentRecord, SelfReviewIsAlwaysPartOfTheYes) {
  for (const std::vector<std::string>& scopes :
       {std::vector<std::string>{}, {"coach_review"}, {"intervision", "citizen_review"}}) {
    const auto record = make(request(scopes));
    ASSERT_TRUE(record) << record.error().message;
    EXPECT_TRUE(record->hasScope(Scope::SelfReview));
    EXPECT_EQ(record->scopes.front(), Scope::SelfReview);
  }
}

TEST(ConsentRecord, ScopesAreSortedWithoutDuplicates) {
  const auto record = make(request({"intervision", "coach_review", "intervision", "self_review", "coach_review"}));
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->scopes, (std::vector<Scope>{Scope::SelfReview, Scope::CoachReview, Scope::Intervision}));
  EXPECT_TRUE(record->hasScope(Scope::CoachReview));
  EXPECT_TRUE(record->hasScope(Scope::Intervision));
  EXPECT_FALSE(record->hasScope(Scope::CitizenReview));

  const auto all = make(request({"citizen_review", "intervision", "coach_review"}));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->scopes, allScopes());
}

TEST(ConsentRecord, RefusesAnUnknownScopeAndNamesIt) {
  const std::string message = errorOf(make(request({"coach_review", "coach-review"})));
  EXPECT_EQ(message, trf("\"{}\" is not a consent scope. The scopes are: {}.", "coach-review",
                         "self_review, coach_review, citizen_review, intervision"));
  EXPECT_EQ(message,
            "\"coach-review\" is geen onderdeel van de toestemming. De onderdelen zijn: self_review, coach_review, "
            "citizen_review, intervision.");
  // Names are exact: no guessing what "Intervision" or "" meant.
  EXPECT_NE(errorOf(make(request({"Intervision"}))).find("\"Intervision\""), std::string::npos);
  EXPECT_NE(errorOf(make(request({""}))).find("\"\""), std::string::npos);
}

TEST(ConsentRecord, AcceptsEachMethodByItsName) {
  EXPECT_EQ(make(request({}, "verbal"))->method, Method::VerbalOnCamera);
  EXPECT_EQ(make(request({}, "paper"))->method, Method::PaperForm);
  EXPECT_EQ(make(request({}, "digital"))->method, Method::Digital);
}

TEST(ConsentRecord, RefusesAnUnknownMethodAndNamesIt) {
  EXPECT_EQ(errorOf(make(request({}, "mondeling"))),
            trf("\"{}\" is not a way of giving consent. The ways are: {}.", "mondeling", "verbal, paper, digital"));
  EXPECT_NE(errorOf(make(request({}, ""))).find("\"\""), std::string::npos);
}

TEST(ConsentRecord, AcceptsARecordingDateUpToFiveMinutesAhead) {
  // The camera's or this computer's clock may be a little off.
  EXPECT_TRUE(make(request({}, "verbal", kNow)));
  EXPECT_TRUE(make(request({}, "verbal", kNow + 5min)));
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow + 5min + 1s))),
            tr("The recording date lies in the future. Please check the date, and the clock of this computer."));
  EXPECT_FALSE(make(request({}, "verbal", kNow + days(1))));
}

TEST(ConsentRecord, RefusesRetentionBelowOneWeek) {
  EXPECT_TRUE(make(request({}, "verbal", kNow - 1h, 1)));
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow - 1h, 0))),
            trf("A retention period of {} weeks is too short: the minimum is 1 week.", 0));
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow - 1h, -3))),
            trf("A retention period of {} weeks is too short: the minimum is 1 week.", -3));
}

TEST(ConsentRecord, RetentionMayBeExactlyTheMaximumButNotBeyond) {
  const auto atMaximum = make(request({}, "verbal", kNow - 1h, 26));
  ASSERT_TRUE(atMaximum) << atMaximum.error().message;
  EXPECT_EQ(atMaximum->retentionEnd - atMaximum->recordedAt, days(182));  // not a day more
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow - 1h, 27))),
            trf("A retention period of {} weeks is longer than the maximum of {} weeks.", 27, 26));
  EXPECT_FALSE(make(request({}, "verbal", kNow - 1h, 1'000'000)));
}

TEST(ConsentRecord, RetentionIsBoundByALoweredMaximum) {
  const auto policy = RetentionPolicy::create(Weeks{4}, Weeks{12}).value();
  const auto atMaximum = make(request({}, "verbal", kNow - 1h, 12), Role::Klantmanager, policy);
  ASSERT_TRUE(atMaximum) << atMaximum.error().message;
  EXPECT_EQ(atMaximum->retentionEnd - atMaximum->recordedAt, days(84));
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow - 1h, 13), Role::Klantmanager, policy)),
            trf("A retention period of {} weeks is longer than the maximum of {} weeks.", 13, 12));
}

TEST(ConsentRecord, RefusesARecordingWhoseRetentionHasAlreadyEnded) {
  // 26 weeks = 182 days: retention ends at recordedAt + 182 days.
  const char* const kAlreadyOver =
      "With this retention period the recording would be erased at once: the period has already passed since the "
      "recording date. Please check the date or choose a longer period.";
  const auto lastSecond = make(request({}, "verbal", kNow - days(182) + 1s, 26));
  ASSERT_TRUE(lastSecond) << lastSecond.error().message;
  EXPECT_EQ(lastSecond->retentionEnd, kNow + 1s);
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow - days(182), 26))), tr(kAlreadyOver));
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow - days(183), 26))), tr(kAlreadyOver));
  // With the default 8 weeks, a recording of 57 days ago is over too.
  EXPECT_EQ(errorOf(make(request({}, "verbal", kNow - days(57)))), tr(kAlreadyOver));
  EXPECT_TRUE(make(request({}, "verbal", kNow - days(55))));
}

TEST(ConsentRecord, OnlyAClientManagerRegistersConsent) {
  for (const Role role : {Role::Coach, Role::PrivacyOfficer, Role::Administrator, Role::Unknown}) {
    EXPECT_EQ(errorOf(make(request(), role)),
              trf("Only a client manager registers consent, for their own recording. This account has the role: {}.",
                  roleDisplayName(role)))
        << roleName(role);
  }
}

TEST(ConsentRecord, StoresTheWithdrawalCodeInCanonicalForm) {
  std::string typed = validCode();
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto record = make(request(), Role::Klantmanager, RetentionPolicy{}, typed);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->withdrawalCode, validCode());

  std::string mistyped = validCode();
  mistyped[4] = mistyped[4] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(make(request(), Role::Klantmanager, RetentionPolicy{}, mistyped));
  EXPECT_FALSE(make(request(), Role::Klantmanager, RetentionPolicy{}, ""));
}

TEST(ConsentRecord, EveryRuleHasItsOwnMessage) {
  const std::vector<std::string> messages = {
      errorOf(make(request({"everyone"}))),
      errorOf(make(request({}, "telepathy"))),
      errorOf(make(request({}, "verbal", kNow + 1h))),
      errorOf(make(request({}, "verbal", kNow - 1h, 0))),
      errorOf(make(request({}, "verbal", kNow - 1h, 27))),
      errorOf(make(request(), Role::Coach)),
      errorOf(make(request({}, "verbal", kNow - days(100)))),
      errorOf(make(request(), Role::Klantmanager, RetentionPolicy{}, "VS-0000-0000")),
  };
  EXPECT_EQ(std::set<std::string>(messages.begin(), messages.end()).size(), messages.size());
  for (const std::string& message : messages) EXPECT_FALSE(message.empty());
}

TEST(ConsentRecord, NamesRoundTrip) {
  for (const Scope scope : allScopes()) EXPECT_EQ(scopeFromName(scopeName(scope)), scope);
  EXPECT_EQ(allScopes().size(), 4u);
  EXPECT_EQ(scopeName(Scope::SelfReview), "self_review");
  EXPECT_EQ(scopeName(Scope::CitizenReview), "citizen_review");
  EXPECT_EQ(scopeFromName("self-review"), std::nullopt);

  for (const Method method : {Method::VerbalOnCamera, Method::PaperForm, Method::Digital})
    EXPECT_EQ(methodFromName(methodName(method)), method);
  EXPECT_EQ(methodName(Method::VerbalOnCamera), "verbal");
  EXPECT_EQ(methodFromName("Verbal"), std::nullopt);

  for (const State state : {State::Given, State::Withdrawn, State::Expired, State::Erased})
    EXPECT_EQ(stateFromName(stateName(state)), state);
  EXPECT_EQ(stateName(State::Withdrawn), "withdrawn");
  EXPECT_EQ(stateName(State::Unknown), "unknown");
  EXPECT_EQ(stateFromName("unknown"), std::nullopt);  // a stored state is never read as Unknown
}

TEST(ConsentRecord, DisplayNamesAreDutchAndDistinct) {
  EXPECT_EQ(scopeDisplayName(Scope::CoachReview), "terugkijken met een coach");
  EXPECT_EQ(methodDisplayName(Method::PaperForm), "op een papieren formulier");
  EXPECT_EQ(stateDisplayName(State::Withdrawn), "ingetrokken");
  EXPECT_EQ(stateDisplayName(State::Erased), "gewist");
  std::set<std::string> names;
  for (const Scope scope : allScopes()) names.insert(scopeDisplayName(scope));
  for (const Method method : {Method::VerbalOnCamera, Method::PaperForm, Method::Digital})
    names.insert(methodDisplayName(method));
  for (const State state : {State::Unknown, State::Given, State::Withdrawn, State::Expired, State::Erased})
    names.insert(stateDisplayName(state));
  EXPECT_EQ(names.size(), 4u + 3u + 5u);
  EXPECT_FALSE(names.contains(""));
}

}  // namespace
}  // namespace vakspiegel::consent
