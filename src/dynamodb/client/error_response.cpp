#include "dynamodb/client/error_response.h"

#include "dynamodb/client/json_codec.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr size_t kMaxQuotedBody = 200;

std::string stringMember(const Json& body, std::string_view key) {
  const Json* value = member(body, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::vector<CancellationReason> readCancellationReasons(const Json& reasons) {
  std::vector<CancellationReason> result;
  for (const auto& reason : reasons) {
    CancellationReason parsed{stringMember(reason, "Code"), stringMember(reason, "Message"), {}};
    if (const Json* item = member(reason, "Item")) parsed.item = readItem(*item);
    result.push_back(std::move(parsed));
  }
  return result;
}

// A body that is not DynamoDB's JSON (an HTML error page, nothing at all): the status is all
// there is to go by, and the start of the body goes into the message to help a person.
void describeOpaqueBody(const HttpResponse& response, DynamoDBError::Details& details) {
  if (response.status == 500) details.code = ErrorCode::kInternalServerError;
  if (response.status == 503) details.code = ErrorCode::kServiceUnavailable;
  details.type = "HTTP " + std::to_string(response.status);
  if (response.body.empty()) {
    details.message = "empty response body";
  } else {
    details.message =
        "response body is not DynamoDB JSON: " + response.body.substr(0, kMaxQuotedBody);
  }
}

}  // namespace

DynamoDBError errorFromResponse(std::string_view operation, const HttpResponse& response) {
  DynamoDBError::Details details;
  details.operation = std::string(operation);
  details.http_status = response.status;
  if (const std::string* id = response.header("x-amzn-RequestId")) details.request_id = *id;

  Json body = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  std::string type = body.is_object() ? stringMember(body, "__type") : std::string();
  if (type.empty()) {
    describeOpaqueBody(response, details);
    return DynamoDBError(std::move(details));
  }
  details.type = type.substr(type.rfind('#') + 1);  // npos + 1 == 0: no namespace
  details.code = errorCodeFromType(details.type);
  details.message = stringMember(body, "message");
  if (details.message.empty()) details.message = stringMember(body, "Message");
  try {
    if (const Json* item = member(body, "Item")) details.item = readItem(*item);
    if (const Json* reasons = member(body, "CancellationReasons")) {
      details.cancellation_reasons = readCancellationReasons(*reasons);
    }
  } catch (const std::exception& e) {
    details.message +=
        " (its item or cancellation reasons could not be read: " + std::string(e.what()) + ")";
  }
  return DynamoDBError(std::move(details));
}

}  // namespace flamingock::dynamodb::detail
