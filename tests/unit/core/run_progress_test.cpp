// The engine's ChangeProgress (docs/architecture.md#long-running-changes) on the in-memory store:
// records saved fenced by the run's lock, stamped with the chain of attempts, the runner and the
// run's clock, and resumed only within the change's open chain of attempts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/run_progress.h"
#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

class RunProgressTest : public EngineTest {
 protected:
  void SetUp() override { lock_->acquire(); }

  // An entry of change "c" by `execution`, a minute after the one before.
  void seed(const std::string& execution, AuditState state) {
    AuditEntry entry = previous("c", state);
    entry.execution_id = execution;
    entry.created_at += std::chrono::minutes(++seeded_);
    store->seed(entry);
  }

  // The progress of change "c" in `phase`, in the run "exec-now".
  std::unique_ptr<detail::RunProgress> progressOf(ChangePhase phase = ChangePhase::kApply) {
    return std::make_unique<detail::RunProgress>(run_, "c", phase);
  }

  std::unique_ptr<Lock> lock_ = store->createLock({}, "runner-1", clock);
  std::string execution_id_ = "exec-now";
  Metadata applied_;
  std::vector<ProgressEvent> told_;
  detail::ProgressRun run_{*store,
                           *lock_,
                           *clock,
                           execution_id_,
                           [this](const ProgressEvent& event) { told_.push_back(event); },
                           &applied_};
  int seeded_ = 0;
};

TEST_F(RunProgressTest, SavesUnderTheOpenChainByThisRunnerAtTheRunsTime) {
  seed("exec-1", AuditState::kStarted);
  seed("exec-now", AuditState::kStarted);

  progressOf()->save({.key = {"c"}, .subject = "orders", .parts_done = 1, .total_parts = 2});

  std::optional<ProgressRecord> stored = store->progressStore()->read({"c"});
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->attempt_chain, "exec-1");
  EXPECT_EQ(stored->runner_id, "runner-1");
  EXPECT_EQ(stored->updated_at, formatCreatedAt(clock->wallNow()));
  EXPECT_EQ(stored->subject, "orders");
}

TEST_F(RunProgressTest, AChangeWithNoChainSavesUnderThisExecution) {
  progressOf()->save({.key = {"c"}});

  EXPECT_EQ(store->progressStore()->read({"c"})->attempt_chain, "exec-now");
}

TEST_F(RunProgressTest, ResumesTheRecordOfItsOpenChain) {
  seed("exec-1", AuditState::kStarted);
  progressOf()->save({.key = {"c"}, .state = R"({"at":{"N":"8"}})"});
  seed("exec-2", AuditState::kStarted);  // a retry after a crash: the chain is still open

  std::optional<ProgressRecord> resumed = progressOf()->resumable({"c"});

  ASSERT_TRUE(resumed.has_value());
  EXPECT_EQ(resumed->state, R"({"at":{"N":"8"}})");
}

TEST_F(RunProgressTest, ARecordOfAnEndedChainIsNotResumed) {
  seed("exec-1", AuditState::kStarted);
  progressOf()->save({.key = {"c"}});
  seed("exec-1", AuditState::kFailed);
  seed("exec-2", AuditState::kStarted);

  EXPECT_FALSE(progressOf()->resumable({"c"}).has_value());
}

TEST_F(RunProgressTest, ARollbackAfterAFailureSavesUnderTheClosedChainAndResumesNothing) {
  seed("exec-1", AuditState::kStarted);
  progressOf()->save({.key = {"c"}});
  seed("exec-1", AuditState::kFailed);
  std::unique_ptr<detail::RunProgress> rollback = progressOf(ChangePhase::kRollback);

  EXPECT_FALSE(rollback->resumable({"c"}).has_value());
  rollback->save({.key = {"c", ChangePhase::kRollback}});
  EXPECT_EQ(store->progressStore()->read({"c", ChangePhase::kRollback})->attempt_chain, "exec-1");
}

TEST_F(RunProgressTest, ALostLockRefusesTheSaveAndWritesNothing) {
  store->takeOverLock("DEFAULT_KEY", "intruder");
  std::unique_ptr<detail::RunProgress> progress = progressOf();

  EXPECT_THROW(progress->ensureLockHeld(), LockLostError);
  EXPECT_THAT([&] { progress->save({.key = {"c"}}); },
              ThrowsMessage<LockLostError>(HasSubstr("the progress of change 'c'")));
  EXPECT_TRUE(store->progressStore()->list().empty());
}

TEST_F(RunProgressTest, AStoreThatKeepsNoProgressIsRefusedNamingTheChange) {
  class NoProgress : public testing::InMemoryAuditStore {
   public:
    ProgressStore* progressStore() override { return nullptr; }
  } bare;
  detail::ProgressRun run{bare, *lock_, *clock, execution_id_};
  detail::RunProgress progress(run, "c", ChangePhase::kApply);

  EXPECT_THAT([&] { progress.resumable({"c"}); },
              ThrowsMessage<ConfigurationError>(HasSubstr("change 'c'")));
}

TEST_F(RunProgressTest, OnlyTheApplyRecordsInTheAppliedEntry) {
  progressOf()->recordInAppliedEntry("migration.scanned", "8");
  progressOf(ChangePhase::kRollback)->recordInAppliedEntry("migration.written", "8");

  EXPECT_EQ(applied_, (Metadata{{"migration.scanned", "8"}}));
}

TEST_F(RunProgressTest, ReportsToTheRunsListeners) {
  progressOf()->report({.change_id = "c", .scanned = 3});

  ASSERT_EQ(told_.size(), 1u);
  EXPECT_EQ(told_[0].scanned, 3);
}

}  // namespace
}  // namespace flamingock::test
