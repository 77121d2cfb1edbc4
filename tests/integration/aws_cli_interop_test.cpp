// What the store writes is plain DynamoDB JSON in Flamingock's layout (docs/tables.md): read back
// with the AWS CLI, not with our own client.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "flamingock/flamingock.h"
#include "support/store_test_support.h"

namespace flamingock::test {
namespace {

using ::testing::UnorderedElementsAre;

class SeedOrders : public Change {
 public:
  ChangeInfo info() const override {
    return {.id = "seed-orders", .order = "0001", .author = "ana"};
  }
  void apply(ChangeContext&) override {}
};

// The item of `state` from `aws dynamodb scan`, in DynamoDB JSON ({"S": "..."}).
nlohmann::json scannedItem(const std::string& table, const std::string& state) {
  nlohmann::json scan = awsDynamoDb("scan --table-name " + table + " --consistent-read");
  for (const nlohmann::json& item : scan["Items"]) {
    if (item["state"]["S"] == state) return item;
  }
  ADD_FAILURE() << "no " << state << " item in " << scan.dump();
  return {};
}

TEST(AwsCliInteropTest, AuditItemsHaveFlamingocksAttributesAndTypes) {
  auto target = localTarget();
  auto store = freshStore(*target);
  RunSummary summary = Flamingock::builder()
                           .setAuditStore(store)
                           .addTargetSystems({target})
                           .addChange<SeedOrders>()
                           .addMetadata("deployedBy", "ci")
                           .build()
                           .run();

  nlohmann::json item = scannedItem(store.options().audit_table_name, "APPLIED");

  EXPECT_EQ(item["partitionKey"]["S"], summary.execution_id + "#seed-orders#APPLIED");
  EXPECT_EQ(item["executionId"]["S"], summary.execution_id);
  EXPECT_EQ(item["changeId"]["S"], "seed-orders");
  EXPECT_EQ(item["author"]["S"], "ana");
  EXPECT_EQ(item["type"]["S"], "STANDARD_CODE");
  EXPECT_EQ(item["invokedMethod"]["S"], "apply");
  EXPECT_EQ(item["txStrategy"]["S"], "NON_TX");
  EXPECT_EQ(item["recoveryStrategy"]["S"], "MANUAL_INTERVENTION");
  EXPECT_EQ(item["targetSystemId"]["S"], "dynamodb");
  EXPECT_EQ(item["changeOrder"]["S"], "0001");
  EXPECT_EQ(item["errorTrace"]["S"], "");
  EXPECT_EQ(item["systemChange"]["BOOL"], false);
  EXPECT_EQ(item["transactionFlag"]["BOOL"], false);
  EXPECT_TRUE(item["executionMillis"].contains("N"));
  EXPECT_TRUE(item["executionHostname"].contains("S"));
  EXPECT_TRUE(std::regex_match(item["createdAt"]["S"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})")))
      << item["createdAt"];
  EXPECT_EQ(nlohmann::json::parse(item["metadata"]["S"].get<std::string>()),
            (nlohmann::json{{"deployedBy", "ci"}}));
  EXPECT_FALSE(item.contains("sourceFile"));
  EXPECT_EQ(scannedItem(store.options().audit_table_name, "STARTED")["executionMillis"]["N"], "0");
}

TEST(AwsCliInteropTest, AHeldLockItemHasFlamingocksAttributes) {
  auto target = localTarget();
  auto store = freshStore(*target);
  store.initialize();
  auto lock = heldLock(store, "runner-a");

  nlohmann::json scan =
      awsDynamoDb("scan --table-name " + store.options().lock_table_name + " --consistent-read");

  ASSERT_EQ(scan["Items"].size(), 1u);
  nlohmann::json item = scan["Items"][0];
  std::vector<std::string> names;
  for (const auto& [name, value] : item.items()) names.push_back(name);
  EXPECT_THAT(names, UnorderedElementsAre("partitionKey", "key", "status", "lockOwner", "expiresAt",
                                          "recordVersionNumber", "leaseDurationMs", "acquiredAt"));
  EXPECT_EQ(item["partitionKey"]["S"], "DEFAULT_KEY");
  EXPECT_EQ(item["key"]["S"], "DEFAULT_KEY");
  EXPECT_EQ(item["status"]["S"], "LOCK_HELD");
  EXPECT_EQ(item["lockOwner"]["S"], "runner-a");
  EXPECT_TRUE(item["expiresAt"].contains("N"));
}

}  // namespace
}  // namespace flamingock::test
