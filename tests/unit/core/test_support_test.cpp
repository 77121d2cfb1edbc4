// The test kit's given / when / then (flamingock/testing/test_support.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using testing::applied;
using testing::ExpectationError;
using testing::failed;
using testing::givenBuilder;
using ::testing::HasSubstr;
using testing::rolledBack;
using testing::started;

class TestSupportTest : public EngineTest {
 protected:
  std::unique_ptr<Change> reversible(const std::string& id, const std::string& order) {
    auto reversible = change(id, order);
    reversible->onRollback([](ChangeContext&) {});
    return reversible;
  }

  // "a" then "b", both with a rollback.
  FlamingockBuilder twoChanges() {
    FlamingockBuilder pipeline = builder();
    pipeline.addChange(reversible("a", "1")).addChange(reversible("b", "2"));
    return pipeline;
  }

  // "a", whose apply throws "disk full".
  FlamingockBuilder failingChange() {
    auto failing = change("a", "1");
    failing->onApply([](ChangeContext&) { throw std::runtime_error("disk full"); });
    FlamingockBuilder pipeline = builder();
    pipeline.addChange(std::move(failing));
    return pipeline;
  }

  // The message of the ExpectationError that `check` throws; fails the test if it throws none.
  template <class Check>
  std::string expectationFailure(Check check) {
    try {
      check();
    } catch (const ExpectationError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no ExpectationError";
    return "";
  }
};

TEST_F(TestSupportTest, ABuilderWithoutAStoreRunsOnAnInMemoryStore) {
  FlamingockBuilder pipeline = Flamingock::builder();
  pipeline.addChange(change("a", "1"));

  auto test = givenBuilder(pipeline);

  EXPECT_NE(dynamic_cast<testing::InMemoryAuditStore*>(test.auditStore().get()), nullptr);
  test.whenRun().thenExpectNoError().thenExpectAuditSequence({started("a"), applied("a")});
}

TEST_F(TestSupportTest, AChangeGivenAppliedIsSkipped) {
  givenBuilder(twoChanges())
      .andExistingAudit({applied("a")})
      .whenRun()
      .thenExpectAuditSequence({started("b"), applied("b")});

  EXPECT_EQ(*journal, Journal{"apply:b"});
}

TEST_F(TestSupportTest, AnotherSequenceFailsListingExpectedBesideActual) {
  auto outcome = givenBuilder(twoChanges()).whenRun();

  std::string message = expectationFailure([&] {
    outcome.thenExpectAuditSequence({started("a"), applied("a"), applied("b")});
  });

  EXPECT_THAT(message, HasSubstr("whenRun() wrote other audit entries than expected"));
  EXPECT_THAT(message, HasSubstr("STARTED a"));
  EXPECT_THAT(message, HasSubstr(">  APPLIED b"));  // the first difference, beside STARTED b
  EXPECT_THAT(message, HasSubstr("STARTED b"));
}

TEST_F(TestSupportTest, AFailedChangeIsTheExpectedErrorAndItsEntries) {
  givenBuilder(failingChange())
      .whenRun()
      .thenExpectError<ChangeFailedError>("disk full")
      .thenExpectAuditSequence({started("a"), failed("a")});
}

TEST_F(TestSupportTest, AnErrorOfAnotherTypeFailsNamingWhatWasThrown) {
  auto outcome = givenBuilder(failingChange()).whenRun();

  std::string message = expectationFailure([&] { outcome.thenExpectError<DriftError>(); });

  EXPECT_THAT(message, HasSubstr("threw flamingock::ChangeFailedError"));
  EXPECT_THAT(message, HasSubstr("expected flamingock::DriftError"));
}

TEST_F(TestSupportTest, AnErrorWithoutTheExpectedTextFails) {
  auto outcome = givenBuilder(failingChange()).whenRun();

  std::string message =
      expectationFailure([&] { outcome.thenExpectError<ChangeFailedError>("timeout"); });

  EXPECT_THAT(message, HasSubstr("with \"timeout\" in its message"));
}

TEST_F(TestSupportTest, AnErrorNotExpectedFailsTheSequenceCheck) {
  auto outcome = givenBuilder(failingChange()).whenRun();

  std::string message = expectationFailure([&] {
    outcome.thenExpectAuditSequence({started("a"), failed("a")});
  });

  EXPECT_THAT(message, HasSubstr("disk full"));
  EXPECT_THAT(message, HasSubstr("thenExpectError"));
}

TEST_F(TestSupportTest, NoErrorFailsWhenOneWasThrown) {
  auto outcome = givenBuilder(failingChange()).whenRun();

  EXPECT_THAT(expectationFailure([&] { outcome.thenExpectNoError(); }), HasSubstr("disk full"));
}

TEST_F(TestSupportTest, AnExpectedErrorFailsWhenNoneWasThrown) {
  auto outcome = givenBuilder(twoChanges()).whenRun();

  EXPECT_THAT(expectationFailure([&] { outcome.thenExpectError<ChangeFailedError>(); }),
              HasSubstr("whenRun() threw nothing"));
}

TEST_F(TestSupportTest, AChangeGivenFailedNeedsAPersonAndNothingRuns) {
  givenBuilder(twoChanges())
      .andExistingAudit({started("a"), failed("a")})
      .whenRun()
      .thenExpectError<ManualInterventionRequiredError>("a")
      .thenExpectAuditSequence({});

  EXPECT_TRUE(journal->empty());
}

TEST_F(TestSupportTest, AGivenChecksumThatDiffersFromTheCodeIsDrift) {
  AuditEntry edited = applied("a");
  edited.checksum = "0000000000000000";

  givenBuilder(twoChanges()).andExistingAudit({edited}).whenRun().thenExpectError<DriftError>();
}

TEST_F(TestSupportTest, UndoListsOnlyTheEntriesItWrote) {
  auto test = givenBuilder(twoChanges());
  test.whenRun().thenExpectNoError();

  auto undone = test.whenUndo({.count = 1});

  undone.thenExpectNoError().thenExpectAuditSequence({started("b"), rolledBack("b")});
  EXPECT_EQ(undone.undoSummary().changes.at(0).change_id, "b");
}

TEST_F(TestSupportTest, ValidateReportsWithoutWriting) {
  auto outcome = givenBuilder(twoChanges()).andExistingAudit({applied("a")}).whenValidate();

  outcome.thenExpectNoError().thenExpectAuditSequence({});
  ASSERT_EQ(outcome.validationReport().problems.size(), 1u);
  EXPECT_EQ(outcome.validationReport().problems[0].change_id, "b");
}

TEST_F(TestSupportTest, AnInvalidPipelineIsTheCommandsError) {
  FlamingockBuilder pipeline = builder();
  pipeline.addChange(change("a", "1")).addChange(change("a", "2"));

  givenBuilder(pipeline).whenRun().thenExpectError<ValidationError>("a");
}

TEST_F(TestSupportTest, AnInvalidPipelineIsTheErrorOfEveryLaterCommandToo) {
  FlamingockBuilder pipeline = builder();
  pipeline.addChange(change("a", "1")).addChange(change("a", "2"));
  auto test = givenBuilder(pipeline);
  test.whenRun().thenExpectError<ValidationError>();

  test.whenValidate().thenExpectError<ValidationError>("'a'");
}

TEST_F(TestSupportTest, ASummaryOfAnotherCommandIsRefused) {
  auto outcome = givenBuilder(twoChanges()).whenRun();

  EXPECT_THAT(expectationFailure([&] { outcome.undoSummary(); }),
              HasSubstr("only whenUndo has one"));
}

}  // namespace
}  // namespace flamingock::test
