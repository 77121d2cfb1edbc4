// Sequential PutItem then GetItem throughput over one connection to one DynamoDB Local: our
// client, the AWS SDK for JavaScript v3 (bench/peers/put_get.cjs) and boto3
// (bench/peers/put_get.py), with the same items and count, and the server's own ceiling (wrk
// replaying one pre-signed request, bench/server_ceiling.h), in alternating order within one run;
// prints every repetition, the medians, the ratios of ours to each, and each client's
// whole-process CPU per request (getrusage over the timed loop; the server is another process).
// Targets: ours at least 1.5x the JS SDK and 0.9x the ceiling, at most 40 µs of CPU per request.
//
//   build/bench/client_throughput [--endpoint URL] [--count 2000] [--repetitions 5]
//                                 [--ceiling-seconds 2] [--peers yes|no] [--tls]
// (--peers no: only ours and the ceiling, for quick A/B runs of two builds on one --endpoint.)
// --tls: everyone goes through one TLS terminator in front of the same server
// (bench/tls_terminator.h), trusting its throwaway CA as a user would, and pays for HTTPS as in
// production; each repetition also prints the TLS handshakes each contender made.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench_support.h"
#include "server_ceiling.h"
#include "tls_terminator.h"

namespace {

namespace dynamodb = flamingock::dynamodb;

constexpr const char* kTable = "bench_items";
constexpr int kWarmUp = 50;  // as the peers do: connection, lazy initialisation

struct Throughput {
  double put_per_second = 0;
  double get_per_second = 0;
  double put_cpu_us = NAN;  // whole-process CPU per request; NAN: not measured (the ceiling)
  double get_cpu_us = NAN;
};

// A timed loop: requests per second, and this process's user + system CPU per request.
struct LoopFigures {
  double per_second = 0;
  double cpu_us = 0;
};

dynamodb::Item item(int i) {
  static const std::string payload(200, 'x');
  return {{"pk", dynamodb::AttributeValue::string("item-" + std::to_string(i))},
          {"payload", dynamodb::AttributeValue::string(payload)},
          {"n", dynamodb::AttributeValue::number(i)}};
}

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& time) { return time.tv_sec + time.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

LoopFigures timedLoop(int count, const std::function<void(int)>& operation) {
  double cpu_start = cpuSeconds();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) operation(i);
  double seconds = bench::secondsSince(start);
  return {count / seconds, (cpuSeconds() - cpu_start) * 1e6 / count};
}

// Like the peers: a fresh client (no retries), a warm-up, then the timed loops.
Throughput ours(const std::string& endpoint, const std::string& ca_bundle, int count) {
  dynamodb::ClientConfig config = bench::localConfig(endpoint);
  config.retry_policy.max_attempts = 1;
  config.ca_bundle = ca_bundle;
  const dynamodb::Client client(config);
  for (int i = 0; i < kWarmUp; ++i) client.putItem({.table_name = kTable, .item = item(i)});
  LoopFigures puts =
      timedLoop(count, [&](int i) { client.putItem({.table_name = kTable, .item = item(i)}); });
  LoopFigures gets = timedLoop(count, [&](int i) {
    dynamodb::GetItemResult got = client.getItem(
        {.table_name = kTable,
         .key = {{"pk", dynamodb::AttributeValue::string("item-" + std::to_string(i))}}});
    if (!got.item) throw std::runtime_error("item-" + std::to_string(i) + " is missing");
  });
  return {puts.per_second, gets.per_second, puts.cpu_us, gets.cpu_us};
}

Throughput peer(const std::string& command) {
  std::string output = bench::runCommand(command);
  return {bench::jsonNumber(output, "put_per_second"), bench::jsonNumber(output, "get_per_second"),
          bench::jsonNumber(output, "put_cpu_us"), bench::jsonNumber(output, "get_cpu_us")};
}

// The same requests as ours (the items and keys 0 to count - 1), pre-signed and replayed by wrk.
Throughput ceiling(const std::string& endpoint, int count, std::chrono::seconds duration) {
  const std::string table = std::string("{\"TableName\":\"") + kTable + "\",";
  std::vector<std::string> puts;
  std::vector<std::string> gets;
  for (int i = 0; i < count; ++i) {
    const std::string key = R"("pk":{"S":"item-)" + std::to_string(i) + R"("})";
    puts.push_back(table + R"("Item":{)" + key + R"(,"payload":{"S":")" + std::string(200, 'x') +
                   R"("},"n":{"N":")" + std::to_string(i) + R"("}}})");
    gets.push_back(table + R"("Key":{)" + key + "}}");
  }
  return {bench::serverCeiling(endpoint, "PutItem", puts, duration),
          bench::serverCeiling(endpoint, "GetItem", gets, duration)};
}

// Why plain http to the terminator's port fails: then an answer there proves TLS was spoken.
std::string plainHttpRefusal(const bench::TlsTerminator& tls) {
  const std::string plain = "http://" + tls.endpoint().substr(std::string("https://").size());
  dynamodb::ClientConfig config = bench::localConfig(plain);
  config.retry_policy.max_attempts = 1;
  try {
    dynamodb::Client(config).listTables();
  } catch (const flamingock::Error& error) {
    return error.what();
  }
  throw std::runtime_error("plain http to " + plain + " was answered: it is not TLS-only");
}

std::string cpuText(double cpu_us) {
  return std::isnan(cpu_us) ? "-" : std::to_string(static_cast<int>(std::lround(cpu_us)));
}

struct Contender {
  std::string name;
  std::function<Throughput()> measure;
  std::vector<double> puts;
  std::vector<double> gets;
  std::vector<double> put_cpu;
  std::vector<double> get_cpu;
  std::vector<double> handshakes;  // through the TLS terminator, per run
};

}  // namespace

