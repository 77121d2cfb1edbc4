// CPU per request outside the network, for a typical PutItem and GetItem (the items of
// bench/client_throughput): serialising the typed request to JSON, signing it with SigV4, parsing
// a typical response, the three in sequence, and a whole Client call over an in-memory transport
// (which adds what the client does around them: headers, the retry loop, the x-amz-crc32 check).
// Target: at most 5 µs per request in total. Also the decode of a full 1 MB Scan page of audit-like
// items, what the start-up read of a large audit log spends its client CPU on.
//
//   build/bench/request_cpu_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The parse cases are also registered with a fixed iteration count, for counting instructions
// (repeatable on a loaded machine) with callgrind; divide the collected count by the iterations:
//
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*BM_GetItem_Parse*'
//       build/bench/request_cpu_bench --benchmark_filter='GetItem_Parse/iterations'  (one line)
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dynamodb/client/json_codec.h"
#include "dynamodb/client/response_decoder.h"
#include "dynamodb/client/sigv4.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/http_transport.h"

namespace {

using namespace flamingock::dynamodb;
namespace detail = flamingock::dynamodb::detail;

constexpr int kItemNumber = 4711;
const std::string kPayload(200, 'x');
const std::string kEndpoint = "http://127.0.0.1:8000";

PutItemRequest typicalPut() {
  return {.table_name = "bench_items",
          .item = {{"pk", AttributeValue::string("item-" + std::to_string(kItemNumber))},
                   {"payload", AttributeValue::string(kPayload)},
                   {"n", AttributeValue::number(kItemNumber)}}};
}

GetItemRequest typicalGet() {
  return {.table_name = "bench_items",
          .key = {{"pk", AttributeValue::string("item-" + std::to_string(kItemNumber))}}};
}

// DynamoDB Local's answers to the requests above, byte for byte.
const std::string kPutResponse = "{}";
const std::string kGetResponse =
    R"({"Item":{"payload":{"S":")" + kPayload + R"("},"pk":{"S":"item-4711"},"n":{"N":"4711"}}})";

// A full Scan page as DynamoDB sends it (1 MB at most): 2,000 items laid out as the audit store
// writes them, about 500 bytes each by DynamoDB's measure (1.4 MB of JSON).
constexpr int kScanPageItems = 2000;

std::string auditLikeItem(int i) {
  std::string n = std::to_string(i);
  std::string change = "change-" + n;
  return R"({"partitionKey":{"S":"exec-00000000-0000-4000-8000-000000000001#)" + change +
         R"(#APPLIED"},"executionId":{"S":"00000000-0000-4000-8000-000000000001"},)"
         R"("stageId":{"S":"default"},"changeId":{"S":")" +
         change + R"("},"author":{"S":"bench"},"createdAt":{"S":"2026-11-30T10:15:23.)" +
         std::to_string(100 + i % 900) +
         R"(Z"},"state":{"S":"APPLIED"},"type":{"S":"EXECUTION"},)"
         R"("invokedClass":{"S":"flamingock::bench::NoOpChange"},"invokedMethod":{"S":"apply"},)"
         R"("executionMillis":{"N":")" +
         std::to_string(i % 97) +
         R"("},"executionHostname":{"S":"bench-host-1"},"systemChange":{"BOOL":false},)"
         R"("txStrategy":{"S":"NON_TX"},"targetSystemId":{"S":"dynamodb"},"changeOrder":{"S":")" +
         n +
         R"("},"checksum":{"S":"9f86d081884c7d659a2feaa0c55ad015"},)"
         R"("runnerId":{"S":"bench-seed"},"libraryVersion":{"S":"0.1.0"},)"
         R"("metadata":{"M":{"ticket":{"S":"OPS-)" +
         n + R"("}}}})";
}

std::string scanPageResponse() {
  std::string body = R"({"Items":[)";
  for (int i = 0; i < kScanPageItems; ++i) {
    if (i > 0) body += ',';
    body += auditLikeItem(i);
  }
  std::string count = std::to_string(kScanPageItems);
  return body + R"(],"Count":)" + count + R"(,"ScannedCount":)" + count +
         R"(,"LastEvaluatedKey":{"partitionKey":{"S":"exec#last"}}})";
}

Credentials benchCredentials() {
  return {.access_key_id = "AKIDEXAMPLEBENCH",
          .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY"};
}

// What ClientCore::send prepares before signing: the URL, the protocol's two headers, the body.
HttpRequest unsignedRequest(std::string_view operation, std::string body) {
  HttpRequest request;
  request.url = kEndpoint + "/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810." + std::string(operation)}};
  request.body = std::move(body);
  return request;
}

void signNow(HttpRequest& request, const Credentials& credentials) {
  detail::signRequest(request, credentials, {.region = "us-east-1"},
                      std::chrono::system_clock::now());
}

