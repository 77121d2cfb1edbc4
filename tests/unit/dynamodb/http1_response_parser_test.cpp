#include "dynamodb/client/http1_response_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flamingock/dynamodb/error.h"

namespace flamingock::dynamodb::detail {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

struct Parsed {
  HttpResponse response;
  bool keep_alive = false;
  size_t used = 0;  // bytes of the input taken by the response
};

// Feeds `pieces` in order until the response is done; fails the test when it never is.
Parsed parsePieces(const std::vector<std::string>& pieces, bool head_request = false) {
  Http1ResponseParser parser(head_request);
  Parsed parsed;
  for (const std::string& piece : pieces) {
    parsed.used += parser.feed(piece);
    if (parser.done()) break;
  }
  EXPECT_TRUE(parser.done());
  parsed.keep_alive = parser.keepAlive();
  parsed.response = parser.takeResponse();
  return parsed;
}

Parsed parse(const std::string& bytes, bool head_request = false) {
  return parsePieces({bytes}, head_request);
}

// The NetworkError message feeding the bytes gives.
std::string failureOf(const std::string& bytes) {
  Http1ResponseParser parser(false);
  try {
    parser.feed(bytes);
  } catch (const NetworkError& error) {
    return error.what();
  }
  return "no error";
}

const std::string kLengthResponse =
    "HTTP/1.1 200 OK\r\nX-Amzn-RequestId: r1\r\nContent-Length: 11\r\n\r\n{\"Item\":{}}";

// A whole response and what it must read as, however its bytes arrive.
struct Case {
  std::string bytes;
  long status;
  HttpHeaders headers;
  std::string body;
};

const std::vector<Case> kCases = {
    {kLengthResponse, 200, {{"X-Amzn-RequestId", "r1"}, {"Content-Length", "11"}}, "{\"Item\":{}}"},
    // Interim answer, chunk extensions and trailers are skipped; header values lose their blanks.
    {"HTTP/1.1 100 Continue\r\n\r\n"
     "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nX-A:  spaced \t\r\n\r\n"
     "5;name=value\r\nhello\r\n7\r\n, world\r\n0;last\r\nX-Trailer: t\r\n\r\n",
     400,
     {{"Transfer-Encoding", "chunked"}, {"X-A", "spaced"}},
     "hello, world"},
    // Empty lines before the status line are ignored (RFC 9112 2.2), CRLF or a bare LF.
    {"\r\n\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
     200,
     {{"Content-Length", "2"}},
     "ok"},
};

void expectReadAs(const Parsed& parsed, const Case& expected, const std::string& how) {
  EXPECT_EQ(parsed.response.status, expected.status) << how;
  EXPECT_EQ(parsed.response.headers, expected.headers) << how;
  EXPECT_EQ(parsed.response.body, expected.body) << how;
  EXPECT_TRUE(parsed.keep_alive) << how;
  EXPECT_EQ(parsed.used, expected.bytes.size()) << how;
}

TEST(Http1ResponseParserTest, ReadsBodiesByContentLengthAndByChunks) {
  for (const Case& expected : kCases) expectReadAs(parse(expected.bytes), expected, "whole");
}

TEST(Http1ResponseParserTest, GivesTheSameAnswerForEverySplitIntoTwoReads) {
  for (const Case& expected : kCases) {
    for (size_t split = 1; split < expected.bytes.size(); ++split) {
      Parsed parsed = parsePieces({expected.bytes.substr(0, split), expected.bytes.substr(split)});
      expectReadAs(parsed, expected, "split at " + std::to_string(split));
    }
  }
}

TEST(Http1ResponseParserTest, GivesTheSameAnswerOneByteAtATime) {
  for (const Case& expected : kCases) {
    std::vector<std::string> bytes;
    for (char c : expected.bytes) bytes.emplace_back(1, c);
    expectReadAs(parsePieces(bytes), expected, "byte by byte");
  }
}

TEST(Http1ResponseParserTest, LeavesBytesAfterTheAnswerUntaken) {
  Parsed parsed = parse(kLengthResponse + "HTTP/1.1 200 OK\r\n");

  EXPECT_EQ(parsed.used, kLengthResponse.size());
  EXPECT_EQ(parsed.response.body, "{\"Item\":{}}");
}

TEST(Http1ResponseParserTest, AcceptsBareLineFeedsAndAnEmptyReason) {
  Parsed parsed = parse("HTTP/1.1 204\nX-A: 1\n\n");

  EXPECT_EQ(parsed.response.status, 204);
  EXPECT_THAT(parsed.response.headers, ElementsAre(Pair("X-A", "1")));
}

TEST(Http1ResponseParserTest, HasNoBodyForHeadOr204Or304) {
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n";

  EXPECT_EQ(parse(head, /*head_request=*/true).response.body, "");
  EXPECT_EQ(parse(head, true).used, head.size());
  EXPECT_TRUE(parse(head, true).keep_alive);
  EXPECT_EQ(parse("HTTP/1.1 204 No Content\r\n\r\n").used, 27u);
  EXPECT_EQ(parse("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n").response.body,
            "");
}

TEST(Http1ResponseParserTest, KeepsTheConnectionOnlyWhenHttpAllowsIt) {
  EXPECT_FALSE(
      parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keep_alive);
  EXPECT_FALSE(parse("HTTP/1.1 200 OK\r\nconnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n")
                   .keep_alive);
  EXPECT_FALSE(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
  EXPECT_TRUE(
      parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keep_alive);
  // A length beside the chunked coding: read by the coding, then trust the connection no more.
  EXPECT_FALSE(
      parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
          .keep_alive);
}

TEST(Http1ResponseParserTest, ReadsABodyWithoutLengthToTheEndOfTheConnection) {
  Http1ResponseParser parser(false);
  parser.feed("HTTP/1.1 200 OK\r\n\r\npart one, ");
  parser.feed("part two");
  ASSERT_FALSE(parser.done());

  EXPECT_TRUE(parser.finishAtEndOfConnection());
  EXPECT_FALSE(parser.keepAlive());
  EXPECT_EQ(parser.takeResponse().body, "part one, part two");
}

TEST(Http1ResponseParserTest, IsIncompleteWhenTheConnectionEndsEarly) {
  for (std::string truncated : {std::string(), std::string("HTTP/1.1 200 OK\r\nContent-Le"),
                                kLengthResponse.substr(0, kLengthResponse.size() - 1),
                                kCases[1].bytes.substr(0, kCases[1].bytes.size() - 2)}) {
    Http1ResponseParser parser(false);
    parser.feed(truncated);

    EXPECT_FALSE(parser.finishAtEndOfConnection()) << truncated;
    EXPECT_EQ(parser.started(), !truncated.empty());
  }
}

TEST(Http1ResponseParserTest, RefusesMalformedStatusLines) {
  for (const char* line :
       {"HTTP/2 200 OK\r\n", "HTTP/1.1 20 OK\r\n", "HTTP/1.1 2x0 OK\r\n", "HTTP/1.1 200OK\r\n",
        "http/1.1 200 OK\r\n", "HTTP/1.1 099 X\r\n", "SSH-2.0-OpenSSH\r\n"}) {
    EXPECT_THAT(failureOf(line), HasSubstr("malformed HTTP response: status line")) << line;
  }
}

TEST(Http1ResponseParserTest, RefusesMalformedHeaderLines) {
  for (const char* line : {"no colon", ": empty name", "Bad Name: x", " folded: x"}) {
    EXPECT_THAT(failureOf(std::string("HTTP/1.1 200 OK\r\n") + line + "\r\n\r\n"),
                HasSubstr("header line"))
        << line;
  }
}

TEST(Http1ResponseParserTest, RefusesBadLengths) {
  const std::string status = "HTTP/1.1 200 OK\r\n";

  EXPECT_THAT(failureOf(status + "Content-Length: -1\r\n\r\n"), HasSubstr("Content-Length \"-1\""));
  EXPECT_THAT(failureOf(status + "Content-Length: 1 2\r\n\r\n"), HasSubstr("Content-Length"));
  EXPECT_THAT(failureOf(status + "Content-Length:\r\n\r\n"), HasSubstr("empty Content-Length"));
  EXPECT_THAT(failureOf(status + "Content-Length: 99999999999999999999999\r\n\r\n"),
              HasSubstr("Content-Length"));
  EXPECT_THAT(failureOf(status + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n"),
              HasSubstr("given twice"));
  EXPECT_EQ(parse(status + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nok").response.body, "ok");
}

TEST(Http1ResponseParserTest, RefusesBadChunking) {
  const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

  EXPECT_THAT(failureOf(head + "xyz\r\n"), HasSubstr("chunk size \"xyz\""));
  EXPECT_THAT(failureOf(head + "\r\n"), HasSubstr("chunk size"));
  EXPECT_THAT(failureOf(head + "1000000000000000\r\n"), HasSubstr("chunk size"));
  EXPECT_THAT(failureOf(head + "2\r\nabc\r\n"), HasSubstr("chunk longer than its size"));
  EXPECT_THAT(failureOf("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
              HasSubstr("Transfer-Encoding \"gzip, chunked\""));
}

TEST(Http1ResponseParserTest, CapsTheHeaderSection) {
  std::string big = "HTTP/1.1 200 OK\r\n";
  while (big.size() <= Http1ResponseParser::kMaxHeaderBytes)
    big += "X-Filler: " + std::string(100, 'f') + "\r\n";

  EXPECT_THAT(failureOf(big), HasSubstr("header section over 65536 bytes"));
  EXPECT_THAT(failureOf("HTTP/1.1 200 OK\r\n" + std::string(70000, 'a')),
              HasSubstr("header section over"));
}

TEST(Http1ResponseParserTest, CapsEmptyLinesBeforeTheStatusLineAsPartOfTheHeaderSection) {
  std::string empty_lines;
  while (empty_lines.size() <= Http1ResponseParser::kMaxHeaderBytes) empty_lines += "\r\n";

  EXPECT_THAT(failureOf(empty_lines + kLengthResponse),
              HasSubstr("header section over 65536 bytes"));
}

// The NetworkError message that parsing `bytes` to the end of the connection gives, with a cap of
// `max_body_bytes` on the body.
std::string failureWithBodyCap(const std::string& bytes, uint64_t max_body_bytes) {
  Http1ResponseParser parser(false, max_body_bytes);
  try {
    for (char c : bytes) parser.feed(std::string_view(&c, 1));
    parser.finishAtEndOfConnection();
  } catch (const NetworkError& error) {
    return error.what();
  }
  return "no error";
}

TEST(Http1ResponseParserTest, CapsTheBodyAt128MiBByDefault) {
  EXPECT_THAT(failureOf("HTTP/1.1 200 OK\r\nContent-Length: 134217729\r\n\r\n"),
              HasSubstr("body of at least 134217729 bytes is over the cap of 134217728 bytes"));
}

TEST(Http1ResponseParserTest, CapsTheBodyHoweverItIsFramed) {
  const std::string status = "HTTP/1.1 200 OK\r\n";
  const std::string chunked = status + "Transfer-Encoding: chunked\r\n\r\n";

  EXPECT_THAT(failureWithBodyCap(status + "Content-Length: 11\r\n\r\n", 10),
              HasSubstr("body of at least 11 bytes is over the cap of 10 bytes"));
  EXPECT_THAT(failureWithBodyCap(chunked + "6\r\nabcdef\r\n5\r\n", 10),
              HasSubstr("body of at least 11 bytes"));
  EXPECT_THAT(failureWithBodyCap(status + "\r\n" + std::string(11, 'b'), 10),
              HasSubstr("body of at least 11 bytes"));
  EXPECT_EQ(failureWithBodyCap(status + "Content-Length: 10\r\n\r\n" + std::string(10, 'b'), 10),
            "no error");
  EXPECT_EQ(failureWithBodyCap(chunked + "6\r\nabcdef\r\n4\r\nghij\r\n0\r\n\r\n", 10), "no error");
  EXPECT_EQ(failureWithBodyCap(status + "\r\n" + std::string(10, 'b'), 10), "no error");
}

TEST(Http1ResponseParserTest, CapsTrailersAndChunkSizeLines) {
  const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

  EXPECT_THAT(failureOf(head + "1;" + std::string(70000, 'e')), HasSubstr("chunk-size line over"));
  EXPECT_THAT(failureOf(head + "0\r\nX-T: " + std::string(70000, 't')),
              HasSubstr("header section over"));
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
