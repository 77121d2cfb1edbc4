#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using RunTest = EngineTest;

TEST_F(RunTest, AppliesChangesSortedByOrderNotByRegistration) {
  auto runner = builder()
                    .addChange(change("c", "0003"))
                    .addChange(change("a", "0001"))
                    .addChange(change("b", "0002"))
                    .build();

  runner.run();

  EXPECT_THAT(*journal, ElementsAre("apply:a", "apply:b", "apply:c"));
}

TEST_F(RunTest, RecordsStartedThenAppliedForEachChange) {
  auto runner = builder().addChange(change("a", "0001")).build();

  runner.run();

  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(RunTest, SecondRunAppliesNothingAndTakesNoLock) {
  builder().addChange(change("a", "0001")).build().run();
  journal->clear();
  lockHeldElsewhere();

  RunSummary summary = builder().addChange(change("a", "0001")).build().run();

  EXPECT_TRUE(journal->empty());
  EXPECT_EQ(summary.skipped(), 1u);
  EXPECT_EQ(store->readHistory().size(), 2u);
}

TEST_F(RunTest, AppliesOnlyChangesAddedSinceTheLastRun) {
  builder().addChange(change("a", "0001")).build().run();
  journal->clear();

  builder().addChange(change("a", "0001")).addChange(change("b", "0002")).build().run();

  EXPECT_THAT(*journal, ElementsAre("apply:b"));
}

TEST_F(RunTest, EntriesCarryTheChangeAndTheRun) {
  auto runner = builder()
                    .addChange(change({.id = "a", .order = "0001", .author = "bob"}))
                    .withMetadata({{"deployedBy", "ci"}})
                    .addMetadata("ticket", "OPS-1")
                    .build();

  runner.run();

  std::vector<AuditEntry> log = store->readHistory();
  ASSERT_EQ(log.size(), 2u);
  for (const AuditEntry& entry : log) {
    EXPECT_EQ(entry.author, "bob");
    EXPECT_EQ(entry.change_order, "0001");
    EXPECT_EQ(entry.stage_id, "default");
    EXPECT_EQ(entry.invoked_class, "flamingock::test::ScriptedChange");
    EXPECT_EQ(entry.invoked_method, "apply");
    EXPECT_EQ(entry.checksum, ScriptedChange({.id = "a", .order = "0001"}, journal).checksum());
    EXPECT_EQ(entry.library_version, std::string(libraryVersion()));
    EXPECT_EQ(entry.metadata, (Metadata{{"deployedBy", "ci"}, {"ticket", "OPS-1"}}));
  }
  EXPECT_EQ(log[0].execution_id, log[1].execution_id);
  EXPECT_EQ(log[0].runner_id, log[1].runner_id);
}

TEST_F(RunTest, AppliedEntryRecordsHowLongApplyTook) {
  auto slow = change("a", "0001");
  slow->onApply([&](ChangeContext&) { clock->advance(std::chrono::milliseconds(250)); });

  RunSummary summary = builder().addChange(std::move(slow)).build().run();

  std::vector<AuditEntry> log = store->readHistory();
  EXPECT_EQ(log[0].execution_millis, std::chrono::milliseconds(0));
  EXPECT_EQ(log[1].execution_millis, std::chrono::milliseconds(250));
  EXPECT_EQ(summary.changes[0].duration, std::chrono::milliseconds(250));
}

TEST_F(RunTest, SummaryCountsAppliedAndSkipped) {
  builder().addChange(change("a", "0001")).build().run();

  RunSummary summary =
      builder().addChange(change("a", "0001")).addChange(change("b", "0002")).build().run();

  EXPECT_EQ(summary.applied(), 1u);
  EXPECT_EQ(summary.skipped(), 1u);
  EXPECT_EQ(summary.failed(), 0u);
  ASSERT_EQ(summary.changes.size(), 2u);
  EXPECT_EQ(summary.changes[0].status, ChangeStatus::kSkipped);
  EXPECT_EQ(summary.changes[1].status, ChangeStatus::kApplied);
}

TEST_F(RunTest, StagesRunInTheOrderTheyWereAdded) {
  auto runner = builder()
                    .addStage("schema")
                    .addChange(change("table", "0002"))
                    .addStage("data")
                    .addChange(change("seed", "0001"))
                    .build();

  runner.run();

  EXPECT_THAT(*journal, ElementsAre("apply:table", "apply:seed"));
  EXPECT_EQ(store->readHistory().back().stage_id, "data");
}

TEST_F(RunTest, DisabledRunnerDoesNothingAndNeedsNoStore) {
  auto runner = Flamingock::builder().setEnabled(false).addChange(change("", "")).build();

  RunSummary summary = runner.run();

  EXPECT_TRUE(journal->empty());
  EXPECT_TRUE(summary.changes.empty());
}

TEST_F(RunTest, DryRunReportsThePlanAndWritesNothing) {
  builder().addChange(change("a", "0001")).build().run();
  journal->clear();
  lockHeldElsewhere();

  RunSummary summary = builder()
                           .setDryRun(true)
                           .addChange(change("a", "0001"))
                           .addChange(change("b", "0002"))
                           .build()
                           .run();

  EXPECT_TRUE(journal->empty());
  EXPECT_EQ(store->readHistory().size(), 2u);
  EXPECT_TRUE(summary.dry_run);
  EXPECT_EQ(summary.skipped(), 1u);
  EXPECT_EQ(summary.planned(), 1u);
  EXPECT_EQ(summary.changes[1].change_id, "b");
}

TEST_F(RunTest, AChangeReachesItsTargetByType) {
  auto target = std::make_shared<testing::InMemoryTargetSystem>("kv");
  auto writer = change("a", "0001");
  writer->onApply([](ChangeContext& ctx) {
    ctx.target<testing::InMemoryTargetSystem>().put("k", ctx.change().id);
  });

  builder().addTargetSystems({target}).addChange(std::move(writer)).build().run();

  EXPECT_EQ(target->get("k"), "a");
}

class OtherTarget : public TargetSystem {
 public:
  OtherTarget() : TargetSystem("other") {}
};

TEST_F(RunTest, AskingForTheWrongTargetTypeFailsNamingChangeAndTypes) {
  auto wrong = change("a", "0001");
  wrong->onApply([](ChangeContext& ctx) { ctx.target<testing::InMemoryTargetSystem>(); });

  auto runner = builder()
                    .addTargetSystems({std::make_shared<OtherTarget>()})
                    .addChange(std::move(wrong))
                    .build();

  try {
    runner.run();
    FAIL() << "expected ChangeFailedError";
  } catch (const ChangeFailedError& e) {
    EXPECT_THAT(e.cause(), HasSubstr("change 'a'"));
    EXPECT_THAT(e.cause(), HasSubstr("flamingock::testing::InMemoryTargetSystem"));
    EXPECT_THAT(e.cause(), HasSubstr("flamingock::test::(anonymous namespace)::OtherTarget"));
  }
}

TEST_F(RunTest, ContextGivesMetadataAndExecutionId) {
  std::string seen_ticket;
  std::string seen_execution;
  auto reader = change("a", "0001");
  reader->onApply([&](ChangeContext& ctx) {
    seen_ticket = ctx.metadata().at("ticket");
    seen_execution = ctx.executionId();
  });

  builder().addMetadata("ticket", "OPS-1").addChange(std::move(reader)).build().run();

  EXPECT_EQ(seen_ticket, "OPS-1");
  EXPECT_EQ(seen_execution, store->readHistory().front().execution_id);
}

}  // namespace
}  // namespace flamingock::test
