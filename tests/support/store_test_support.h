// What the DynamoDB store's integration tests share: a client, target and store on the local
// server with fresh table names, held locks, the AWS CLI, and the helper program's process
// control.
//
//   auto target = flamingock::test::localTarget();
//   auto store = flamingock::test::freshStore(*target);   // unique audit and lock tables
//   store.initialize();
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flamingock/audit_entry.h"
#include "flamingock/clock.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/lock.h"
#include "flamingock/testing.h"
#include "support/local_dynamodb.h"

namespace flamingock::test {

// Static keys: the local server accepts any, and they never leave loopback.
inline constexpr char kAccessKeyId[] = "flamingocktest";
inline constexpr char kSecretAccessKey[] = "flamingocktestsecret";
inline constexpr char kRegion[] = "us-east-1";

inline dynamodb::ClientConfig localClientConfig() {
  dynamodb::ClientConfig config;
  config.region = kRegion;
  config.endpoint = localDynamoDbEndpoint();
  config.credentials = dynamodb::staticCredentials(
      {.access_key_id = kAccessKeyId, .secret_access_key = kSecretAccessKey});
  return config;
}

inline std::shared_ptr<dynamodb::DynamoDBTargetSystem> localTarget() {
  return std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb",
                                                          dynamodb::Client(localClientConfig()));
}

// A store over audit and lock tables no other test uses; not yet initialised.
inline dynamodb::DynamoDBAuditStore freshStore(const dynamodb::DynamoDBTargetSystem& target) {
  return dynamodb::DynamoDBAuditStore::from(target)
      .withAuditRepositoryName(uniqueTableName("audit"))
      .withLockRepositoryName(uniqueTableName("lock"));
}

// A table keyed by `pk` (S), PAY_PER_REQUEST, for what changes write; returns its name.
inline std::string createDataTable(const dynamodb::Client& client, const std::string& prefix) {
  using namespace dynamodb;
  std::string name = uniqueTableName(prefix);
  client.createTable({.table_name = name,
                      .attribute_definitions = {{"pk", ScalarAttributeType::kString}},
                      .key_schema = {{"pk", KeyType::kHash}},
                      .billing_mode = BillingMode::kPayPerRequest});
  client.waitForTableActive(name);
  return name;
}

// An entry as a run would write it, for tests that call the store directly.
inline AuditEntry sampleEntry(const std::string& change_id, AuditState state,
                              const std::string& runner_id = "runner-a") {
  AuditEntry entry;
  entry.execution_id = "6f1c2a9e-0000-4000-8000-" + runner_id.substr(0, 12);
  entry.stage_id = "default";
  entry.change_id = change_id;
  entry.author = "ana";
  entry.created_at = std::chrono::sys_days(std::chrono::year(2026) / 11 / 25) +
                     std::chrono::hours(10) + std::chrono::milliseconds(15123);
  entry.state = state;
  entry.invoked_class = "app::CreateOrdersTable";
  entry.invoked_method = "apply";
  entry.metadata = {{"deployedBy", "ci"}};
  entry.execution_hostname = "host-1";
  entry.target_system_id = "dynamodb";
  entry.change_order = "0001";
  entry.checksum = "0123456789abcdef";
  entry.runner_id = runner_id;
  entry.library_version = "0.1.0";
  return entry;
}

// Short leases so that tests about expiry finish in seconds.
inline LockOptions shortLease(std::chrono::milliseconds lease = std::chrono::milliseconds(1500)) {
  LockOptions options;
  options.lease_duration = lease;
  options.heartbeat_interval = lease / 5;
  options.retry_interval = std::chrono::milliseconds(100);
  options.acquire_timeout = std::chrono::seconds(30);
  return options;
}

// A lock of `store` held by `owner` on a fake clock that nobody moves: no renewal falls due and
// its lease never runs out, however long a loaded machine takes (a real 1.5 s lease could).
inline std::unique_ptr<Lock> heldLock(dynamodb::DynamoDBAuditStore& store, const std::string& owner,
                                      const LockOptions& options = shortLease()) {
  auto lock = store.createLock(options, owner, std::make_shared<testing::FakeClock>());
  lock->acquire();
  return lock;
}

