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
//
// The outside world (the network, time, the backoff's randomness) comes from the last three
// fields, as LevelDB's Env and google-cloud-cpp's options inject it; left empty, each is the real
// one. A test sets its own, and so does a user who records the traffic or adds faults:
//
//   auto clock = std::make_shared<flamingock::testing::FakeClock>();  // flamingock/testing.h
//   config.transport = std::make_shared<MyScriptedTransport>();        // see http_transport.h
//   config.clock = clock;   // signing time, backoff sleeps and waits move on the fake's time
//   config.jitter = [] { return 0.5; };  // every backoff half its ceiling
//
// Copies of a config, and the clients made from them, share these objects (and the credentials
// provider), so copying stays cheap; each must be safe to call from several threads at once.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "flamingock/clock.h"
#include "flamingock/dynamodb/credentials.h"
#include "flamingock/dynamodb/http_transport.h"
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

  // Sends every request; empty: defaultHttpTransport(*this), a connection pool of each Client's
  // own. The time-outs, max_connections and ca_bundle above configure only that default.
  std::shared_ptr<HttpTransport> transport;
  // The wall clock that dates signatures; the sleeps of the retry backoff and of
  // Client::waitForTableActive, and the monotonic time that bounds the wait. Empty:
  // flamingock::Clock::system().
  std::shared_ptr<Clock> clock;
  // Uniform in [0, 1): the share of RetryPolicy::backoffCeiling each backoff waits. Empty: a
  // pseudo-random generator of each thread's own.
  std::function<double()> jitter;
};

}  // namespace flamingock::dynamodb
