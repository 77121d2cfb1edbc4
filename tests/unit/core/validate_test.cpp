// Runner::validate and setValidationOnly: the log checked against the code, nothing written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::StartsWith;

class ValidateTest : public EngineTest {
 protected:
  // "<kind> <change id>" of each problem.
  static std::vector<std::string> problemsOf(const ValidationReport& report) {
    std::vector<std::string> problems;
    for (const ValidationProblem& p : report.problems) {
      problems.push_back(std::string(toString(p.kind)) + " " + p.change_id);
    }
    return problems;
  }
};

TEST_F(ValidateTest, AnUpToDateLogHasNoProblem) {
  builder().addChange(change("a", "0001")).build().run();

  ValidationReport report = builder().addChange(change("a", "0001")).build().validate();

  EXPECT_TRUE(report.ok());
}

TEST_F(ValidateTest, ListsEveryProblemByKindWithoutLockingOrWritingWhenMissingChangesFail) {
  store->seed(previous("b", AuditState::kFailed));
  AuditEntry drifted = previous("c", AuditState::kApplied);
  drifted.checksum = "0000000000000000";
  store->seed(drifted);
  store->seed(previous("gone", AuditState::kApplied));
  lockHeldElsewhere();
  Runner runner = builder()
                      .addChange(change("a", "0001"))
                      .addChange(change("b", "0002"))
                      .addChange(change("c", "0003"))
                      .build();

  ValidationReport report = runner.validate({.fail_on_missing = true});

  EXPECT_THAT(problemsOf(report),
              ElementsAre("pending a", "needs a person b", "drift c", "not in code gone"));
  ASSERT_TRUE(report.problems[1].remedy);
  EXPECT_EQ(report.problems[1].remedy->kind, RemedyKind::kMarkResolved);
  EXPECT_THAT(report.problems[1].detail, StartsWith("FAILED"));
  EXPECT_EQ(store->readHistory().size(), 3u);
  EXPECT_THAT(*journal, IsEmpty());
}

TEST_F(ValidateTest, ChangesOfOtherCodeSharingTheLogAreListedNotProblems) {
  builder().addChange(change("a", "0001")).build().run();
  store->seed(previous("yaml-tool-change", AuditState::kApplied));

  ValidationReport report = builder().addChange(change("a", "0001")).build().validate();

  EXPECT_TRUE(report.ok());
  EXPECT_THAT(report.not_in_code, ElementsAre(Pair("yaml-tool-change", "APPLIED")));
}

TEST_F(ValidateTest, DisabledAndExcludedChangesAreShownNotProblems) {
  Runner runner = builder()
                      .setActiveProfiles({"dev"})
                      .addChange(change({.id = "off", .order = "0001", .enabled = false}))
                      .addChange(change({.id = "prod-only", .order = "0002", .profiles = {"prod"}}))
                      .build();

  ValidationReport report = runner.validate();

  EXPECT_TRUE(report.ok());
  EXPECT_THAT(report.excluded,
              ElementsAre(Pair("off", "disabled"),
                          Pair("prod-only", "profiles [prod] do not hold (active: dev)")));
}

TEST_F(ValidateTest, ValidationOnlyRunRaisesPendingChangesErrorAndAppliesNothing) {
  Runner runner = builder().setValidationOnly(true).addChange(change("a", "0001")).build();

  try {
    runner.run();
    FAIL() << "expected PendingChangesError";
  } catch (const PendingChangesError& e) {
    EXPECT_THAT(e.problems(), ElementsAre("pending: a (not in the log)"));
  }
  EXPECT_THAT(*journal, IsEmpty());
  EXPECT_THAT(store->readHistory(), IsEmpty());
}

TEST_F(ValidateTest, ValidationOnlyRunStartsBesideChangesOfOtherCodeSharingTheLog) {
  store->seed(previous("other-service-change", AuditState::kApplied));
  builder().addChange(change("a", "0001")).build().run();

  EXPECT_NO_THROW(builder().setValidationOnly(true).addChange(change("a", "0001")).build().run());
}

TEST_F(ValidateTest, ValidationOnlyRunOfAnUpToDateLogSucceeds) {
  builder().addChange(change("a", "0001")).build().run();
  journal->clear();

  RunSummary summary =
      builder().setValidationOnly(true).addChange(change("a", "0001")).build().run();

  EXPECT_EQ(summary.skipped(), 1u);
  EXPECT_THAT(*journal, IsEmpty());
}

}  // namespace
}  // namespace flamingock::test
