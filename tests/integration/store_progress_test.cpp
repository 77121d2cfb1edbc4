// DynamoDBAuditStore's ProgressStore and lock administration against DynamoDB Local: progress
// records as items of the lock table (docs/tables.md#migration-progress-items), written only under
// the writer's fence, read, listed, items of earlier versions still read; the lock described and
// released by force only as seen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dynamodb/store/lock_item.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/error.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::AttributeValue;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class StoreProgressTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.initialize(); }

  ProgressStore& progress() { return *store_.progressStore(); }

  dynamodb::Item lockTableItem(const std::string& key) {
    return *target_->client()
                .getItem({.table_name = store_.options().lock_table_name,
                          .key = dynamodb::detail::lockItemKey(key),
                          .consistent_read = true})
                .item;
  }

  static ProgressRecord record(ProgressKey key) {
    return {.key = std::move(key),
            .attempt_chain = "exec-1",
            .runner_id = "runner-a",
            .updated_at = "2026-11-30T15:00:00.000",
            .subject = "orders",
            .parts_done = 1,
            .total_parts = 4,
            .totals = {.scanned = 10, .written = 9, .skipped = 1},
            .state = R"({"scanFingerprint":{"S":"fp"},"inProgress":{"L":[]}})"};
  }

  static std::vector<std::string> changeIds(const std::vector<ProgressRecord>& records) {
    std::vector<std::string> ids;
    for (const ProgressRecord& record : records) ids.push_back(record.key.change_id);
    return ids;
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
};

TEST_F(StoreProgressTest, ARecordIsWrittenUnderItsFenceInTheItemLayoutAndReadBack) {
  std::unique_ptr<Lock> lock = heldLock(store_, "runner-a");
  ProgressRecord written = record({"backfill", ChangePhase::kRollback, 2});

  progress().write(written, lock->fence());

  std::optional<ProgressRecord> back = progress().read(written.key);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->key, written.key);
  EXPECT_EQ(back->attempt_chain, "exec-1");
  EXPECT_EQ(back->totals, written.totals);
  EXPECT_EQ(back->total_parts, 4);
  EXPECT_EQ(nlohmann::json::parse(back->state), nlohmann::json::parse(written.state));
  dynamodb::Item item = lockTableItem("progress#backfill#rollback#2");
  EXPECT_EQ(item.at("tableName").asString(), "orders");
  EXPECT_EQ(item.at("scanFingerprint").asString(), "fp");  // a state member is an attribute
  EXPECT_EQ(item.at("segmentsDone").asInt64(), 1);
  EXPECT_FALSE(progress().read({"backfill"}).has_value());
}

TEST_F(StoreProgressTest, AWriteWithALostFenceIsRefusedAndWritesNothing) {
  std::unique_ptr<Lock> lock = heldLock(store_, "runner-a");
  Fence stale{"DEFAULT_KEY", "runner-gone"};

  EXPECT_THAT([&] { progress().write(record({"backfill"}), stale); },
              ::testing::ThrowsMessage<LockLostError>(
                  HasSubstr("refused to checkpoint the migration of change 'backfill'")));
  EXPECT_FALSE(progress().read({"backfill"}).has_value());
}

TEST_F(StoreProgressTest, ListsTheRecordsOfOneChangeOrOfAll) {
  std::unique_ptr<Lock> lock = heldLock(store_, "runner-a");
  for (const ProgressKey& key : {ProgressKey{"c"}, ProgressKey{"c", ChangePhase::kApply, 1},
                                 ProgressKey{"c#2"}, ProgressKey{"d"}}) {
    progress().write(record(key), lock->fence());
  }

  EXPECT_THAT(changeIds(progress().list("c")), UnorderedElementsAre("c", "c"));
  EXPECT_THAT(changeIds(progress().list()), UnorderedElementsAre("c", "c", "c#2", "d"));
}

TEST_F(StoreProgressTest, AStoreNeverInitialisedListsNone) {
  dynamodb::DynamoDBAuditStore fresh = freshStore(*target_);

  EXPECT_TRUE(fresh.progressStore()->list().empty());
}

TEST_F(StoreProgressTest, AnItemOfAnEarlierVersionReadsAsTheApplysFirstOfNoChain) {
  std::unique_ptr<Lock> lock = heldLock(store_, "runner-a");
  progress().write(record({"old"}), lock->fence());
  dynamodb::Item item = lockTableItem("progress#old#apply#0");
  for (const char* name : {"attemptChain", "phase", "migrationIndex"}) item.erase(name);
  item["partitionKey"] = AttributeValue::string("progress#old");
  target_->client().putItem({.table_name = store_.options().lock_table_name, .item = item});

  std::vector<ProgressRecord> listed;
  for (ProgressRecord& found : progress().list()) {
    if (found.attempt_chain.empty()) listed.push_back(std::move(found));
  }

  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].key, (ProgressKey{"old", ChangePhase::kApply, 0}));
  EXPECT_EQ(listed[0].subject, "orders");
}

TEST_F(StoreProgressTest, DescribesTheLockAndReleasesItByForceOnlyAsSeen) {
  std::unique_ptr<Lock> lock = heldLock(store_, "runner-a");
  std::optional<LockDescription> seen = store_.describeLock("DEFAULT_KEY");
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->owner, "runner-a");
  EXPECT_TRUE(seen->expires_at.has_value());
  EXPECT_FALSE(seen->version.empty());

  LockDescription other = *seen;
  other.version = "another-lease";
  EXPECT_FALSE(store_.forceReleaseLock(other));
  EXPECT_TRUE(store_.forceReleaseLock(*seen));

  EXPECT_FALSE(store_.describeLock("DEFAULT_KEY").has_value());
}

}  // namespace
}  // namespace flamingock::test
