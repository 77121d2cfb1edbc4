// Sequential PutItem then GetItem throughput over one connection to one DynamoDB Local: our
// client, the AWS SDK for JavaScript v3 (bench/peers/put_get.cjs) and boto3
// (bench/peers/put_get.py), with the same items and count, in alternating order within one run;
// prints every repetition, the medians and the ratios ours/JS and ours/boto3.
// Target: ours at least 1.5x the JS SDK.
//
//   build/bench/client_throughput [--endpoint URL] [--count 2000] [--repetitions 5]
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench_support.h"

namespace {

namespace dynamodb = flamingock::dynamodb;

constexpr const char* kTable = "bench_items";
constexpr int kWarmUp = 50;  // as the peers do: connection, lazy initialisation

struct Throughput {
  double put_per_second = 0;
  double get_per_second = 0;
};

dynamodb::Item item(int i) {
  static const std::string payload(200, 'x');
  return {{"pk", dynamodb::AttributeValue::string("item-" + std::to_string(i))},
          {"payload", dynamodb::AttributeValue::string(payload)},
          {"n", dynamodb::AttributeValue::number(i)}};
}

double perSecond(int count, const std::function<void(int)>& operation) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) operation(i);
  return count / bench::secondsSince(start);
}

// Like the peers: a fresh client (no retries), a warm-up, then the timed loops.
Throughput ours(const std::string& endpoint, int count) {
  dynamodb::ClientConfig config = bench::localConfig(endpoint);
  config.retry_policy.max_attempts = 1;
  const dynamodb::Client client(config);
  for (int i = 0; i < kWarmUp; ++i) client.putItem({.table_name = kTable, .item = item(i)});
  Throughput result;
  result.put_per_second =
      perSecond(count, [&](int i) { client.putItem({.table_name = kTable, .item = item(i)}); });
  result.get_per_second = perSecond(count, [&](int i) {
    dynamodb::GetItemResult got = client.getItem(
        {.table_name = kTable,
         .key = {{"pk", dynamodb::AttributeValue::string("item-" + std::to_string(i))}}});
    if (!got.item) throw std::runtime_error("item-" + std::to_string(i) + " is missing");
  });
  return result;
}

Throughput peer(const std::string& command) {
  std::string output = bench::runCommand(command);
  return {bench::jsonNumber(output, "put_per_second"), bench::jsonNumber(output, "get_per_second")};
}

struct Contender {
  std::string name;
  std::function<Throughput()> measure;
  std::vector<double> puts;
  std::vector<double> gets;
};

}  // namespace

int main(int argc, char** argv) try {
  setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up when piped to a file too
  const int count = bench::intOption(argc, argv, "--count", 2000);
  const int repetitions = bench::intOption(argc, argv, "--repetitions", 5);
  bench::LocalServer server = bench::LocalServer::fromArguments(argc, argv);
  const std::string& endpoint = server.endpoint();
  bench::createKeyTable(dynamodb::Client(bench::localConfig(endpoint)), kTable, "pk");

  const std::string peer_arguments = " " + endpoint + " " + kTable + " " + std::to_string(count);
  const std::string peers = bench::sourceDir() + "/bench/peers/";
  std::vector<Contender> contenders = {
      {"flamingock-cpp", [&] { return ours(endpoint, count); }},
      {"aws-sdk-js-v3",
       [&] {
         return peer("NODE_NO_WARNINGS=1 NODE_PATH=" + bench::sourceDir() +
                     "/tools/node_modules node " + peers + "put_get.cjs" + peer_arguments);
       }},
      {"boto3", [&] { return peer("/usr/bin/python3 " + peers + "put_get.py" + peer_arguments); }},
  };

  printf("endpoint %s, %d items, %d repetitions after a warm-up round, %s\n", endpoint.c_str(),
         count, repetitions, bench::loadAverage().c_str());
  // One discarded round first: DynamoDB Local's JIT warms up on whoever meets it first.
  for (Contender& contender : contenders) contender.measure();
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    // Rotating who goes first spreads the machine's drift over everyone.
    for (std::size_t turn = 0; turn < contenders.size(); ++turn) {
      Contender& contender = contenders[(turn + repetition) % contenders.size()];
      Throughput measured = contender.measure();
      contender.puts.push_back(measured.put_per_second);
      contender.gets.push_back(measured.get_per_second);
      printf("  rep %d  %-15s put %8.0f/s  get %8.0f/s\n", repetition + 1, contender.name.c_str(),
             measured.put_per_second, measured.get_per_second);
    }
  }

  printf("\nmedian of %d            PutItem/s   GetItem/s\n", repetitions);
  for (const Contender& contender : contenders) {
    printf("  %-15s        %9.0f   %9.0f\n", contender.name.c_str(), bench::median(contender.puts),
           bench::median(contender.gets));
  }
  const Contender& us = contenders[0];
  for (std::size_t i = 1; i < contenders.size(); ++i) {
    printf("  ours / %-13s  %9s   %9s\n", contenders[i].name.c_str(),
           bench::ratio(bench::median(us.puts), bench::median(contenders[i].puts)).c_str(),
           bench::ratio(bench::median(us.gets), bench::median(contenders[i].gets)).c_str());
  }
  printf("%s\n", bench::loadAverage().c_str());
  return 0;
} catch (const std::exception& error) {
  fprintf(stderr, "client_throughput: %s\n", error.what());
  return 1;
}
