#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;

// Writes every event it receives as one line.
class RecordingListener : public Listener {
 public:
  void onStarted(const RunStartedEvent& event) override {
    std::string pending;
    for (const std::string& id : event.pending) pending += id;
    events.push_back("started:" + pending);
  }
  void onChangeApplied(const ChangeOutcome& outcome) override {
    events.push_back("applied:" + outcome.change_id);
  }
  void onChangeFailed(const ChangeOutcome& outcome) override {
    events.push_back("failed:" + outcome.change_id + ":" + outcome.error);
  }
  void onLockWaitStarted(const LockWaitStartedEvent& event) override {
    events.push_back("waiting:" + event.lock_key + ":" + event.holder + ":" +
                     (event.expires_at ? "lease" : "no lease") + ":" +
                     std::to_string(event.acquire_timeout.count()) + " ms");
    if (on_wait) on_wait();
  }
  void onFinished(const RunSummary& summary) override {
    events.push_back("finished:" + std::to_string(summary.applied()) + "/" +
                     std::to_string(summary.failed()));
  }
  std::vector<std::string> events;
  std::function<void()> on_wait;  // run when a wait for the lock starts
};

class ThrowingListener : public Listener {
 public:
  void onChangeApplied(const ChangeOutcome&) override { throw std::runtime_error("observer bug"); }
};

using ListenerTest = EngineTest;

TEST_F(ListenerTest, ReceivesStartedAppliedAndFinished) {
  auto listener = std::make_shared<RecordingListener>();

  builder()
      .addListener(listener)
      .addChange(change("a", "1"))
      .addChange(change("b", "2"))
      .build()
      .run();

  EXPECT_THAT(listener->events,
              ElementsAre("started:ab", "applied:a", "applied:b", "finished:2/0"));
}

TEST_F(ListenerTest, ReceivesFailedAndFinishedWhenAChangeFails) {
  auto listener = std::make_shared<RecordingListener>();
  auto failing = change("a", "1");
  failing->onApply([](ChangeContext&) { throw std::runtime_error("boom"); });

  EXPECT_THROW(builder().addListener(listener).addChange(std::move(failing)).build().run(),
               ChangeFailedError);

  EXPECT_THAT(listener->events, ElementsAre("started:a", "failed:a:boom", "finished:0/1"));
}

TEST_F(ListenerTest, ThrowingListenerDoesNotDisturbTheRun) {
  auto runner = builder()
                    .addListener(std::make_shared<ThrowingListener>())
                    .addChange(change("a", "1"))
                    .addChange(change("b", "2"))
                    .build();

  RunSummary summary = runner.run();

  EXPECT_EQ(summary.applied(), 2u);
  EXPECT_THAT(statesOf("b"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(ListenerTest, HearsOnceThatTheRunWaitsForTheLockHoweverOftenItRetries) {
  auto listener = std::make_shared<RecordingListener>();
  lockHeldElsewhere();
  auto start = clock->monotonicNow();

  EXPECT_THROW(builder().addListener(listener).addChange(change("a", "1")).build().run(),
               LockTimeoutError);

  // The fake clock moved through the whole timeout, a retry about every second.
  EXPECT_GE(clock->monotonicNow() - start, LockOptions{}.acquire_timeout);
  EXPECT_THAT(listener->events,
              ElementsAre("started:a", "waiting:DEFAULT_KEY:other-runner:no lease:300000 ms",
                          "finished:0/0"));
}

TEST_F(ListenerTest, HearsTheWaitForTheLockBeforeTheChangesItWaitedFor) {
  auto listener = std::make_shared<RecordingListener>();
  auto holder = store->createLock({}, "other-runner", clock);
  holder->acquire();
  listener->on_wait = [&] { holder->release(); };

  builder()
      .addListener(listener)
      .setLockOptions({.key = "DEFAULT_KEY", .acquire_timeout = std::chrono::seconds(30)})
      .addChange(change("a", "1"))
      .build()
      .run();

  EXPECT_THAT(listener->events,
              ElementsAre("started:a", "waiting:DEFAULT_KEY:other-runner:no lease:30000 ms",
                          "applied:a", "finished:1/0"));
}

}  // namespace
}  // namespace flamingock::test
