// Data migration throughput (README.md#data-migrations): an ItemMigration over a table of --count
// items of about 200 bytes with 1, 2, 4 and 8 segments, each in a child process of its own (for its
// peak RSS), against the loop teams write today (one thread: Scan, then one UpdateItem per item) in
// boto3 and in the AWS SDK for JavaScript v3 (bench/peers/migrate_loop.*), all on one DynamoDB
// Local. Every contender sets an attribute of its own, conditionally, so none finds another's work
// done. The peers stop after --peer-count items: their rate is steady long before 100,000. Beside
// each segment count, the server's ceiling for the migration's writes alone: the same conditional
// UpdateItem of distinct keys, pre-signed, over as many kept-alive connections as segments (wrk,
// bench/server_ceiling). Goal: at least 5x the boto3 loop; under 64 MB peak RSS whatever the
// table's size.
//
// With --fleet, a background migration (docs/operations.md#background-migrations) of --segments
// segments done by 1, 2 and 4 worker processes (`Runner::work`, started together once a run
// registered the job) against one process running the same migration inline with the same
// segments, each beside the server's ceiling for the same writes over as many connections,
// measured in the same run; and the CPU time (user + system) the processes spent per item. Goal:
// the fleet at 0.9x the ceiling or more; CPU per item not growing with workers.
//
//   build/bench/migration_bench [--endpoint URL] [--count 100000] [--peer-count 10000]
//   build/bench/migration_bench --fleet [--endpoint URL] [--count 40000] [--segments 8]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "flamingock/dynamodb.h"
#include "flamingock/flamingock.h"
#include "server_ceiling.h"

namespace {

namespace dynamodb = flamingock::dynamodb;

constexpr const char* kTable = "bench_migration";

void seed(const std::string& endpoint, int count) {
  constexpr int kThreads = 4;
  const std::string payload(170, 'x');
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      dynamodb::Client client(bench::localConfig(endpoint));
      dynamodb::BatchWriteItemRequest request;
      auto& writes = request.request_items[kTable];
      for (int i = t; i < count; i += kThreads) {
        writes.push_back(dynamodb::WriteRequest::put(
            {{"pk", dynamodb::AttributeValue::string("item-" + std::to_string(i))},
             {"payload", dynamodb::AttributeValue::string(payload)},
             {"n", dynamodb::AttributeValue::number(i)}}));
      }
      client.batchWriteAll(request);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

// The child: one migration setting `attribute`, timed inside its change.
class BenchMigration : public flamingock::Change {
 public:
  BenchMigration(int segments, std::string attribute, double& items_per_second,
                 bool background = false)
      : segments_(segments),
        attribute_(std::move(attribute)),
        items_per_second_(items_per_second),
        background_(background) {}

  flamingock::ChangeInfo info() const override {
    return {
        .id = "bench-" + attribute_, .order = "0001", .author = "bench", .background = background_};
  }
  void apply(flamingock::ChangeContext& ctx) override {
    auto start = std::chrono::steady_clock::now();
    dynamodb::MigrationTotals totals =
        dynamodb::ItemMigration({.scan = {.table_name = kTable}, .segments = segments_})
            .run(ctx, [this](const dynamodb::Item& item, dynamodb::MigrationWrites& out) {
              out.update(
                  {.key = out.keyOf(item),
                   .update_expression = "SET #a = :one",
                   .condition_expression = "attribute_not_exists(#a)",
                   .expression_attribute_names = {{"#a", attribute_}},
                   .expression_attribute_values = {{":one", dynamodb::AttributeValue::number(1)}}});
            });
    items_per_second_ = static_cast<double>(totals.written) / bench::secondsSince(start);
  }

 private:
  int segments_;
  std::string attribute_;
  double& items_per_second_;
  bool background_;
};

// The rate DynamoDB Local accepts a migration's writes at over `connections` connections: the
// UpdateItem of the migration, on the first keys, with a condition that holds whenever it is sent
// again (the bodies are replayed in turn) and an attribute no contender reads.
double writeCeiling(const std::string& endpoint, int count, int connections) {
  constexpr int kBodies = 5000;
  constexpr std::chrono::seconds kDuration{3};
  std::vector<std::string> bodies;
  for (int i = 0; i < std::min(count, kBodies); ++i) {
    bodies.push_back(std::string(R"({"TableName":")") + kTable + R"(","Key":{"pk":{"S":"item-)" +
                     std::to_string(i) +
                     R"json("}},"UpdateExpression":"SET #a = :one",)json"
                     R"json("ConditionExpression":"attribute_exists(pk)",)json"
                     R"json("ExpressionAttributeNames":{"#a":"ceiling"},)json"
                     R"json("ExpressionAttributeValues":{":one":{"N":"1"}}})json");
  }
  return bench::serverCeiling(endpoint, "UpdateItem", bodies, kDuration, connections);
}