int main(int argc, char** argv) try {
  setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up when piped to a file too
  const int count = bench::intOption(argc, argv, "--count", 2000);
  const int repetitions = bench::intOption(argc, argv, "--repetitions", 5);
  const std::chrono::seconds ceiling_duration(bench::intOption(argc, argv, "--ceiling-seconds", 2));
  bench::LocalServer server = bench::LocalServer::fromArguments(argc, argv);
  const std::string& endpoint = server.endpoint();
  std::optional<bench::TlsTerminator> tls;
  if (bench::flag(argc, argv, "--tls")) tls.emplace(endpoint);
  try {
    bench::createKeyTable(dynamodb::Client(bench::localConfig(endpoint)), kTable, "pk");
  } catch (const dynamodb::DynamoDBError& error) {
    // An --endpoint shared by runs (bench/ab_throughput.sh) has the table from the first one.
    if (error.code() != dynamodb::ErrorCode::kResourceInUse) throw;
  }

  const std::string target = tls ? tls->endpoint() : endpoint;
  const std::string ca_bundle = tls ? tls->caFile() : "";
  // The peers trust the CA through the variables their users would set (wrk verifies nothing).
  const std::string js_ca = tls ? "NODE_EXTRA_CA_CERTS=" + ca_bundle + " " : "";
  const std::string python_ca = tls ? "AWS_CA_BUNDLE=" + ca_bundle + " " : "";

  const std::string peer_arguments = " " + target + " " + kTable + " " + std::to_string(count);
  const std::string peers = bench::sourceDir() + "/bench/peers/";
  std::vector<Contender> contenders = {
      {"flamingock-cpp", [&] { return ours(target, ca_bundle, count); }},
      {"server ceiling", [&] { return ceiling(target, count, ceiling_duration); }},
      {"aws-sdk-js-v3",
       [&] {
         return peer(js_ca + "NODE_NO_WARNINGS=1 NODE_PATH=" + bench::sourceDir() +
                     "/tools/node_modules node " + peers + "put_get.cjs" + peer_arguments);
       }},
      {"boto3",
       [&] {
         return peer(python_ca + "/usr/bin/python3 " + peers + "put_get.py" + peer_arguments);
       }},
  };
  if (bench::option(argc, argv, "--peers", "yes") == "no") contenders.resize(2);

  printf("endpoint %s, %d items, %d repetitions after a warm-up round, %s\n", target.c_str(), count,
         repetitions, bench::loadAverage().c_str());
  if (tls) {
    printf(
        "over TLS: stunnel on %s in front of %s, certificate from a throwaway CA that every "
        "client but wrk verifies; plain http there fails (%s)\n",
        target.c_str(), endpoint.c_str(), plainHttpRefusal(*tls).c_str());
  }
  // One discarded round first: DynamoDB Local's JIT warms up on whoever meets it first.
  for (Contender& contender : contenders) contender.measure();
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    // Rotating who goes first spreads the machine's drift over everyone.
    for (std::size_t turn = 0; turn < contenders.size(); ++turn) {
      Contender& contender = contenders[(turn + repetition) % contenders.size()];
      const int handshakes_before = tls ? tls->handshakes() : 0;
      Throughput measured = contender.measure();
      contender.puts.push_back(measured.put_per_second);
      contender.gets.push_back(measured.get_per_second);
      contender.put_cpu.push_back(measured.put_cpu_us);
      contender.get_cpu.push_back(measured.get_cpu_us);
      printf("  rep %d  %-15s put %8.0f/s %5s µs CPU  get %8.0f/s %5s µs CPU", repetition + 1,
             contender.name.c_str(), measured.put_per_second, cpuText(measured.put_cpu_us).c_str(),
             measured.get_per_second, cpuText(measured.get_cpu_us).c_str());
      if (tls) {
        const int handshakes = tls->handshakes() - handshakes_before;
        if (handshakes == 0) throw std::runtime_error(contender.name + " made no TLS handshake");
        contender.handshakes.push_back(handshakes);
        printf("  %d TLS handshakes", handshakes);
      }
      printf("\n");
    }
  }

  printf("\nmedian of %d            PutItem/s   GetItem/s   CPU µs/request (put, get)\n",
         repetitions);
  for (const Contender& contender : contenders) {
    printf("  %-15s        %9.0f   %9.0f   %s, %s\n", contender.name.c_str(),
           bench::median(contender.puts), bench::median(contender.gets),
           cpuText(bench::median(contender.put_cpu)).c_str(),
           cpuText(bench::median(contender.get_cpu)).c_str());
  }
  const Contender& us = contenders[0];
  for (std::size_t i = 1; i < contenders.size(); ++i) {
    printf("  ours / %-13s  %9s   %9s\n", contenders[i].name.c_str(),
           bench::ratio(bench::median(us.puts), bench::median(contenders[i].puts)).c_str(),
           bench::ratio(bench::median(us.gets), bench::median(contenders[i].gets)).c_str());
  }
  if (tls && repetitions > 0) {
    printf("TLS handshakes, the most in one run (a client's run sends %d requests):\n",
           kWarmUp + 2 * count);
    for (const Contender& contender : contenders) {
      printf("  %-15s  %.0f\n", contender.name.c_str(),
             *std::max_element(contender.handshakes.begin(), contender.handshakes.end()));
    }
  }
  printf("%s\n", bench::loadAverage().c_str());
  return 0;
} catch (const std::exception& error) {
  fprintf(stderr, "client_throughput: %s\n", error.what());
  return 1;
}
