#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <strings.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "dynamodb/client/curl_transport.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/error.h"
#include "support/loopback_http_server.h"

namespace flamingock::dynamodb::detail {
namespace {

using test::LoopbackHttpServer;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

LoopbackHttpServer::Response echoPath(const LoopbackHttpServer::Request& request) {
  LoopbackHttpServer::Response response;
  response.body = request.method + " " + request.target + " " + request.body;
  return response;
}

HttpRequest makeRequest(std::string method, std::string url, std::string body = "",
                        HttpHeaders headers = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  request.headers = std::move(headers);
  return request;
}

HttpOptions shortTimeouts() {
  HttpOptions options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.request_timeout = std::chrono::milliseconds(300);
  return options;
}

TEST(CurlTransportTest, ReturnsStatusHeadersAndBody) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.status = 400;
    response.headers = {{"X-Amzn-RequestId", "abc"}, {"Content-Type", "application/json"}};
    response.body = R"({"__type":"x"})";
    return response;
  });
  auto transport = makeCurlTransport({});

  HttpResponse response = transport->send(makeRequest("POST", server.url() + "/"));

  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"__type":"x"})");
  ASSERT_NE(response.header("x-amzn-requestid"), nullptr);
  EXPECT_EQ(*response.header("x-amzn-requestid"), "abc");
}

TEST(CurlTransportTest, SendsMethodTargetHeadersAndBody) {
  LoopbackHttpServer server(echoPath);
  auto transport = makeCurlTransport({});

  HttpResponse response =
      transport->send(makeRequest("PUT", server.url() + "/latest/api/token?a=1", "payload",
                                  {{"X-Custom", "v"}, {"X-Empty", ""}}));

  EXPECT_EQ(response.body, "PUT /latest/api/token?a=1 payload");
  LoopbackHttpServer::Request received = server.requests().at(0);
  EXPECT_THAT(received.headers, Contains(Pair("X-Custom", "v")));
  EXPECT_THAT(received.headers, Contains(Pair("X-Empty", "")));
}

TEST(CurlTransportTest, AddsNoContentTypeOrExpectOfItsOwn) {
  LoopbackHttpServer server(echoPath);
  auto transport = makeCurlTransport({});

  transport->send(makeRequest("POST", server.url() + "/", std::string(4096, 'x')));

  LoopbackHttpServer::Request received = server.requests().at(0);
  EXPECT_EQ(received.header("Content-Type"), nullptr);
  EXPECT_EQ(received.header("Expect"), nullptr);
  EXPECT_EQ(received.body.size(), 4096u);
}

TEST(CurlTransportTest, SendsGetWithoutBody) {
  LoopbackHttpServer server(echoPath);
  auto transport = makeCurlTransport({});

  HttpResponse response = transport->send(makeRequest("GET", server.url() + "/role"));

  EXPECT_EQ(response.body, "GET /role ");
}

TEST(CurlTransportTest, ReusesOneConnectionForSequentialRequests) {
  LoopbackHttpServer server(echoPath);
  auto transport = makeCurlTransport({});

  for (int i = 0; i < 10; ++i) {
    transport->send(makeRequest("POST", server.url() + "/", std::to_string(i)));
  }

  EXPECT_EQ(server.acceptedConnections(), 1);
  EXPECT_EQ(server.requests().size(), 10u);
}

// A pooled handle keeps its settings between requests: nothing of one request (method, body,
// headers, URL, status, answer) may carry over to the next on the same handle.
TEST(CurlTransportTest, OneKeptHandleCarriesNothingFromOneRequestToTheNext) {
  int answered = 0;
  LoopbackHttpServer server([&answered](const LoopbackHttpServer::Request& request) {
    LoopbackHttpServer::Response response = echoPath(request);
    if (request.method == "HEAD") response.body.clear();  // a HEAD answer has no body
    if (++answered == 1) {
      response.status = 404;
      response.headers = {{"X-First", "only"}};
    }
    return response;
  });
  auto transport = makeCurlTransport({});

  HttpResponse first = transport->send(
      makeRequest("PUT", server.url() + "/one?q=1", "first body", {{"X-Once", "1"}}));
  HttpResponse get = transport->send(makeRequest("GET", server.url() + "/two"));
  HttpResponse head = transport->send(makeRequest("HEAD", server.url() + "/three"));
  HttpResponse post = transport->send(makeRequest("POST", server.url() + "/", "last"));

  EXPECT_EQ(first.status, 404);
  EXPECT_EQ(first.body, "PUT /one?q=1 first body");
  EXPECT_NE(first.header("X-First"), nullptr);
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.header("X-First"), nullptr);
  EXPECT_EQ(get.body, "GET /two ");
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(post.body, "POST / last");
  std::vector<LoopbackHttpServer::Request> received = server.requests();
  ASSERT_EQ(received.size(), 4u);
  EXPECT_EQ(received[1].header("X-Once"), nullptr);
  EXPECT_EQ(received[1].body, "");
  EXPECT_EQ(received[2].method, "HEAD");
  EXPECT_EQ(received[3].header("X-Once"), nullptr);
  EXPECT_EQ(server.acceptedConnections(), 1);  // the same handle served all four
}

