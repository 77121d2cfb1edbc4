// DynamoDBTargetSystem's transactions, committed by DynamoDBAuditStore together with the audit
// entry and the lock check, against DynamoDB Local.
#include "flamingock/dynamodb/target_system.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "flamingock/error.h"
#include "flamingock/testing.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using dynamodb::AttributeValue;
using dynamodb::DynamoDBTransaction;
using ::testing::HasSubstr;

class DynamoDBTargetSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.initialize();
    lock_ = heldLock(store_, "runner-a");
  }

  DynamoDBTransaction& begin() {
    transaction_ = target_->beginTransaction();
    return dynamic_cast<DynamoDBTransaction&>(*transaction_);
  }

  void commit(const AuditEntry& entry, const Fence& fence) {
    store_.commitTransaction(*transaction_, entry, fence);
  }

  AuditEntry applied() {
    AuditEntry entry = sampleEntry("seed-orders", AuditState::kApplied);
    entry.tx_strategy = TxStrategy::kTxShared;
    entry.transaction_flag = true;
    return entry;
  }

  bool has(const std::string& pk) { return hasItem(target_->client(), table_, pk); }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::string table_ = createDataTable(target_->client(), "orders");
  std::unique_ptr<Lock> lock_;
  std::unique_ptr<TargetTransaction> transaction_;
};

TEST_F(DynamoDBTargetSystemTest, CommitsTheChangesWritesWithItsAuditEntry) {
  begin()
      .put({.table_name = table_, .item = dataItem("o#1")})
      .put({.table_name = table_, .item = dataItem("o#2")});

  commit(applied(), lock_->fence());

  EXPECT_TRUE(has("o#1"));
  EXPECT_TRUE(has("o#2"));
  ASSERT_EQ(store_.readHistory().size(), 1u);
  EXPECT_EQ(store_.readHistory()[0].state, AuditState::kApplied);
}

TEST_F(DynamoDBTargetSystemTest, CommitsNothingWhenOneWriteIsRefusedNamingTheChange) {
  begin()
      .put({.table_name = table_, .item = dataItem("o#1")})
      .conditionCheck({.table_name = table_,
                       .key = dataItem("missing"),
                       .condition_expression = "attribute_exists(pk)"});

  try {
    commit(applied(), lock_->fence());
    FAIL() << "a refused transaction committed";
  } catch (const LockLostError& e) {
    FAIL() << "not a lock problem: " << e.what();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("seed-orders"));
    EXPECT_THAT(e.what(), HasSubstr("ConditionalCheckFailed"));
  }
  EXPECT_FALSE(has("o#1"));
  EXPECT_TRUE(store_.readHistory().empty());
}

TEST_F(DynamoDBTargetSystemTest, CommitsNothingWithoutTheLock) {
  begin().put({.table_name = table_, .item = dataItem("o#1")});
  Fence someone_else{lock_->fence().lock_key, "runner-b"};

  EXPECT_THROW(commit(applied(), someone_else), LockLostError);
  EXPECT_FALSE(has("o#1"));
  EXPECT_TRUE(store_.readHistory().empty());
}

TEST_F(DynamoDBTargetSystemTest, CommitsNinetySevenWritesWithTheStoresThreeActions) {
  DynamoDBTransaction& transaction = begin();
  for (int i = 0; i < 97; ++i) {
    transaction.put({.table_name = table_, .item = dataItem("o#" + std::to_string(i))});
  }

  commit(applied(), lock_->fence());

  EXPECT_TRUE(has("o#96"));
  EXPECT_EQ(store_.readHistory().size(), 1u);
}

TEST_F(DynamoDBTargetSystemTest, RefusesMoreActionsThanATransactionHoldsNamingTheChange) {
  DynamoDBTransaction& transaction = begin();
  for (int i = 0; i < 98; ++i) {
    transaction.put({.table_name = table_, .item = dataItem("o#" + std::to_string(i))});
  }

  try {
    commit(applied(), lock_->fence());
    FAIL() << "101 actions were sent";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("seed-orders"));
    EXPECT_THAT(e.what(), HasSubstr("101"));
  }
  EXPECT_FALSE(has("o#0"));
  EXPECT_TRUE(store_.readHistory().empty());
}

// An attempt of the commit that reaches DynamoDB after the runner recorded FAILED (issue 22, 4.2).
TEST_F(DynamoDBTargetSystemTest, CommitsNothingOnceTheSameExecutionsFailedEntryExists) {
  AuditEntry failed = applied();
  failed.state = AuditState::kFailed;
  ASSERT_TRUE(store_.appendUnlessExists(failed, applied().partitionKey(), lock_->fence()));
  begin().put({.table_name = table_, .item = dataItem("o#1")});

  try {
    commit(applied(), lock_->fence());
    FAIL() << "committed over the FAILED entry";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("its FAILED entry '" + failed.partitionKey() + "'"));
  }
  EXPECT_FALSE(has("o#1"));
  EXPECT_EQ(store_.readHistory().size(), 1u);
}

TEST_F(DynamoDBTargetSystemTest, ARetriedCommitAppliesOnce) {
  begin().update({.table_name = table_,
                  .key = dataItem("counter"),
                  .update_expression = "ADD #n :one",
                  .expression_attribute_names = {{"#n", "n"}},
                  .expression_attribute_values = {{":one", AttributeValue::number(1)}}});

  commit(applied(), lock_->fence());
  commit(applied(), lock_->fence());

  auto counter = target_->client().getItem(
      {.table_name = table_, .key = dataItem("counter"), .consistent_read = true});
  EXPECT_EQ(counter.item->at("n").asNumber(), "1");
  EXPECT_EQ(store_.readHistory().size(), 1u);
}

TEST_F(DynamoDBTargetSystemTest, CommitsTransactionsOfDynamoDBTargetsOnTheSameEndpointOnly) {
  dynamodb::ClientConfig elsewhere = localClientConfig();
  elsewhere.region = "eu-west-1";
  dynamodb::DynamoDBTargetSystem other_region("other", dynamodb::Client(elsewhere));
  testing::InMemoryTargetSystem in_memory;

  EXPECT_TRUE(target_->supportsTransactions());
  EXPECT_TRUE(store_.canCommitTransactionsOf(*target_));
  EXPECT_FALSE(store_.canCommitTransactionsOf(other_region));
  EXPECT_FALSE(store_.canCommitTransactionsOf(in_memory));
}

}  // namespace
}  // namespace flamingock::test
