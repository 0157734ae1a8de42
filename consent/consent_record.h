// The consent record (product.md R1): what the citizen said yes to, for how
// long, and the code with which they take it back. Pure rules, no I/O: the
// store keeps the record, the app layer calls these before anything is
// written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_policy.h"
#include "consent/retention_policy.h"
#include "core/clock.h"
#include "core/error.h"

namespace vakspiegel::consent {

// product.md, "Consent scopes". self_review is part of every yes.
enum class Scope { SelfReview, CoachReview, CitizenReview, Intervision };
[[nodiscard]] std::string_view scopeName(Scope scope);  // "self_review", as stored
[[nodiscard]] std::optional<Scope> scopeFromName(std::string_view name);
[[nodiscard]] std::string scopeDisplayName(Scope scope);  // in the user's language
[[nodiscard]] const std::vector<Scope>& allScopes();

// How the citizen gave consent.
enum class Method { VerbalOnCamera, PaperForm, Digital };
[[nodiscard]] std::string_view methodName(Method method);  // "verbal", "paper", "digital"
[[nodiscard]] std::optional<Method> methodFromName(std::string_view name);
[[nodiscard]] std::string methodDisplayName(Method method);

// Unknown (a record not built by makeConsentRecord, or an unreadable stored
// state) is never "in force".
enum class State { Unknown = 0, Given, Withdrawn, Expired, Erased };
// "given", "withdrawn", "expired", "erased"; "unknown" for Unknown, which
// stateFromName never returns.
[[nodiscard]] std::string_view stateName(State state);
[[nodiscard]] std::optional<State> stateFromName(std::string_view name);
[[nodiscard]] std::string stateDisplayName(State state);

// What the klantmanager registers, as typed (names, not enums), so that every
// mistake gets its own clear message from makeConsentRecord.
struct ConsentRequest {
  std::vector<std::string> scopes;    // scope names; self_review is added when missing
  std::string method;                 // method name
  WallTime recordedAt;                // when the conversation was recorded
  std::optional<int> retentionWeeks;  // default: the policy's default
};

struct ConsentRecord {
  std::string recordingId;
  std::vector<Scope> scopes;  // sorted in enum order, no duplicates, always with SelfReview
  Method method = Method::VerbalOnCamera;
  WallTime recordedAt;  // consent is given for the recording made then
  WallTime registeredAt;
  std::string registeredBy;      // user id
  WallTime retentionEnd;         // recordedAt + retention (in days); expired from this instant
  std::string withdrawalCode;    // canonical form, e.g. "VS-7K3M-Q9P5"
  State state = State::Unknown;  // makeConsentRecord sets Given

  [[nodiscard]] bool hasScope(Scope scope) const;
};

// Validates a request and builds the record. Errors (InvalidArgument, each
// with its own Dutch message): an unknown scope (named), an
// unknown method (named), a recording date in the future (more than 5 minutes
// after `now`, for clock skew), retention below 1 week or beyond the policy
// maximum, an owner whose role is not klantmanager, a retention end that has
// already passed (the recording would be erased at once), a withdrawal code
// that normalizeWithdrawalCode refuses. The code is stored in canonical form;
// the record's state is Given and registeredAt is `now`.
[[nodiscard]] Result<ConsentRecord> makeConsentRecord(const ConsentRequest& request, const RetentionPolicy& policy,
                                                      Role ownerRole, WallTime now, std::string recordingId,
                                                      std::string registeredBy, std::string withdrawalCode);

}  // namespace vakspiegel::consent