// Not inlined, so that a profile shows each decode as one function.
template <typename Result>
[[gnu::noinline]] Result parse(const std::string& body) {
  Result result;
  detail::decodeBody(body, result);
  return result;
}

// Answers every request with the same canned response, as DynamoDB Local sends it.
class CannedTransport : public HttpTransport {
 public:
  explicit CannedTransport(std::string body) {
    uLong crc =
        crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    response_.status = 200;
    response_.headers = {{"Date", "Tue, 25 Nov 2026 10:15:23 GMT"},
                         {"Content-Type", "application/x-amz-json-1.0"},
                         {"x-amz-crc32", std::to_string(crc)},
                         {"x-amzn-RequestId", "9b7c2a8e-0e0f-4f3b-9d4c-6f1b2f0d6f3a"},
                         {"Content-Length", std::to_string(body.size())},
                         {"Server", "Jetty(11.0.17)"}};
    response_.body = std::move(body);
  }
  HttpResponse send(const HttpRequest&) override { return response_; }

 private:
  HttpResponse response_;
};

Client clientAnswering(const std::string& body) {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = kEndpoint;
  config.credentials = staticCredentials(benchCredentials());
  config.transport = std::make_shared<CannedTransport>(body);
  return Client(config);
}

void BM_PutItem_Serialise(benchmark::State& state) {
  const PutItemRequest request = typicalPut();
  for (auto _ : state) benchmark::DoNotOptimize(detail::encodeRequest(request));
}

void BM_GetItem_Serialise(benchmark::State& state) {
  const GetItemRequest request = typicalGet();
  for (auto _ : state) benchmark::DoNotOptimize(detail::encodeRequest(request));
}

void signBenchmark(benchmark::State& state, std::string_view operation, const std::string& body) {
  const Credentials credentials = benchCredentials();
  for (auto _ : state) {
    HttpRequest request = unsignedRequest(operation, body);
    signNow(request, credentials);
    benchmark::DoNotOptimize(request);
  }
}

void BM_PutItem_Sign(benchmark::State& state) {
  signBenchmark(state, "PutItem", detail::encodeRequest(typicalPut()));
}

void BM_GetItem_Sign(benchmark::State& state) {
  signBenchmark(state, "GetItem", detail::encodeRequest(typicalGet()));
}

void BM_PutItem_Parse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse<PutItemResult>(kPutResponse));
}

void BM_GetItem_Parse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse<GetItemResult>(kGetResponse));
}

void BM_ScanPage_Parse(benchmark::State& state) {
  const std::string body = scanPageResponse();
  for (auto _ : state) benchmark::DoNotOptimize(parse<ScanResult>(body));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}

template <typename Result, typename Request>
void allThreeBenchmark(benchmark::State& state, const Request& request,
                       const std::string& response) {
  const Credentials credentials = benchCredentials();
  for (auto _ : state) {
    HttpRequest http =
        unsignedRequest(detail::operationName(request), detail::encodeRequest(request));
    signNow(http, credentials);
    benchmark::DoNotOptimize(http);
    benchmark::DoNotOptimize(parse<Result>(response));
  }
}

void BM_PutItem_AllThree(benchmark::State& state) {
  allThreeBenchmark<PutItemResult>(state, typicalPut(), kPutResponse);
}

void BM_GetItem_AllThree(benchmark::State& state) {
  allThreeBenchmark<GetItemResult>(state, typicalGet(), kGetResponse);
}

void BM_PutItem_ClientCall(benchmark::State& state) {
  const Client client = clientAnswering(kPutResponse);
  const PutItemRequest request = typicalPut();
  for (auto _ : state) benchmark::DoNotOptimize(client.putItem(request));
}

void BM_GetItem_ClientCall(benchmark::State& state) {
  const Client client = clientAnswering(kGetResponse);
  const GetItemRequest request = typicalGet();
  for (auto _ : state) benchmark::DoNotOptimize(client.getItem(request));
}

BENCHMARK(BM_PutItem_Serialise);
BENCHMARK(BM_PutItem_Sign);
BENCHMARK(BM_PutItem_Parse);
BENCHMARK(BM_PutItem_AllThree);
BENCHMARK(BM_PutItem_ClientCall);
BENCHMARK(BM_GetItem_Serialise);
BENCHMARK(BM_GetItem_Sign);
BENCHMARK(BM_GetItem_Parse);
BENCHMARK(BM_GetItem_AllThree);
BENCHMARK(BM_GetItem_ClientCall);
BENCHMARK(BM_ScanPage_Parse);

// Fixed counts for callgrind (see the top of the file).
BENCHMARK(BM_GetItem_Parse)->Iterations(20000);
BENCHMARK(BM_GetItem_ClientCall)->Iterations(20000);
BENCHMARK(BM_ScanPage_Parse)->Iterations(20);

}  // namespace

BENCHMARK_MAIN();
