// Runner::undo: which applied changes it selects, what it refuses, what it records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class UndoTest : public EngineTest {
 protected:
  // Changes a, b, c (orders 0001-0003), each with a rollback unless named in `without`; applied.
  Runner appliedRunner(const std::vector<std::string>& without = {}) {
    FlamingockBuilder b = builder();
    b.addTargetSystems({target});
    int order = 0;
    for (std::string id : {"a", "b", "c"}) {
      auto c = change(id, "000" + std::to_string(++order));
      if (std::find(without.begin(), without.end(), id) == without.end()) {
        c->onRollback([](ChangeContext&) {});
      }
      b.addChange(std::move(c));
    }
    Runner runner = b.build();
    runner.run();
    journal->clear();
    return runner;
  }

  std::vector<std::string> undoneIds(const UndoSummary& summary) {
    std::vector<std::string> ids;
    for (const UndoneChange& c : summary.changes) ids.push_back(c.change_id);
    return ids;
  }

  std::shared_ptr<testing::InMemoryTargetSystem> target =
      std::make_shared<testing::InMemoryTargetSystem>("kv");
};

TEST_F(UndoTest, UndoesOnlyTheNewestAppliedChangeByDefault) {
  Runner runner = appliedRunner();

  UndoSummary summary = runner.undo();

  EXPECT_THAT(*journal, ElementsAre("rollback:c"));
  EXPECT_THAT(statesOf("c"), ElementsAre(AuditState::kStarted, AuditState::kApplied,
                                         AuditState::kStarted, AuditState::kRolledBack));
  EXPECT_THAT(statesOf("b"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
  EXPECT_THAT(undoneIds(summary), ElementsAre("c"));
  EXPECT_TRUE(summary.changes[0].rolled_back);
  EXPECT_EQ(store->lockOwner(), std::nullopt);
}

TEST_F(UndoTest, ToUndoesNewestFirstDownToTheNamedChangeIncluded) {
  Runner runner = appliedRunner();

  runner.undo({.to = "b"});

  EXPECT_THAT(*journal, ElementsAre("rollback:c", "rollback:b"));
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(UndoTest, CountAndAllSelectThatManyNewestFirst) {
  Runner runner = appliedRunner();

  runner.undo({.count = 2});
  EXPECT_THAT(*journal, ElementsAre("rollback:c", "rollback:b"));
  journal->clear();
  runner.run();
  journal->clear();
  runner.undo({.all = true});

  EXPECT_THAT(*journal, ElementsAre("rollback:c", "rollback:b", "rollback:a"));
}

TEST_F(UndoTest, AManuallyMarkedChangeIsUndoneToo) {
  Runner runner = appliedRunner();
  AuditEntry marked = previous("c", AuditState::kManualMarkedAsApplied);
  marked.created_at = clock->wallNow() + std::chrono::hours(1);
  store->seed(marked);

  runner.undo();

  EXPECT_THAT(*journal, ElementsAre("rollback:c"));
  EXPECT_EQ(statesOf("c").back(), AuditState::kRolledBack);
}

TEST_F(UndoTest, RefusesBeforeTouchingAnythingWhenASelectedChangeHasNoRollback) {
  Runner runner = appliedRunner({"a", "b"});
  std::size_t entries = store->readHistory().size();

  try {
    runner.undo({.all = true});
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("no rollback for 'b', 'a'"));
  }
  EXPECT_THAT(*journal, IsEmpty());
  EXPECT_EQ(store->readHistory().size(), entries);
}

TEST_F(UndoTest, AFailedRollbackIsRecordedAndStopsTheUndo) {
  FlamingockBuilder b = builder();
  auto undoable = change("a", "0001");
  undoable->onRollback([](ChangeContext&) {});
  b.addChange(std::move(undoable));
  auto failing = change("b", "0002");
  failing->onRollback([](ChangeContext&) { throw std::runtime_error("table in use"); });
  Runner runner = b.addChange(std::move(failing)).build();
  runner.run();

  EXPECT_THROW(runner.undo({.all = true}), ChangeFailedError);

  EXPECT_EQ(statesOf("b").back(), AuditState::kRollbackFailed);
  EXPECT_THAT(store->readHistory().back().error_trace, HasSubstr("table in use"));
  EXPECT_EQ(statesOf("a").back(), AuditState::kApplied);
  EXPECT_EQ(store->lockOwner(), std::nullopt);
}

TEST_F(UndoTest, TheNextRunAppliesUndoneChangesAgain) {
  Runner runner = appliedRunner();
  runner.undo({.count = 2});
  journal->clear();

  runner.run();

  EXPECT_THAT(*journal, ElementsAre("apply:b", "apply:c"));
}

TEST_F(UndoTest, ARollbackIsMarkedStartedBeforeItRuns) {
  Runner runner = appliedRunner();

  runner.undo();

  std::vector<AuditEntry> history = store->readHistory();
  const AuditEntry& mark = history[history.size() - 2];
  EXPECT_EQ(mark.change_id, "c");
  EXPECT_EQ(mark.state, AuditState::kStarted);
  EXPECT_EQ(mark.invoked_method, "rollback");
  EXPECT_EQ(mark.execution_id, history.back().execution_id);
}

TEST_F(UndoTest, ARollbackWhoseEntryCannotBeWrittenLeavesTheChangeToItsRecoveryStrategy) {
  auto a = change({.id = "a", .order = "0001", .recovery = RecoveryStrategy::kAlwaysRetry});
  a->onRollback([](ChangeContext&) {});
  Runner runner = builder().addChange(std::move(a)).build();
  runner.run();
  store->failWritesWhere([](const AuditEntry& e) { return e.state == AuditState::kRolledBack; });

  EXPECT_THROW(runner.undo(), Error);
  EXPECT_EQ(statesOf("a").back(), AuditState::kStarted);  // not APPLIED: its effect is undone

  store->failWritesWhere([](const AuditEntry&) { return false; });
  journal->clear();
  runner.run();
  EXPECT_THAT(*journal, ElementsAre("apply:a"));  // ALWAYS_RETRY: applied again
}

TEST_F(UndoTest, ALockLostDuringARollbackStopsTheUndoBeforeTheNext) {
  FlamingockBuilder b = builder();
  auto a = change("a", "0001");
  a->onRollback([](ChangeContext&) {});
  auto c = change("c", "0002");
  c->onRollback([&](ChangeContext&) { lockHeldElsewhere(); });
  Runner runner = b.addChange(std::move(a)).addChange(std::move(c)).build();
  runner.run();
  journal->clear();

  EXPECT_THROW(runner.undo({.all = true}), LockLostError);

  EXPECT_THAT(*journal, ElementsAre("rollback:c"));
  EXPECT_EQ(statesOf("a").back(), AuditState::kApplied);
}

TEST_F(UndoTest, ARollbackRunsInTheRollbackPhaseWithTheUndosProgress) {
  ChangePhase phase = ChangePhase::kApply;
  bool lock_held = false;
  std::vector<ProgressRecord> saved;
  auto a = change("a", "0001");
  a->onRollback([&](ChangeContext& ctx) {
    phase = ctx.phase();
    ChangeProgress& progress = ctx.progress();
    progress.ensureLockHeld();
    lock_held = true;
    progress.save({.key = {"a", ChangePhase::kRollback, 0}, .subject = "items"});
    saved = store->progressStore()->list("a");
    progress.recordInAppliedEntry("undo.note", "ignored");  // an undo records no APPLIED entry
  });
  Runner runner = builder().addChange(std::move(a)).build();
  runner.run();

  UndoSummary summary = runner.undo();

  EXPECT_EQ(phase, ChangePhase::kRollback);
  EXPECT_TRUE(lock_held);
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0].attempt_chain, summary.execution_id);  // the undo's STARTED began it
  for (const AuditEntry& entry : store->readHistory()) {
    EXPECT_EQ(entry.metadata.count("undo.note"), 0u) << toString(entry.state);
  }
}

