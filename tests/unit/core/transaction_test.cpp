#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;

class TransactionTest : public EngineTest {
 protected:
  // A transactional change "a" that writes k=v into its transaction, then runs `after`.
  std::unique_ptr<ScriptedChange> writer(std::function<void()> after = [] {}) {
    auto tx_change = change({.id = "a", .order = "0001", .transactional = true});
    tx_change->onApply([after](ChangeContext& ctx) {
      ctx.transaction<testing::InMemoryTransaction>().put("k", "v");
      after();
    });
    return tx_change;
  }
  void run(std::unique_ptr<ScriptedChange> change) {
    builder().addTargetSystems({target}).addChange(std::move(change)).build().run();
  }

  std::shared_ptr<testing::InMemoryTargetSystem> target =
      std::make_shared<testing::InMemoryTargetSystem>("kv");
};

TEST_F(TransactionTest, WritesAndAppliedEntryCommitTogether) {
  run(writer());

  EXPECT_EQ(target->get("k"), "v");
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kApplied));
  AuditEntry applied = store->readHistory().back();
  EXPECT_EQ(applied.tx_strategy, TxStrategy::kTxShared);
  EXPECT_TRUE(applied.transaction_flag);
}

TEST_F(TransactionTest, WritesAreInvisibleUntilCommit) {
  std::optional<std::string> seen_during_apply = "unset";

  run(writer([&] { seen_during_apply = target->get("k"); }));

  EXPECT_EQ(seen_during_apply, std::nullopt);
}

TEST_F(TransactionTest, FailedApplyLeavesNoWritesAndRecordsFailed) {
  EXPECT_THROW(run(writer([] { throw std::runtime_error("boom"); })), ChangeFailedError);

  EXPECT_TRUE(target->data().empty());
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kFailed));
  EXPECT_EQ(store->readHistory().back().tx_strategy, TxStrategy::kTxShared);
}

TEST_F(TransactionTest, FailedCommitLeavesNeitherWritesNorAppliedEntry) {
  store->failWritesWhere([](const AuditEntry& e) { return e.state == AuditState::kApplied; });

  EXPECT_THROW(run(writer()), ChangeFailedError);

  EXPECT_TRUE(target->data().empty());
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kFailed));
}

TEST_F(TransactionTest, FailedTransactionalChangeIsAppliedOnTheNextRun) {
  EXPECT_THROW(run(writer([] { throw std::runtime_error("boom"); })), ChangeFailedError);

  run(writer());

  EXPECT_EQ(target->get("k"), "v");
}

TEST_F(TransactionTest, RollbackIsNotCalledForTransactionalChanges) {
  auto failing = writer([] { throw std::runtime_error("boom"); });
  failing->onRollback([](ChangeContext&) {});

  EXPECT_THROW(run(std::move(failing)), ChangeFailedError);

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(TransactionTest, NonTransactionalChangeHasNoTransaction) {
  auto plain = change("a", "0001");
  plain->onApply([](ChangeContext& ctx) { ctx.transaction<testing::InMemoryTransaction>(); });

  EXPECT_THROW(run(std::move(plain)), ChangeFailedError);
}

}  // namespace
}  // namespace flamingock::test
