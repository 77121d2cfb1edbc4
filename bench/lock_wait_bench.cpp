// What a fleet waiting behind a held lock costs (docs/exactly-once.md, issue 11): a holder runs a
// change that takes `--hold-s` seconds while N waiters (threads, each a runner with its own client
// behind its own counting proxy) start, wait for the lock, and finish once the holder left. Printed
// per N: requests and answer bytes per waiter per minute of waiting, and Scans and lock reads
// (GetItem) per waiter per wait, with the goal (at most 3 Scans per waiter per wait, at most one
// lock read per waiter per retry interval) checked.
//
//   build/bench/lock_wait_bench [--endpoint URL] [--waiters 16,64] [--hold-s 20]
//                               [--recorded 200]
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "counting_proxy.h"
#include "flamingock/dynamodb.h"
#include "flamingock/flamingock.h"

namespace {

using namespace flamingock;
namespace dynamodb = flamingock::dynamodb;

// Change i of the service; the last one is the holder's long piece of work.
class BenchChange : public Change {
 public:
  BenchChange(int number, std::chrono::seconds work) : number_(number), work_(work) {}
  ChangeInfo info() const override {
    char order[16];
    std::snprintf(order, sizeof order, "%05d", number_);
    return {.id = std::string("change-") + order, .order = order, .author = "bench"};
  }
  void apply(ChangeContext&) override { std::this_thread::sleep_for(work_); }

 private:
  int number_;
  std::chrono::seconds work_;
};

// A runner as a service would build it: its own client on `endpoint`, `recorded` quick changes
// and, with `hold`, one more that takes that long.
Runner runnerFor(const std::string& endpoint, const std::string& prefix, int recorded,
                 std::optional<std::chrono::seconds> hold) {
  auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>(
      "dynamodb", dynamodb::Client(bench::localConfig(endpoint)));
  FlamingockBuilder builder = Flamingock::builder();
  builder
      .setAuditStore(dynamodb::DynamoDBAuditStore::from(*target)
                         .withBillingMode(dynamodb::BillingMode::kPayPerRequest)
                         .withAuditRepositoryName(prefix + "_audit")
                         .withLockRepositoryName(prefix + "_lock"))
      .addTargetSystems({target});
  for (int i = 1; i <= recorded; ++i) {
    builder.addChange(std::make_unique<BenchChange>(i, std::chrono::seconds(0)));
  }
  if (hold) builder.addChange(std::make_unique<BenchChange>(recorded + 1, *hold));
  return builder.build();
}

struct WaiterFigures {
  bench::RequestCounts counts;
  long answer_bytes = 0;
  double seconds = 0;
};

long countOf(const bench::RequestCounts& counts, const std::string& operation) {
  auto found = counts.find(operation);
  return found == counts.end() ? 0 : found->second;
}

void measureFleet(const std::string& endpoint, int waiters, int recorded,
                  std::chrono::seconds hold) {
  std::string prefix = "lockwait_" + std::to_string(getpid()) + "_" + std::to_string(waiters);
  // The log the waiters plan against: `recorded` changes applied by an earlier run.
  runnerFor(endpoint, prefix, recorded, std::nullopt).run();
  dynamodb::Client direct(bench::localConfig(endpoint));
  auto lockHeld = [&] {
    return direct
        .getItem({.table_name = prefix + "_lock",
                  .key = {{"partitionKey", dynamodb::AttributeValue::string("DEFAULT_KEY")}},
                  .consistent_read = true})
        .item.has_value();
  };

  std::thread holder([&] { runnerFor(endpoint, prefix, recorded, hold).run(); });
  while (!lockHeld()) std::this_thread::sleep_for(std::chrono::milliseconds(20));

  std::vector<std::unique_ptr<bench::CountingProxy>> proxies;
  for (int i = 0; i < waiters; ++i)
    proxies.push_back(std::make_unique<bench::CountingProxy>(endpoint));
  std::vector<WaiterFigures> figures(waiters);
  std::atomic<int> failures{0};
  std::vector<std::thread> fleet;
  for (int i = 0; i < waiters; ++i) {
    fleet.emplace_back([&, i] {
      auto start = std::chrono::steady_clock::now();
      try {
        runnerFor(proxies[i]->endpoint(), prefix, recorded, hold).run();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "waiter %d: %s\n", i, e.what());
        ++failures;
      }
      figures[i].seconds = bench::secondsSince(start);
    });
  }
  for (std::thread& waiter : fleet) waiter.join();
  holder.join();
  for (int i = 0; i < waiters; ++i) {
    figures[i].counts = proxies[i]->takeCounts();
    figures[i].answer_bytes = proxies[i]->takeAnswerBytes();
  }

  double minutes = 0, requests = 0, bytes = 0, scans = 0, gets = 0;
  long max_scans = 0;
  // Lock reads beyond one per second of waiting (the retry interval) plus the first: none if met.
  double max_extra_gets = -1e9;
  for (const WaiterFigures& waiter : figures) {
    long waiter_scans = countOf(waiter.counts, "Scan");
    long waiter_gets = countOf(waiter.counts, "GetItem");
    minutes += waiter.seconds / 60;
    requests += static_cast<double>(bench::total(waiter.counts));
    bytes += static_cast<double>(waiter.answer_bytes);
    scans += static_cast<double>(waiter_scans);
    gets += static_cast<double>(waiter_gets);
    max_scans = std::max(max_scans, waiter_scans);
    max_extra_gets =
        std::max(max_extra_gets, static_cast<double>(waiter_gets) - waiter.seconds - 1);
  }
  bench::RequestCounts all;
  for (const WaiterFigures& waiter : figures) {
    for (const auto& [operation, count] : waiter.counts) all[operation] += count;
  }
  double n = waiters;
  std::printf(
      "waiters %d, hold %llds, %d recorded changes, failures %d, mean wait %.1fs\n"
      "  per waiter per minute: %.1f requests, %.1f KB answered\n"
      "  per waiter per wait: %.2f Scans (max %ld), %.1f GetItem\n"
      "  all waiters: %s\n"
      "  goal (<= 3 Scans per waiter per wait, <= 1 lock read per waiter per second): %s\n",
      waiters, static_cast<long long>(hold.count()), recorded, failures.load(), minutes * 60 / n,
      requests / minutes, bytes / 1024 / minutes, scans / n, max_scans, gets / n,
      bench::describe(all).c_str(), max_scans <= 3 && max_extra_gets <= 0 ? "met" : "NOT met");
  std::fflush(stdout);
}

std::vector<int> numbers(const std::string& list) {
  std::vector<int> values;
  std::stringstream stream(list);
  for (std::string item; std::getline(stream, item, ',');) values.push_back(std::stoi(item));
  return values;
}

}  // namespace

int main(int argc, char** argv) try {
  std::vector<int> fleet_sizes = numbers(bench::option(argc, argv, "--waiters", "16,64"));
  auto hold = std::chrono::seconds(bench::intOption(argc, argv, "--hold-s", 20));
  int recorded = bench::intOption(argc, argv, "--recorded", 200);
  bench::LocalServer server = bench::LocalServer::fromArguments(argc, argv);
  std::printf("== lock_wait_bench: %s\n", bench::loadAverage().c_str());
  for (int waiters : fleet_sizes) measureFleet(server.endpoint(), waiters, recorded, hold);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "lock_wait_bench: %s\n", e.what());
  return 1;
}
