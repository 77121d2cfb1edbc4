// Fuzzes the transport's HTTP/1.1 response framing (Http1ResponseParser): whatever a server or
// anything between sends back over a connection.
//
// An input is one header byte and the bytes of the connection:
//   byte 0  bit 0: the request was HEAD; bits 1-7: the size of every read but the last (0: 1 byte)
//   rest    what the connection delivers, then its end
//
// Expected outcomes are a response, an incomplete one at the end of the connection, or a
// NetworkError. Findings: a crash, a sanitizer report, any other exception, or a parser that
// breaks its own promises: taking fewer bytes than given before it is done, or taking other
// bytes when the same input arrives in other reads.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dynamodb/client/http1_response_parser.h"
#include "flamingock/dynamodb/error.h"

namespace {

using flamingock::dynamodb::HttpResponse;
using flamingock::dynamodb::detail::Http1ResponseParser;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "http1_response_parser_fuzzer: %s\n", what.c_str());
  std::abort();
}

struct Outcome {
  bool failed = false;
  bool complete = false;
  size_t used = 0;
  HttpResponse response;
};

Outcome parse(std::string_view bytes, size_t read_size, bool head_request) {
  Http1ResponseParser parser(head_request);
  Outcome outcome;
  try {
    while (!bytes.empty() && !parser.done()) {
      std::string_view read = bytes.substr(0, read_size);
      size_t used = parser.feed(read);
      if (used < read.size() && !parser.done()) fail("took part of a read before it was done");
      outcome.used += used;
      bytes.remove_prefix(read.size());
    }
    outcome.complete = parser.done() || parser.finishAtEndOfConnection();
  } catch (const flamingock::dynamodb::NetworkError&) {
    outcome.failed = true;
  }
  if (outcome.complete) outcome.response = parser.takeResponse();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool head_request = (data[0] & 1) != 0;
  const size_t read_size = data[0] >> 1 == 0 ? 1 : data[0] >> 1;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  Outcome in_pieces = parse(bytes, read_size, head_request);
  Outcome whole = parse(bytes, bytes.size() + 1, head_request);
  if (in_pieces.failed != whole.failed || in_pieces.complete != whole.complete) {
    fail("the outcome depends on how the bytes were split into reads");
  }
  if (whole.complete && !whole.failed &&
      (in_pieces.response.status != whole.response.status ||
       in_pieces.response.headers != whole.response.headers ||
       in_pieces.response.body != whole.response.body || in_pieces.used != whole.used)) {
    fail("the response depends on how the bytes were split into reads");
  }
  return 0;
}
