#include "dynamodb/client/http1_response_parser.h"

#include <algorithm>

#include "dynamodb/client/http_syntax.h"
#include "flamingock/dynamodb/error.h"

namespace flamingock::dynamodb::detail {
namespace {

[[noreturn]] void malformed(const std::string& what) {
  throw NetworkError("malformed HTTP response: " + what);
}

// For messages: the text as sent, shortened, control characters shown as '?'.
std::string quoted(std::string_view text) {
  constexpr size_t kShown = 80;
  std::string out = "\"";
  for (char c : text.substr(0, kShown)) out.push_back(c < 0x20 || c == 0x7f ? '?' : c);
  out += text.size() > kShown ? "...\"" : "\"";
  return out;
}

std::string_view trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// Whether a comma-separated header value (Connection) lists the token.
bool listsToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    if (equalsIgnoringCase(trimmed(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

uint64_t parseContentLength(std::string_view value) {
  constexpr uint64_t kMax = UINT64_MAX / 10 - 1;
  if (value.empty()) malformed("empty Content-Length");
  uint64_t length = 0;
  for (char c : value) {
    if (c < '0' || c > '9' || length > kMax) malformed("Content-Length " + quoted(value));
    length = length * 10 + static_cast<uint64_t>(c - '0');
  }
  return length;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

size_t Http1ResponseParser::feed(std::string_view bytes) {
  size_t used = 0;
  if (!bytes.empty()) started_ = true;
  while (used < bytes.size() && state_ != State::kDone) {
    std::string_view rest = bytes.substr(used);
    switch (state_) {
      case State::kBody:
      case State::kChunkData: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, rest.size()));
        response_.body.append(rest.data(), take);
        used += take;
        remaining_ -= take;
        if (remaining_ == 0) state_ = state_ == State::kBody ? State::kDone : State::kChunkDataEnd;
        break;
      }
      case State::kBodyToEnd:
        checkBodySize(response_.body.size() + rest.size());
        response_.body.append(rest);
        used += rest.size();
        break;
      default: {
        bool complete = false;
        used += takeLine(rest, complete);
        if (!complete) break;
        switch (state_) {
          case State::kStatusLine:
            // RFC 9112 2.2: a client SHOULD ignore empty lines before the status line. The cap on
            // the header section, which counts them, bounds how many.
            if (!line_.empty()) onStatusLine();
            break;
          case State::kHeaderLine:
            onHeaderLine();
            break;
          case State::kChunkSize:
            onChunkSizeLine();
            break;
          case State::kChunkDataEnd:
            if (!line_.empty()) malformed("chunk longer than its size");
            state_ = State::kChunkSize;
            break;
          case State::kTrailerLine:  // trailers carry nothing the client reads
            if (line_.empty()) state_ = State::kDone;
            break;
          default:
            break;
        }
        line_.clear();
      }
    }
  }
  return used;
}

bool Http1ResponseParser::finishAtEndOfConnection() {
  if (state_ == State::kBodyToEnd) state_ = State::kDone;
  return done();
}

size_t Http1ResponseParser::takeLine(std::string_view bytes, bool& complete) {
  size_t end = bytes.find('\n');
  complete = end != std::string_view::npos;
  size_t used = complete ? end + 1 : bytes.size();
  bool in_section =
      state_ == State::kStatusLine || state_ == State::kHeaderLine || state_ == State::kTrailerLine;
  if (in_section) section_bytes_ += used;
  if ((in_section ? section_bytes_ : line_.size() + used) > kMaxHeaderBytes) {
    malformed((in_section ? "header section over " : "chunk-size line over ") +
              std::to_string(kMaxHeaderBytes) + " bytes");
  }
  line_.append(bytes.data(), complete ? end : used);
  if (complete && !line_.empty() && line_.back() == '\r') line_.pop_back();
  return used;
}

void Http1ResponseParser::onStatusLine() {
  // "HTTP/1.1 200 OK"; the reason phrase may be empty or absent.
  std::string_view line = line_;
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || (line[7] != '0' && line[7] != '1') ||
      line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) {
    malformed("status line " + quoted(line));
  }
  int status = 0;
  for (char c : line.substr(9, 3)) {
    if (c < '0' || c > '9') malformed("status line " + quoted(line));
    status = status * 10 + (c - '0');
  }
  if (status < 100) malformed("status line " + quoted(line));
  http10_ = line[7] == '0';
  response_.status = status;
  response_.headers.clear();
  state_ = State::kHeaderLine;
}

void Http1ResponseParser::onHeaderLine() {
  if (line_.empty()) return onHeadersEnd();
  std::string_view line = line_;
  size_t colon = line.find(':');
  std::string_view name = line.substr(0, colon);
  if (colon == std::string_view::npos || !isHttpToken(name)) {
    malformed("header line " + quoted(line));
  }
  response_.headers.emplace_back(std::string(name), std::string(trimmed(line.substr(colon + 1))));
}

void Http1ResponseParser::onHeadersEnd() {
  section_bytes_ = 0;
  if (response_.status < 200) {  // interim answer: the real one follows
    state_ = State::kStatusLine;
    return;
  }
  keep_alive_ = !http10_;
  chunked_ = false;
  has_length_ = false;
  for (const auto& [name, value] : response_.headers) {
    if (equalsIgnoringCase(name, "Connection")) {
      if (listsToken(value, "close")) keep_alive_ = false;
      if (http10_ && listsToken(value, "keep-alive")) keep_alive_ = true;
    } else if (equalsIgnoringCase(name, "Transfer-Encoding")) {
      // The client asks for no coding, so "chunked" is the only one it can meet.
      if (chunked_ || !equalsIgnoringCase(trimmed(value), "chunked")) {
        malformed("Transfer-Encoding " + quoted(value));
      }
      chunked_ = true;
    } else if (equalsIgnoringCase(name, "Content-Length")) {
      uint64_t length = parseContentLength(trimmed(value));
      if (has_length_ && length != remaining_) malformed("Content-Length given twice, differing");
      has_length_ = true;
      remaining_ = length;
    }
  }
  bool no_body = head_request_ || response_.status == 204 || response_.status == 304;
  if (no_body) {
    state_ = State::kDone;
  } else if (chunked_) {
    // A length beside chunked coding is a sign of a smuggled response: use the coding, then
    // trust the connection no more.
    if (has_length_) keep_alive_ = false;
    state_ = State::kChunkSize;
  } else if (has_length_) {
    checkBodySize(remaining_);
    constexpr uint64_t kMaxReserved = 1 << 20;  // a lying length must not reserve much
    response_.body.reserve(static_cast<size_t>(std::min(remaining_, kMaxReserved)));
    state_ = remaining_ == 0 ? State::kDone : State::kBody;
  } else {
    keep_alive_ = false;
    state_ = State::kBodyToEnd;
  }
}

void Http1ResponseParser::onChunkSizeLine() {
  // "1a2b;name=value": the size in hex, then extensions the client does not use.
  std::string_view line = line_;
  std::string_view digits = trimmed(line.substr(0, line.find(';')));
  if (digits.empty() || digits.size() > 15) malformed("chunk size " + quoted(line));
  uint64_t size = 0;
  for (char c : digits) {
    int digit = hexDigit(c);
    if (digit < 0) malformed("chunk size " + quoted(line));
    size = size * 16 + static_cast<uint64_t>(digit);
  }
  checkBodySize(response_.body.size() + size);
  remaining_ = size;
  state_ = size == 0 ? State::kTrailerLine : State::kChunkData;
}

void Http1ResponseParser::checkBodySize(uint64_t size) const {
  if (size > max_body_bytes_) {
    throw NetworkError("HTTP response body of at least " + std::to_string(size) +
                       " bytes is over the cap of " + std::to_string(max_body_bytes_) + " bytes");
  }
}

}  // namespace flamingock::dynamodb::detail
