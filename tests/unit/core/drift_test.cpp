#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::HasSubstr;

class DriftTest : public EngineTest {
 protected:
  void applyVersion(const std::string& version) {
    builder().addChange(change({.id = "a", .order = "0001", .version = version})).build().run();
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
