// A DynamoDB client on the test binary's DynamoDB Local, and tables that are deleted when the
// test ends.
//
//   class MyTest : public ClientIntegrationTest {};
//   TEST_F(MyTest, Works) {
//     std::string table = createHashTable("orders");  // ACTIVE, PAY_PER_REQUEST, key "pk" (S)
//     client().putItem({.table_name = table, .item = {{"pk", AttributeValue::string("a")}}});
//   }
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flamingock/dynamodb/client.h"
#include "support/local_dynamodb.h"

namespace flamingock::dynamodb::test {

inline ClientConfig localClientConfig() {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = flamingock::test::localDynamoDbEndpoint();
  config.credentials =
      staticCredentials({.access_key_id = "fakeAccessKey", .secret_access_key = "fakeSecretKey"});
  return config;
}

inline Item key(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

class ClientIntegrationTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const auto& table : tables_) {
      try {
        client_.deleteTable({table});
      } catch (const DynamoDBError&) {
        // Already deleted by the test.
      }
    }
  }

  const Client& client() const { return client_; }

  // Creates the table (with a unique name derived from `request.table_name`), waits until it is
  // ACTIVE and deletes it at the end of the test. Returns the name.
  std::string createTable(CreateTableRequest request) {
    request.table_name = flamingock::test::uniqueTableName(request.table_name);
    client_.createTable(request);
    tables_.push_back(request.table_name);
    client_.waitForTableActive(request.table_name);
    return request.table_name;
  }

  // An on-demand table keyed by "pk" (S) alone.
  std::string createHashTable(const std::string& prefix) {
    return createTable({.table_name = prefix,
                        .attribute_definitions = {{"pk", ScalarAttributeType::kString}},
                        .key_schema = {{"pk", KeyType::kHash}},
                        .billing_mode = BillingMode::kPayPerRequest});
  }

  // An on-demand table keyed by "pk" (S) and "sk" (N).
  std::string createHashRangeTable(const std::string& prefix) {
    return createTable({.table_name = prefix,
                        .attribute_definitions = {{"pk", ScalarAttributeType::kString},
                                                  {"sk", ScalarAttributeType::kNumber}},
                        .key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}},
                        .billing_mode = BillingMode::kPayPerRequest});
  }

 private:
  Client client_{localClientConfig()};
  std::vector<std::string> tables_;
};

}  // namespace flamingock::dynamodb::test
