// What libcurl sets up for the transport's connections: the proxy that the environment names, as
// a CONNECT tunnel for http and https alike, kept for the requests that follow, and none for a
// request pinned to its addresses; and TLS.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dynamodb/client/curl_transport.h"
#include "support/connect_proxy.h"
#include "support/loopback_http_server.h"
#include "support/scoped_environment.h"
#include "support/tls_front.h"

namespace flamingock::dynamodb::detail {
namespace {

using test::ConnectProxy;
using test::LoopbackHttpServer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

LoopbackHttpServer::Response echoBody(const LoopbackHttpServer::Request& request) {
  LoopbackHttpServer::Response response;
  response.body = "got " + request.body;
  return response;
}

HttpRequest post(const std::string& url, std::string body) {
  HttpRequest request;
  request.url = url + "/";
  request.body = std::move(body);
  return request;
}

// The proxy variables libcurl reads, all pointing at `proxy` or unset.
void useProxy(test::ScopedEnvironment& environment, const ConnectProxy& proxy) {
  for (const char* name : {"no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY", "HTTPS_PROXY"}) {
    environment.unset(name);
  }
  environment.set("http_proxy", proxy.url());
  environment.set("https_proxy", proxy.url());
}

TEST(CurlTransportProxyTest, ReachesAnHttpServerThroughTheEnvironmentsProxy) {
  LoopbackHttpServer server(echoBody);
  ConnectProxy proxy;
  test::ScopedEnvironment environment;
  useProxy(environment, proxy);
  auto transport = makeCurlTransport({});

  HttpResponse first = transport->send(post(server.url(), "one"));
  HttpResponse second = transport->send(post(server.url(), "two"));

  EXPECT_EQ(first.body, "got one");
  EXPECT_EQ(second.body, "got two");
  EXPECT_THAT(proxy.targets(), ElementsAre("127.0.0.1:" + std::to_string(server.port())));
  EXPECT_EQ(server.acceptedConnections(), 1);
}

TEST(CurlTransportProxyTest, ReachesAnHttpsServerThroughTheEnvironmentsProxy) {
  LoopbackHttpServer server(echoBody);
  test::TlsFront front(server.url());
  ConnectProxy proxy;
  test::ScopedEnvironment environment;
  useProxy(environment, proxy);
  HttpOptions options;
  options.ca_bundle = front.caBundle();
  auto transport = makeCurlTransport(options);

  HttpResponse first = transport->send(post(front.url(), "one"));
  HttpResponse second = transport->send(post(front.url(), "two"));

  EXPECT_EQ(first.body, "got one");
  EXPECT_EQ(second.body, "got two");
  EXPECT_THAT(proxy.targets(), ElementsAre(front.url().substr(std::string("https://").size())));
  EXPECT_EQ(front.handshakes(), 1);
}

// A pinned request goes to the address checked; a proxy would resolve the host anew.
TEST(CurlTransportProxyTest, ReachesAPinnedAddressDirectlyAndNotThroughTheProxy) {
  LoopbackHttpServer server(echoBody);
  ConnectProxy proxy;
  test::ScopedEnvironment environment;
  useProxy(environment, proxy);
  HttpRequest request = post("http://localhost:" + std::to_string(server.port()), "pinned");
  request.resolved_addresses = {"127.0.0.1"};

  EXPECT_EQ(makeCurlTransport({})->send(request).body, "got pinned");
  EXPECT_THAT(proxy.targets(), IsEmpty());
}

// The transport writes HTTP/1.1 whatever the handshake agreed: it must not let a server pick
// HTTP/2, which libcurl offers by default.
TEST(CurlTransportTlsTest, OffersOnlyHttp11InTheTlsHandshake) {
  LoopbackHttpServer server(echoBody);
  test::TlsFront front(server.url());
  HttpOptions options;
  options.ca_bundle = front.caBundle();
  auto transport = makeCurlTransport(options);

  transport->send(post(front.url(), "one"));

  EXPECT_EQ(front.offeredProtocols(), "http/1.1");
}

}  // namespace
}  // namespace flamingock::dynamodb::detail
