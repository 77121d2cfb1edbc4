// End-to-end costs of a run against one DynamoDB Local, with every request counted by a proxy on
// loopback (bench/counting_proxy.h); each figure is printed next to a baseline measured in the
// same run through the same proxy:
//   (a) start-up when everything is applied (10, 1,000, 10,000 recorded changes) vs a raw
//       paginated consistent Scan of the same audit table with our client;
//   (b) cost per pending change (1,000 no-op changes, non-transactional and transactional, each
//       run creating its two tables) vs creating the two tables and sending the minimal requests
//       raw: the lock's put and delete, and per change two fenced audit writes (non-tx) or one
//       fenced commit (tx), a fenced write being a TransactWriteItems of the audit Put and the
//       lock's ConditionCheck;
//   (c) 1, 2, 4 and 8 concurrent runners (threads, each with its own clients) on the same tables
//       vs one runner alone.
//
//   build/bench/engine_bench [--endpoint URL] [--pending 1000] [--scaling-changes 100]
//                            [--repetitions 3] [--lock-retry-ms N] [--sections abc]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench_support.h"
#include "counting_proxy.h"
#include "dynamodb/store/audit_item.h"
#include "flamingock/dynamodb.h"
#include "flamingock/flamingock.h"

namespace {

using namespace flamingock;
namespace dynamodb = flamingock::dynamodb;
using WallClock = std::chrono::system_clock;

std::string numbered(int i) {
  char text[16];
  snprintf(text, sizeof text, "%05d", i);
  return text;
}

class NoOpChange : public Change {
 public:
  NoOpChange(int number, bool transactional)
      : info_{.id = "change-" + numbered(number),
              .order = numbered(number),
              .author = "bench",
              .transactional = transactional} {}
  ChangeInfo info() const override { return info_; }
  void apply(ChangeContext&) override {}

 private:
  ChangeInfo info_;
};

std::vector<std::unique_ptr<Change>> noOpChanges(int count, bool transactional) {
  std::vector<std::unique_ptr<Change>> changes;
  for (int i = 1; i <= count; ++i)
    changes.push_back(std::make_unique<NoOpChange>(i, transactional));
  return changes;
}

std::string auditTable(const std::string& prefix) { return prefix + "_audit"; }
std::string lockTable(const std::string& prefix) { return prefix + "_lock"; }

dynamodb::DynamoDBAuditStore storeFor(const dynamodb::DynamoDBTargetSystem& target,
                                      const std::string& prefix) {
  return dynamodb::DynamoDBAuditStore::from(target)
      .withBillingMode(dynamodb::BillingMode::kPayPerRequest)
      .withAuditRepositoryName(auditTable(prefix))
      .withLockRepositoryName(lockTable(prefix));
}

// A runner as a service would build it, with its own clients, over the tables named by `prefix`.
Runner runnerFor(const std::string& endpoint, const std::string& prefix, int changes,
                 bool transactional, const LockOptions& lock_options) {
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>(
      "dynamodb", dynamodb::Client(bench::localConfig(endpoint)));
  return Flamingock::builder()
      .setAuditStore(storeFor(*target, prefix))
      .addTargetSystems({target})
      .addChanges(noOpChanges(changes, transactional))
      .setLockOptions(lock_options)
      .build();
}

struct Measured {
  double seconds = 0;
  bench::RequestCounts counts;
};

Measured measure(bench::CountingProxy& proxy, const std::function<void()>& work) {
  proxy.takeCounts();
  auto start = std::chrono::steady_clock::now();
  work();
  double seconds = bench::secondsSince(start);
  return {seconds, proxy.takeCounts()};
}

// What a run of `changes` non-transactional changes leaves in the log: STARTED then APPLIED per
// change, written in batches straight into the table (a real run would take minutes for 10,000).
void seedAppliedLog(const dynamodb::Client& client, const std::string& table, int changes) {
  const WallClock::time_point start = WallClock::now() - std::chrono::hours(1);
  std::vector<dynamodb::WriteRequest> writes;
  for (int i = 1; i <= changes; ++i) {
    NoOpChange change(i, false);
    AuditEntry entry{.execution_id = "00000000-0000-4000-8000-000000000001",
                     .stage_id = "default",
                     .change_id = change.info().id,
                     .author = "bench",
                     .created_at = start + std::chrono::milliseconds(2 * i),
                     .invoked_class = detail::typeName(typeid(NoOpChange)),
                     .invoked_method = "apply",
                     .execution_hostname = "bench",
                     .target_system_id = "dynamodb",
                     .change_order = change.info().order,
                     .checksum = change.checksum(),
                     .runner_id = "bench-seed",
                     .library_version = "0.1.0"};
    writes.push_back(dynamodb::WriteRequest::put(dynamodb::detail::toAuditItem(entry)));
    entry.state = AuditState::kApplied;
    entry.created_at += std::chrono::milliseconds(1);
    writes.push_back(dynamodb::WriteRequest::put(dynamodb::detail::toAuditItem(entry)));
  }
  client.batchWriteAll({.request_items = {{table, std::move(writes)}}});
}

void printMeasured(const char* label, const Measured& measured) {
  printf("    %-34s %8.3f s  %6ld requests (%s)\n", label, measured.seconds,
         bench::total(measured.counts), bench::describe(measured.counts).c_str());
}

void printRatios(const Measured& ours, const Measured& baseline) {
  printf("    ours / baseline: time %s, requests %s\n",
         bench::ratio(ours.seconds, baseline.seconds).c_str(),
         bench::ratio(static_cast<double>(bench::total(ours.counts)),
                      static_cast<double>(bench::total(baseline.counts)))
             .c_str());
}

// The median run by time; its counts are those of that run.
Measured medianOf(std::vector<Measured> runs) {
  std::sort(runs.begin(), runs.end(),
            [](const Measured& a, const Measured& b) { return a.seconds < b.seconds; });
  return runs[runs.size() / 2];
}

// `repetitions` runs of each, in alternating order so that neither always meets the server
// cold (or warm); the median of each.
std::pair<Measured, Measured> alternating(bench::CountingProxy& proxy, int repetitions,
                                          const std::function<void()>& ours,
                                          const std::function<void()>& baseline) {
  std::vector<Measured> ours_runs, baseline_runs;
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    if (repetition % 2 == 0) baseline_runs.push_back(measure(proxy, baseline));
    ours_runs.push_back(measure(proxy, ours));
    if (repetition % 2 == 1) baseline_runs.push_back(measure(proxy, baseline));
  }
  return {medianOf(std::move(ours_runs)), medianOf(std::move(baseline_runs))};
}

