// The client against DynamoDB Local behind a proxy that spoils answers: every retryable fault is
// retried until the request succeeds or the bounded attempts are spent; other errors are not.
// Writes a batch left unprocessed are sent again the same way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "flamingock/dynamodb/client.h"
#include "support/fault_proxy.h"
#include "support/local_dynamodb.h"

namespace flamingock::dynamodb {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;
using Fault = flamingock::test::FaultProxy::Fault;

constexpr int kMaxAttempts = 4;

// Straight to DynamoDB Local, with the default timeouts: its first answers can be slow.
ClientConfig directConfig() {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = flamingock::test::localDynamoDbEndpoint();
  config.credentials =
      staticCredentials({.access_key_id = "fakeAccessKey", .secret_access_key = "fakeSecretKey"});
  return config;
}

// Through the proxy, with a short timeout and quick retries.
ClientConfig proxiedConfig(const std::string& endpoint) {
  ClientConfig config = directConfig();
  config.region = "us-east-1";
  config.endpoint = endpoint;
  config.credentials =
      staticCredentials({.access_key_id = "fakeAccessKey", .secret_access_key = "fakeSecretKey"});
  config.request_timeout = std::chrono::milliseconds(500);  // below the proxy's slow delay
  config.retry_policy.max_attempts = kMaxAttempts;
  config.retry_policy.base_delay = std::chrono::milliseconds(1);
  config.retry_policy.max_delay = std::chrono::milliseconds(5);
  return config;
}

Item key(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

// Item `i` of a batch: a key and values of several kinds, so that any change on the way shows.
Item batchItem(const std::string& prefix, int i) {
  Item item = key(prefix + std::to_string(i));
  item.emplace("n", AttributeValue::number(i));
  item.emplace("bytes", AttributeValue::binary(std::string("\0\x01\xff", 3) + std::to_string(i)));
  item.emplace("nested", AttributeValue::map(
                             {{"flag", AttributeValue::boolean(i % 2 == 0)},
                              {"nothing", AttributeValue::null()},
                              {"words", AttributeValue::list({AttributeValue::string("é")})}}));
  return item;
}

// Puts of `count` batch items.
BatchWriteItemRequest batchOfPuts(const std::string& table, const std::string& prefix, int count) {
  BatchWriteItemRequest request;
  for (int i = 0; i < count; ++i) {
    request.request_items[table].push_back(WriteRequest::put(batchItem(prefix, i)));
  }
  return request;
}

class ClientFaultTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    table_ = new std::string(flamingock::test::uniqueTableName("faults"));
    Client direct(directConfig());
    direct.createTable({.table_name = *table_,
                        .attribute_definitions = {{"pk", ScalarAttributeType::kString}},
                        .key_schema = {{"pk", KeyType::kHash}},
                        .billing_mode = BillingMode::kPayPerRequest});
    direct.waitForTableActive(*table_);
    direct.putItem({.table_name = *table_, .item = key("present")});
  }

  static void TearDownTestSuite() {
    Client(directConfig()).deleteTable({*table_});
    delete table_;
  }

  GetItemResult getPresent() {
    return client_.getItem({.table_name = *table_, .key = key("present"), .consistent_read = true});
  }

  static std::string* table_;
  flamingock::test::FaultProxy proxy_{flamingock::test::localDynamoDbEndpoint()};
  Client client_{proxiedConfig(proxy_.url())};
};

std::string* ClientFaultTest::table_ = nullptr;

class RetriedFaultTest : public ClientFaultTest, public ::testing::WithParamInterface<Fault> {};

TEST_P(RetriedFaultTest, IsRetriedAndTheRequestSucceeds) {
  proxy_.inject(GetParam(), 2);

  GetItemResult result = getPresent();

  EXPECT_EQ(result.item, key("present"));
  EXPECT_EQ(proxy_.requestCount(), 3);
}

TEST_P(RetriedFaultTest, FailsClearlyAfterTheBoundedAttempts) {
  proxy_.inject(GetParam(), kMaxAttempts);

  EXPECT_THAT([&] { getPresent(); },
              ThrowsMessage<Error>(HasSubstr("GetItem gave up after 4 attempts")));
  EXPECT_EQ(proxy_.requestCount(), kMaxAttempts);
}

