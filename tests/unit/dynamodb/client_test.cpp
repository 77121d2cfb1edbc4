#include "flamingock/dynamodb/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dynamodb/client/crc32.h"
#include "dynamodb/client/json_codec.h"
#include "fake_dynamodb.h"

namespace flamingock::dynamodb::testing {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::ThrowsMessage;

Item key(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

GetItemRequest getRequest() { return {.table_name = "t", .key = key("a")}; }

const std::string kItemBody = R"({"Item":{"pk":{"S":"a"}}})";

std::string header(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return "";
}

HttpResponse withCrc(HttpResponse response, std::uint32_t crc) {
  response.headers.emplace_back("x-amz-crc32", std::to_string(crc));
  return response;
}

TEST(ClientTest, PostsSignedJsonToTheEndpointWithTheOperationTarget) {
  FakeDynamoDb fake;
  fake.answer(ok(kItemBody));

  GetItemResult result = fake.client().getItem(getRequest());

  auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 1u);
  const HttpRequest& sent = requests[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "http://127.0.0.1:1/");
  EXPECT_EQ(header(sent, "X-Amz-Target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(header(sent, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_THAT(header(sent, "Authorization"),
              StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/19700101/us-east-1/dynamodb/"));
  EXPECT_EQ(result.item, key("a"));
}

TEST(ClientTest, DefaultEndpointIsTheRegionalOne) {
  FakeDynamoDb fake;
  fake.answer(ok("{}"));
  ClientConfig config = fakeConfig();
  config.endpoint.clear();
  config.region = "eu-west-3";

  fake.client(config).getItem(getRequest());

  EXPECT_EQ(fake.requests()[0].url, "https://dynamodb.eu-west-3.amazonaws.com/");
}

TEST(ClientTest, RetriesThrottlingWithJitteredBackoffThenSucceeds) {
  FakeDynamoDb fake;
  fake.answer(throttled());
  fake.answer(throttled());
  fake.answer(ok(kItemBody));
  fake.setRandom(0.5);
  ClientConfig config = fakeConfig();
  config.retry_policy.base_delay = milliseconds(100);

  GetItemResult result = fake.client(config).getItem(getRequest());

  EXPECT_EQ(result.item, key("a"));
  EXPECT_EQ(fake.requests().size(), 3u);
  EXPECT_EQ(fake.sleeps(), (std::vector<milliseconds>{milliseconds(50), milliseconds(100)}));
}

TEST(ClientTest, WithoutThrottlingRetriesAThrottlingAnswerIsThrownAtOnce) {
  FakeDynamoDb fake;
  fake.answer(awsError(400, "ProvisionedThroughputExceededException", "slow down"));
  ClientConfig config = fakeConfig();
  config.retry_policy.retry_throttling = false;

  EXPECT_THAT([&] { fake.client(config).getItem(getRequest()); },
              ThrowsMessage<DynamoDBError>(HasSubstr("slow down")));
  EXPECT_EQ(fake.requests().size(), 1u);
  EXPECT_TRUE(fake.sleeps().empty());
}

TEST(ClientTest, WithoutThrottlingRetriesOtherFailuresAreStillRetried) {
  FakeDynamoDb fake;
  fake.answer(awsError(500, "InternalServerError", "boom"));
  fake.fail(NetworkError("connection reset"));
  fake.answer(ok(kItemBody));
  ClientConfig config = fakeConfig();
  config.retry_policy.retry_throttling = false;

  GetItemResult result = fake.client(config).getItem(getRequest());

  EXPECT_EQ(result.item, key("a"));
  EXPECT_EQ(fake.requests().size(), 3u);
}

TEST(ClientTest, GivesUpAfterMaxAttemptsNamingTheCountAndLastCause) {
  FakeDynamoDb fake;
  for (int i = 0; i < 4; ++i) fake.answer(awsError(500, "InternalServerError", "boom"));

  EXPECT_THAT([&] { fake.client().getItem(getRequest()); },
              ThrowsMessage<DynamoDBError>(
                  AllOf(HasSubstr("GetItem gave up after 4 attempts"), HasSubstr("boom"))));
  EXPECT_EQ(fake.requests().size(), 4u);
}

TEST(ClientTest, ExhaustedErrorKeepsItsCode) {
  FakeDynamoDb fake;
  for (int i = 0; i < 4; ++i) fake.answer(throttled());

  try {
    fake.client().getItem(getRequest());
    FAIL() << "expected DynamoDBError";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kThrottling);
    EXPECT_EQ(error.requestId(), "REQ-1");
  }
}

TEST(ClientTest, ValidationErrorIsNotRetried) {
  FakeDynamoDb fake;
  fake.answer(awsError(400, "ValidationException", "bad key"));

  EXPECT_THAT([&] { fake.client().getItem(getRequest()); },
              ThrowsMessage<DynamoDBError>(HasSubstr("bad key")));
  EXPECT_EQ(fake.requests().size(), 1u);
  EXPECT_TRUE(fake.sleeps().empty());
}

TEST(ClientTest, CorruptedBodyIsRetriedAndAMatchingCrcAccepted) {
  FakeDynamoDb fake;
  fake.answer(withCrc(ok(kItemBody), detail::crc32Of(kItemBody) ^ 1));
  fake.answer(withCrc(ok(kItemBody), detail::crc32Of(kItemBody)));

  GetItemResult result = fake.client().getItem(getRequest());

  EXPECT_EQ(result.item, key("a"));
  EXPECT_EQ(fake.requests().size(), 2u);
}

TEST(ClientTest, PersistentCrcMismatchFailsAsCorruptedResponse) {
  FakeDynamoDb fake;
  for (int i = 0; i < 4; ++i) fake.answer(withCrc(ok(kItemBody), 1));

  try {
    fake.client().getItem(getRequest());
    FAIL() << "expected DynamoDBError";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kCorruptedResponse);
    EXPECT_THAT(error.what(), HasSubstr("x-amz-crc32 says 1"));
  }
}

TEST(ClientTest, NetworkErrorsAreRetried) {
  FakeDynamoDb fake;
  fake.fail(NetworkError("connection reset by peer"));
  fake.answer(ok(kItemBody));

  EXPECT_EQ(fake.client().getItem(getRequest()).item, key("a"));
  EXPECT_EQ(fake.requests().size(), 2u);
}

TEST(ClientTest, PersistentTimeoutFailsAsTimeoutErrorAfterAllAttempts) {
  FakeDynamoDb fake;
  for (int i = 0; i < 4; ++i) fake.fail(TimeoutError("no answer in 10000 ms"));

  EXPECT_THAT([&] { fake.client().getItem(getRequest()); },
              ThrowsMessage<TimeoutError>(HasSubstr("after 4 attempts")));
}

TEST(ClientTest, MalformedSuccessNamesTheOperation) {
  FakeDynamoDb fake;
  fake.answer(ok("<html>not json</html>"));

  try {
    fake.client().describeTable({"t"});
    FAIL() << "expected DynamoDBError";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kMalformedResponse);
    EXPECT_THAT(error.what(), HasSubstr("DescribeTable"));
  }
  EXPECT_EQ(fake.requests().size(), 1u);
}

