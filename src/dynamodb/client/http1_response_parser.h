// Reads one HTTP/1.1 response from bytes that arrive in pieces of any size, for the transport's
// own exchange over a connection libcurl opened. Knows the framing only: status line, headers,
// a body delimited by Content-Length, by chunked transfer coding or by the end of the connection,
// and none for HEAD, 204 and 304. Interim 1xx answers and empty lines before a status line are
// skipped.
//
//   Http1ResponseParser parser(/*head_request=*/false);
//   while (!parser.done()) {
//     size_t used = parser.feed(bytes);  // throws NetworkError on a malformed response
//     ...                                // bytes past `used` belong to no response of ours
//   }
//   HttpResponse response = parser.takeResponse();
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "flamingock/dynamodb/http_transport.h"

namespace flamingock::dynamodb::detail {

class Http1ResponseParser {
 public:
  static constexpr size_t kMaxHeaderBytes = 64 * 1024;  // status line and headers, or trailers
  // DynamoDB's largest answer is a BatchGetItem of up to 16 MB of item data (a Query or Scan page
  // holds 1 MB). Its JSON is larger than the data: type wrappers and quotes around every value,
  // base64 for binaries (4/3), and up to 6 bytes (\u0001) for a control character in a string.
  // 128 MiB holds even that worst case, and stops a broken or hostile server short of the memory.
  static constexpr uint64_t kMaxBodyBytes = 128 * 1024 * 1024;

  // max_body_bytes: a body larger than this is refused (a NetworkError naming the cap).
  explicit Http1ResponseParser(bool head_request, uint64_t max_body_bytes = kMaxBodyBytes)
      : head_request_(head_request), max_body_bytes_(max_body_bytes) {}

  // Consumes bytes of the response and returns how many; fewer than given only once done().
  // Throws NetworkError naming what is malformed.
  size_t feed(std::string_view bytes);

  // The connection ended. Completes a body that runs to the end of the connection; returns
  // whether the response is complete.
  bool finishAtEndOfConnection();

  bool done() const { return state_ == State::kDone; }
  bool started() const { return started_; }  // any byte of a response (interim ones included)
  // Whether the connection may carry another request after this response; valid once done().
  bool keepAlive() const { return keep_alive_; }

  HttpResponse takeResponse() { return std::move(response_); }

 private:
  enum class State {
    kStatusLine,
    kHeaderLine,
    kBody,       // Content-Length bytes
    kBodyToEnd,  // until the connection ends
    kChunkSize,
    kChunkData,
    kChunkDataEnd,  // the CRLF after a chunk's data
    kTrailerLine,
    kDone,
  };

  // Appends to line_ up to a line feed; returns bytes used, and sets `complete` when the line
  // ended (line_ then holds it without CR LF).
  size_t takeLine(std::string_view bytes, bool& complete);
  void onStatusLine();
  void onHeaderLine();
  void onHeadersEnd();
  void onChunkSizeLine();
  // Throws when a body of `size` bytes would be over the cap.
  void checkBodySize(uint64_t size) const;

  const bool head_request_;
  const uint64_t max_body_bytes_;
  State state_ = State::kStatusLine;
  bool started_ = false;
  bool keep_alive_ = false;
  bool http10_ = false;
  bool chunked_ = false;
  bool has_length_ = false;
  uint64_t remaining_ = 0;    // of the body or of the current chunk
  size_t section_bytes_ = 0;  // of the header section or the trailers so far
  std::string line_;
  HttpResponse response_;
};

}  // namespace flamingock::dynamodb::detail