INSTANTIATE_TEST_SUITE_P(EveryRetryableFault, RetriedFaultTest,
                         ::testing::Values(Fault::InternalErrorHtml, Fault::ServiceUnavailableEmpty,
                                           Fault::Throttling, Fault::ProvisionedThroughputExceeded,
                                           Fault::Drop, Fault::CorruptBody, Fault::Slow));

TEST_F(ClientFaultTest, WritesAreRetriedThroughFaultsToo) {
  proxy_.inject(Fault::ServiceUnavailableEmpty);
  proxy_.inject(Fault::Throttling);

  client_.putItem({.table_name = *table_, .item = key("written")});

  EXPECT_TRUE(
      client_.getItem({.table_name = *table_, .key = key("written"), .consistent_read = true})
          .item.has_value());
}

TEST_F(ClientFaultTest, ExhaustedHtmlErrorSaysWhatTheServerSent) {
  proxy_.inject(Fault::InternalErrorHtml, kMaxAttempts);

  EXPECT_THAT([&] { getPresent(); },
              ThrowsMessage<DynamoDBError>(
                  AllOf(HasSubstr("HTTP 500"), HasSubstr("500 Internal Server Error"))));
}

TEST_F(ClientFaultTest, ExhaustedSlowAnswersAreATimeout) {
  proxy_.inject(Fault::Slow, kMaxAttempts);

  EXPECT_THROW(getPresent(), TimeoutError);
}

TEST_F(ClientFaultTest, ValidationErrorIsNeverRetried) {
  EXPECT_THAT(
      [&] {
        client_.putItem({.table_name = *table_, .item = {{"wrong", AttributeValue::string("x")}}});
      },
      ThrowsMessage<DynamoDBError>(HasSubstr("ValidationException")));
  EXPECT_EQ(proxy_.requestCount(), 1);
}

TEST_F(ClientFaultTest, ConditionalCheckFailureIsNeverRetried) {
  EXPECT_THROW(client_.putItem({.table_name = *table_,
                                .item = key("present"),
                                .condition_expression = "attribute_not_exists(pk)"}),
               DynamoDBError);
  EXPECT_EQ(proxy_.requestCount(), 1);
}

TEST_F(ClientFaultTest, WritesLeftUnprocessedAreSentAgainUntilAllAreWritten) {
  constexpr int kItems = 60;  // batches of 25, 25 and 10
  Client direct(directConfig());
  BatchWriteItemRequest request = batchOfPuts(*table_, "resent-", kItems);
  // Deletes travel back as unprocessed too: the first batch's second half holds some.
  for (int i = 14; i < 25; i += 5) {
    direct.putItem({.table_name = *table_, .item = batchItem("resent-", i)});
    request.request_items[*table_][i] = WriteRequest::deleteKey(key("resent-" + std::to_string(i)));
  }
  // The first batch: 13 written and 12 left, then 6 and 6, then 3 and 3, then the last 3.
  proxy_.inject(Fault::PartlyUnprocessed, 3);

  client_.batchWriteAll(request);

  EXPECT_EQ(proxy_.faultCount(), 3);
  EXPECT_EQ(proxy_.requestCount("BatchWriteItem"), 6);
  for (int i = 0; i < kItems; ++i) {
    SCOPED_TRACE("item " + std::to_string(i));
    GetItemResult stored = direct.getItem({.table_name = *table_,
                                           .key = key("resent-" + std::to_string(i)),
                                           .consistent_read = true});
    if (request.request_items[*table_][i].kind == WriteRequest::Kind::kDelete) {
      EXPECT_FALSE(stored.item.has_value());
    } else {
      EXPECT_EQ(stored.item, batchItem("resent-", i));
    }
  }
}

TEST_F(ClientFaultTest, WritesStillUnprocessedAfterTheBoundedAttemptsAreCounted) {
  ClientConfig config = proxiedConfig(proxy_.url());
  config.retry_policy.max_attempts = 2;
  Client client(config);
  proxy_.injectOnOperation("BatchWriteItem", Fault::PartlyUnprocessed);

  // The first batch of 25: 12 left after the first attempt, 6 after the second.
  EXPECT_THAT(
      [&] { client.batchWriteAll(batchOfPuts(*table_, "exhausted-", 60)); },
      ThrowsMessage<DynamoDBError>(AllOf(
          HasSubstr("BatchWriteItem"), HasSubstr("6 entries still unprocessed after 2 attempts"))));
  EXPECT_EQ(proxy_.requestCount("BatchWriteItem"), 2);
}

}  // namespace
}  // namespace flamingock::dynamodb
