#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class DriftTest : public EngineTest {
 protected:
  void applyVersion(const std::string& version) {
    builder().addChange(change({.id = "a", .order = "0001", .version = version})).build().run();
  }
  // A runner whose change "a" is at `version`.
  Runner runnerOf(const std::string& version) {
    return builder().addChange(change({.id = "a", .order = "0001", .version = version})).build();
  }
  RunSummary runVersion(const std::string& version, bool drift_allowed) {
    return builder()
        .setDriftAllowed(drift_allowed)
        .addChange(change({.id = "a", .order = "0001", .version = version}))
        .addChange(change("b", "0002"))
        .build()
        .run();
  }
};

TEST_F(DriftTest, ChangedChecksumOfAnAppliedChangeIsAnErrorNamingBothChecksums) {
  applyVersion("1");
  std::string recorded = store->readHistory().back().checksum;
  journal->clear();

  try {
    runVersion("2", false);
    FAIL() << "expected DriftError";
  } catch (const DriftError& e) {
    ASSERT_EQ(e.drifts().size(), 1u);
    EXPECT_EQ(e.drifts()[0].change_id, "a");
    EXPECT_EQ(e.drifts()[0].recorded_checksum, recorded);
    EXPECT_THAT(e.what(), HasSubstr(recorded));
    EXPECT_THAT(e.what(), HasSubstr(e.drifts()[0].current_checksum));
  }
  EXPECT_TRUE(journal->empty());
}

TEST_F(DriftTest, AllowedDriftSkipsTheChangedChangeAndRunsTheRest) {
  applyVersion("1");
  journal->clear();

  RunSummary summary = runVersion("2", true);

  EXPECT_EQ(*journal, Journal{"apply:b"});
  EXPECT_EQ(summary.skipped(), 1u);
}

TEST_F(DriftTest, DriftErrorGivesTheRemedyThatAcceptsTheEditAndNamesTheApi) {
  applyVersion("1");

  try {
    runVersion("2", false);
    FAIL() << "expected DriftError";
  } catch (const DriftError& e) {
    EXPECT_EQ(e.drifts()[0].remedy.kind, RemedyKind::kAcceptEdit);
    EXPECT_EQ(e.drifts()[0].remedy.change_id, "a");
    // Words for a library user, no command line: the CLI renders its own commands.
    EXPECT_THAT(e.what(), HasSubstr("accept this edit with Runner::fix"));
    EXPECT_THAT(e.what(), Not(HasSubstr("flamingock audit fix")));
  }
}

TEST_F(DriftTest, FixAcceptsTheEditAndTheNextRunSkipsTheChange) {
  applyVersion("1");
  journal->clear();

  AuditEntry written = runnerOf("2").fix({.change_id = "a"});
  RunSummary summary = runVersion("2", false);

  EXPECT_EQ(written.state, AuditState::kManualMarkedAsApplied);
  EXPECT_EQ(written.checksum, change({.id = "a", .order = "0001", .version = "2"})->checksum());
  EXPECT_EQ(*journal, Journal{"apply:b"});
  EXPECT_EQ(summary.skipped(), 1u);
}

TEST_F(DriftTest, ValidateListsTheDriftWithItsRemedyUntilTheFixAcceptsIt) {
  applyVersion("1");

  ValidationReport before = runnerOf("2").validate();
  runnerOf("2").fix({.change_id = "a"});
  ValidationReport after = runnerOf("2").validate();

  ASSERT_EQ(before.problems.size(), 1u);
  EXPECT_EQ(before.problems[0].kind, ProblemKind::kDrift);
  ASSERT_TRUE(before.problems[0].remedy);
  EXPECT_EQ(before.problems[0].remedy->kind, RemedyKind::kAcceptEdit);
  EXPECT_EQ(before.problems[0].remedy->change_id, "a");
  EXPECT_TRUE(after.ok());
}

TEST_F(DriftTest, ValidatesDriftProblemCarriesBothChecksums) {
  applyVersion("1");
  std::string recorded = store->readHistory().back().checksum;

  ValidationReport report = runnerOf("2").validate();

  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].recorded_checksum, recorded);
  EXPECT_EQ(report.problems[0].current_checksum,
            change({.id = "a", .order = "0001", .version = "2"})->checksum());
  EXPECT_NE(report.problems[0].current_checksum, recorded);
}

TEST_F(DriftTest, FixRefusesAnAppliedChangeWhoseCodeDidNotChange) {
  applyVersion("1");

  EXPECT_THROW(runnerOf("1").fix({.change_id = "a"}), OptionError);
  EXPECT_EQ(store->readHistory().size(), 2u);  // STARTED and APPLIED of the first run
}

TEST_F(DriftTest, FixRejectsAnEmptyChangeId) { EXPECT_THROW(runnerOf("2").fix({}), OptionError); }

TEST_F(DriftTest, FixOfAnUnfinishedChangeRecordsItsChecksumInTheCode) {
  AuditEntry failed = previous("a", AuditState::kFailed);
  failed.checksum = "old-sum";
  store->seed(failed);

  AuditEntry written = runnerOf("2").fix({.change_id = "a"});

  EXPECT_EQ(written.checksum, change({.id = "a", .order = "0001", .version = "2"})->checksum());
}

TEST_F(DriftTest, EntryWithoutChecksumIsNeverDrift) {
  store->seed(previous("a", AuditState::kApplied));

  RunSummary summary = runVersion("2", false);

  EXPECT_EQ(summary.skipped(), 1u);
}

TEST(ChecksumTest, IsFnv1a64InHex) {
  EXPECT_EQ(checksumOf(""), "cbf29ce484222325");
  EXPECT_EQ(checksumOf("a"), "af63dc4c8601ec8c");
}

}  // namespace
}  // namespace flamingock::test