// What a child does: `run` the migration inline, `start` its background job, or `work` on it.
enum class ChildRole { kRun, kStart, kWork };

// CPU seconds (user and system) this process has used.
double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int runChild(const std::string& endpoint, int segments, const std::string& attribute,
             ChildRole role) {
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>(
      "dynamodb", dynamodb::Client(bench::localConfig(endpoint)));
  auto store = dynamodb::DynamoDBAuditStore::from(*target)
                   .withAuditRepositoryName("bench_audit_" + attribute)
                   .withLockRepositoryName("bench_lock_" + attribute)
                   .withBillingMode(dynamodb::BillingMode::kPayPerRequest);
  double items_per_second = 0;
  flamingock::Runner runner =
      flamingock::Flamingock::builder()
          .setAuditStore(store)
          .addTargetSystems({target})
          .addChange(std::make_unique<BenchMigration>(segments, attribute, items_per_second,
                                                      role != ChildRole::kRun))
          .build();
  if (role == ChildRole::kWork) {
    runner.work();
  } else {
    runner.run();
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  printf("{\"items_per_second\": %.1f, \"peak_rss_kb\": %ld, \"cpu_seconds\": %.3f}\n",
         items_per_second, usage.ru_maxrss, cpuSeconds());
  return 0;
}

// One process running the migration inline, then fleets of 1, 2 and 4 workers on a background
// job of the same segments, each beside the server's ceiling over as many connections.
void compareFleets(const std::string& program, const std::string& endpoint, int count,
                   int segments) {
  auto child = [&](const std::string& role, const std::string& attribute) {
    return bench::runCommand(program + " --endpoint " + endpoint + " --child-segments " +
                             std::to_string(segments) + " --child-attribute " + attribute +
                             " --child-role " + role);
  };
  // Each ceiling right after its contender: the server is warm, and the load the same.
  std::string inline_run = child("run", "f0");
  double inline_rate = bench::jsonNumber(inline_run, "items_per_second");
  double ceiling = writeCeiling(endpoint, count, segments);
  printf(
      "one process, inline, %d segments: %.0f items/s, %.1f us CPU per item; server ceiling, %d "
      "connections: %.0f items/s (ours %s of it)\n",
      segments, inline_rate, bench::jsonNumber(inline_run, "cpu_seconds") * 1e6 / count, segments,
      ceiling, bench::ratio(inline_rate, ceiling).c_str());
  for (int workers : {1, 2, 4}) {
    std::string attribute = "f" + std::to_string(workers);
    child("start", attribute);
    std::vector<std::string> outputs(workers);
    std::vector<std::thread> threads;
    auto start = std::chrono::steady_clock::now();
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&, w] { outputs[w] = child("work", attribute); });
    }
    for (std::thread& thread : threads) thread.join();
    double rate = count / bench::secondsSince(start);
    double cpu = 0;
    for (const std::string& output : outputs) cpu += bench::jsonNumber(output, "cpu_seconds");
    ceiling = writeCeiling(endpoint, count, segments);
    printf(
        "%d worker process(es), background job of %d segments: %.0f items/s (%s of inline), "
        "%.1f us CPU per item; server ceiling, %d connections: %.0f items/s (ours %s of it)\n",
        workers, segments, rate, bench::ratio(rate, inline_rate).c_str(), cpu * 1e6 / count,
        segments, ceiling, bench::ratio(rate, ceiling).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) try {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (bench::option(argc, argv, "--child-segments", "").size() > 0) {
    int segments = bench::intOption(argc, argv, "--child-segments", 1);
    std::string role = bench::option(argc, argv, "--child-role", "run");
    return runChild(bench::option(argc, argv, "--endpoint", ""), segments,
                    bench::option(argc, argv, "--child-attribute", "m" + std::to_string(segments)),
                    role == "start"  ? ChildRole::kStart
                    : role == "work" ? ChildRole::kWork
                                     : ChildRole::kRun);
  }
  const int count = bench::intOption(argc, argv, "--count", 100000);
  const int peer_count = bench::intOption(argc, argv, "--peer-count", 10000);
  bench::LocalServer server = bench::LocalServer::fromArguments(argc, argv);
  const std::string& endpoint = server.endpoint();
  bench::createKeyTable(dynamodb::Client(bench::localConfig(endpoint)), kTable, "pk");
  auto seeding = std::chrono::steady_clock::now();
  seed(endpoint, count);
  printf("endpoint %s, %d items of about 200 bytes seeded in %.1f s, %s\n", endpoint.c_str(), count,
         bench::secondsSince(seeding), bench::loadAverage().c_str());
  if (bench::flag(argc, argv, "--fleet")) {
    compareFleets(argv[0], endpoint, count, bench::intOption(argc, argv, "--segments", 8));
    return 0;
  }

  const std::string peers = bench::sourceDir() + "/bench/peers/";
  const std::string peer_arguments =
      " " + endpoint + " " + kTable + " %s " + std::to_string(peer_count);
  auto peer = [&](const std::string& command, const char* attribute) {
    char arguments[512];
    snprintf(arguments, sizeof arguments, peer_arguments.c_str(), attribute);
    return bench::jsonNumber(bench::runCommand(command + arguments), "items_per_second");
  };
  double boto3 = peer("/usr/bin/python3 " + peers + "migrate_loop.py", "mpy");
  printf("boto3 loop (Scan, then UpdateItem per item), %d items: %.0f items/s\n", peer_count,
         boto3);
  double js = peer("NODE_NO_WARNINGS=1 NODE_PATH=" + bench::sourceDir() +
                       "/tools/node_modules node " + peers + "migrate_loop.cjs",
                   "mjs");
  printf("aws-sdk-js-v3 loop, %d items: %.0f items/s\n", peer_count, js);
  for (int segments : {1, 2, 4, 8}) {
    std::string child = bench::runCommand(std::string(argv[0]) + " --endpoint " + endpoint +
                                          " --child-segments " + std::to_string(segments));
    double rate = bench::jsonNumber(child, "items_per_second");
    double rss_mb = bench::jsonNumber(child, "peak_rss_kb") / 1024;
    double ceiling = writeCeiling(endpoint, count, segments);
    printf(
        "flamingock-cpp ItemMigration, %d segment(s), %d items: %.0f items/s (%s boto3, %s JS), "
        "peak RSS %.1f MB; server ceiling, %d connection(s): %.0f items/s (ours %s of it)\n",
        segments, count, rate, bench::ratio(rate, boto3).c_str(), bench::ratio(rate, js).c_str(),
        rss_mb, segments, ceiling, bench::ratio(rate, ceiling).c_str());
  }
  return 0;
} catch (const std::exception& e) {
  fprintf(stderr, "migration_bench: %s\n", e.what());
  return 1;
}
