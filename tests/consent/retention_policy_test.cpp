// Retention bounds and the instant retention ends (product.md R3).
#include "consent/retention_policy.h"

#include <gtest/gtest.h>

namespace vakspiegel::consent {
namespace {

using namespace std::chrono_literals;

TEST(RetentionPolicy, DefaultsToEightWeeksWithATwentySixWeekMaximum) {
  const RetentionPolicy policy;
  EXPECT_EQ(policy.defaultRetention(), Weeks{8});
  EXPECT_EQ(policy.maximum(), Weeks{26});
}

TEST(RetentionPolicy, AcceptsOneWeekUpToTheMaximum) {
  const RetentionPolicy policy;
  EXPECT_TRUE(policy.check(Weeks{1}));
  EXPECT_TRUE(policy.check(Weeks{26}));
  EXPECT_EQ(policy.check(Weeks{0}).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(policy.check(Weeks{27}).error().code, ErrorCode::InvalidArgument);
}

TEST(RetentionPolicy, AnAdministratorMayLowerButNotRaiseTheMaximum) {
  const auto lowered = RetentionPolicy::create(Weeks{4}, Weeks{12});
  ASSERT_TRUE(lowered);
  EXPECT_TRUE(lowered->check(Weeks{12}));
  EXPECT_FALSE(lowered->check(Weeks{13}));
  EXPECT_EQ(RetentionPolicy::create(Weeks{8}, Weeks{27}).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(RetentionPolicy::create(Weeks{13}, Weeks{12}).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(RetentionPolicy::create(Weeks{0}, Weeks{12}).error().code, ErrorCode::InvalidArgument);
}

TEST(RetentionPolicy, RetentionEndsExactlyNTimesSevenDaysAfterConsent) {
  const WallTime consented = fromUnixSeconds(1'790'000'000);
  const WallTime expiry = RetentionPolicy::expiryFor(consented, Weeks{8});
  EXPECT_EQ(expiry - consented, std::chrono::seconds(56 * 24 * 3600));
}

TEST(RetentionPolicy, ErasesOnTheSecondRetentionEnds) {
  const WallTime expiry = RetentionPolicy::expiryFor(fromUnixSeconds(1'790'000'000), Weeks{8});
  EXPECT_FALSE(RetentionPolicy::isExpired(expiry, expiry - 1s));
  EXPECT_TRUE(RetentionPolicy::isExpired(expiry, expiry));
  EXPECT_TRUE(RetentionPolicy::isExpired(expiry, expiry + 1s));
}

}  // namespace
}  // namespace vakspiegel::consent