void startUpWhenApplied(bench::CountingProxy& proxy, int repetitions) {
  printf("\n(a) start-up when every change is applied (median of %d)\n", repetitions);
  const dynamodb::Client client(bench::localConfig(proxy.endpoint()));
  for (int changes : {10, 1000, 10000}) {
    const std::string prefix = "applied_" + std::to_string(changes);
    {
      dynamodb::DynamoDBTargetSystem target("dynamodb", client);
      storeFor(target, prefix).initialize();
    }
    seedAppliedLog(client, auditTable(prefix), changes);
    auto baseline = [&] {
      long items = 0;
      client.scanAll({.table_name = auditTable(prefix), .consistent_read = true},
                     [&](dynamodb::ItemPage& page) { items += page.count; });
      if (items != 2L * changes) throw std::runtime_error("the seeded log is incomplete");
    };
    auto ours = [&] {
      RunSummary summary = runnerFor(proxy.endpoint(), prefix, changes, false, {}).run();
      if (summary.skipped() != static_cast<std::size_t>(changes)) {
        throw std::runtime_error("start-up applied something: the seed does not match");
      }
    };
    auto [ours_median, baseline_median] = alternating(proxy, repetitions, ours, baseline);
    printf("  %d recorded changes (%d audit items)\n", changes, 2 * changes);
    printMeasured("build + run (all skipped)", ours_median);
    printMeasured("baseline: raw consistent Scan", baseline_median);
    printRatios(ours_median, baseline_median);
  }
}

// The floor of a run that applies `changes` changes: take the lock, the fenced audit writes a
// change needs, release the lock; the same item shapes the store writes.
void minimalRequests(const dynamodb::Client& client, const std::string& prefix, int changes,
                     int writes_per_change) {
  const dynamodb::Item lock_key = {{"partitionKey", dynamodb::AttributeValue::string("KEY")}};
  dynamodb::Item lock_item = lock_key;
  lock_item.emplace("lockOwner", dynamodb::AttributeValue::string("baseline"));
  client.putItem({.table_name = lockTable(prefix),
                  .item = lock_item,
                  .condition_expression = "attribute_not_exists(partitionKey)"});
  AuditEntry entry{.execution_id = "00000000-0000-4000-8000-000000000002", .author = "bench"};
  for (int i = 1; i <= changes; ++i) {
    entry.change_id = "change-" + numbered(i);
    for (int write = 0; write < writes_per_change; ++write) {
      entry.state =
          write == 0 && writes_per_change == 2 ? AuditState::kStarted : AuditState::kApplied;
      entry.created_at = WallClock::now();
      client.transactWriteItems(
          {.transact_items = {dynamodb::Put{
                                  .table_name = auditTable(prefix),
                                  .item = dynamodb::detail::toAuditItem(entry),
                                  .condition_expression = "attribute_not_exists(partitionKey)"},
                              dynamodb::ConditionCheck{
                                  .table_name = lockTable(prefix),
                                  .key = lock_key,
                                  .condition_expression = "lockOwner = :owner",
                                  .expression_attribute_values =
                                      {{":owner", dynamodb::AttributeValue::string("baseline")}}}},
           // A token, as the store sends, unique to this write.
           .client_request_token = prefix + "-" + numbered(i) + "-" + std::to_string(write)});
    }
  }
  client.deleteItem({.table_name = lockTable(prefix), .key = lock_key});
}

