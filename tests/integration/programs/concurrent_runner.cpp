// A service with numbered changes, run as a separate process by the integration tests: several of
// them at once (concurrency), or one killed in the middle of a change (crash recovery).
//
//   concurrent_runner --endpoint http://127.0.0.1:8000 --audit-table A --lock-table L
//                     --counter-table C [--changes 50] [--transactional none|all|alternate]
//                     [--recovery manual|always] [--lease-ms 2000] [--block-at change-007
//                      --marker /tmp/in-apply]
//                     [--request-timeout-ms 10000] [--connect-timeout-ms 3000]
//                     [--max-attempts 10] [--base-delay-ms 25] [--max-delay-ms 2000]
//   concurrent_runner ... --migrate TABLE [--segments 4] [--items-per-second 0]
//                     [--checkpoint-ms 5000] [--page-limit 100] [--rollback keep|migrate]
//                     [--command run|undo|work] [--background 1 [--then-require 1]]
//
// Change i ("change-007", order "007") adds 1 to the item `pk = change-007` of the counter table:
// directly (non-transactional) or in its transaction. With --block-at, that change creates the
// marker file when its apply starts and then blocks forever, so a test can kill it there.
// A non-transactional increment carries a token of its apply and is conditional on the item not
// holding that token yet (a transactional one is made idempotent by the commit's token): when the
// client retries a request whose answer was lost (a timeout, a dropped connection) the counter
// still grows by one per apply, so a counter of 2 means the change really was applied twice.
// The client's timeouts and
// retries default to the library's; fault tests shorten them so that faults are retried.
// With --migrate, the only change is "migrate-items" (ALWAYS_RETRY): an ItemMigration of TABLE
// setting v2 = 2 * v where v2 is missing (tests/support/migration_test_support.h); it prints
// "migration scanned S written W skipped K" with the totals. Its rollback, with --rollback:
// keep leaves the items alone, migrate removes v2 with an ItemMigration of its own; with
// --command undo the program undoes the change (undo --count 1) instead of running it. With
// --background 1 the change is a background change: `run` starts its job, `work` works on it
// until it is done (Runner::work); with --then-require 1 a second change "after-migration"
// (order 0002) requires it and adds 1 to the counter item `pk = after-migration`.
// Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints "execution <id>" and
// "applied <n>" on success. Exit status: 0 success, 2 manual intervention required, 3 lock error,
// 1 anything else (the message on stderr).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "../../support/migration_test_support.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/flamingock.h"

namespace {

using namespace flamingock;
using namespace flamingock::dynamodb;

struct Settings {
  std::map<std::string, std::string> values;

  const std::string& at(const std::string& name) const {
    auto found = values.find(name);
    if (found == values.end()) throw ConfigurationError("missing --" + name);
    return found->second;
  }
  std::string get(const std::string& name, const std::string& fallback) const {
    auto found = values.find(name);
    return found == values.end() ? fallback : found->second;
  }
  std::chrono::milliseconds millis(const std::string& name, long fallback) const {
    return std::chrono::milliseconds(std::stol(get(name, std::to_string(fallback))));
  }
};

Settings parse(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0) throw ConfigurationError("unexpected argument '" + name + "'");
    settings.values[name.substr(2)] = argv[i + 1];
  }
  return settings;
}

class CounterChange : public Change {
 public:
  CounterChange(int number, const Settings& settings, std::string counter_table)
      : number_(number), settings_(settings), counter_table_(std::move(counter_table)) {
    char id[32];
    std::snprintf(id, sizeof id, "change-%03d", number);
    id_ = id;
  }

  ChangeInfo info() const override {
    std::string mode = settings_.get("transactional", "none");
    bool transactional = mode == "all" || (mode == "alternate" && number_ % 2 == 0);
    return {.id = id_,
            .order = id_.substr(7),
            .author = "concurrent-runner",
            .transactional = transactional,
            .recovery = settings_.get("recovery", "manual") == "always"
                            ? RecoveryStrategy::kAlwaysRetry
                            : RecoveryStrategy::kManualIntervention};
  }

  void apply(ChangeContext& ctx) override {
    if (settings_.get("block-at", "") == id_) blockForever();
    Update increment{.table_name = counter_table_,
                     .key = {{"pk", AttributeValue::string(id_)}},
                     .update_expression = "ADD #count :one",
                     .expression_attribute_names = {{"#count", "count"}},
                     .expression_attribute_values = {{":one", AttributeValue::number(1)}}};
    if (ctx.inTransaction()) {
      ctx.transaction<DynamoDBTransaction>().update(std::move(increment));
      return;
    }
    UpdateItemRequest request{
        .table_name = increment.table_name,
        .key = increment.key,
        .update_expression = increment.update_expression + " SET #apply = :apply",
        .condition_expression = "attribute_not_exists(#apply) OR #apply <> :apply",
        .expression_attribute_names = increment.expression_attribute_names,
        .expression_attribute_values = increment.expression_attribute_values};
    request.expression_attribute_names["#apply"] = "lastApply";
    request.expression_attribute_values[":apply"] = AttributeValue::string(applyToken());
    try {
      ctx.target<DynamoDBTargetSystem>().client().updateItem(request);
    } catch (const DynamoDBError& e) {
      // Only an earlier attempt of this very request holds this apply's token.
      if (e.code() != ErrorCode::kConditionalCheckFailed) throw;
    }
  }

