// A migration's checkpoint (docs/tables.md#migration-progress-items): per segment, the last page
// whose writes were acknowledged, with counts; kept as a progress record, which the DynamoDB store
// keeps as the lock table's progress item, and read back to resume.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dynamodb/migration/checkpoint.h"
#include "dynamodb/migration/checkpoint_record.h"
#include "dynamodb/store/progress_table.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Item key(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

MigrationTotals counts(std::int64_t scanned, std::int64_t written, std::int64_t skipped = 0) {
  return {.scanned = scanned, .written = written, .skipped = skipped};
}

TEST(CheckpointTest, ASegmentContinuesAfterItsLastRecordedPage) {
  Checkpoint checkpoint("fp", 3);

  checkpoint.record(1, key("o#9"), counts(100, 90, 10));

  ASSERT_NE(checkpoint.startKey(1), nullptr);
  EXPECT_EQ(*checkpoint.startKey(1), key("o#9"));
  EXPECT_EQ(checkpoint.startKey(0), nullptr);
  EXPECT_EQ(checkpoint.totals(), counts(100, 90, 10));
}

TEST(CheckpointTest, ASegmentsLastPageFinishesItAndKeepsItsCounts) {
  Checkpoint checkpoint("fp", 3);
  checkpoint.record(1, key("o#9"), counts(100, 100));

  checkpoint.record(1, {}, counts(20, 20));

  EXPECT_TRUE(checkpoint.isDone(1));
  EXPECT_EQ(checkpoint.segmentsDone(), 1);
  EXPECT_TRUE(checkpoint.inProgress().empty());
  EXPECT_EQ(checkpoint.totals(), counts(120, 120));
  EXPECT_FALSE(checkpoint.complete());
}

TEST(CheckpointTest, SegmentsUnderWayRunFirstAndFinishedOnesNeverAgain) {
  Checkpoint checkpoint("fp", 5);
  checkpoint.record(0, {}, counts(1, 1));
  checkpoint.record(3, key("o#3"), counts(1, 1));

  EXPECT_THAT(checkpoint.remaining(), ElementsAre(3, 1, 2, 4));
}

TEST(CheckpointTest, AFinishedSegmentIsNotReopenedByALatePage) {
  Checkpoint checkpoint("fp", 2);
  checkpoint.record(0, {}, counts(5, 5));

  checkpoint.record(0, key("late"), counts(5, 5));

  EXPECT_TRUE(checkpoint.isDone(0));
  EXPECT_EQ(checkpoint.totals(), counts(5, 5));
}

TEST(CheckpointTest, ASegmentFinishedHereAndClaimedAgainContinuesFromItsPart) {
  Checkpoint checkpoint("fp", 2);
  checkpoint.record(0, {}, counts(5, 5));  // finished, but its part was taken over

  checkpoint.reopen(0, {key("o#3"), counts(3, 3)});  // the part as its new owner left it

  EXPECT_FALSE(checkpoint.isDone(0));
  EXPECT_EQ(checkpoint.segmentsDone(), 0);
  EXPECT_EQ(*checkpoint.startKey(0), key("o#3"));
  EXPECT_EQ(checkpoint.totals(), counts(3, 3));
  EXPECT_FALSE(checkpoint.countsOfFinished(0).has_value());
}

TEST(CheckpointTest, FinishedSegmentsAreWrittenAsRanges) {
  Checkpoint checkpoint("fp", 10);
  for (int segment : {0, 1, 2, 5, 7, 8}) checkpoint.record(segment, {}, counts(1, 1));

  EXPECT_EQ(checkpoint.doneRanges(), "0-2,5,7-8");
}

