// The client at the edges of its world: a host clock that is minutes off, and TLS failures that
// no retry can fix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_dynamodb.h"
#include "flamingock/dynamodb/client.h"

namespace flamingock::dynamodb::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// The fake's wall clock reads 1970-01-01T01:00:00Z; this server is 10 minutes ahead.
constexpr char kServerDateAhead[] = "Thu, 01 Jan 1970 01:10:00 GMT";
constexpr char kSignedByOurClock[] = "19700101T010000Z";
constexpr char kSignedByServerClock[] = "19700101T011000Z";

GetItemRequest getRequest() {
  return {.table_name = "t", .key = {{"pk", AttributeValue::string("a")}}};
}

HttpResponse signatureExpired(const std::string& server_date) {
  HttpResponse response = awsError(
      400, "InvalidSignatureException",
      "Signature expired: 19700101T010000Z is now earlier than 19700101T010500Z (19700101T011000Z "
      "- 5 min.)");
  response.headers.emplace_back("Date", server_date);
  return response;
}

std::string signingDate(const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) {
    if (name == "X-Amz-Date") return value;
  }
  return "";
}

TEST(ClockSkewTest, RetriesOnceAtOnceSignedWithTheServersTime) {
  FakeDynamoDb fake;
  fake.answer(signatureExpired(kServerDateAhead));
  fake.answer(ok("{}"));

  fake.client().getItem(getRequest());

  auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(signingDate(requests[0]), kSignedByOurClock);
  EXPECT_EQ(signingDate(requests[1]), kSignedByServerClock);
  EXPECT_TRUE(fake.sleeps().empty());
}

TEST(ClockSkewTest, KeepsTheOffsetForLaterRequests) {
  FakeDynamoDb fake;
  fake.answer(signatureExpired(kServerDateAhead));
  fake.answer(ok("{}"));
  fake.answer(ok("{}"));
  Client client = fake.client();
  client.getItem(getRequest());

  client.getItem(getRequest());

  auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(signingDate(requests[2]), kSignedByServerClock);
}

TEST(ClockSkewTest, RecognisesTheOtherSkewErrorsOfTheAwsSdks) {
  for (const char* type : {"RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"}) {
    FakeDynamoDb fake;
    HttpResponse skewed = awsError(403, type, "the clocks differ");
    skewed.headers.emplace_back("Date", kServerDateAhead);
    fake.answer(skewed);
    fake.answer(ok("{}"));

    fake.client().getItem(getRequest());

    EXPECT_EQ(signingDate(fake.requests().back()), kSignedByServerClock) << type;
  }
}

TEST(ClockSkewTest, RetriesTheCorrectionOnlyOnce) {
  FakeDynamoDb fake;
  fake.answer(signatureExpired(kServerDateAhead));
  fake.answer(signatureExpired("Thu, 01 Jan 1970 01:20:00 GMT"));

  EXPECT_THAT([&] { fake.client().getItem(getRequest()); },
              ThrowsMessage<DynamoDBError>(HasSubstr("Signature expired")));
  EXPECT_EQ(fake.requests().size(), 2u);
}

TEST(ClockSkewTest, AnInvalidSignatureWithAgreeingClocksIsNotRetried) {
  FakeDynamoDb fake;
  fake.answer(signatureExpired("Thu, 01 Jan 1970 01:00:30 GMT"));

  EXPECT_THROW(fake.client().getItem(getRequest()), DynamoDBError);
  EXPECT_EQ(fake.requests().size(), 1u);
}

TEST(ClockSkewTest, ASkewErrorWithoutAReadableDateIsNotRetried) {
  FakeDynamoDb fake;
  fake.answer(signatureExpired("yesterday"));

  EXPECT_THROW(fake.client().getItem(getRequest()), DynamoDBError);
  EXPECT_EQ(fake.requests().size(), 1u);
}

TEST(TlsFailureTest, ACertificateErrorIsNotRetried) {
  FakeDynamoDb fake;
  fake.fail(TlsError(
      "HTTPS request to 127.0.0.1:1 refused by TLS: SSL certificate problem: unable to get local "
      "issuer certificate"));

  EXPECT_THAT([&] { fake.client().getItem(getRequest()); },
              ThrowsMessage<TlsError>(HasSubstr("SSL certificate problem")));
  EXPECT_EQ(fake.requests().size(), 1u);
  EXPECT_TRUE(fake.sleeps().empty());
}

TEST(TlsFailureTest, AnUnreadableCaBundleIsRejectedNamingIt) {
  ClientConfig config = fakeConfig();
  config.ca_bundle = "/nonexistent/flamingock-test/ca.pem";

  EXPECT_THAT([&] { Client client(config); },
              ThrowsMessage<ConfigurationError>(
                  AllOf(HasSubstr("ca_bundle"), HasSubstr("/nonexistent/flamingock-test/ca.pem"))));
}

}  // namespace
}  // namespace flamingock::dynamodb::testing
