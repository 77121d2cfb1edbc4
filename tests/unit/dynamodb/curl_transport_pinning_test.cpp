// A request's resolved_addresses pin its host: the transport connects to one of them, never to
// what the host resolves to at that moment, and a connection opened for one pin serves no request
// with another pin or none.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dynamodb/client/curl_transport.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/error.h"
#include "support/loopback_http_server.h"

namespace flamingock::dynamodb::detail {
namespace {

using test::LoopbackHttpServer;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

LoopbackHttpServer::Response answerOk(const LoopbackHttpServer::Request&) {
  LoopbackHttpServer::Response response;
  response.body = "ok";
  return response;
}

// A GET of http://localhost:PORT/, where the server listens on 127.0.0.1: libcurl resolves
// "localhost" to loopback by itself, so only a pin elsewhere keeps it from reaching the server.
HttpRequest toLocalhost(const LoopbackHttpServer& server,
                        std::vector<std::string> resolved_addresses) {
  HttpRequest request;
  request.method = "GET";
  request.url = "http://localhost:" + std::to_string(server.port()) + "/";
  request.resolved_addresses = std::move(resolved_addresses);
  return request;
}

TEST(CurlTransportPinningTest, ConnectsToThePinnedAddressInsteadOfResolvingTheHost) {
  LoopbackHttpServer server(answerOk);
  auto transport = makeCurlTransport({});

  // Nothing listens on 127.0.0.2, where the host is pinned.
  EXPECT_THROW(transport->send(toLocalhost(server, {"127.0.0.2"})), NetworkError);
  EXPECT_EQ(server.acceptedConnections(), 0);
}

TEST(CurlTransportPinningTest, SendsTheHostOfTheUrlToThePinnedAddress) {
  LoopbackHttpServer server(answerOk);
  auto transport = makeCurlTransport({});
  HttpRequest request;
  request.url = "http://creds.test:" + std::to_string(server.port()) + "/";
  request.resolved_addresses = {"::1", "127.0.0.1"};  // nothing listens on ::1: the next is tried

  EXPECT_EQ(transport->send(request).body, "ok");

  ASSERT_EQ(server.requests().size(), 1u);
  ASSERT_NE(server.requests()[0].header("Host"), nullptr);
  EXPECT_EQ(*server.requests()[0].header("Host"), "creds.test:" + std::to_string(server.port()));
}

TEST(CurlTransportPinningTest, LendsAPinnedConnectionToNoUnpinnedRequest) {
  LoopbackHttpServer server(answerOk);
  auto transport = makeCurlTransport({});

  transport->send(toLocalhost(server, {"127.0.0.1"}));
  transport->send(toLocalhost(server, {}));
  transport->send(toLocalhost(server, {"127.0.0.1"}));  // the pinned connection, kept for the pin

  EXPECT_EQ(server.acceptedConnections(), 2);
}

TEST(CurlTransportPinningTest, LendsAConnectionOpenedWithoutThePinToNoPinnedRequest) {
  LoopbackHttpServer server(answerOk);
  auto transport = makeCurlTransport({});
  transport->send(toLocalhost(server, {}));  // kept, connected to where localhost resolved

  EXPECT_THROW(transport->send(toLocalhost(server, {"127.0.0.2"})), NetworkError);
  EXPECT_EQ(server.acceptedConnections(), 1);
}

TEST(CurlTransportPinningTest, RefusesAPinThatIsNotAnIpAddress) {
  LoopbackHttpServer server(answerOk);
  auto transport = makeCurlTransport({});

  EXPECT_THAT(
      [&] { transport->send(toLocalhost(server, {"127.0.0.1,192.0.2.1"})); },
      ThrowsMessage<ConfigurationError>(AllOf(HasSubstr("resolved address '127.0.0.1,192.0.2.1'"),
                                              HasSubstr("is not an IP address"))));
  EXPECT_EQ(server.acceptedConnections(), 0);
}

TEST(CurlTransportPinningTest, RefusesToPinAHostThatIsAnAddress) {
  auto transport = makeCurlTransport({});
  HttpRequest request;
  request.url = "http://[::1]:1/";
  request.resolved_addresses = {"::1"};

  EXPECT_THAT([&] { transport->send(request); },
              ThrowsMessage<ConfigurationError>(
                  AllOf(HasSubstr("'http://[::1]:1'"), HasSubstr("its host is an address"))));
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
