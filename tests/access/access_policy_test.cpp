// Tests of the access policy (access/access_policy.h) against product.md's
// role table. The expected matrix below is written out by hand from that
// table, not derived from the implementation: every role (and Unknown) x every
// action x the recording relations that change the answer. Properties over
// arbitrary recording facts back up the safe-haven rules R4 and R5.
#include "access/access_policy.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace vakspiegel {
namespace {

// The columns of the expected matrix, in this order.
constexpr std::array kColumns = {
    // content of a recording
    Action::Play, Action::Annotate, Action::ReadAnnotations, Action::MakeFragments, Action::ManageGoals,
    Action::ExportAnnotations, Action::ExportMedia,
    // administration of a recording
    Action::RegisterConsent, Action::Share, Action::RevokeShare, Action::ReadAccessLog, Action::Erase,
    // without a recording
    Action::ImportRecording, Action::ListRecordings, Action::ReadRegistry, Action::WithdrawByCode, Action::ReadAudit,
    Action::VerifyAudit, Action::PrintCertificates, Action::ManageUsers, Action::ManagePolicy,
    Action::ManageCodingSchemes};

constexpr std::array kContentActions = {Action::Play,          Action::Annotate,    Action::ReadAnnotations,
                                        Action::MakeFragments, Action::ManageGoals, Action::ExportAnnotations,
                                        Action::ExportMedia};

constexpr const char* kActorId = "actor";
constexpr const char* kOtherKlantmanager = "klantmanager-2";
constexpr const char* kOtherCoach = "coach-2";

// How the recording relates to the actor (named for an actor who is a
// klantmanager or a coach; for other roles the ids are simply theirs).
enum class Relation {
  NoRecording,                // the action is asked without a recording
  Owner,                      // the actor owns it; consent in force with coach_review
  OwnerWithoutCoachConsent,   // the actor owns it; the citizen did not allow coach_review
  OwnerConsentNotInForce,     // the actor owns it; withdrawn, expired or being erased
  OtherOwner,                 // another klantmanager's, shared with another coach
  SharedWithActor,            // another's, shared with the actor, coach_review consent, in force
  SharedWithoutCoachConsent,  // shared with the actor, but no coach_review consent
  SharedConsentNotInForce,    // shared with the actor, consent withdrawn or expired
};

std::optional<RecordingFacts> recordingFor(Relation relation) {
  RecordingFacts r;
  r.hasCoachReviewConsent = true;
  r.isUsable = true;
  switch (relation) {
    case Relation::NoRecording: return std::nullopt;
    case Relation::Owner:
      r.ownerId = kActorId;
      r.sharedWith = {kOtherCoach};
      break;
    case Relation::OwnerWithoutCoachConsent:
      r.ownerId = kActorId;
      r.hasCoachReviewConsent = false;
      break;
    case Relation::OwnerConsentNotInForce:
      r.ownerId = kActorId;
      r.sharedWith = {kOtherCoach};
      r.isUsable = false;
      break;
    case Relation::OtherOwner:
      r.ownerId = kOtherKlantmanager;
      r.sharedWith = {kOtherCoach};
      break;
    case Relation::SharedWithActor:
      r.ownerId = kOtherKlantmanager;
      r.sharedWith = {kOtherCoach, kActorId};
      break;
    case Relation::SharedWithoutCoachConsent:
      r.ownerId = kOtherKlantmanager;
      r.sharedWith = {kActorId};
      r.hasCoachReviewConsent = false;
      break;
    case Relation::SharedConsentNotInForce:
      r.ownerId = kOtherKlantmanager;
      r.sharedWith = {kActorId};
      r.isUsable = false;
      break;
  }
  return r;
}

struct Expectation {
  Role role;
  Relation relation;
  // One character per column of kColumns ('Y' allowed, '.' denied); spaces
  // only group the columns: content | administration | without a recording.
  const char* allowed;
};

// product.md, "Users and what each may do".
// clang-format off
const std::vector<Expectation> kExpected = {
  //                                                     Pl An RA MF MG EA EM   RC Sh RS AL Er   Im Li Rg WC RAu VA PC MU MP MC
  // klantmanager: own recordings fully (no media export), others' never; share only with coach_review consent.
  {Role::Klantmanager, Relation::NoRecording,              "....... ..... YY.Y......"},
  {Role::Klantmanager, Relation::Owner,                    "YYYYYY. YYYYY YY.Y......"},
  {Role::Klantmanager, Relation::OwnerWithoutCoachConsent, "YYYYYY. Y.YYY YY.Y......"},
  {Role::Klantmanager, Relation::OwnerConsentNotInForce,   "....... Y.YYY YY.Y......"},
  {Role::Klantmanager, Relation::OtherOwner,               "....... ..... YY.Y......"},
  {Role::Klantmanager, Relation::SharedWithActor,          "....... ..... YY.Y......"},
  {Role::Klantmanager, Relation::SharedWithoutCoachConsent,"....... ..... YY.Y......"},
  {Role::Klantmanager, Relation::SharedConsentNotInForce,  "....... ..... YY.Y......"},
  // coach: review, annotate and build sessions on what is shared with them under coach_review consent;
  // no goals (the klantmanager writes them), no export, no sharing onwards, no administration.
  {Role::Coach, Relation::NoRecording,                     "....... ..... .Y........"},
  {Role::Coach, Relation::Owner,                           "....... ..... .Y........"},
  {Role::Coach, Relation::OwnerWithoutCoachConsent,        "....... ..... .Y........"},
  {Role::Coach, Relation::OwnerConsentNotInForce,          "....... ..... .Y........"},
  {Role::Coach, Relation::OtherOwner,                      "....... ..... .Y........"},
  {Role::Coach, Relation::SharedWithActor,                 "YYYY... ..... .Y........"},
  {Role::Coach, Relation::SharedWithoutCoachConsent,       "....... ..... .Y........"},
  {Role::Coach, Relation::SharedConsentNotInForce,         "....... ..... .Y........"},
  // privacy officer: registry, withdrawal by code, audit log, certificates; never content.
  {Role::PrivacyOfficer, Relation::NoRecording,            "....... ..... ..YYYYY..."},
  {Role::PrivacyOfficer, Relation::Owner,                  "....... ..... ..YYYYY..."},
  {Role::PrivacyOfficer, Relation::OwnerWithoutCoachConsent,"....... ..... ..YYYYY..."},
  {Role::PrivacyOfficer, Relation::OwnerConsentNotInForce, "....... ..... ..YYYYY..."},
  {Role::PrivacyOfficer, Relation::OtherOwner,             "....... ..... ..YYYYY..."},
  {Role::PrivacyOfficer, Relation::SharedWithActor,        "....... ..... ..YYYYY..."},
  {Role::PrivacyOfficer, Relation::SharedWithoutCoachConsent,"....... ..... ..YYYYY..."},
  {Role::PrivacyOfficer, Relation::SharedConsentNotInForce,"....... ..... ..YYYYY..."},
  // administrator: accounts, policy, coding schemes; never content.
  {Role::Administrator, Relation::NoRecording,             "....... ..... .......YYY"},
  {Role::Administrator, Relation::Owner,                   "....... ..... .......YYY"},
  {Role::Administrator, Relation::OwnerWithoutCoachConsent,"....... ..... .......YYY"},
  {Role::Administrator, Relation::OwnerConsentNotInForce,  "....... ..... .......YYY"},
  {Role::Administrator, Relation::OtherOwner,              "....... ..... .......YYY"},
  {Role::Administrator, Relation::SharedWithActor,         "....... ..... .......YYY"},
  {Role::Administrator, Relation::SharedWithoutCoachConsent,"....... ..... .......YYY"},
  {Role::Administrator, Relation::SharedConsentNotInForce, "....... ..... .......YYY"},
  // Unknown is never granted anything.
  {Role::Unknown, Relation::NoRecording,                   "....... ..... .........."},
  {Role::Unknown, Relation::Owner,                         "....... ..... .........."},
  {Role::Unknown, Relation::OwnerWithoutCoachConsent,      "....... ..... .........."},
  {Role::Unknown, Relation::OwnerConsentNotInForce,        "....... ..... .........."},
  {Role::Unknown, Relation::OtherOwner,                    "....... ..... .........."},
  {Role::Unknown, Relation::SharedWithActor,               "....... ..... .........."},
  {Role::Unknown, Relation::SharedWithoutCoachConsent,     "....... ..... .........."},
  {Role::Unknown, Relation::SharedConsentNotInForce,       "....... ..... .........."},
};
// clang-format on

constexpr std::array kRoles = {Role::Unknown, Role::Klantmanager, Role::Coach, Role::PrivacyOfficer,
                               Role::Administrator};
constexpr std::array kRelations = {Relation::NoRecording,
                                   Relation::Owner,
                                   Relation::OwnerWithoutCoachConsent,
                                   Relation::OwnerConsentNotInForce,
                                   Relation::OtherOwner,
                                   Relation::SharedWithActor,
                                   Relation::SharedWithoutCoachConsent,
                                   Relation::SharedConsentNotInForce};

std::string columnsWithoutSpaces(const char* text) {
  std::string s(text);
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

TEST(AccessPolicy, TheMatrixCoversEveryActionRoleAndRelation) {
  // Every action the policy knows is a column, once, and nothing else.
  const std::vector<Action> columns(kColumns.begin(), kColumns.end());
  EXPECT_EQ(std::set<Action>(columns.begin(), columns.end()).size(), columns.size());
  EXPECT_EQ(std::set<Action>(allActions().begin(), allActions().end()),
            std::set<Action>(columns.begin(), columns.end()));
  EXPECT_EQ(allActions().size(), columns.size());
  // Every role x relation has exactly one row, of the right width.
  std::set<std::pair<Role, Relation>> rows;
  for (const Expectation& e : kExpected) {
    EXPECT_TRUE(rows.emplace(e.role, e.relation).second) << "duplicate row";
    EXPECT_EQ(columnsWithoutSpaces(e.allowed).size(), kColumns.size()) << e.allowed;
  }
  EXPECT_EQ(rows.size(), kRoles.size() * kRelations.size());
}

TEST(AccessPolicy, DecidesTheWholeRoleActionMatrixAsTheProductBriefSays) {
  for (const Expectation& e : kExpected) {
    const std::string allowed = columnsWithoutSpaces(e.allowed);
    const Actor actor{kActorId, e.role};
    const std::optional<RecordingFacts> recording = recordingFor(e.relation);
    for (std::size_t i = 0; i < kColumns.size() && i < allowed.size(); ++i) {
      const Decision d = decide(actor, kColumns[i], recording);
      EXPECT_EQ(d.isAllowed, allowed[i] == 'Y') << roleName(e.role) << " / relation " << static_cast<int>(e.relation)
                                                << " / " << actionName(kColumns[i]) << " (reason " << d.reason << ")";
      EXPECT_FALSE(d.reason.empty()) << "every decision names a reason for the audit log";
    }
  }
}

TEST(AccessPolicy, DeniesAnActorWithoutAUserId) {
  RecordingFacts anonymous;  // ownerId "" matches the empty user id
  anonymous.hasCoachReviewConsent = true;
  anonymous.isUsable = true;
  anonymous.sharedWith = {""};
  for (Role role : kRoles) {
    for (Action action : allActions()) {
      EXPECT_FALSE(decide({"", role}, action, anonymous).isAllowed) << roleName(role) << " " << actionName(action);
      EXPECT_FALSE(decide({"", role}, action).isAllowed) << roleName(role) << " " << actionName(action);
    }
  }
}

TEST(AccessPolicy, DeniesAnUnknownAction) {
  for (Role role : kRoles) {
    EXPECT_FALSE(decide({kActorId, role}, Action::Unknown).isAllowed);
    EXPECT_FALSE(decide({kActorId, role}, Action::Unknown, recordingFor(Relation::Owner)).isAllowed);
  }
}

TEST(AccessPolicy, NamesWhyMediaExportIsRefused) {
  const Decision d = decide({kActorId, Role::Klantmanager}, Action::ExportMedia, recordingFor(Relation::Owner));
  EXPECT_FALSE(d.isAllowed);
  EXPECT_EQ(d.reason, "no_media_export");
}

TEST(AccessPolicy, ActionsOnContentAndAdministrationNeedARecording) {
  for (std::size_t i = 0; i < kColumns.size(); ++i)
    EXPECT_EQ(actionNeedsRecording(kColumns[i]), i < 12) << actionName(kColumns[i]);
}

TEST(AccessPolicy, RoleNamesRoundTrip) {
  for (Role role : {Role::Klantmanager, Role::Coach, Role::PrivacyOfficer, Role::Administrator})
    EXPECT_EQ(roleFromName(roleName(role)), role);
  EXPECT_EQ(roleName(Role::PrivacyOfficer), "privacy_officer");
  EXPECT_EQ(roleFromName("manager"), Role::Unknown);
  EXPECT_EQ(roleFromName("Coach"), Role::Unknown);  // stored names are exact
  EXPECT_EQ(roleFromName(""), Role::Unknown);
  EXPECT_EQ(roleFromName("unknown"), Role::Unknown);
}

TEST(AccessPolicy, ActionNamesAreDistinct) {
  std::set<std::string_view> names;
  for (Action action : allActions()) {
    EXPECT_NE(actionName(action), "unknown");
    EXPECT_TRUE(names.insert(actionName(action)).second) << actionName(action);
  }
}

// Arbitrary recording facts over a small pool of ids (so that ownership and
// sharing actually coincide with the actor) plus arbitrary strings.
rc::Gen<std::string> userIds() {
  return rc::gen::oneOf(rc::gen::element<std::string>(kActorId, kOtherKlantmanager, kOtherCoach, ""),
                        rc::gen::arbitrary<std::string>());
}

rc::Gen<RecordingFacts> recordingFacts() {
  return rc::gen::build<RecordingFacts>(
      rc::gen::set(&RecordingFacts::ownerId, userIds()),
      rc::gen::set(&RecordingFacts::sharedWith, rc::gen::container<std::vector<std::string>>(userIds())),
      rc::gen::set(&RecordingFacts::hasCoachReviewConsent, rc::gen::arbitrary<bool>()),
      rc::gen::set(&RecordingFacts::isUsable, rc::gen::arbitrary<bool>()));
}

// R4: administrator and privacy officer cannot reach content, whatever the recording.
RC_GTEST_PROP(AccessPolicy, AdministratorAndPrivacyOfficerAreNeverAllowedContent, ()) {
  const Role role = *rc::gen::element(Role::Administrator, Role::PrivacyOfficer);
  const std::string actorId = *userIds();
  const Action action = *rc::gen::elementOf(kContentActions);
  const RecordingFacts facts = *recordingFacts();
  RC_ASSERT_FALSE(decide({actorId, role}, action, facts).isAllowed);
  RC_ASSERT_FALSE(decide({actorId, role}, action).isAllowed);
}

// R5: nobody exports raw media, whatever the recording.
RC_GTEST_PROP(AccessPolicy, MediaExportIsNeverAllowed, ()) {
  const Role role = *rc::gen::elementOf(kRoles);
  const std::string actorId = *userIds();
  const RecordingFacts facts = *recordingFacts();
  RC_ASSERT_FALSE(decide({actorId, role}, Action::ExportMedia, facts).isAllowed);
  RC_ASSERT_FALSE(decide({actorId, role}, Action::ExportMedia).isAllowed);
}

// R1: content is only ever reached while consent is in force, and only by
// the owner or a coach it is shared with under coach_review consent.
RC_GTEST_PROP(AccessPolicy, ContentNeedsConsentInForceAndTheOwnerOrASharedCoach, ()) {
  const Role role = *rc::gen::elementOf(kRoles);
  const std::string actorId = *userIds();
  const Action action = *rc::gen::elementOf(kContentActions);
  const RecordingFacts facts = *recordingFacts();
  if (decide({actorId, role}, action, facts).isAllowed) {
    RC_ASSERT(facts.isUsable);
    RC_ASSERT(!actorId.empty());
    const bool isShared =
        std::find(facts.sharedWith.begin(), facts.sharedWith.end(), actorId) != facts.sharedWith.end();
    RC_ASSERT((role == Role::Klantmanager && facts.ownerId == actorId) ||
              (role == Role::Coach && isShared && facts.hasCoachReviewConsent));
  }
}

}  // namespace
}  // namespace vakspiegel
