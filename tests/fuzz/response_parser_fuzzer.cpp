// Fuzzes how the DynamoDB client reads what comes back over HTTP: the whole path of an answer
// through Client (CRC32 check, status, error body and retry decision, JSON parsing, the typed
// result decoders), plus the credentials document of the container and EC2 metadata endpoints.
//
// An input is two header bytes and a body:
//   byte 0  the HTTP status: below 0x80 it is 200, above it one of kErrorStatuses
//   byte 1  bits 0-3: the operation (kOperations); bits 4-5: the x-amz-crc32 header (CrcHeader)
//   rest    the response body
// The fake transport answers every attempt with that response.
//
// Expected outcomes are a result or a flamingock::Error (the client's documented errors).
// Findings: a crash, a sanitizer report, any other exception (it escapes and aborts), or a
// decoded item that does not survive being written and read back (the client writes items it
// read into later requests: unprocessed batch items, exclusive start keys).
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "dynamodb/client/crc32.h"
#include "dynamodb/client/credentials/providers.h"
#include "dynamodb/client/json_codec.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/error.h"
#include "flamingock/testing.h"

namespace {

using namespace flamingock::dynamodb;

constexpr std::array<long, 8> kErrorStatuses = {400, 400, 403, 413, 500, 502, 503, 504};

enum class CrcHeader { kNone, kMatching, kWrong, kNotANumber };

// What the client is asked to do; the answer is read as that operation's response.
enum class Operation {
  kCreateTable,
  kWaitForTableActive,  // DescribeTable until ACTIVE, or a TimeoutError
  kDeleteTable,
  kUpdateTimeToLive,
  kListTables,
  kPutItem,
  kGetItem,
  kUpdateItem,
  kDeleteItem,
  kQuery,
  kScan,
  kBatchWriteAll,  // BatchWriteItem, resubmitting what comes back unprocessed
  kBatchGetAll,    // BatchGetItem, likewise
  kTransactWriteItems,
  kTransactGetItems,
  kCredentialsDocument,  // not through Client: the body as a metadata endpoint's answer
};

// Answers every request with the response of the current input.
class ScriptedTransport : public HttpTransport {
 public:
  HttpResponse send(const HttpRequest&) override { return response; }
  HttpResponse response;
};

// A finding that is not a crash: print it and abort, as a sanitizer would.
[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "response_parser_fuzzer: %s\n", what.c_str());
  std::abort();
}

void expectItemRoundTrip(const Item& item) {
  detail::JsonWriter json;
  detail::writeItem(json, item);
  const std::string text = std::move(json).take();
  if (detail::readItem(detail::Json::parse(text)) != item) {
    fail("an item read from a response reads back differently once written: " + text);
  }
}

Item key() { return {{"pk", AttributeValue::string("k")}}; }

struct Harness {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  Client client = makeClient();

  Client makeClient() {
    ClientConfig config;
    config.region = "us-east-1";
    config.endpoint = "http://127.0.0.1:1";
    config.credentials =
        staticCredentials({.access_key_id = "AKIDEXAMPLE", .secret_access_key = "fuzz-secret"});
    // Two attempts: a retryable answer goes through the retry decision and the backoff once,
    // and then through the message of an exhausted operation.
    config.retry_policy.max_attempts = 2;
    config.transport = transport;
    config.clock = std::make_shared<flamingock::testing::FakeClock>(
        std::chrono::system_clock::time_point(std::chrono::hours(1)));
    config.jitter = [] { return 0.5; };
    return Client(std::move(config));
  }
};

