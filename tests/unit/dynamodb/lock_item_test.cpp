// How long a waiter honours a lock item it found
// (docs/exactly-once.md#waiting-and-taking-over-a-dead-holders-lock), without a server.
#include <gtest/gtest.h>

#include "dynamodb/store/lock_item.h"

namespace flamingock::dynamodb::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::chrono::system_clock::time_point kNow =
    std::chrono::sys_days(std::chrono::year(2026) / 3 / 1);

// A lock item as Flamingock Java writes it: no leaseDurationMs, no recordVersionNumber.
LockRecord javaLock(std::chrono::system_clock::time_point expires_at) {
  return {
      .key = "DEFAULT_KEY", .owner = "java-host", .status = "LOCK_HELD", .expires_at = expires_at};
}

TEST(LeaseToHonourTest, OursIsTheLeaseTheItemSays) {
  LockRecord ours = javaLock(kNow + seconds(100));
  ours.lease_duration = milliseconds(1500);

  EXPECT_EQ(leaseToHonour(ours, seconds(60), kNow), milliseconds(1500));
}

TEST(LeaseToHonourTest, AJavaLockIsHonouredUntilItsExpiresAtWhenThatIsLongest) {
  EXPECT_EQ(leaseToHonour(javaLock(kNow + seconds(100)), seconds(1), kNow), seconds(100));
}

TEST(LeaseToHonourTest, AJavaLockIsHonouredAtLeastFlamingocksDefaultLease) {
  EXPECT_EQ(leaseToHonour(javaLock(kNow - seconds(5)), seconds(1), kNow), seconds(60));
}

TEST(LeaseToHonourTest, AJavaLockIsHonouredAtLeastOurLease) {
  EXPECT_EQ(leaseToHonour(javaLock(kNow + seconds(100)), seconds(300), kNow), seconds(300));
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
