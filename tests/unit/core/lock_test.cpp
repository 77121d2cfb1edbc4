#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/lock_wait.h"
#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

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

// A fake clock that records every wait and, at the first, lets another runner act (`meanwhile`).
class WaitingClock : public testing::FakeClock {
 public:
  void sleepFor(std::chrono::milliseconds duration) override {
    FakeClock::sleepFor(duration);
    sleeps.push_back(duration);
    if (sleeps.size() == 1 && meanwhile) meanwhile();
  }

  std::vector<std::chrono::milliseconds> sleeps;
  std::function<void()> meanwhile;
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

TEST_F(LockTest, ALockTakenOverSaysSoWhenCheckedBeforeAChange) {
  auto lock = store->createLock({}, "runner-1", clock);
  lock->acquire();
  store->takeOverLock("DEFAULT_KEY", "runner-2");

  EXPECT_THAT(
      [&] { lock->ensureHeld(); },
      ThrowsMessage<LockLostError>(HasSubstr(
          "lock 'DEFAULT_KEY' is no longer held by 'runner-1': another runner took it over")));
  EXPECT_EQ(lock->loss(), LockLoss::kTakenOver);
}

TEST_F(LockTest, AReleasedLockDoesNotClaimItWasTakenOver) {
  auto lock = store->createLock({}, "runner-1", clock);
  lock->acquire();
  lock->release();

  EXPECT_THAT([&] { lock->ensureHeld(); },
              ThrowsMessage<LockLostError>(HasSubstr("it was not acquired, or was released")));
  EXPECT_EQ(lock->loss(), LockLoss::kNotAcquired);
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

class WaitingRunnerTest : public EngineTest {
 protected:
  void SetUp() override { holder->acquire(); }

  // What the holder of the lock writes when it applies `change_id`.
  void holderApplies(const std::string& change_id) {
    store->append(previous(change_id, AuditState::kApplied), holder->fence());
  }

  // Runs change "a" with a `acquire_timeout` wait; expects it to give up waiting.
  void expectGivesUpWaitingAfter(std::chrono::milliseconds acquire_timeout) {
    LockOptions options;
    options.acquire_timeout = acquire_timeout;
    EXPECT_THROW(builder()
                     .setClock(waiting_clock)
                     .setLockOptions(options)
                     .addChange(change("a", "0001"))
                     .build()
                     .run(),
                 LockTimeoutError);
  }

  RunSummary runAB() {
    return builder()
        .setClock(waiting_clock)
        .addChange(change("a", "0001"))
        .addChange(change("b", "0002"))
        .build()
        .run();
  }

  std::shared_ptr<WaitingClock> waiting_clock = std::make_shared<WaitingClock>();
  std::unique_ptr<Lock> holder = store->createLock({}, "holder", waiting_clock);
};

TEST_F(WaitingRunnerTest, FinishesWithoutTheLockOnceTheHolderAppliedEverythingAndLeft) {
  waiting_clock->meanwhile = [&] {
    holderApplies("a");
    holderApplies("b");
    holder->release();
  };

  RunSummary summary = runAB();

  EXPECT_EQ(summary.skipped(), 2u);
  EXPECT_TRUE(journal->empty());
  EXPECT_EQ(store->readHistory().size(), 2u);
  EXPECT_EQ(store->lockOwner(), std::nullopt);
  EXPECT_EQ(waiting_clock->sleeps.size(), 1u);  // it stopped at its first look after that
}

TEST_F(WaitingRunnerTest, DoesNotReReadTheLogWhileTheSameHolderKeepsTheLock) {
  // Done, but still holding: only a change of hands makes the waiter read the log again.
  waiting_clock->meanwhile = [&] {
    holderApplies("a");
    holderApplies("b");
  };

  expectGivesUpWaitingAfter(std::chrono::seconds(30));

  EXPECT_GE(waiting_clock->sleeps.size(), 10u);
}

TEST_F(WaitingRunnerTest, AppliesWhatTheHolderLeftOnceItReleases) {
  waiting_clock->meanwhile = [&] {
    holderApplies("a");
    holder->release();
  };

  RunSummary summary = runAB();

  EXPECT_THAT(*journal, ElementsAre("apply:b"));
  EXPECT_EQ(summary.skipped(), 1u);
  EXPECT_THAT(statesOf("b"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
  EXPECT_EQ(store->lockOwner(), std::nullopt);
}

TEST_F(WaitingRunnerTest, KeepsWaitingWhileTheHoldersChangeIsUnfinished) {
  // STARTED by the holder: only the holder knows whether it is still at work.
  waiting_clock->meanwhile = [&] {
    store->append(previous("a", AuditState::kStarted), holder->fence());
  };

  expectGivesUpWaitingAfter(std::chrono::seconds(10));

  EXPECT_GT(waiting_clock->sleeps.size(), 1u);
}

TEST_F(LockTest, WaitersPauseAJitteredRetryIntervalSoTheyDoNotPollInStep) {
  lockHeldElsewhere();
  auto waiting_clock = std::make_shared<WaitingClock>();
  LockOptions options;
  options.retry_interval = std::chrono::seconds(1);
  options.acquire_timeout = std::chrono::minutes(1);
  auto lock = store->createLock(options, "waiter", waiting_clock);

  EXPECT_THROW(lock->acquire(), LockTimeoutError);

  std::vector<std::chrono::milliseconds> pauses = waiting_clock->sleeps;
  pauses.pop_back();  // cut short by the deadline
  ASSERT_GE(pauses.size(), 30u);
  for (auto pause : pauses) {
    // Never shorter than the interval: at most one read of the lock per interval.
    EXPECT_GE(pause, std::chrono::milliseconds(1000));
    EXPECT_LE(pause, std::chrono::milliseconds(1500));
  }
  EXPECT_GT(std::set(pauses.begin(), pauses.end()).size(), pauses.size() / 2);
}

class LockWaitTest : public ::testing::Test {
 protected:
  detail::LockWait::Outcome see(const std::optional<std::string>& holder) {
    return wait.sawHolder(holder);
  }

  testing::FakeClock clock;
  int asked = 0;
  bool needed = true;
  std::function<bool()> still_needed = [this] {
    ++asked;
    return needed;
  };
  detail::LockWait wait{clock, LockOptions{}, still_needed};
};

TEST_F(LockWaitTest, AsksOnlyWhenTheLockChangesHands) {
  see("a");
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(wait.pause("a", std::nullopt), detail::LockWait::Outcome::kRetry);
    see("a");
  }
  EXPECT_EQ(asked, 0);

  see(std::nullopt);

  EXPECT_EQ(asked, 1);
}

TEST_F(LockWaitTest, StopsOnceTheCallerNoLongerNeedsTheLock) {
  see("a");
  needed = false;

  EXPECT_EQ(see("b"), detail::LockWait::Outcome::kNoLongerNeeded);
}

TEST_F(LockWaitTest, AsksAtMostTwicePerWaitHoweverOftenTheLockChangesHands) {
  see("a");

  for (std::string holder : {"b", "c", "d", "e", "f"}) see(holder);
  see(std::nullopt);

  EXPECT_EQ(asked, detail::LockWait::kRechecksPerWait);
}

TEST(LockWaitEventTest, TellsTheFirstPauseOnlyWithTheHolderAndItsLease) {
  testing::FakeClock clock;
  std::vector<LockWaitStartedEvent> events;
  LockOptions options{.key = "orders", .acquire_timeout = std::chrono::seconds(10)};
  options.on_wait_started = [&](const LockWaitStartedEvent& event) { events.push_back(event); };
  std::function<bool()> still_needed = [] { return true; };
  detail::LockWait wait{clock, options, still_needed};
  auto expires = clock.wallNow() + std::chrono::seconds(60);

  wait.sawHolder("a");
  while (wait.pause("a", expires) == detail::LockWait::Outcome::kRetry) wait.sawHolder("a");

  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].lock_key, "orders");
  EXPECT_EQ(events[0].holder, "a");
  EXPECT_EQ(events[0].expires_at, expires);
  EXPECT_EQ(events[0].acquire_timeout, std::chrono::seconds(10));
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
