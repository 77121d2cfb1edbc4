// Reads DynamoDB's error answers: a JSON body with `__type`
// ("com.amazonaws...#ThrottlingException") and `message` or `Message`, plus CancellationReasons or
// Item for some types. A 5xx from a proxy may carry HTML or nothing; the error then takes its code
// from the status.
#pragma once

#include <string_view>

#include "flamingock/dynamodb/error.h"
#include "flamingock/dynamodb/http_transport.h"

namespace flamingock::dynamodb::detail {

// The error an HTTP answer with a status other than 200 stands for.
DynamoDBError errorFromResponse(std::string_view operation, const HttpResponse& response);

}  // namespace flamingock::dynamodb::detail
