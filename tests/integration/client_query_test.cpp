#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <numeric>

#include "flamingock/error.h"
#include "support/fault_proxy.h"

#include "client_test_fixture.h"

namespace flamingock::dynamodb::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

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

  // 200 items over 200 partition keys ("p0".."p199"), so that every segment of a parallel scan
  // has some.
  std::string createManyPartitions() {
    std::string table = createHashTable("segments");
    std::vector<WriteRequest> writes;
    for (int i = 0; i < 200; ++i) {
      writes.push_back(WriteRequest::put({{"pk", AttributeValue::string("p" + std::to_string(i))},
                                          {"n", AttributeValue::number(i)}}));
    }
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

TEST_F(ClientQueryTest, ParallelScanAllHandsOverEveryItemOnceOnePageAtATime) {
  std::string table = createManyPartitions();
  std::vector<std::int64_t> seen;
  std::atomic<int> inside{0};
  bool overlapped = false;

  int pages = client().parallelScanAll({.table_name = table, .consistent_read = true, .limit = 7},
                                       4, [&](ItemPage& page) {
                                         overlapped = overlapped || inside.fetch_add(1) != 0;
                                         for (const Item& item : page.items)
                                           seen.push_back(item.at("n").asInt64());
                                         inside.fetch_sub(1);
                                       });

  EXPECT_FALSE(overlapped);
  EXPECT_GE(pages, (200 + 6) / 7);  // pages of at most 7 items
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, range(0, 200));
}

TEST_F(ClientQueryTest, ParallelScanAllReadsEachSegmentOnItsOwn) {
  std::string table = createManyPartitions();
  std::vector<int> per_segment;
  for (int segment = 0; segment < 3; ++segment) {
    ScanResult page = client().scan(
        {.table_name = table, .consistent_read = true, .segment = segment, .total_segments = 3});
    per_segment.push_back(page.count);
  }
  std::vector<int> page_sizes;

  client().parallelScanAll({.table_name = table, .consistent_read = true}, 3,
                           [&](ItemPage& page) { page_sizes.push_back(page.count); });

  std::sort(per_segment.begin(), per_segment.end());
  std::sort(page_sizes.begin(), page_sizes.end());
  EXPECT_EQ(page_sizes, per_segment);  // one page a segment, as DynamoDB splits them
  EXPECT_EQ(std::accumulate(per_segment.begin(), per_segment.end(), 0), 200);
}

TEST_F(ClientQueryTest, ParallelScanAllRethrowsTheFailureOfAWorkersSegment) {
  std::string table = createManyPartitions();
  flamingock::test::FaultProxy proxy(flamingock::test::localDynamoDbEndpoint());
  proxy.injectOn({"Scan", table, R"("Segment":2,)"},
                 flamingock::test::FaultProxy::Fault::InternalErrorHtml);
  ClientConfig config = client().config();
  config.endpoint = proxy.url();
  config.retry_policy.max_attempts = 1;
  int items = 0;

  try {
    Client(config).parallelScanAll({.table_name = table, .consistent_read = true}, 3,
                                   [&](ItemPage& page) { items += page.count; });
    FAIL() << "segment 2's failure was lost";
  } catch (const DynamoDBError& e) {
    EXPECT_EQ(e.httpStatus(), 500);
  }
  EXPECT_LT(items, 200);
  EXPECT_EQ(proxy.faultCount(), 1);
}

TEST_F(ClientQueryTest, ParallelScanAllRefusesARequestThatSetsItsOwnSegmentsOrStart) {
  std::vector<ScanRequest> requests = {
      {.table_name = "orders", .segment = 0},
      {.table_name = "orders", .total_segments = 2},
      {.table_name = "orders", .exclusive_start_key = {{"pk", AttributeValue::string("p1")}}}};
  for (ScanRequest& request : requests) {
    EXPECT_THAT([&] { client().parallelScanAll(request, 2, [](ItemPage&) {}); },
                ThrowsMessage<ConfigurationError>(
                    AllOf(HasSubstr("'orders'"), HasSubstr("no exclusive_start_key, segment"))));
  }
}

TEST_F(ClientQueryTest, ParallelScanAllRefusesASegmentCountOutOfRange) {
  for (int segments : {0, -1, 65}) {
    EXPECT_THAT(
        [&] { client().parallelScanAll({.table_name = "orders"}, segments, [](ItemPage&) {}); },
        ThrowsMessage<ConfigurationError>(
            AllOf(HasSubstr("'orders'"), HasSubstr("total_segments " + std::to_string(segments)),
                  HasSubstr("between 1 and 64"))));
  }
}

}  // namespace
}  // namespace flamingock::dynamodb::test
