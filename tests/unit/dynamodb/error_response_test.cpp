#include "dynamodb/client/error_response.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace flamingock::dynamodb::detail {
namespace {

using ::testing::HasSubstr;

HttpResponse response(long status, std::string body) {
  return {.status = status, .headers = {{"X-Amzn-RequestId", "RID-7"}}, .body = std::move(body)};
}

TEST(ErrorResponseTest, ReadsTypeAfterTheHashAndLowercaseMessage) {
  DynamoDBError error = errorFromResponse(
      "PutItem", response(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException",
                                   "message":"One or more parameter values were invalid"})"));

  EXPECT_EQ(error.code(), ErrorCode::kValidation);
  EXPECT_EQ(error.type(), "ValidationException");
  EXPECT_EQ(error.message(), "One or more parameter values were invalid");
  EXPECT_EQ(error.httpStatus(), 400);
  EXPECT_EQ(error.requestId(), "RID-7");
  EXPECT_EQ(error.operation(), "PutItem");
  EXPECT_THAT(error.what(), HasSubstr("PutItem"));
  EXPECT_THAT(error.what(), HasSubstr("ValidationException"));
  EXPECT_THAT(error.what(), HasSubstr("RID-7"));
}

TEST(ErrorResponseTest, ReadsCapitalisedMessage) {
  DynamoDBError error = errorFromResponse(
      "GetItem", response(400, R"({"__type":"com.amazon.coral.service#UnrecognizedClientException",
                                   "Message":"The security token included in the request is invalid."})"));

  EXPECT_EQ(error.code(), ErrorCode::kUnrecognizedClient);
  EXPECT_EQ(error.message(), "The security token included in the request is invalid.");
}

TEST(ErrorResponseTest, TypeWithoutNamespaceIsRead) {
  DynamoDBError error =
      errorFromResponse("Scan", response(400, R"({"__type":"RequestLimitExceeded"})"));

  EXPECT_EQ(error.code(), ErrorCode::kRequestLimitExceeded);
}

TEST(ErrorResponseTest, Html503IsServiceUnavailableQuotingTheBody) {
  DynamoDBError error = errorFromResponse(
      "Query", response(503, "<html><body>Service Temporarily Unavailable</body></html>"));

  EXPECT_EQ(error.code(), ErrorCode::kServiceUnavailable);
  EXPECT_EQ(error.httpStatus(), 503);
  EXPECT_THAT(error.what(), HasSubstr("HTTP 503"));
  EXPECT_THAT(error.what(), HasSubstr("Service Temporarily Unavailable"));
}

TEST(ErrorResponseTest, Empty500IsInternalServerErrorSayingTheBodyWasEmpty) {
  DynamoDBError error = errorFromResponse("Query", response(500, ""));

  EXPECT_EQ(error.code(), ErrorCode::kInternalServerError);
  EXPECT_THAT(error.what(), HasSubstr("empty response body"));
}

TEST(ErrorResponseTest, OpaqueBadGatewayKeepsItsStatus) {
  DynamoDBError error = errorFromResponse("Query", response(502, "Bad Gateway"));

  EXPECT_EQ(error.code(), ErrorCode::kUnknown);
  EXPECT_EQ(error.httpStatus(), 502);
}

TEST(ErrorResponseTest, ConditionalCheckFailedCarriesTheOldItem) {
  DynamoDBError error = errorFromResponse(
      "PutItem",
      response(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                        "message":"The conditional request failed",
                        "Item":{"pk":{"S":"a"},"owner":{"S":"other"}}})"));

  EXPECT_EQ(error.code(), ErrorCode::kConditionalCheckFailed);
  ASSERT_TRUE(error.item().has_value());
  EXPECT_EQ(error.item()->at("owner"), AttributeValue::string("other"));
}

TEST(ErrorResponseTest, TransactionCanceledCarriesEachReasonInOrder) {
  DynamoDBError error = errorFromResponse(
      "TransactWriteItems",
      response(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                        "Message":"Transaction cancelled, please refer cancellation reasons",
                        "CancellationReasons":[
                          {"Code":"None"},
                          {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                           "Item":{"pk":{"S":"lock"}}}]})"));

  EXPECT_EQ(error.code(), ErrorCode::kTransactionCanceled);
  ASSERT_EQ(error.cancellationReasons().size(), 2u);
  EXPECT_EQ(error.cancellationReasons()[0], (CancellationReason{"None", "", std::nullopt}));
  EXPECT_EQ(error.cancellationReasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(error.cancellationReasons()[1].message, "The conditional request failed");
  EXPECT_EQ(error.cancellationReasons()[1].item, (Item{{"pk", AttributeValue::string("lock")}}));
}

TEST(ErrorResponseTest, ErrorCodesMapFromTypeNames) {
  EXPECT_EQ(errorCodeFromType("ProvisionedThroughputExceededException"),
            ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(errorCodeFromType("ThrottlingException"), ErrorCode::kThrottling);
  EXPECT_EQ(errorCodeFromType("TransactionConflictException"), ErrorCode::kTransactionConflict);
  EXPECT_EQ(errorCodeFromType("ResourceNotFoundException"), ErrorCode::kResourceNotFound);
  EXPECT_EQ(errorCodeFromType("InternalServerError"), ErrorCode::kInternalServerError);
  EXPECT_EQ(errorCodeFromType("MissingAuthenticationTokenException"),
            ErrorCode::kMissingAuthenticationToken);
  EXPECT_EQ(errorCodeFromType("SomethingNewException"), ErrorCode::kUnknown);
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
