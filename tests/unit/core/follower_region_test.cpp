// A run in a Region that follows the home Region (StoreRole::kFollower): it takes no lock, writes
// nothing, and waits on the run's clock until the home Region's APPLIED entries arrive.
#include <gtest/gtest.h>

#include "core/follower_wait.h"
#include "engine_test_support.h"

namespace flamingock::test {
namespace {

// A fake clock on which, during the `at`-th pause, `arrive` runs: what replication brings then.
class ArrivingClock : public testing::FakeClock {
 public:
  void sleepFor(std::chrono::milliseconds duration) override {
    FakeClock::sleepFor(duration);
    if (++pauses == at && arrive) arrive();
  }
  int pauses = 0;
  int at = -1;
  std::function<void()> arrive;
};

class FollowerRegionTest : public EngineTest {
 protected:
  void SetUp() override {
    clock = arriving;
    store->followHomeRegion("us-east-1");
  }

  // The home Region's APPLIED entry of `change_id` arrives during the `at`-th pause.
  void homeAppliesDuringPause(int at, const std::string& change_id) {
    arriving->at = at;
    arriving->arrive = [this, change_id] {
      store->seed(previous(change_id, AuditState::kApplied));
    };
  }

  Runner runnerOfA() {
    return builder().addChange(change("a", "001")).setLockOptions(lock_options).build();
  }

  std::shared_ptr<ArrivingClock> arriving = std::make_shared<ArrivingClock>();
  LockOptions lock_options{.acquire_timeout = std::chrono::minutes(1),
                           .retry_interval = std::chrono::seconds(1)};
};

TEST_F(FollowerRegionTest, WaitsWithoutLockOrWritesUntilTheHomeRegionsAppliedArrives) {
  homeAppliesDuringPause(3, "a");
  arriving->arrive = [this, arrive = arriving->arrive] {
    arrive();
    store->takeOverLock("DEFAULT_KEY", "home-runner");  // its lock item changed, too
  };

  RunSummary summary = runnerOfA().run();

  ASSERT_EQ(summary.changes.size(), 1u);
  EXPECT_EQ(summary.changes[0].status, ChangeStatus::kSkipped);
  EXPECT_EQ(summary.changes[0].reason, "applied in home Region us-east-1");
  EXPECT_TRUE(journal->empty());
  EXPECT_EQ(store->readHistory().size(), 1u);  // the home Region's entry alone
  EXPECT_EQ(arriving->pauses, 3);              // the changed lock item made it read the log
}

TEST_F(FollowerRegionTest, ReadsTheLogOnlyEveryFewPausesWhileTheLockItemStaysTheSame) {
  homeAppliesDuringPause(3, "a");

  runnerOfA().run();

  EXPECT_EQ(arriving->pauses, detail::FollowerWait::kPausesPerRead);
}

TEST_F(FollowerRegionTest, FailsAfterTheLockTimeoutNamingTheHomeRegionAndTheChanges) {
  try {
    runnerOfA().run();
    FAIL() << "expected LockTimeoutError";
  } catch (const LockTimeoutError& e) {
    EXPECT_NE(std::string(e.what()).find("home Region us-east-1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'a'"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(journal->empty());
  EXPECT_TRUE(store->readHistory().empty());
}

TEST_F(FollowerRegionTest, UpToDateRunDoesNotWait) {
  store->seed(previous("a", AuditState::kApplied));

  RunSummary summary = runnerOfA().run();

  EXPECT_EQ(summary.skipped(), 1u);
  EXPECT_EQ(arriving->pauses, 0);
}

TEST_F(FollowerRegionTest, RefusesUndoNamingTheHomeRegion) {
  store->seed(previous("a", AuditState::kApplied));
  auto undoable = change("a", "001");
  undoable->onRollback([](ChangeContext&) {});
  Runner runner = builder().addChange(std::move(undoable)).build();

  try {
    runner.undo({.count = 1});
    FAIL() << "expected ConfigurationError";
  } catch (const ConfigurationError& e) {
    EXPECT_NE(std::string(e.what()).find("us-east-1"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(journal->empty());
}

}  // namespace
}  // namespace flamingock::test
