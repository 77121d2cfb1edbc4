// How the transport ends an exchange that went wrong: a request that may have reached the server
// is never sent again by the transport itself, an answer that came before the request was all
// written is read, and an answer too large to hold is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <string>

#include "dynamodb/client/curl_transport.h"
#include "dynamodb/client/http1_response_parser.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/credentials.h"
#include "flamingock/dynamodb/error.h"
#include "support/loopback_http_server.h"
#include "support/loopback_listener.h"

namespace flamingock::dynamodb::detail {
namespace {

using test::LoopbackHttpServer;
using ::testing::HasSubstr;

HttpRequest post(const std::string& url, std::string body = "") {
  HttpRequest request;
  request.url = url + "/";
  request.body = std::move(body);
  return request;
}

ClientConfig clientConfig(const std::string& endpoint) {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = endpoint;
  config.credentials = staticCredentials({"AKIDTEST", "secret", "", std::nullopt});
  return config;
}

// Answers the first request it reads and closes the connection on every later one, after reading
// it whole and without answering.
LoopbackHttpServer::Handler answerOnlyTheFirst(const std::string& body) {
  auto received = std::make_shared<std::atomic<int>>(0);
  return [received, body](const LoopbackHttpServer::Request&) {
    LoopbackHttpServer::Response response;
    response.body = body;
    response.drop = ++*received > 1;
    return response;
  };
}

// The server read the whole request, so it may have executed it: sent again, an UpdateItem ADD
// could apply twice. Whether to try again is the retry policy's call, not the transport's.
TEST(CurlTransportFailureTest, NeverResendsARequestAKeptConnectionClosedOnWithoutAnAnswer) {
  LoopbackHttpServer server(answerOnlyTheFirst("first"));
  auto transport = makeCurlTransport({});
  ASSERT_EQ(transport->send(post(server.url())).body, "first");

  try {
    transport->send(post(server.url()));
    FAIL() << "expected a NetworkError";
  } catch (const TimeoutError&) {
    FAIL() << "a closed connection is not a time-out";
  } catch (const NetworkError& error) {
    EXPECT_THAT(error.what(), HasSubstr("connection closed without an answer"));
  }
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.acceptedConnections(), 1);
}

TEST(CurlTransportFailureTest, WithRetriesOffAnUnansweredUpdateReachesTheServerExactlyOnce) {
  LoopbackHttpServer server(answerOnlyTheFirst("{}"));
  ClientConfig config = clientConfig(server.url());
  config.retry_policy.max_attempts = 1;
  Client client(config);
  UpdateItemRequest add;
  add.table_name = "counters";
  add.key = {{"pk", AttributeValue::string("visits")}};
  add.update_expression = "ADD n :one";
  add.expression_attribute_values = {{":one", AttributeValue::number(1)}};
  client.updateItem(add);

  EXPECT_THROW(client.updateItem(add), NetworkError);
  EXPECT_EQ(server.requests().size(), 2u);
}

// A server that refuses a request by its headers (413, 400) may answer at once and close the
// connection while the body is still being sent, which fails the write. This one does so.
class EarlyAnswerServer {
 public:
  EarlyAnswerServer()
      : listener_([](int fd, int) {
          std::string head;
          char byte = 0;
          while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd, &byte, 1, 0) == 1) {
            head.push_back(byte);
          }
          test::sendAll(fd,
                        "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 9\r\n\r\n"
                        "too large");
        }) {}  // the listener then closes the connection, the body unread

  std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }
  int acceptedConnections() const { return listener_.acceptedConnections(); }

  // More than the socket buffers on both sides can hold, so the write is cut short.
  static constexpr size_t kLargeBody = 64 << 20;

 private:
  test::LoopbackListener listener_;
};

TEST(CurlTransportFailureTest, ReturnsTheAnswerOfAServerThatClosedBeforeTheBodyWasSent) {
  EarlyAnswerServer server;
  auto transport = makeCurlTransport({});

  HttpResponse response =
      transport->send(post(server.url(), std::string(EarlyAnswerServer::kLargeBody, 'x')));

  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, "too large");
}

// The answer, not a broken pipe, reaches the retry policy, which never retries a 4xx like this.
TEST(CurlTransportFailureTest, AClientIsToldOfAnEarly413AtOnce) {
  EarlyAnswerServer server;
  Client client(clientConfig(server.url()));
  PutItemRequest put;
  put.table_name = "t";
  put.item = {{"pk", AttributeValue::string(std::string(EarlyAnswerServer::kLargeBody, 'x'))}};

  try {
    client.putItem(put);
    FAIL() << "expected a DynamoDBError";
  } catch (const DynamoDBError& error) {
    EXPECT_EQ(error.httpStatus(), 413);
  }
  EXPECT_EQ(server.acceptedConnections(), 1);
}

TEST(CurlTransportFailureTest, RefusesAnAnswerOverTheBodyCapNamingTheCap) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.raw = "HTTP/1.1 200 OK\r\nContent-Length: " +
                   std::to_string(Http1ResponseParser::kMaxBodyBytes + 1) + "\r\n\r\n";
    return response;
  });
  auto transport = makeCurlTransport({});

  try {
    transport->send(post(server.url()));
    FAIL() << "expected a NetworkError";
  } catch (const NetworkError& error) {
    EXPECT_THAT(error.what(), HasSubstr("127.0.0.1:" + std::to_string(server.port())));
    EXPECT_THAT(error.what(), HasSubstr("over the cap of 134217728 bytes"));
  }
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
