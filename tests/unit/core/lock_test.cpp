#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using LockTest = EngineTest;

// Takes the run's lock away as soon as a given change is applied.
class TakeOverAfter : public Listener {
 public:
  TakeOverAfter(std::shared_ptr<testing::InMemoryAuditStore> store, std::string change_id)
      : store_(std::move(store)), change_id_(std::move(change_id)) {}
  void onChangeApplied(const ChangeOutcome& outcome) override {
    if (outcome.change_id == change_id_) store_->takeOverLock("DEFAULT_KEY", "intruder");
  }

 private:
  std::shared_ptr<testing::InMemoryAuditStore> store_;
  std::string change_id_;
};

TEST_F(LockTest, LostLockStopsTheRunBeforeTheNextChange) {
  auto runner = builder()
                    .addListener(std::make_shared<TakeOverAfter>(store, "a"))
                    .addChange(change("a", "0001"))
                    .addChange(change("b", "0002"))
                    .build();

  EXPECT_THROW(runner.run(), LockLostError);

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
  EXPECT_TRUE(statesOf("b").empty());
  EXPECT_EQ(store->lockOwner(), "intruder");
}

TEST_F(LockTest, StoreRefusesWritesWhoseFenceNoLongerHolds) {
  auto lock = store->createLock({}, "runner-1", clock);
  lock->acquire();
  store->takeOverLock("DEFAULT_KEY", "runner-2");

  EXPECT_THROW(store->append(previous("a", AuditState::kStarted), lock->fence()), LockLostError);
  EXPECT_FALSE(lock->isHeld());
  EXPECT_TRUE(store->readHistory().empty());
}

TEST_F(LockTest, WaitingTooLongFailsNamingTheOwner) {
  lockHeldElsewhere();
  LockOptions options;
  options.acquire_timeout = std::chrono::seconds(30);

  try {
    builder().setLockOptions(options).addChange(change("a", "0001")).build().run();
    FAIL() << "expected LockTimeoutError";
  } catch (const LockTimeoutError& e) {
    EXPECT_EQ(e.owner(), "other-runner");
    EXPECT_THAT(e.what(), HasSubstr("other-runner"));
    EXPECT_THAT(e.what(), HasSubstr("30000 ms"));
  }
  EXPECT_GE(clock->monotonicNow().time_since_epoch(), std::chrono::seconds(30));
  EXPECT_TRUE(journal->empty());
}

TEST_F(LockTest, ReleasedLockCanBeTakenByTheNextRunner) {
  auto first = store->createLock({}, "runner-1", clock);
  first->acquire();
  first->release();

  auto second = store->createLock({}, "runner-2", clock);
  second->acquire();

  EXPECT_EQ(store->lockOwner(), "runner-2");
  EXPECT_FALSE(first->isHeld());
}

TEST_F(LockTest, RunUsesTheConfiguredLockKey) {
  lockHeldElsewhere();
  LockOptions options;
  options.key = "orders-service";

  builder().setLockOptions(options).addChange(change("a", "0001")).build().run();

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

// Each thread runs its own runner over one shared store; every change must apply exactly once.
TEST(ConcurrentRunnersTest, EachChangeAppliesOnceAcrossRunners) {
  auto store = std::make_shared<testing::InMemoryAuditStore>();
  auto target = std::make_shared<testing::InMemoryTargetSystem>("kv");
  std::mutex counter_mutex;
  LockOptions options;
  options.retry_interval = std::chrono::milliseconds(1);
  auto runOne = [&] {
    auto journal = std::make_shared<Journal>();
    FlamingockBuilder pipeline = Flamingock::builder();
    pipeline.setAuditStore(store).addTargetSystems({target}).setLockOptions(options);
    for (std::string id : {"a", "b", "c"}) {
      auto counted = std::make_unique<ScriptedChange>(ChangeInfo{.id = id, .order = id}, journal);
      counted->onApply([&, id](ChangeContext&) {
        std::lock_guard lock(counter_mutex);
        target->put(id, target->get(id).value_or("") + "x");
      });
      pipeline.addChange(std::move(counted));
    }
    pipeline.build().run();
  };

  std::vector<std::thread> runners;
  for (int i = 0; i < 4; ++i) runners.emplace_back(runOne);
  for (std::thread& runner : runners) runner.join();

  EXPECT_EQ(target->data(),
            (std::map<std::string, std::string>{{"a", "x"}, {"b", "x"}, {"c", "x"}}));
}

}  // namespace
}  // namespace flamingock::test
