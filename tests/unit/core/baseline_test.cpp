// Runner::baseline: pending changes recorded as applied, without running them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class BaselineTest : public EngineTest {
 protected:
  Runner runnerOf(std::vector<std::string> ids) {
    FlamingockBuilder b = builder();
    int order = 0;
    for (const std::string& id : ids) b.addChange(change(id, "000" + std::to_string(++order)));
    return b.build();
  }
};

TEST_F(BaselineTest, MarksPendingChangesUpToTheTargetWithTheirChecksumWithoutRunningThem) {
  Runner runner = runnerOf({"a", "b", "c"});

  BaselineSummary summary = runner.baseline({.up_to = "b"});

  EXPECT_THAT(summary.change_ids, ElementsAre("a", "b"));
  EXPECT_THAT(*journal, IsEmpty());
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kManualMarkedAsApplied));
  EXPECT_THAT(statesOf("c"), IsEmpty());
  AuditEntry marked = store->readHistory().back();
  EXPECT_EQ(marked.checksum, checksumOf("b\n0002"));
  EXPECT_EQ(marked.author, "flamingock-cli");
  EXPECT_EQ(store->lockOwner(), std::nullopt);

  runner.run();
  EXPECT_THAT(*journal, ElementsAre("apply:c"));
}

TEST_F(BaselineTest, RefusesChangesThatNeedAPerson) {
  store->seed(previous("a", AuditState::kFailed));
  Runner runner = runnerOf({"a", "b"});

  try {
    runner.baseline({.up_to = "b"});
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("'a' is FAILED"));
  }
  EXPECT_EQ(store->readHistory().size(), 1u);
}

TEST_F(BaselineTest, ADryRunWritesNothing) {
  Runner runner = runnerOf({"a", "b"});

  BaselineSummary summary = runner.baseline({.up_to = "a", .dry_run = true});

  EXPECT_THAT(summary.change_ids, ElementsAre("a"));
  EXPECT_THAT(store->readHistory(), IsEmpty());
}

TEST_F(BaselineTest, AnUnknownTargetIsRejectedNamingIt) {
  Runner runner = runnerOf({"a"});

  try {
    runner.baseline({.up_to = "nope"});
    FAIL() << "expected ConfigurationError";
  } catch (const ConfigurationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'nope' is not a change of this pipeline"));
  }
}

TEST_F(BaselineTest, WaitsForTheLockAsLongAsTheBuildersLockOptionsSay) {
  LockOptions lock;
  lock.acquire_timeout = std::chrono::minutes(20);
  Runner runner = builder().setLockOptions(lock).addChange(change("a", "0001")).build();
  lockHeldElsewhere();
  auto start = clock->monotonicNow();

  EXPECT_THROW(runner.baseline({.up_to = "a"}), LockError);

  EXPECT_GE(clock->monotonicNow() - start, lock.acquire_timeout);
  EXPECT_THAT(statesOf("a"), IsEmpty());
}

}  // namespace
}  // namespace flamingock::test
