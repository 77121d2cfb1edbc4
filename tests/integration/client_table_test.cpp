#include <gmock/gmock.h>

#include <algorithm>

#include "client_test_fixture.h"

namespace flamingock::dynamodb::test {
namespace {

using ::testing::Contains;

class ClientTableTest : public ClientIntegrationTest {};

TEST_F(ClientTableTest, ProvisionedTableShowsItsCapacityUnits) {
  std::string table = createTable({.table_name = "provisioned",
                                   .attribute_definitions = {{"pk", ScalarAttributeType::kString}},
                                   .key_schema = {{"pk", KeyType::kHash}},
                                   .billing_mode = BillingMode::kProvisioned,
                                   .provisioned_throughput = ProvisionedThroughput{7, 3}});

  TableDescription described = client().describeTable({table}).table;

  EXPECT_EQ(described.table_status, TableStatus::kActive);
  EXPECT_EQ(described.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(described.provisioned_throughput.read_capacity_units, 7);
  EXPECT_EQ(described.provisioned_throughput.write_capacity_units, 3);
}

TEST_F(ClientTableTest, OnDemandTableShowsPayPerRequestAndItsKeySchema) {
  std::string table = createHashRangeTable("on_demand");

  TableDescription described = client().describeTable({table}).table;

  EXPECT_EQ(described.billing_mode, BillingMode::kPayPerRequest);
  ASSERT_EQ(described.key_schema.size(), 2u);
  EXPECT_EQ(described.key_schema[0].attribute_name, "pk");
  EXPECT_EQ(described.key_schema[0].key_type, KeyType::kHash);
  EXPECT_EQ(described.key_schema[1].attribute_name, "sk");
  EXPECT_EQ(described.key_schema[1].key_type, KeyType::kRange);
}

TEST_F(ClientTableTest, CreatingAnExistingTableIsResourceInUse) {
  std::string table = createHashTable("twice");

  try {
    client().createTable({.table_name = table,
                          .attribute_definitions = {{"pk", ScalarAttributeType::kString}},
                          .key_schema = {{"pk", KeyType::kHash}},
                          .billing_mode = BillingMode::kPayPerRequest});
    FAIL() << "expected ResourceInUse";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kResourceInUse);
  }
}

TEST_F(ClientTableTest, DescribingAMissingTableIsResourceNotFound) {
  try {
    client().describeTable({flamingock::test::uniqueTableName("missing")});
    FAIL() << "expected ResourceNotFound";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kResourceNotFound);
    EXPECT_EQ(error.httpStatus(), 400);
  }
}

TEST_F(ClientTableTest, DeletedTableIsGone) {
  std::string table = createHashTable("deleted");

  DeleteTableResult deleted = client().deleteTable({table});

  EXPECT_EQ(deleted.table.table_name, table);
  EXPECT_THROW(client().describeTable({table}), DynamoDBError);
}

TEST_F(ClientTableTest, ListTablesPagesThroughEveryTable) {
  std::string first = createHashTable("listed");
  std::string second = createHashTable("listed");
  std::vector<std::string> names;

  ListTablesRequest request{.limit = 1};
  do {
    ListTablesResult page = client().listTables(request);
    names.insert(names.end(), page.table_names.begin(), page.table_names.end());
    request.exclusive_start_table_name = page.last_evaluated_table_name;
  } while (!request.exclusive_start_table_name.empty());

  EXPECT_THAT(names, Contains(first));
  EXPECT_THAT(names, Contains(second));
}

TEST_F(ClientTableTest, TimeToLiveCanBeEnabled) {
  std::string table = createHashTable("ttl");

  UpdateTimeToLiveResult result =
      client().updateTimeToLive({.table_name = table, .attribute_name = "expiresAt"});

  EXPECT_TRUE(result.enabled);
  EXPECT_EQ(result.attribute_name, "expiresAt");
}

TEST_F(ClientTableTest, WaiterReturnsTheActiveTable) {
  std::string table = createHashTable("waited");

  TableDescription described = client().waitForTableActive(table, std::chrono::seconds(10));

  EXPECT_EQ(described.table_name, table);
  EXPECT_EQ(described.table_status, TableStatus::kActive);
}

TEST_F(ClientTableTest, InvokeRunsAnOperationFromRawJson) {
  std::string table = createHashTable("raw");

  std::string answer = client().invoke("DescribeTable", R"({"TableName":")" + table + R"("})");

  EXPECT_NE(answer.find(R"("TableStatus":"ACTIVE")"), std::string::npos) << answer;
}

}  // namespace
}  // namespace flamingock::dynamodb::test
