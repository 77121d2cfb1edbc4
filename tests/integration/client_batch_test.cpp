#include <gmock/gmock.h>

#include "client_test_fixture.h"

namespace flamingock::dynamodb::test {
namespace {

constexpr int kItems = 60;

class ClientBatchTest : public ClientIntegrationTest {
 protected:
  static std::vector<Item> keys(int count) {
    std::vector<Item> result;
    for (int i = 0; i < count; ++i) result.push_back(key("k" + std::to_string(i)));
    return result;
  }

  int countItems(const std::string& table) {
    return client()
        .scan({.table_name = table, .consistent_read = true, .select = Select::kCount})
        .count;
  }
};

TEST_F(ClientBatchTest, BatchWriteAllStoresMoreThanTwentyFiveItems) {
  std::string table = createHashTable("batch_write");
  std::vector<WriteRequest> writes;
  for (const auto& item : keys(kItems)) writes.push_back(WriteRequest::put(item));

  client().batchWriteAll({.request_items = {{table, writes}}});

  EXPECT_EQ(countItems(table), kItems);
}

TEST_F(ClientBatchTest, BatchWriteAllDeletesToo) {
  std::string table = createHashTable("batch_delete");
  std::vector<WriteRequest> puts;
  std::vector<WriteRequest> deletes;
  for (const auto& item : keys(kItems)) {
    puts.push_back(WriteRequest::put(item));
    deletes.push_back(WriteRequest::deleteKey(item));
  }
  client().batchWriteAll({.request_items = {{table, puts}}});

  client().batchWriteAll({.request_items = {{table, deletes}}});

  EXPECT_EQ(countItems(table), 0);
}

TEST_F(ClientBatchTest, SingleBatchWriteItemReportsNothingUnprocessed) {
  std::string table = createHashTable("batch_single");

  BatchWriteItemResult result = client().batchWriteItem(
      {.request_items = {{table, {WriteRequest::put(key("a")), WriteRequest::put(key("b"))}}}});

  EXPECT_TRUE(result.unprocessed_items.empty());
  EXPECT_EQ(countItems(table), 2);
}

TEST_F(ClientBatchTest, BatchGetAllReadsMoreThanOneHundredKeys) {
  std::string table = createHashTable("batch_get");
  constexpr int kMany = 130;
  std::vector<WriteRequest> writes;
  for (const auto& item : keys(kMany)) writes.push_back(WriteRequest::put(item));
  client().batchWriteAll({.request_items = {{table, writes}}});

  auto found = client().batchGetAll(
      {.request_items = {{table, {.keys = keys(kMany), .consistent_read = true}}}});

  EXPECT_EQ(found[table].size(), static_cast<size_t>(kMany));
}

}  // namespace
}  // namespace flamingock::dynamodb::test
