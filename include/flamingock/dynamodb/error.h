// Errors of the DynamoDB client.
//
//   flamingock::Error
//   ├── dynamodb::NetworkError        no HTTP answer: connection refused, reset, TLS failure
//   │   └── dynamodb::TimeoutError    no complete answer in time
//   └── dynamodb::DynamoDBError       the service answered with an error (see its code())
#pragma once

#include "flamingock/error.h"

namespace flamingock::dynamodb {

class NetworkError : public Error {
 public:
  using Error::Error;
};

class TimeoutError : public NetworkError {
 public:
  using NetworkError::NetworkError;
};

}  // namespace flamingock::dynamodb