TEST(ClientTest, WrongShapeSuccessIsMalformed) {
  FakeDynamoDb fake;
  fake.answer(ok(R"({"Table": 5})"));

  EXPECT_THAT([&] { fake.client().describeTable({"t"}); },
              ThrowsMessage<DynamoDBError>(HasSubstr("not a valid DescribeTable response")));
}

TEST(ClientTest, RejectsConfigWithoutRegionOrCredentialsOrWithABadEndpoint) {
  FakeDynamoDb fake;
  ClientConfig no_region = fakeConfig();
  no_region.region.clear();
  ClientConfig no_credentials = fakeConfig();
  no_credentials.credentials.reset();
  ClientConfig bad_endpoint = fakeConfig();
  bad_endpoint.endpoint = "localhost:8000";

  EXPECT_THAT([&] { fake.client(no_region); },
              ThrowsMessage<ConfigurationError>(HasSubstr("region")));
  EXPECT_THAT([&] { fake.client(no_credentials); },
              ThrowsMessage<ConfigurationError>(HasSubstr("credentials")));
  EXPECT_THAT([&] { fake.client(bad_endpoint); },
              ThrowsMessage<ConfigurationError>(HasSubstr("'localhost:8000'")));
}

// The region becomes part of the regional endpoint's host: anything but a region name could send
// signed requests to another host.
TEST(ClientTest, RejectsARegionThatIsNotARegionNameNamingIt) {
  FakeDynamoDb fake;
  ClientConfig config = fakeConfig();
  config.endpoint.clear();
  config.region = "evil.example/";

  EXPECT_THAT([&] { fake.client(config); },
              ThrowsMessage<ConfigurationError>(
                  HasSubstr("AWS region 'evil.example/' from ClientConfig::region")));
  EXPECT_TRUE(fake.requests().empty());
}

TEST(ClientTest, ConfigMakesAnIndependentHandleWithTheSameSettings) {
  FakeDynamoDb fake;
  Client client = fake.client();

  Client other(client.config());

  EXPECT_EQ(other.config().region, "us-east-1");
  EXPECT_EQ(other.config().credentials, client.config().credentials);
}