TEST(CheckpointTest, MalformedRangesAreRefusedQuotingThem) {
  Checkpoint checkpoint("fp", 4);
  EXPECT_THAT([&] { checkpoint.restoreDone("0-9", {}); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'0-9'")));
  EXPECT_THAT([&] { checkpoint.restoreDone("1,x", {}); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'1,x'")));
}

// The checkpoint as a progress record, and that record as the lock table's item.
ProgressRecord stored(const ProgressKey& key, const Checkpoint& checkpoint) {
  ProgressRecord record = checkpointRecord(key, "orders", checkpoint);
  record.attempt_chain = "exec-1";
  record.runner_id = "host#1#abc";
  record.updated_at = "2026-11-30T15:00:00.000";
  return record;
}

TEST(ProgressItemTest, RoundTripsEveryFieldInTheItemLayout) {
  Checkpoint checkpoint("fp", 6);
  checkpoint.record(0, {}, counts(10, 8, 2));
  checkpoint.record(1, {}, counts(10, 10));
  checkpoint.record(4, key("o#4"), counts(3, 3));
  checkpoint.recordFailure(4);

  Item item = toProgressItem(stored({"backfill", ChangePhase::kRollback, 1}, checkpoint));
  ProgressRecord back = fromProgressItem(item);

  EXPECT_EQ(item.at("partitionKey").asString(), "progress#backfill#rollback#1");
  EXPECT_EQ(item.at("attemptChain").asString(), "exec-1");
  EXPECT_EQ(item.at("doneSegments").asString(), "0-1");
  EXPECT_EQ(item.at("scanFingerprint").asString(), "fp");
  EXPECT_EQ(item.at("segmentsDone").asInt64(), 2);
  EXPECT_EQ(item.at("inProgress").asList().size(), 1u);
  EXPECT_EQ(checkpointOf(back), checkpoint);
  EXPECT_EQ(back.key, (ProgressKey{"backfill", ChangePhase::kRollback, 1}));
  EXPECT_EQ(back.attempt_chain, "exec-1");
  EXPECT_EQ(back.subject, "orders");
  EXPECT_EQ(back.runner_id, "host#1#abc");
  EXPECT_EQ(back.parts_done, 2);
  EXPECT_EQ(back.total_parts, 6);
  EXPECT_EQ(back.totals.failed, 1);
  EXPECT_FALSE(back.complete);
}

TEST(ProgressItemTest, AnItemWithoutItsCheckpointIsRefusedNamingTheMember) {
  Item item = toProgressItem(stored({"c"}, Checkpoint("fp", 1)));
  item.erase("inProgress");

  EXPECT_THAT([&] { checkpointOf(fromProgressItem(item)); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'inProgress'")));
}

TEST(ProgressItemTest, AnItemWithoutAGenericAttributeIsRefusedNamingIt) {
  Item item = toProgressItem(stored({"c"}, Checkpoint("fp", 1)));
  item.erase("totals");

  EXPECT_THAT([&] { fromProgressItem(item); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'totals'")));
}

TEST(ProgressItemTest, AStateMemberNamingAGenericAttributeIsRefused) {
  ProgressRecord record = stored({"c"}, Checkpoint("fp", 1));
  record.state = R"({"runnerId":{"S":"someone else"}})";

  EXPECT_THAT([&] { toProgressItem(record); },
              ::testing::ThrowsMessage<Error>(HasSubstr("state member 'runnerId'")));
}

TEST(ProgressItemTest, AnItemWrittenBeforeAttemptChainsBelongsToNoChain) {
  Item item = toProgressItem(stored({"c"}, Checkpoint("fp", 1)));
  for (const char* name : {"attemptChain", "phase", "migrationIndex"}) item.erase(name);

  ProgressRecord back = fromProgressItem(item);

  EXPECT_EQ(back.attempt_chain, "");
  EXPECT_EQ(back.key.phase, ChangePhase::kApply);
  EXPECT_EQ(checkpointOf(back), Checkpoint("fp", 1));
}

TEST(FingerprintTest, ChangesWithTheScanButNotWithThePageLimit) {
  ScanRequest scan{.table_name = "orders",
                   .filter_expression = "attribute_not_exists(#s)",
                   .expression_attribute_names = {{"#s", "status"}}};
  ScanRequest paged = scan;
  paged.limit = 10;
  ScanRequest other = scan;
  other.expression_attribute_names["#s"] = "state";

  EXPECT_EQ(fingerprintOf(scan), fingerprintOf(paged));
  EXPECT_NE(fingerprintOf(scan), fingerprintOf(other));
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
