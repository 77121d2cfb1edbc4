// What the benchmark drivers share: a DynamoDB Local server for the run, child processes (the
// peers), clients for the local server, and the statistics printed.
//
//   bench::LocalServer server = bench::LocalServer::fromArguments(argc, argv);  // or --endpoint
//   flamingock::dynamodb::Client client(bench::localConfig(server.endpoint()));
//   bench::createKeyTable(client, "bench_items");
//   double value = bench::median({3.0, 1.0, 2.0});
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "flamingock/dynamodb/client.h"

namespace bench {

// The repository's root, for tools/ and bench/peers/.
std::string sourceDir();

// One DynamoDB Local started with tools/local-dynamodb for the life of this object, or an
// endpoint given with --endpoint URL (then nothing is started or stopped).
class LocalServer {
 public:
  static LocalServer fromArguments(int argc, char** argv);
  LocalServer(LocalServer&& other) noexcept;
  LocalServer& operator=(LocalServer&&) = delete;
  ~LocalServer();

  const std::string& endpoint() const { return endpoint_; }

 private:
  LocalServer(std::string endpoint, std::string state_dir);

  std::string endpoint_;
  std::string state_dir_;  // empty: not ours to stop
};

// The value of `--name VALUE` among the arguments, or `fallback`.
std::string option(int argc, char** argv, std::string_view name, std::string fallback);
int intOption(int argc, char** argv, std::string_view name, int fallback);
// Whether `--name` (a flag without a value) is among the arguments.
bool flag(int argc, char** argv, std::string_view name);

// Runs `command` with /bin/sh and returns its standard output; throws std::runtime_error naming
// the command when it exits with a non-zero status.
std::string runCommand(const std::string& command);

// The number that follows `"key":` in a one-line JSON object (what the peers print).
double jsonNumber(std::string_view json, std::string_view key);

// Static credentials, us-east-1, `endpoint`, a single kept-alive connection.
flamingock::dynamodb::ClientConfig localConfig(const std::string& endpoint);

// A PAY_PER_REQUEST table keyed by `key_attribute` (S, HASH), waited on until ACTIVE.
void createKeyTable(const flamingock::dynamodb::Client& client, const std::string& table,
                    const std::string& key_attribute);

double median(std::vector<double> values);
double secondsSince(std::chrono::steady_clock::time_point start);

// A ratio as "1.23x".
std::string ratio(double numerator, double denominator);

// The machine's load, for the record: "load average 1.23 0.98 0.75".
std::string loadAverage();

}  // namespace bench
