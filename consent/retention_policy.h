// Retention bounds (product.md R3): every recording has an expiry; the default
// is 8 weeks, the maximum 26 weeks unless the administrator sets less. "+N
// weeks" is computed in days; the end of retention is a UTC instant.
#pragma once

#include <chrono>

#include "core/clock.h"
#include "core/error.h"

namespace vakspiegel::consent {

using Weeks = std::chrono::weeks;

inline constexpr Weeks kDefaultRetention{8};
inline constexpr Weeks kLegalMaximumRetention{26};

class RetentionPolicy {
 public:
  RetentionPolicy() = default;
  // Errors: InvalidArgument unless 1 week <= defaultRetention <= maximum <= 26 weeks.
  [[nodiscard]] static Result<RetentionPolicy> create(Weeks defaultRetention, Weeks maximum);

  [[nodiscard]] Weeks defaultRetention() const { return m_default; }
  [[nodiscard]] Weeks maximum() const { return m_maximum; }

  // Errors: InvalidArgument when `requested` is below one week or above the maximum.
  [[nodiscard]] Status check(Weeks requested) const;
  // The first instant at which a recording consented at `consentedAt` is expired.
  [[nodiscard]] static WallTime expiryFor(WallTime consentedAt, Weeks retention);
  [[nodiscard]] static bool isExpired(WallTime expiry, WallTime now) { return now >= expiry; }

 private:
  RetentionPolicy(Weeks defaultRetention, Weeks maximum) : m_default(defaultRetention), m_maximum(maximum) {}
  Weeks m_default = kDefaultRetention;
  Weeks m_maximum = kLegalMaximumRetention;
};

}  // namespace vakspiegel::consent
