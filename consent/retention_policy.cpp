// Retention bounds; see retention_policy.h.
#include "consent/retention_policy.h"

#include "core/i18n.h"

namespace vakspiegel::consent {

Result<RetentionPolicy> RetentionPolicy::create(Weeks defaultRetention, Weeks maximum) {
  if (maximum < Weeks{1} || maximum > kLegalMaximumRetention)
    return fail(ErrorCode::InvalidArgument,
                trf("The maximum retention is between 1 and {} weeks.", kLegalMaximumRetention.count()));
  if (defaultRetention < Weeks{1} || defaultRetention > maximum)
    return fail(ErrorCode::InvalidArgument,
                trf("The default retention is between 1 week and the maximum of {} weeks.", maximum.count()));
  return RetentionPolicy(defaultRetention, maximum);
}

Status RetentionPolicy::check(Weeks requested) const {
  if (requested < Weeks{1} || requested > m_maximum)
    return fail(ErrorCode::InvalidArgument,
                trf("A retention period is between 1 and {} weeks.", m_maximum.count()));
  return {};
}

WallTime RetentionPolicy::expiryFor(WallTime consentedAt, Weeks retention) {
  return consentedAt + std::chrono::duration_cast<std::chrono::seconds>(std::chrono::days{retention.count() * 7});
}

}  // namespace vakspiegel::consent
