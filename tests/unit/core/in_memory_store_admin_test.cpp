// What InMemoryAuditStore offers besides the log (progress_store.h, AuditStore::describeLock and
// forceReleaseLock): progress records kept as given and fenced as appends are, and its lock
// described and released by force.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class InMemoryStoreAdminTest : public EngineTest {
 protected:
  void SetUp() override { lock_->acquire(); }

  ProgressStore& progress() { return *store->progressStore(); }

  std::unique_ptr<Lock> lock_ = store->createLock({}, "runner-1", clock);
};

TEST_F(InMemoryStoreAdminTest, ARecordWrittenIsReadAsGivenAndReplacedByTheNextOfItsKey) {
  ProgressRecord first{.key = {"c", ChangePhase::kRollback, 1}, .state = R"({"a":{"S":"x"}})"};
  ProgressRecord second = first;
  second.parts_done = 2;

  progress().write(first, lock_->fence());
  progress().write(second, lock_->fence());

  EXPECT_EQ(progress().read(first.key)->parts_done, 2);
  EXPECT_EQ(progress().read(first.key)->state, R"({"a":{"S":"x"}})");
  EXPECT_FALSE(progress().read({"c"}).has_value());
  EXPECT_EQ(progress().list().size(), 1u);
}

TEST_F(InMemoryStoreAdminTest, ListsTheRecordsOfOneChangeOrAll) {
  progress().write({.key = {"c"}}, lock_->fence());
  progress().write({.key = {"c", ChangePhase::kApply, 1}}, lock_->fence());
  progress().write({.key = {"d"}}, lock_->fence());

  EXPECT_EQ(progress().list("c").size(), 2u);
  EXPECT_EQ(progress().list().size(), 3u);
  EXPECT_TRUE(progress().list("e").empty());
}

TEST_F(InMemoryStoreAdminTest, AWriteWithALostFenceIsRefusedNamingTheLock) {
  store->takeOverLock("DEFAULT_KEY", "intruder");

  EXPECT_THAT([&] { progress().write({.key = {"c"}}, lock_->fence()); },
              ThrowsMessage<LockLostError>(HasSubstr("lock 'DEFAULT_KEY' is no longer held")));
  EXPECT_TRUE(progress().list().empty());
}

TEST_F(InMemoryStoreAdminTest, DescribesAHeldLockAndAFreeOne) {
  std::optional<LockDescription> held = store->describeLock("DEFAULT_KEY");

  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->owner, "runner-1");
  EXPECT_FALSE(held->expires_at.has_value());  // no lease
  EXPECT_FALSE(store->describeLock("other").has_value());
}

TEST_F(InMemoryStoreAdminTest, ReleasesByForceOnlyTheLockAsSeen) {
  LockDescription seen = *store->describeLock("DEFAULT_KEY");
  store->takeOverLock("DEFAULT_KEY", "runner-2");

  EXPECT_FALSE(store->forceReleaseLock(seen));
  EXPECT_EQ(store->lockOwner(), "runner-2");

  EXPECT_TRUE(store->forceReleaseLock(*store->describeLock("DEFAULT_KEY")));
  EXPECT_FALSE(store->lockOwner().has_value());
  EXPECT_FALSE(lock_->isHeld());
}

}  // namespace
}  // namespace flamingock::test