TEST(CurlTransportTest, ServesSeveralThreadsWithAtMostOneConnectionEach) {
  LoopbackHttpServer server(echoPath);
  auto transport = makeCurlTransport({});
  constexpr int kThreads = 4;
  constexpr int kRequestsPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> correct{0};

  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRequestsPerThread; ++i) {
        std::string body = std::to_string(t) + "-" + std::to_string(i);
        HttpResponse response = transport->send(makeRequest("POST", server.url() + "/", body));
        if (response.body == "POST / " + body) ++correct;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(correct.load(), kThreads * kRequestsPerThread);
  EXPECT_LE(server.acceptedConnections(), kThreads);
}

TEST(CurlTransportTest, SlowAnswerIsTimeoutErrorNamingHostAndPort) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.delay = std::chrono::seconds(10);
    return response;
  });
  auto transport = makeCurlTransport(shortTimeouts());

  try {
    transport->send(makeRequest("POST", server.url() + "/"));
    FAIL() << "expected a TimeoutError";
  } catch (const TimeoutError& error) {
    EXPECT_THAT(error.what(), HasSubstr("127.0.0.1:" + std::to_string(server.port())));
  }
}

TEST(CurlTransportTest, RefusedConnectionIsNetworkErrorButNotTimeout) {
  int closed_port;
  {
    LoopbackHttpServer server(echoPath);
    closed_port = server.port();
  }
  auto transport = makeCurlTransport(shortTimeouts());
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port) + "/";

  try {
    transport->send(makeRequest("POST", url));
    FAIL() << "expected a NetworkError";
  } catch (const TimeoutError&) {
    FAIL() << "a refused connection is not a time-out";
  } catch (const NetworkError& error) {
    EXPECT_THAT(error.what(), HasSubstr("127.0.0.1:" + std::to_string(closed_port)));
  }
}

TEST(CurlTransportTest, ConnectionClosedWithoutAnswerIsNetworkError) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.drop = true;
    return response;
  });
  auto transport = makeCurlTransport(shortTimeouts());

  EXPECT_THROW(transport->send(makeRequest("POST", server.url() + "/")), NetworkError);
}

TEST(CurlTransportTest, RecoversAfterServerClosedAKeptConnection) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.close_after = true;
    response.body = "ok";
    return response;
  });
  auto transport = makeCurlTransport({});

  transport->send(makeRequest("POST", server.url() + "/"));
  HttpResponse second = transport->send(makeRequest("POST", server.url() + "/"));

  EXPECT_EQ(second.body, "ok");
  EXPECT_EQ(server.acceptedConnections(), 2);
}

