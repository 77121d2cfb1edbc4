#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class FailureTest : public EngineTest {
 protected:
  // A change "a" whose apply throws std::runtime_error("boom"), then a healthy "b".
  FlamingockBuilder failingPipeline(std::unique_ptr<ScriptedChange> failing) {
    FlamingockBuilder pipeline = builder();
    pipeline.addChange(std::move(failing)).addChange(change("b", "0002"));
    return pipeline;
  }
  std::unique_ptr<ScriptedChange> throwingChange() {
    auto failing = change("a", "0001");
    failing->onApply([](ChangeContext&) { throw std::runtime_error("boom"); });
    return failing;
  }

  // Runs and returns the ChangeFailedError it must throw.
  ChangeFailedError runExpectingFailure(FlamingockBuilder pipeline) {
    try {
      pipeline.build().run();
    } catch (const ChangeFailedError& e) {
      return e;
    }
    ADD_FAILURE() << "expected ChangeFailedError";
    return ChangeFailedError("", "");
  }
};

TEST_F(FailureTest, FailureWithoutRollbackRecordsFailedAndStopsTheRun) {
  ChangeFailedError error = runExpectingFailure(failingPipeline(throwingChange()));

  EXPECT_EQ(error.changeId(), "a");
  EXPECT_EQ(error.cause(), "boom");
  EXPECT_TRUE(error.auditProblem().empty());
  EXPECT_THAT(*journal, ElementsAre("apply:a"));
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kStarted, AuditState::kFailed));
  EXPECT_TRUE(statesOf("b").empty());
}

// A change that overrides rollback but says, through hasRollback, that it has none.
class UndeclaredRollbackChange : public ScriptedChange {
 public:
  using ScriptedChange::ScriptedChange;
  bool hasRollback() const override { return false; }
};

TEST_F(FailureTest, RollbackOfAChangeWhoseHasRollbackSaysNoIsNeverCalled) {
  auto failing = std::make_unique<UndeclaredRollbackChange>(
      ChangeInfo{.id = "a", .order = "0001", .author = "ana"}, journal);
  failing->onApply([](ChangeContext&) { throw std::runtime_error("boom"); });
  failing->onRollback([](ChangeContext&) {});

  runExpectingFailure(failingPipeline(std::move(failing)));

  EXPECT_THAT(*journal, ElementsAre("apply:a"));
  EXPECT_THAT(statesOf("a"), ElementsAre(AuditState::kStarted, AuditState::kFailed));
}

TEST_F(FailureTest, FailedEntryCarriesTheErrorAsJson) {
  auto failing = change("a", "0001");
  failing->onApply([](ChangeContext&) { throw std::invalid_argument("bad \"quote\"\n"); });

  runExpectingFailure(failingPipeline(std::move(failing)));

  EXPECT_EQ(store->readHistory().back().error_trace,
            R"({"type":"std::invalid_argument","message":"bad \"quote\"\n"})");
}

TEST_F(FailureTest, SuccessfulRollbackIsRecordedAsRolledBack) {
  auto failing = throwingChange();
  failing->onRollback([](ChangeContext&) {});

  runExpectingFailure(failingPipeline(std::move(failing)));

  EXPECT_THAT(*journal, ElementsAre("apply:a", "rollback:a"));
  EXPECT_THAT(statesOf("a"),
              ElementsAre(AuditState::kStarted, AuditState::kFailed, AuditState::kRolledBack));
  EXPECT_EQ(store->readHistory().back().invoked_method, "rollback");
}

TEST_F(FailureTest, FailingRollbackIsRecordedAsRollbackFailed) {
  auto failing = throwingChange();
  failing->onRollback([](ChangeContext&) { throw std::runtime_error("undo failed"); });

  ChangeFailedError error = runExpectingFailure(failingPipeline(std::move(failing)));

  EXPECT_EQ(error.cause(), "boom");
  EXPECT_THAT(statesOf("a"),
              ElementsAre(AuditState::kStarted, AuditState::kFailed, AuditState::kRollbackFailed));
  EXPECT_THAT(store->readHistory().back().error_trace, HasSubstr("undo failed"));
}

TEST_F(FailureTest, NonStandardExceptionIsAFailureLikeAnyOther) {
  auto failing = change("a", "0001");
  failing->onApply([](ChangeContext&) { throw 42; });

  ChangeFailedError error = runExpectingFailure(failingPipeline(std::move(failing)));

  EXPECT_EQ(error.cause(), "unknown exception");
  EXPECT_EQ(store->readHistory().back().error_trace,
            R"({"type":"unknown","message":"unknown exception"})");
}

TEST_F(FailureTest, FailureReleasesTheLock) {
  runExpectingFailure(failingPipeline(throwingChange()));

  EXPECT_FALSE(store->lockOwner().has_value());
}

TEST_F(FailureTest, UnwritableFailedEntryIsReportedAndRollbackSkipped) {
  auto failing = throwingChange();
  failing->onRollback([](ChangeContext&) {});
  store->failWritesWhere([](const AuditEntry& e) { return e.state == AuditState::kFailed; });

  ChangeFailedError error = runExpectingFailure(failingPipeline(std::move(failing)));

  EXPECT_THAT(error.auditProblem(), HasSubstr("FAILED audit entry could not be written"));
  EXPECT_THAT(error.what(), HasSubstr("injected failure"));
  EXPECT_THAT(*journal, ElementsAre("apply:a"));
}

TEST_F(FailureTest, UnwritableAppliedEntryIsAnErrorNamingTheChange) {
  store->failWritesWhere([](const AuditEntry& e) { return e.state == AuditState::kApplied; });

  try {
    builder().addChange(change("a", "0001")).build().run();
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("change 'a' was applied but its APPLIED audit entry"));
  }
}

}  // namespace
}  // namespace flamingock::test