TEST_F(UndoTest, ATransactionalRollbackCommitsWithItsEntry) {
  auto tx_change = change({.id = "a", .order = "0001", .transactional = true});
  tx_change->onApply(
      [](ChangeContext& ctx) { ctx.transaction<testing::InMemoryTransaction>().put("k", "v"); });
  tx_change->onRollback(
      [](ChangeContext& ctx) { ctx.transaction<testing::InMemoryTransaction>().erase("k"); });
  Runner runner = builder().addTargetSystems({target}).addChange(std::move(tx_change)).build();
  runner.run();
  store->failWritesWhere([](const AuditEntry& e) { return e.state == AuditState::kRolledBack; });

  EXPECT_THROW(runner.undo(), Error);
  EXPECT_EQ(target->get("k"), "v");  // the entry failed: the erase did not land either

  store->failWritesWhere([](const AuditEntry&) { return false; });
  runner.undo();
  EXPECT_EQ(target->get("k"), std::nullopt);
  EXPECT_EQ(statesOf("a").back(), AuditState::kRolledBack);
  EXPECT_EQ(store->readHistory().back().tx_strategy, TxStrategy::kTxShared);
}

TEST_F(UndoTest, NothingAppliedUndoesNothing) {
  Runner runner = builder().addChange(change("a", "0001")).build();

  UndoSummary summary = runner.undo();

  EXPECT_THAT(summary.changes, IsEmpty());
  EXPECT_THAT(store->readHistory(), IsEmpty());
}

