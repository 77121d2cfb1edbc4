// YAML changes run by the engine against DynamoDB Local, with the DynamoDB audit store: they
// make tables and items, run once, commit transactionally, roll back, and report drift.
#include "flamingock/dynamodb/yaml_changes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "flamingock/flamingock.h"
#include "support/store_test_support.h"
#include "unit/dynamodb/yaml_test_files.h"

namespace flamingock::test {
namespace {

using dynamodb::DynamoDBError;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class YamlChangesTest : public ::testing::Test {
 protected:
  // Writes the change file `name`: `body` (its apply/rollback) under a header of id and order,
  // with every "TABLE" replaced by this test's table name.
  std::filesystem::path writeChange(const std::string& name, const std::string& header,
                                    std::string body) {
    for (auto at = body.find("TABLE"); at != std::string::npos; at = body.find("TABLE", at)) {
      body.replace(at, 5, table_);
    }
    return dir_.write(name, header + body);
  }

  // A run of the directory's YAML changes on this test's target and store.
  RunSummary run() {
    return Flamingock::builder()
        .setAuditStore(store_)
        .addTargetSystems({target_})
        .addChanges(dynamodb::loadYamlChanges(dir_.path()))
        .build()
        .run();
  }

  // The states recorded for `change_id`, oldest first.
  std::vector<AuditState> statesOf(const std::string& change_id) {
    std::vector<AuditEntry> entries = store_.readHistory();
    std::ranges::stable_sort(entries, {}, [](const AuditEntry& e) { return e.created_at; });
    std::vector<AuditState> states;
    for (const AuditEntry& entry : entries) {
      if (entry.change_id == change_id) states.push_back(entry.state);
    }
    return states;
  }

  bool has(const std::string& pk) { return hasItem(target_->client(), table_, pk); }

  bool tableExists() {
    try {
      target_->client().describeTable({table_});
      return true;
    } catch (const DynamoDBError& e) {
      if (e.code() != dynamodb::ErrorCode::kResourceNotFound) throw;
      return false;
    }
  }

  std::shared_ptr<dynamodb::DynamoDBTargetSystem> target_ = localTarget();
  dynamodb::DynamoDBAuditStore store_ = freshStore(*target_);
  std::string table_ = uniqueTableName("yaml_orders");
  YamlTestDirectory dir_;
};

const std::string kCreateOrders =
    "id: create-orders\n"
    "order: \"0001\"\n"
    "author: ana\n";
const std::string kCreateOrdersBody =
    "apply:\n"
    "  - createTable:\n"
    "      TableName: TABLE\n"
    "      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n"
    "      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]\n"
    "      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}\n"
    "  - putItem: {TableName: TABLE, Item: {pk: {S: \"o#1\"}, total: {N: 12.5}}}\n"
    "  - putItem: {TableName: TABLE, Item: {pk: {S: \"o#2\"}, total: {N: 3}}}\n"
    "rollback:\n"
    "  - deleteTable: {TableName: TABLE}\n";

const std::string kSeedOrders =
    "id: seed-orders\n"
    "order: \"0002\"\n"
    "author: ben\n"
    "transactional: true\n";

TEST_F(YamlChangesTest, CreatesATableAndPutsItsItems) {
  writeChange("create-orders.yaml", kCreateOrders, kCreateOrdersBody);

  RunSummary summary = run();

  EXPECT_EQ(summary.applied(), 1u);
  EXPECT_TRUE(has("o#1"));
  EXPECT_TRUE(has("o#2"));
  auto item = target_->client().getItem({.table_name = table_, .key = dataItem("o#1")}).item;
  EXPECT_EQ(item->at("total").asNumber(), "12.5");
}

TEST_F(YamlChangesTest, RecordsTheTemplateItsOperationsAndItsFile) {
  writeChange("create-orders.yaml", kCreateOrders, kCreateOrdersBody);

  run();

  std::vector<AuditEntry> history = store_.readHistory();
  auto applied = std::ranges::find(history, AuditState::kApplied, &AuditEntry::state);
  ASSERT_NE(applied, history.end());
  EXPECT_EQ(applied->type, ChangeType::kStandardTemplate);
  EXPECT_EQ(applied->invoked_class, "DynamoDBYamlTemplate");
  EXPECT_EQ(applied->invoked_method, "createTable,putItem,putItem");
  EXPECT_EQ(applied->source_file, "create-orders.yaml");
  EXPECT_EQ(applied->author, "ana");
}

TEST_F(YamlChangesTest, ARunAfterwardsAppliesNothing) {
  writeChange("create-orders.yaml", kCreateOrders, kCreateOrdersBody);
  run();
  const std::size_t entries = store_.readHistory().size();

  RunSummary again = run();

  EXPECT_EQ(again.applied(), 0u);
  EXPECT_EQ(again.skipped(), 1u);
  EXPECT_EQ(store_.readHistory().size(), entries);
}

TEST_F(YamlChangesTest, ATransactionalChangeCommitsItsWritesWithItsAppliedEntry) {
  writeChange("create-orders.yaml", kCreateOrders, kCreateOrdersBody);
  writeChange("seed-orders.yaml", kSeedOrders,
              "apply:\n"
              "  - conditionCheck: {TableName: TABLE, Key: {pk: {S: \"o#1\"}},\n"
              "                     ConditionExpression: attribute_exists(pk)}\n"
              "  - putItem: {TableName: TABLE, Item: {pk: {S: \"o#3\"}}}\n"
              "  - deleteItem: {TableName: TABLE, Key: {pk: {S: \"o#2\"}}}\n");

  run();

  EXPECT_TRUE(has("o#3"));
  EXPECT_FALSE(has("o#2"));
  std::vector<AuditEntry> history = store_.readHistory();
  auto applied = std::ranges::find_if(history, [](const AuditEntry& e) {
    return e.change_id == "seed-orders" && e.state == AuditState::kApplied;
  });
  ASSERT_NE(applied, history.end());
  EXPECT_EQ(applied->tx_strategy, TxStrategy::kTxShared);
}

TEST_F(YamlChangesTest, AFailingTransactionalChangeLeavesNoWriteAndNoAppliedEntry) {
  writeChange("create-orders.yaml", kCreateOrders, kCreateOrdersBody);
  writeChange("seed-orders.yaml", kSeedOrders,
              "apply:\n"
              "  - putItem: {TableName: TABLE, Item: {pk: {S: \"o#3\"}}}\n"
              "  - conditionCheck: {TableName: TABLE, Key: {pk: {S: \"o#9\"}},\n"
              "                     ConditionExpression: attribute_exists(pk)}\n");

  EXPECT_THROW(run(), ChangeFailedError);

  EXPECT_FALSE(has("o#3"));
  EXPECT_THAT(statesOf("seed-orders"), Not(Contains(AuditState::kApplied)));
  EXPECT_THAT(statesOf("create-orders"), ElementsAre(AuditState::kStarted, AuditState::kApplied));
}

TEST_F(YamlChangesTest, RunsTheRollbackWhenAnOperationFails) {
  writeChange("create-orders.yaml", kCreateOrders,
              "apply:\n"
              "  - createTable:\n"
              "      TableName: TABLE\n"
              "      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n"
              "      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]\n"
              "      BillingMode: PAY_PER_REQUEST\n"
              "  - putItem: {TableName: TABLE, Item: {id: {S: \"no key attribute\"}}}\n"
              "rollback:\n"
              "  - deleteTable: {TableName: TABLE}\n");

  EXPECT_THAT([&] { run(); }, ::testing::ThrowsMessage<ChangeFailedError>(
                                  HasSubstr("create-orders.yaml:10: putItem failed")));

  EXPECT_FALSE(tableExists());
  EXPECT_THAT(statesOf("create-orders"),
              ElementsAre(AuditState::kStarted, AuditState::kFailed, AuditState::kRolledBack));
}

TEST_F(YamlChangesTest, EditingAnAppliedFileIsDrift) {
  writeChange("create-orders.yaml", kCreateOrders, kCreateOrdersBody);
  run();
  writeChange("create-orders.yaml", kCreateOrders,
              kCreateOrdersBody + "# a comment added after the change was applied\n");

  try {
    run();
    FAIL() << "an edited applied file ran without a drift error";
  } catch (const DriftError& e) {
    ASSERT_EQ(e.drifts().size(), 1u);
    EXPECT_EQ(e.drifts()[0].change_id, "create-orders");
  }
}

}  // namespace
}  // namespace flamingock::test
