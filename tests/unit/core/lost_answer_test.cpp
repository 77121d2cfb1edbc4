// When a write's answer is lost, the engine writes nothing more and the next run decides from the
// log; FAILED is recorded only when the change is known not to have taken effect
// (docs/exactly-once.md#failed-is-written-only-when-known).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

bool isApplied(const AuditEntry& entry) { return entry.state == AuditState::kApplied; }
bool isFailed(const AuditEntry& entry) { return entry.state == AuditState::kFailed; }

// Its commits land, yet it says that they did not: as when the answer was lost, the retries were
// told TransactionInProgress and the read-back came before the first attempt landed.
class LateCommitStore : public testing::InMemoryAuditStore {
 public:
  void commitTransaction(TargetTransaction& transaction, const AuditEntry& entry,
                         const Fence& fence) override {
    InMemoryAuditStore::commitTransaction(transaction, entry, fence);
    throw Error("could not write the transaction: TransactionInProgress; not there when read back");
  }
};

class LostAnswerTest : public EngineTest {
 protected:
  // Change "a", transactional or not, that adds one to the target's "count" on every apply.
  std::unique_ptr<ScriptedChange> counter(bool transactional) {
    auto counting = change({.id = "a", .order = "0001", .transactional = transactional});
    counting->onApply([this, transactional](ChangeContext& ctx) {
      std::string next = std::to_string(count() + 1);
      if (transactional) {
        ctx.transaction<testing::InMemoryTransaction>().put("count", next);
      } else {
        target->put("count", next);
      }
    });
    return counting;
  }
  void run(std::unique_ptr<ScriptedChange> change) {
    builder().addTargetSystems({target}).addChange(std::move(change)).build().run();
  }
  int count() const { return std::stoi(target->get("count").value_or("0")); }

  std::shared_ptr<testing::InMemoryTargetSystem> target =
      std::make_shared<testing::InMemoryTargetSystem>("kv");
};

TEST_F(LostAnswerTest, TransactionalCommitWithLostAnswerStopsWithoutRecordingFailed) {
  store->loseAnswersWhere(isApplied);

  try {
    run(counter(true));
    FAIL() << "the run should stop";
  } catch (const OutcomeUnknownError& e) {
    EXPECT_THAT(e.what(), HasSubstr("whether the transaction of change 'a' committed"));
    EXPECT_THAT(e.what(), HasSubstr("the next run decides from the audit log"));
  }

  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kApplied));
}

TEST_F(LostAnswerTest, TransactionalCommitWithLostAnswerIsNotAppliedAgainByTheNextRun) {
  store->loseAnswersWhere(isApplied);
  EXPECT_THROW(run(counter(true)), OutcomeUnknownError);
  store->loseAnswersWhere(nullptr);

  run(counter(true));

  EXPECT_EQ(count(), 1);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kApplied));
}

TEST_F(LostAnswerTest, NonTransactionalAppliedEntryWithLostAnswerStopsTheRun) {
  store->loseAnswersWhere(isApplied);
  EXPECT_THROW(run(counter(false)), OutcomeUnknownError);
  store->loseAnswersWhere(nullptr);

  run(counter(false));

  EXPECT_EQ(count(), 1);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(LostAnswerTest, RefusedCommitIsRecordedFailedAndAppliedByTheNextRun) {
  store->failWritesWhere(isApplied);
  EXPECT_THROW(run(counter(true)), ChangeFailedError);
  store->failWritesWhere(nullptr);

  run(counter(true));

  EXPECT_EQ(count(), 1);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kFailed, AuditState::kApplied));
}

TEST_F(LostAnswerTest, CommitLandingBeforeItsFailedEntryIsReportedApplied) {
  store = std::make_shared<LateCommitStore>();

  RunSummary summary = builder().addTargetSystems({target}).addChange(counter(true)).build().run();

  ASSERT_EQ(summary.changes.size(), 1u);
  EXPECT_EQ(summary.changes[0].status, ChangeStatus::kApplied);
  EXPECT_EQ(count(), 1);
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kApplied));
}

TEST_F(LostAnswerTest, FailedEntryWithLostAnswerSaysSoAndSkipsTheRollback) {
  store->loseAnswersWhere(isFailed);
  auto failing = change("a", "0001");
  failing->onApply([](ChangeContext&) { throw std::runtime_error("boom"); });
  failing->onRollback([](ChangeContext&) {});

  try {
    run(std::move(failing));
    FAIL() << "the run should stop";
  } catch (const ChangeFailedError& e) {
    EXPECT_THAT(e.auditProblem(),
                HasSubstr("whether its FAILED audit entry was written is unknown"));
    EXPECT_THAT(e.auditProblem(), HasSubstr("rollback was not attempted"));
  }
  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST(InMemoryAuditStoreTest, AppendUnlessExistsWritesNothingWhenTheEntryExists) {
  testing::InMemoryAuditStore store;
  auto clock = std::make_shared<testing::FakeClock>();
  auto lock = store.createLock({}, "runner", clock);
  lock->acquire();
  AuditEntry applied{.execution_id = "run", .change_id = "a", .state = AuditState::kApplied};
  AuditEntry failed{.execution_id = "run", .change_id = "a", .state = AuditState::kFailed};
  store.append(applied, lock->fence());

  EXPECT_FALSE(store.appendUnlessExists(failed, applied.partitionKey(), lock->fence()));
  EXPECT_TRUE(store.appendUnlessExists(failed, "run#b#APPLIED", lock->fence()));

  ASSERT_EQ(store.readHistory().size(), 2u);
  EXPECT_EQ(store.readHistory().back().state, AuditState::kFailed);
}

TEST(InMemoryAuditStoreTest, CommitsNothingOnceTheSameExecutionsFailedEntryExists) {
  testing::InMemoryAuditStore store;
  testing::InMemoryTargetSystem target;
  auto lock = store.createLock({}, "runner", std::make_shared<testing::FakeClock>());
  lock->acquire();
  AuditEntry failed{.execution_id = "run", .change_id = "a", .state = AuditState::kFailed};
  AuditEntry applied{.execution_id = "run", .change_id = "a", .state = AuditState::kApplied};
  store.append(failed, lock->fence());
  auto transaction = target.beginTransaction();
  dynamic_cast<testing::InMemoryTransaction&>(*transaction).put("k", "v");

  EXPECT_THAT([&] { store.commitTransaction(*transaction, applied, lock->fence()); },
              ::testing::ThrowsMessage<Error>(HasSubstr("FAILED entry 'run#a#FAILED'")));

  EXPECT_FALSE(target.get("k"));
  EXPECT_EQ(store.readHistory().size(), 1u);
}

}  // namespace
}  // namespace flamingock::test