 private:
  std::string applyToken() const {
    std::random_device random;
    return id_ + "#" + std::to_string(random()) + std::to_string(random());
  }

  [[noreturn]] void blockForever() const {
    std::ofstream(settings_.at("marker")) << id_ << '\n';
    while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
  }

  int number_;
  const Settings& settings_;
  std::string counter_table_;
  std::string id_;
};

// Requires the background migration; adds 1 to the counter item `pk = after-migration`.
class RequiringChange : public Change {
 public:
  explicit RequiringChange(std::string counter_table) : counter_table_(std::move(counter_table)) {}

  ChangeInfo info() const override {
    return {.id = "after-migration", .order = "0002", .author = "ben", .needs = {"migrate-items"}};
  }
  void apply(ChangeContext& ctx) override {
    ctx.target<DynamoDBTargetSystem>().client().updateItem(
        {.table_name = counter_table_,
         .key = {{"pk", AttributeValue::string("after-migration")}},
         .update_expression = "ADD #count :one",
         .expression_attribute_names = {{"#count", "count"}},
         .expression_attribute_values = {{":one", AttributeValue::number(1)}}});
  }

 private:
  std::string counter_table_;
};

int migrate(FlamingockBuilder& builder, const Settings& settings) {
  ItemMigrationOptions options{
      .scan = {.table_name = settings.at("migrate"),
               .limit = std::stoi(settings.get("page-limit", "100"))},
      .segments = std::stoi(settings.get("segments", "4")),
      .max_items_per_second = std::stod(settings.get("items-per-second", "0")),
      .checkpoint_interval = settings.millis("checkpoint-ms", 5000)};
  using flamingock::test::MigrationRollback;
  std::string rollback = settings.get("rollback", "none");
  if (rollback != "none" && rollback != "keep" && rollback != "migrate") {
    throw ConfigurationError("--rollback is '" + rollback + "': none, keep or migrate");
  }
  auto* change =
      new flamingock::test::MigrationChange(options, flamingock::test::doubleItem, "migrate-items",
                                            rollback == "keep"      ? MigrationRollback::kKeep
                                            : rollback == "migrate" ? MigrationRollback::kMigrate
                                                                    : MigrationRollback::kNone);
  if (settings.get("background", "0") == "1") change->inBackground();
  builder.addChange(std::unique_ptr<Change>(change));  // owns `change`
  if (settings.get("then-require", "0") == "1") {
    builder.addChange(std::make_unique<RequiringChange>(settings.at("counter-table")));
  }
  Runner runner = builder.build();
  std::string command = settings.get("command", "run");
  if (command == "undo") {
    runner.undo({.count = 1});
  } else if (command == "run") {
    runner.run();
  } else if (command == "work") {
    runner.work();
  } else {
    throw ConfigurationError("--command is '" + command + "': run, undo or work");
  }
  const MigrationTotals& totals = change->totals();
  std::cout << "migration scanned " << totals.scanned << " written " << totals.written
            << " skipped " << totals.skipped << std::endl;
  return 0;
}

int run(const Settings& settings) {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = settings.at("endpoint");
  config.credentials = environmentCredentials();
  config.request_timeout = settings.millis("request-timeout-ms", config.request_timeout.count());
  config.connect_timeout = settings.millis("connect-timeout-ms", config.connect_timeout.count());
  config.retry_policy.max_attempts =
      std::stoi(settings.get("max-attempts", std::to_string(config.retry_policy.max_attempts)));
  config.retry_policy.base_delay =
      settings.millis("base-delay-ms", config.retry_policy.base_delay.count());
  config.retry_policy.max_delay =
      settings.millis("max-delay-ms", config.retry_policy.max_delay.count());
  auto target = std::make_shared<DynamoDBTargetSystem>("dynamodb", Client(config));
  auto store = DynamoDBAuditStore::from(*target)
                   .withAuditRepositoryName(settings.at("audit-table"))
                   .withLockRepositoryName(settings.at("lock-table"));
  LockOptions lock;
  lock.lease_duration = settings.millis("lease-ms", 10000);
  lock.heartbeat_interval = lock.lease_duration / 4;
  lock.retry_interval = settings.millis("retry-ms", 100);
  lock.acquire_timeout = settings.millis("acquire-timeout-ms", 120000);
  auto builder = Flamingock::builder();
  builder.setAuditStore(store).addTargetSystems({target}).setLockOptions(lock);
  if (settings.values.contains("migrate")) return migrate(builder, settings);
  int changes = std::stoi(settings.get("changes", "50"));
  for (int i = 1; i <= changes; ++i) {
    builder.addChange(std::make_unique<CounterChange>(i, settings, settings.at("counter-table")));
  }
  RunSummary summary = builder.build().run();
  std::cout << "execution " << summary.execution_id << "\napplied " << summary.applied()
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const ManualInterventionRequiredError& e) {
    std::cerr << e.what() << std::endl;
    return 2;
  } catch (const LockError& e) {
    std::cerr << e.what() << std::endl;
    return 3;
  } catch (const std::exception& e) {
    std::cerr << e.what() << std::endl;
    return 1;
  }
}