void call(const Client& client, Operation operation, const std::string& body) {
  switch (operation) {
    case Operation::kCreateTable:
      client.createTable({.table_name = "t",
                          .attribute_definitions = {{"pk", ScalarAttributeType::kString}},
                          .key_schema = {{"pk", KeyType::kHash}}});
      return;
    case Operation::kWaitForTableActive:
      client.waitForTableActive("t", std::chrono::seconds(1), std::chrono::milliseconds(400));
      return;
    case Operation::kDeleteTable:
      client.deleteTable({"t"});
      return;
    case Operation::kUpdateTimeToLive:
      client.updateTimeToLive({.table_name = "t", .attribute_name = "ttl", .enabled = true});
      return;
    case Operation::kListTables:
      client.listTables();
      return;
    case Operation::kPutItem:
      expectItemRoundTrip(client.putItem({.table_name = "t", .item = key()}).attributes);
      return;
    case Operation::kGetItem: {
      GetItemResult result = client.getItem({.table_name = "t", .key = key()});
      if (result.item) expectItemRoundTrip(*result.item);
      return;
    }
    case Operation::kUpdateItem:
      expectItemRoundTrip(client.updateItem({.table_name = "t", .key = key()}).attributes);
      return;
    case Operation::kDeleteItem:
      expectItemRoundTrip(client.deleteItem({.table_name = "t", .key = key()}).attributes);
      return;
    case Operation::kQuery:
    case Operation::kScan: {
      ItemPage page = operation == Operation::kQuery ? client.query({.table_name = "t"})
                                                     : client.scan({.table_name = "t"});
      for (const Item& item : page.items) expectItemRoundTrip(item);
      expectItemRoundTrip(page.last_evaluated_key);
      return;
    }
    case Operation::kBatchWriteAll:
      client.batchWriteAll({.request_items = {{"t", {WriteRequest::put(key())}}}});
      return;
    case Operation::kBatchGetAll:
      for (const auto& [table, items] : client.batchGetAll({.request_items = {{"t", {{key()}}}}})) {
        for (const Item& item : items) expectItemRoundTrip(item);
      }
      return;
    case Operation::kTransactWriteItems:
      client.transactWriteItems({.transact_items = {Put{.table_name = "t", .item = key()}}});
      return;
    case Operation::kTransactGetItems:
      for (const auto& item :
           client.transactGetItems({.transact_items = {{.table_name = "t", .key = key()}}})
               .responses) {
        if (item) expectItemRoundTrip(*item);
      }
      return;
    case Operation::kCredentialsDocument:
      detail::parseCredentialsDocument(body, "fuzz endpoint");
      return;
  }
}

std::string crcHeaderValue(CrcHeader mode, const std::string& body) {
  switch (mode) {
    case CrcHeader::kNone:
      return "";
    case CrcHeader::kMatching:
      return std::to_string(detail::crc32Of(body));
    case CrcHeader::kWrong:
      return std::to_string(std::uint64_t{detail::crc32Of(body)} + 1);
    case CrcHeader::kNotANumber:
      return "0x" + std::to_string(detail::crc32Of(body));
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static Harness harness;
  const long status = data[0] < 0x80 ? 200 : kErrorStatuses[data[0] % kErrorStatuses.size()];
  const auto operation = static_cast<Operation>(data[1] & 0x0f);
  const auto crc = static_cast<CrcHeader>((data[1] >> 4) & 0x03);
  const std::string body(reinterpret_cast<const char*>(data + 2), size - 2);

  HttpResponse& response = harness.transport->response;
  response = {.status = status, .headers = {{"x-amzn-RequestId", "FUZZ"}}, .body = body};
  if (crc != CrcHeader::kNone) {
    response.headers.emplace_back("x-amz-crc32", crcHeaderValue(crc, body));
  }
  try {
    call(harness.client, operation, body);
  } catch (const DynamoDBError& error) {
    // Read what a caller reads, so that a malformed error is noticed here.
    (void)isRetryable(error);
    if (std::string_view(error.what()).empty()) fail("a DynamoDBError without a message");
    if (error.item()) expectItemRoundTrip(*error.item());
    for (const CancellationReason& reason : error.cancellationReasons()) {
      if (reason.item) expectItemRoundTrip(*reason.item);
    }
  } catch (const flamingock::Error&) {
    // NetworkError, TimeoutError (the waiter), ConfigurationError (credentials documents).
  }
  return 0;
}
