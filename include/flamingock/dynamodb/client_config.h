// The settings of a DynamoDB client.
//
//   flamingock::dynamodb::ClientConfig config;
//   config.region = "us-east-1";
//   config.endpoint = "http://127.0.0.1:8000";  // DynamoDB Local; empty for AWS
//   config.credentials = flamingock::dynamodb::staticCredentials({.access_key_id = "x",
//                                                                 .secret_access_key = "y"});
//   flamingock::dynamodb::Client client(config);
//
// A plain value: copy it to make another client with the same settings.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "flamingock/dynamodb/credentials.h"
#include "flamingock/dynamodb/retry_policy.h"

namespace flamingock::dynamodb {

struct ClientConfig {
  std::string region;    // required, e.g. "eu-west-1"; also the signing region
  std::string endpoint;  // http(s)://host[:port]; empty: https://dynamodb.<region>.amazonaws.com
  std::shared_ptr<CredentialsProvider> credentials;  // required; shared by copies of the config
  std::chrono::milliseconds connect_timeout{3000};   // to open a connection
  std::chrono::milliseconds request_timeout{10000};  // one attempt, request and response
  int max_connections = 16;                          // idle connections kept for reuse
  // PEM file of the certificate authorities an https endpoint is checked against; empty: the
  // system's. fromEnvironment() takes AWS_CA_BUNDLE, else the profile's ca_bundle.
  std::string ca_bundle;
  RetryPolicy retry_policy;  // which failures are retried, and how
};

}  // namespace flamingock::dynamodb
