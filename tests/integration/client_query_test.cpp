#include <gmock/gmock.h>

#include "client_test_fixture.h"

namespace flamingock::dynamodb::test {
namespace {

constexpr int kItems = 23;

class ClientQueryTest : public ClientIntegrationTest {
 protected:
  // kItems items under partition "p" with sk 0..kItems-1, and one under partition "other".
  std::string createFilledTable() {
    std::string table = createHashRangeTable("paged");
    std::vector<WriteRequest> writes;
    for (int i = 0; i < kItems; ++i) {
      writes.push_back(WriteRequest::put({{"pk", AttributeValue::string("p")},
                                          {"sk", AttributeValue::number(i)},
                                          {"even", AttributeValue::boolean(i % 2 == 0)}}));
    }
    writes.push_back(WriteRequest::put(
        {{"pk", AttributeValue::string("other")}, {"sk", AttributeValue::number(0)}}));
    client().batchWriteAll({.request_items = {{table, writes}}});
    return table;
  }

  static std::vector<std::int64_t> sortKeys(const std::vector<Item>& items) {
    std::vector<std::int64_t> keys;
    for (const auto& item : items) keys.push_back(item.at("sk").asInt64());
    return keys;
  }
};

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to, std::int64_t step = 1) {
  std::vector<std::int64_t> values;
  for (std::int64_t i = from; step > 0 ? i < to : i > to; i += step) values.push_back(i);
  return values;
}

TEST_F(ClientQueryTest, QueryAllFollowsEveryPageInKeyOrder) {
  std::string table = createFilledTable();
  std::vector<Item> items;

  int pages = client().queryAll(
      {.table_name = table,
       .key_condition_expression = "pk = :p",
       .expression_attribute_values = {{":p", AttributeValue::string("p")}},
       .consistent_read = true,
       .limit = 5},
      [&](ItemPage& page) { items.insert(items.end(), page.items.begin(), page.items.end()); });

  EXPECT_GE(pages, 5);
  EXPECT_EQ(sortKeys(items), range(0, kItems));
}

TEST_F(ClientQueryTest, QueryCanRunBackwards) {
  std::string table = createFilledTable();

  QueryResult page =
      client().query({.table_name = table,
                      .key_condition_expression = "pk = :p",
                      .expression_attribute_values = {{":p", AttributeValue::string("p")}},
                      .scan_index_forward = false,
                      .limit = 3});

  EXPECT_EQ(sortKeys(page.items), range(kItems - 1, kItems - 4, -1));
  EXPECT_FALSE(page.last_evaluated_key.empty());
}

TEST_F(ClientQueryTest, ScanAllWithAFilterSeesEveryPage) {
  std::string table = createFilledTable();
  std::vector<Item> items;
  int scanned = 0;

  int pages =
      client().scanAll({.table_name = table,
                        .filter_expression = "#e = :yes",
                        .projection_expression = "pk, sk",
                        .expression_attribute_names = {{"#e", "even"}},
                        .expression_attribute_values = {{":yes", AttributeValue::boolean(true)}},
                        .consistent_read = true,
                        .limit = 4},
                       [&](ItemPage& page) {
                         scanned += page.scanned_count;
                         items.insert(items.end(), page.items.begin(), page.items.end());
                       });

  EXPECT_GE(pages, 6);
  EXPECT_EQ(scanned, kItems + 1);
  std::vector<std::int64_t> keys = sortKeys(items);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, range(0, kItems, 2));
  EXPECT_EQ(items[0].count("even"), 0u);  // projected away
}

TEST_F(ClientQueryTest, SelectCountReturnsOnlyTheCount) {
  std::string table = createFilledTable();

  ScanResult result =
      client().scan({.table_name = table, .consistent_read = true, .select = Select::kCount});

  EXPECT_EQ(result.count, kItems + 1);
  EXPECT_TRUE(result.items.empty());
}

}  // namespace
}  // namespace flamingock::dynamodb::test