// An item of a data table, keyed by `pk`.
inline dynamodb::Item dataItem(const std::string& pk) {
  return {{"pk", dynamodb::AttributeValue::string(pk)}};
}

// Whether the data table `table` holds the item `pk` (a consistent read).
inline bool hasItem(const dynamodb::Client& client, const std::string& table,
                    const std::string& pk) {
  return client.getItem({.table_name = table, .key = dataItem(pk), .consistent_read = true})
      .item.has_value();
}

// `aws dynamodb <arguments>` against the local server, its JSON output parsed.
inline nlohmann::json awsDynamoDb(const std::string& arguments) {
  std::string command = std::string("AWS_ACCESS_KEY_ID=") + kAccessKeyId +
                        " AWS_SECRET_ACCESS_KEY=" + kSecretAccessKey +
                        " AWS_EC2_METADATA_DISABLED=true AWS_PAGER= aws dynamodb " + arguments +
                        " --endpoint-url " + localDynamoDbEndpoint() + " --region " + kRegion +
                        " --output json";
  return nlohmann::json::parse(runCommand(command));
}

// A child process running the helper program (tests/integration/programs/concurrent_runner).
struct ProgramResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string output;  // stdout and stderr
};

// Runs the helper program with `arguments` to its end; throws when it still runs after 10
// minutes, having killed it.
ProgramResult runProgram(const std::vector<std::string>& arguments);

// The helper program running in the background, its output going to a scratch file. One that
// nobody waited for is killed and reaped when it goes: a test that failed midway leaves no
// process behind.
//
//   std::vector<StartedProgram> workers;
//   workers.emplace_back(backgroundMigrationArguments(store, counters, {.table = table}));
//   workers[0].kill();
//   EXPECT_EQ(workers[0].wait().exit_code, -1);
class StartedProgram {
 public:
  explicit StartedProgram(const std::vector<std::string>& arguments);
  StartedProgram(StartedProgram&& other) noexcept;
  StartedProgram& operator=(StartedProgram&&) = delete;
  ~StartedProgram();

  // Sends it SIGKILL; throws when it cannot (it was waited for already).
  void kill() const;
  // Waits for it to end and reads what it wrote; once. Throws when it still runs after 10 minutes,
  // having killed it.
  ProgramResult wait();

 private:
  std::string output_;
  int pid_;  // -1 once waited for, or moved from
};

// The helper's arguments for the local server and `store`'s tables, followed by `options` (a
// later option wins over an earlier one: {"--endpoint", proxy_url} sends it through a proxy).
std::vector<std::string> programArguments(const dynamodb::DynamoDBAuditStore& store,
                                          const std::string& counter_table,
                                          const std::vector<std::string>& options = {});

// The helper as a worker of the background migration "migrate-items" (v2 = 2 * v on each item).
struct BackgroundMigration {
  std::string table;             // the migrated table
  std::string command = "work";  // "run" starts the job; "work" works on it until it is done
  double items_per_second = 0;   // the fleet's rate while no operator set one; 0: no limit
  bool then_require = false;     // a second change, "after-migration", requires the migration
  std::chrono::milliseconds checkpoint{200};  // how often a worker saves and reads the job
  std::chrono::milliseconds lease{1500};      // a part's, longer than the checkpoint interval
  std::string endpoint = "";  // where it sends every request; the local server when empty
};
// The helper's arguments for `migration` on `store`'s tables: 16 segments, pages of 100 items.
std::vector<std::string> backgroundMigrationArguments(const dynamodb::DynamoDBAuditStore& store,
                                                      const std::string& counter_table,
                                                      const BackgroundMigration& migration);
// A path for a scratch file no other test uses.
std::string scratchPath(const std::string& name);

}  // namespace flamingock::test
