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
//   build/bench/migration_bench [--endpoint URL] [--count 100000] [--peer-count 10000]
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
  BenchMigration(int segments, std::string attribute, double& items_per_second)
      : segments_(segments),
        attribute_(std::move(attribute)),
        items_per_second_(items_per_second) {}

  flamingock::ChangeInfo info() const override {
    return {.id = "bench-" + attribute_, .order = "0001", .author = "bench"};
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

int runChild(const std::string& endpoint, int segments) {
  std::string attribute = "m" + std::to_string(segments);
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>(
      "dynamodb", dynamodb::Client(bench::localConfig(endpoint)));
  auto store = dynamodb::DynamoDBAuditStore::from(*target)
                   .withAuditRepositoryName("bench_audit_" + attribute)
                   .withLockRepositoryName("bench_lock_" + attribute)
                   .withBillingMode(dynamodb::BillingMode::kPayPerRequest);
  double items_per_second = 0;
  flamingock::Flamingock::builder()
      .setAuditStore(store)
      .addTargetSystems({target})
      .addChange(std::make_unique<BenchMigration>(segments, attribute, items_per_second))
      .build()
      .run();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  printf("{\"items_per_second\": %.1f, \"peak_rss_kb\": %ld}\n", items_per_second, usage.ru_maxrss);
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (bench::option(argc, argv, "--child-segments", "").size() > 0) {
    return runChild(bench::option(argc, argv, "--endpoint", ""),
                    bench::intOption(argc, argv, "--child-segments", 1));
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