TEST_F(UndoTest, ADryRunSelectsAndChecksButChangesNothing) {
  Runner runner = appliedRunner();
  std::size_t entries = store->readHistory().size();

  UndoSummary summary = runner.undo({.count = 2, .dry_run = true});

  EXPECT_TRUE(summary.dry_run);
  EXPECT_THAT(undoneIds(summary), ElementsAre("c", "b"));
  EXPECT_THAT(*journal, IsEmpty());
  EXPECT_EQ(store->readHistory().size(), entries);
}

TEST_F(UndoTest, BadSelectionsAreRejectedNamingTheValue) {
  Runner runner = appliedRunner();

  auto message = [&](const UndoOptions& options) -> std::string {
    try {
      runner.undo(options);
    } catch (const ConfigurationError& e) {
      return e.what();
    }
    return "no error";
  };

  EXPECT_THAT(message({.to = "b", .count = 1}), HasSubstr("only one of --to, --count and --all"));
  EXPECT_THAT(message({.count = 0}), HasSubstr("at least 1, not 0"));
  EXPECT_THAT(message({.to = "zz"}), HasSubstr("'zz' is not a change of this pipeline"));
  EXPECT_THAT(*journal, IsEmpty());
}

TEST_F(UndoTest, ToAChangeThatIsNotAppliedIsRejected) {
  Runner runner = builder().addChange(change("a", "0001")).build();

  try {
    runner.undo({.to = "a"});
    FAIL() << "expected ConfigurationError";
  } catch (const ConfigurationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'a' is not applied (not in the log)"));
  }
}

TEST_F(UndoTest, WaitsForTheLockAsLongAsTheBuildersLockOptionsSay) {
  LockOptions lock;
  lock.acquire_timeout = std::chrono::minutes(20);
  auto a = change("a", "0001");
  a->onRollback([](ChangeContext&) {});
  Runner patient = builder().setLockOptions(lock).addChange(std::move(a)).build();
  patient.run();
  lockHeldElsewhere();
  auto start = clock->monotonicNow();

  EXPECT_THROW(patient.undo(), LockError);

  EXPECT_GE(clock->monotonicNow() - start, lock.acquire_timeout);
}

TEST_F(UndoTest, ItsListenersHearOnceThatItWaitsForTheLock) {
  struct Waits : Listener {
    int count = 0;
    void onLockWaitStarted(const LockWaitStartedEvent&) override { ++count; }
  };
  auto waits = std::make_shared<Waits>();
  auto a = change("a", "0001");
  a->onRollback([](ChangeContext&) {});
  Runner runner = builder().addListener(waits).addChange(std::move(a)).build();
  runner.run();
  lockHeldElsewhere();

  EXPECT_THROW(runner.undo(), LockError);

  EXPECT_EQ(waits->count, 1);
}

}  // namespace
}  // namespace flamingock::test
