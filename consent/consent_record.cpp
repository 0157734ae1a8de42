// The consent record's names and the rules a new record must satisfy; see
// consent_record.h.
#include "consent/consent_record.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "consent/withdrawal_code.h"
#include "core/i18n.h"

namespace vakspiegel::consent {
namespace {

using namespace std::chrono_literals;

// A recording date this far after `now` is still accepted: the camera's or
// this computer's clock may be a little off.
constexpr std::chrono::seconds kAllowedClockSkew = 5min;

constexpr Method kAllMethods[] = {Method::VerbalOnCamera, Method::PaperForm, Method::Digital};
constexpr State kAllStates[] = {State::Given, State::Withdrawn, State::Expired, State::Erased};

// "a, b, c": the stored names, for messages that list the valid choices.
template <class Range, class NameOf>
std::string joinNames(const Range& values, NameOf nameOf) {
  std::string joined;
  for (const auto& value : values) {
    if (!joined.empty()) joined += ", ";
    joined += nameOf(value);
  }
  return joined;
}

}  // namespace

std::string_view scopeName(Scope scope) {
  switch (scope) {
    case Scope::SelfReview: return "self_review";
    case Scope::CoachReview: return "coach_review";
    case Scope::CitizenReview: return "citizen_review";
    case Scope::Intervision: return "intervision";
  }
  return "unknown";
}

std::optional<Scope> scopeFromName(std::string_view name) {
  for (const Scope scope : allScopes())
    if (scopeName(scope) == name) return scope;
  return std::nullopt;
}

std::string scopeDisplayName(Scope scope) {
  switch (scope) {
    case Scope::SelfReview: return tr("self-review by the client manager");
    case Scope::CoachReview: return tr("review with a coach");
    case Scope::CitizenReview: return tr("watching back together with the citizen");
    case Scope::Intervision: return tr("intervision with colleagues, anonymised");
  }
  return tr("unknown scope");
}

const std::vector<Scope>& allScopes() {
  static const std::vector<Scope> scopes = {Scope::SelfReview, Scope::CoachReview, Scope::CitizenReview,
                                            Scope::Intervision};
  return scopes;
}

std::string_view methodName(Method method) {
  switch (method) {
    case Method::VerbalOnCamera: return "verbal";
    case Method::PaperForm: return "paper";
    case Method::Digital: return "digital";
  }
  return "unknown";
}

std::optional<Method> methodFromName(std::string_view name) {
  for (const Method method : kAllMethods)
    if (methodName(method) == name) return method;
  return std::nullopt;
}

std::string methodDisplayName(Method method) {
  switch (method) {
    case Method::VerbalOnCamera: return tr("verbally, on camera");
    case Method::PaperForm: return tr("on a paper form");
    case Method::Digital: return tr("digitally");
  }
  return tr("unknown way");
}

std::string_view stateName(State state) {
  switch (state) {
    case State::Given: return "given";
    case State::Withdrawn: return "withdrawn";
    case State::Expired: return "expired";
    case State::Erased: return "erased";
    case State::Unknown: break;
  }
  return "unknown";
}

std::optional<State> stateFromName(std::string_view name) {
  for (const State state : kAllStates)
    if (stateName(state) == name) return state;
  return std::nullopt;
}

std::string stateDisplayName(State state) {
  switch (state) {
    case State::Given: return tr("consent given");
    case State::Withdrawn: return tr("withdrawn");
    case State::Expired: return tr("expired");
    case State::Erased: return tr("erased");
    case State::Unknown: break;
  }
  return tr("unknown state");
}

bool ConsentRecord::hasScope(Scope scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

Result<ConsentRecord> makeConsentRecord(const ConsentRequest& request, const RetentionPolicy& policy, Role ownerRole,
                                        WallTime now, std::string recordingId, std::string registeredBy,
                                        std::string withdrawalCode) {
  std::vector<Scope> scopes = {Scope::SelfReview};
  for (const std::string& name : request.scopes) {
    const std::optional<Scope> scope = scopeFromName(name);
    if (!scope)
      return fail(ErrorCode::InvalidArgument,
                  trf("\"{}\" is not a consent scope. The scopes are: {}.", name, joinNames(allScopes(), scopeName)));
    scopes.push_back(*scope);
  }
  std::sort(scopes.begin(), scopes.end());
  scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());

  const std::optional<Method> method = methodFromName(request.method);
  if (!method)
    return fail(ErrorCode::InvalidArgument, trf("\"{}\" is not a way of giving consent. The ways are: {}.",
                                                request.method, joinNames(kAllMethods, methodName)));

  if (request.recordedAt > now + kAllowedClockSkew)
    return fail(ErrorCode::InvalidArgument,
                tr("The recording date lies in the future. Please check the date, and the clock of this computer."));

  const int weeks = request.retentionWeeks.value_or(static_cast<int>(policy.defaultRetention().count()));
  if (weeks < 1)
    return fail(ErrorCode::InvalidArgument,
                trf("A retention period of {} weeks is too short: the minimum is 1 week.", weeks));
  if (Weeks{weeks} > policy.maximum())
    return fail(
        ErrorCode::InvalidArgument,
        trf("A retention period of {} weeks is longer than the maximum of {} weeks.", weeks, policy.maximum().count()));

  if (ownerRole != Role::Klantmanager)
    return fail(ErrorCode::InvalidArgument,
                trf("Only a client manager registers consent, for their own recording. This account has the role: {}.",
                    roleDisplayName(ownerRole)));

  const WallTime retentionEnd = RetentionPolicy::expiryFor(request.recordedAt, Weeks{weeks});
  if (RetentionPolicy::isExpired(retentionEnd, now))
    return fail(ErrorCode::InvalidArgument,
                tr("With this retention period the recording would be erased at once: the period has already passed "
                   "since the recording date. Please check the date or choose a longer period."));

  // The store generated the code; reading it back keeps only canonical,
  // checkable codes in the registry.
  std::string code = VS_TRY(normalizeWithdrawalCode(withdrawalCode));

  ConsentRecord record;
  record.recordingId = std::move(recordingId);
  record.scopes = std::move(scopes);
  record.method = *method;
  record.recordedAt = request.recordedAt;
  record.registeredAt = now;
  record.registeredBy = std::move(registeredBy);
  record.retentionEnd = retentionEnd;
  record.withdrawalCode = std::move(code);
  record.state = State::Given;
  return record;
}

}  // namespace vakspiegel::consent