// Waits until the server has closed `count` connections; false when it has not in 10 s.
bool closesConnections(const LoopbackHttpServer& server, int count) {
  for (int waited_ms = 0; server.closedConnections() < count; ++waited_ms) {
    if (waited_ms == 10000) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// The server closes a kept connection without saying so: the transport finds it closed before
// writing the next request, which goes on a new connection.
TEST(CurlTransportTest, OpensANewConnectionWhenAKeptOneWasClosedWhileIdle) {
  int answered = 0;
  LoopbackHttpServer server([&answered](const auto&) {
    LoopbackHttpServer::Response response;
    if (++answered == 1) response.raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst";
    response.body = "second";
    return response;
  });
  auto transport = makeCurlTransport({});

  HttpResponse first = transport->send(makeRequest("POST", server.url() + "/"));
  ASSERT_TRUE(closesConnections(server, 1));
  HttpResponse second = transport->send(makeRequest("POST", server.url() + "/"));

  EXPECT_EQ(first.body, "first");
  EXPECT_EQ(second.body, "second");
  EXPECT_EQ(server.acceptedConnections(), 2);
  EXPECT_EQ(server.requests().size(), 2u);  // the closed connection never saw the second
}

// Once any byte of the answer came, the request reached the server: it is not sent again.
TEST(CurlTransportTest, AnswerCutShortOnAKeptConnectionIsNetworkErrorAndNotResent) {
  int answered = 0;
  LoopbackHttpServer server([&answered](const auto&) {
    LoopbackHttpServer::Response response;
    if (++answered == 2) response.raw = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
    return response;
  });
  auto transport = makeCurlTransport(shortTimeouts());
  transport->send(makeRequest("POST", server.url() + "/"));

  try {
    transport->send(makeRequest("POST", server.url() + "/"));
    FAIL() << "expected a NetworkError";
  } catch (const TimeoutError&) {
    FAIL() << "a closed connection is not a time-out";
  } catch (const NetworkError& error) {
    EXPECT_THAT(error.what(), HasSubstr("closed mid-answer"));
  }
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(CurlTransportTest, ReadsAChunkedAnswer) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.raw =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3;x=y\r\n{\"a\r\n4\r\n\":1}\r\n0\r\nX-Trailer: t\r\n\r\n";
    return response;
  });
  auto transport = makeCurlTransport({});

  HttpResponse response = transport->send(makeRequest("POST", server.url() + "/"));

  EXPECT_EQ(response.body, R"({"a":1})");
}

TEST(CurlTransportTest, MalformedAnswerIsNetworkErrorNamingHostAndPort) {
  LoopbackHttpServer server([](const auto&) {
    LoopbackHttpServer::Response response;
    response.raw = "HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n";
    return response;
  });
  auto transport = makeCurlTransport({});

  try {
    transport->send(makeRequest("POST", server.url() + "/"));
    FAIL() << "expected a NetworkError";
  } catch (const NetworkError& error) {
    EXPECT_THAT(error.what(), HasSubstr("127.0.0.1:" + std::to_string(server.port())));
    EXPECT_THAT(error.what(), HasSubstr("Content-Length \"lots\""));
  }
}

TEST(CurlTransportTest, SendsTheUrlsAuthorityAsHost) {
  LoopbackHttpServer server(echoPath);
  auto transport = makeCurlTransport({});

  transport->send(makeRequest("POST", server.url() + "/path"));
  transport->send(makeRequest("POST", server.url() + "/", "", {{"host", "signed.example"}}));

  std::vector<LoopbackHttpServer::Request> received = server.requests();
  ASSERT_EQ(received.size(), 2u);
  ASSERT_NE(received[0].header("Host"), nullptr);
  EXPECT_EQ(*received[0].header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(*received[1].header("Host"), "signed.example");  // the caller's, not a second one
  auto is_host = [](const auto& header) { return strcasecmp(header.first.c_str(), "Host") == 0; };
  EXPECT_EQ(std::count_if(received[1].headers.begin(), received[1].headers.end(), is_host), 1);
}

TEST(CurlTransportTest, KeepsAConnectionForEachServer) {
  LoopbackHttpServer one(echoPath);
  LoopbackHttpServer two(echoPath);
  auto transport = makeCurlTransport({});

  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(transport->send(makeRequest("POST", one.url() + "/", "1")).body, "POST / 1");
    EXPECT_EQ(transport->send(makeRequest("POST", two.url() + "/", "2")).body, "POST / 2");
  }

  EXPECT_EQ(one.acceptedConnections(), 1);
  EXPECT_EQ(two.acceptedConnections(), 1);
}

TEST(CurlTransportTest, KeepsNoMoreIdleConnectionsThanAllowed) {
  LoopbackHttpServer one(echoPath);
  LoopbackHttpServer two(echoPath);
  HttpOptions options;
  options.max_idle_connections = 1;
  auto transport = makeCurlTransport(options);

  for (int i = 0; i < 3; ++i) {
    transport->send(makeRequest("POST", one.url() + "/"));
    transport->send(makeRequest("POST", two.url() + "/"));
  }

  EXPECT_EQ(one.acceptedConnections(), 3);  // each request pushed the other server's out
  EXPECT_EQ(two.acceptedConnections(), 3);
}

TEST(CurlTransportTest, RefusesAHeaderThatWouldSplitTheRequest) {
  LoopbackHttpServer server(echoPath);
  auto transport = makeCurlTransport({});

  try {
    transport->send(makeRequest("POST", server.url() + "/", "", {{"X-Bad", "a\r\nX-Evil: 1"}}));
    FAIL() << "expected a ConfigurationError";
  } catch (const ConfigurationError& error) {
    EXPECT_THAT(error.what(), HasSubstr("'X-Bad'"));
    EXPECT_THAT(error.what(), Not(HasSubstr("Evil")));  // values may be secrets
  }
  EXPECT_THROW(transport->send(makeRequest("POST", server.url() + "/", "", {{"Bad Name", "v"}})),
               ConfigurationError);
  EXPECT_THROW(transport->send(makeRequest("GE T", server.url() + "/")), ConfigurationError);
  EXPECT_TRUE(server.requests().empty());
}

TEST(CurlTransportTest, RefusesAUrlThatIsNotHttp) {
  auto transport = makeCurlTransport({});

  for (std::string url : {"ftp://127.0.0.1/", "127.0.0.1:8000/", "http:///path"}) {
    try {
      transport->send(makeRequest("POST", url));
      FAIL() << "expected a ConfigurationError for " << url;
    } catch (const ConfigurationError& error) {
      EXPECT_THAT(error.what(), HasSubstr("'" + url + "'"));
    }
  }
}

TEST(CurlTransportTest, RefusesTimeOutsThatAreNotPositive) {
  HttpOptions options;
  options.request_timeout = std::chrono::milliseconds(0);

  try {
    makeCurlTransport(options);
    FAIL() << "expected a ConfigurationError";
  } catch (const ConfigurationError& error) {
    EXPECT_THAT(error.what(), HasSubstr("request 0 ms"));
  }
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