void costPerPendingChange(bench::CountingProxy& proxy, int changes, int repetitions) {
  printf("\n(b) %d pending no-op changes (median of %d, fresh tables each time)\n", changes,
         repetitions);
  const dynamodb::Client client(bench::localConfig(proxy.endpoint()));
  for (bool transactional : {false, true}) {
    const std::string kind = transactional ? "tx" : "nontx";
    const int writes_per_change = transactional ? 1 : 2;
    int baseline_runs = 0, runs = 0;
    auto baseline = [&] {
      const std::string prefix = "floor_" + kind + "_" + std::to_string(++baseline_runs);
      bench::createKeyTable(client, auditTable(prefix), "partitionKey");
      bench::createKeyTable(client, lockTable(prefix), "partitionKey");
      minimalRequests(client, prefix, changes, writes_per_change);
    };
    auto ours = [&] {
      const std::string prefix = "pending_" + kind + "_" + std::to_string(++runs);
      RunSummary summary = runnerFor(proxy.endpoint(), prefix, changes, transactional, {}).run();
      if (summary.applied() != static_cast<std::size_t>(changes)) {
        throw std::runtime_error("not every change was applied");
      }
    };
    auto [ours_median, baseline_median] = alternating(proxy, repetitions, ours, baseline);
    printf("  %s (minimal: %d requests = %d per change + lock put and delete)\n",
           transactional ? "transactional" : "non-transactional", writes_per_change * changes + 2,
           writes_per_change);
    printMeasured("run, creating its tables", ours_median);
    printMeasured("baseline: create tables + minimal", baseline_median);
    printRatios(ours_median, baseline_median);
    printf("    per change: ours %.2f ms, baseline %.2f ms\n", 1000 * ours_median.seconds / changes,
           1000 * baseline_median.seconds / changes);
  }
}

void concurrentRunners(bench::CountingProxy& proxy, int changes, const LockOptions& lock_options) {
  printf("\n(c) concurrent runners, %d pending no-op changes, lock retry every %lld ms\n", changes,
         static_cast<long long>(lock_options.retry_interval.count()));
  // A discarded run first, so that the one-runner baseline does not meet a cold server.
  runnerFor(proxy.endpoint(), "scale_warm_up", changes, false, lock_options).run();
  double alone = 0;
  for (int runners : {1, 2, 4, 8}) {
    const std::string prefix = "scale_" + std::to_string(runners);
    std::vector<std::size_t> applied(runners);
    std::vector<std::string> errors(runners);
    Measured measured = measure(proxy, [&] {
      std::vector<std::thread> threads;
      for (int r = 0; r < runners; ++r) {
        threads.emplace_back([&, r] {
          try {
            applied[r] =
                runnerFor(proxy.endpoint(), prefix, changes, false, lock_options).run().applied();
          } catch (const std::exception& error) {
            errors[r] = error.what();
          }
        });
      }
      for (std::thread& thread : threads) thread.join();
    });
    std::size_t total_applied = 0;
    for (std::size_t count : applied) total_applied += count;
    for (const std::string& error : errors) {
      if (!error.empty()) printf("    runner failed: %s\n", error.c_str());
    }
    if (runners == 1) alone = measured.seconds;
    char label[64];
    snprintf(label, sizeof label, "%d runner%s (%zu applied in all)", runners,
             runners == 1 ? "" : "s", total_applied);
    printMeasured(label, measured);
    printf("    time / one runner alone: %s\n", bench::ratio(measured.seconds, alone).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) try {
  setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up when piped to a file too
  const std::string sections = bench::option(argc, argv, "--sections", "abc");
  const int repetitions = bench::intOption(argc, argv, "--repetitions", 3);
  const int pending = bench::intOption(argc, argv, "--pending", 1000);
  const int scaling_changes = bench::intOption(argc, argv, "--scaling-changes", 100);
  LockOptions lock_options;
  lock_options.retry_interval = std::chrono::milliseconds(bench::intOption(
      argc, argv, "--lock-retry-ms", static_cast<int>(lock_options.retry_interval.count())));

  bench::LocalServer server = bench::LocalServer::fromArguments(argc, argv);
  bench::CountingProxy proxy(server.endpoint());
  printf("server %s via counting proxy %s, %s\n", server.endpoint().c_str(),
         proxy.endpoint().c_str(), bench::loadAverage().c_str());
  if (sections.find('a') != std::string::npos) startUpWhenApplied(proxy, repetitions);
  if (sections.find('b') != std::string::npos) costPerPendingChange(proxy, pending, repetitions);
  if (sections.find('c') != std::string::npos) {
    concurrentRunners(proxy, scaling_changes, lock_options);
  }
  printf("\n%s\n", bench::loadAverage().c_str());
  return 0;
} catch (const std::exception& error) {
  fprintf(stderr, "engine_bench: %s\n", error.what());
  return 1;
}