TEST(ClientTest, ScanAllFollowsLastEvaluatedKeyUntilTheLastPage) {
  FakeDynamoDb fake;
  fake.answer(ok(R"({"Items":[{"pk":{"S":"a"}}],"Count":1,"LastEvaluatedKey":{"pk":{"S":"a"}}})"));
  fake.answer(ok(R"({"Items":[{"pk":{"S":"b"}}],"Count":1})"));
  std::vector<Item> seen;

  int pages = fake.client().scanAll({.table_name = "t", .limit = 1}, [&](ItemPage& page) {
    for (auto& item : page.items) seen.push_back(std::move(item));
  });

  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, (std::vector<Item>{key("a"), key("b")}));
  EXPECT_THAT(fake.requests()[1].body, HasSubstr(R"("ExclusiveStartKey":{"pk":{"S":"a"}})"));
}

TEST(ClientTest, BatchWriteAllSendsChunksOfTwentyFiveAndResubmitsUnprocessed) {
  FakeDynamoDb fake;
  std::vector<WriteRequest> writes;
  for (int i = 0; i < 30; ++i) writes.push_back(WriteRequest::put(key("k" + std::to_string(i))));
  fake.answer(ok(R"({"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"pk":{"S":"k0"}}}}]}})"));
  fake.answer(ok(R"({"UnprocessedItems":{}})"));
  fake.answer(ok("{}"));

  fake.client().batchWriteAll({.request_items = {{"t", writes}}});

  auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(detail::Json::parse(requests[0].body)["RequestItems"]["t"].size(), 25u);
  EXPECT_EQ(detail::Json::parse(requests[1].body)["RequestItems"]["t"].size(), 1u);
  EXPECT_EQ(detail::Json::parse(requests[2].body)["RequestItems"]["t"].size(), 5u);
  EXPECT_EQ(fake.sleeps().size(), 1u);
}

TEST(ClientTest, BatchWriteAllFailsClearlyWhenItemsStayUnprocessed) {
  FakeDynamoDb fake;
  const std::string stuck =
      R"({"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"pk":{"S":"k"}}}}]}})";
  for (int i = 0; i < 4; ++i) fake.answer(ok(stuck));

  EXPECT_THAT(
      [&] {
        fake.client().batchWriteAll({.request_items = {{"t", {WriteRequest::put(key("k"))}}}});
      },
      ThrowsMessage<DynamoDBError>(HasSubstr("1 entries still unprocessed after 4 attempts")));
}

TEST(ClientTest, BatchGetAllCollectsItemsAcrossResubmissions) {
  FakeDynamoDb fake;
  fake.answer(ok(R"({"Responses":{"t":[{"pk":{"S":"a"}}]},
                     "UnprocessedKeys":{"t":{"Keys":[{"pk":{"S":"b"}}]}}})"));
  fake.answer(ok(R"({"Responses":{"t":[{"pk":{"S":"b"}}]}})"));

  auto found =
      fake.client().batchGetAll({.request_items = {{"t", {.keys = {key("a"), key("b")}}}}});

  EXPECT_EQ(found.at("t"), (std::vector<Item>{key("a"), key("b")}));
}

const std::string kCreating = R"({"Table":{"TableName":"t","TableStatus":"CREATING"}})";
const std::string kActive = R"({"Table":{"TableName":"t","TableStatus":"ACTIVE"}})";

TEST(ClientTest, WaiterPollsUntilTheTableIsActive) {
  FakeDynamoDb fake;
  fake.answer(ok(kCreating));
  fake.answer(ok(kCreating));
  fake.answer(ok(kActive));

  TableDescription table =
      fake.client().waitForTableActive("t", milliseconds(1000), milliseconds(10));

  EXPECT_EQ(table.table_status, TableStatus::kActive);
  EXPECT_EQ(fake.sleeps(), (std::vector<milliseconds>{milliseconds(10), milliseconds(10)}));
}

TEST(ClientTest, WaiterTimesOutNamingTheTableAndItsStatus) {
  FakeDynamoDb fake;
  for (int i = 0; i < 4; ++i) fake.answer(ok(kCreating));

  EXPECT_THAT([&] { fake.client().waitForTableActive("t", milliseconds(30), milliseconds(10)); },
              ThrowsMessage<TimeoutError>(AllOf(HasSubstr("'t'"), HasSubstr("CREATING"))));
}

TEST(ClientTest, InvokeSendsRawJsonAndReturnsTheRawAnswer) {
  FakeDynamoDb fake;
  fake.answer(ok(R"({"TableDescription":{}})"));

  std::string answer = fake.client().invoke("UpdateTable", R"({"TableName":"t"})");

  EXPECT_EQ(answer, R"({"TableDescription":{}})");
  EXPECT_EQ(header(fake.requests()[0], "X-Amz-Target"), "DynamoDB_20120810.UpdateTable");
  EXPECT_EQ(fake.requests()[0].body, R"({"TableName":"t"})");
}

}  // namespace
}  // namespace flamingock::dynamodb::testing
