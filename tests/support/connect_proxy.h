// An HTTP proxy on 127.0.0.1 that serves CONNECT only, for tests that a client reaches its server
// through the proxy its environment names: it opens a tunnel to the asked 127.0.0.1 port and
// relays the bytes both ways untouched (plain HTTP or TLS alike), and records what it was asked.
//
//   flamingock::test::ConnectProxy proxy;
//   environment.set("http_proxy", proxy.url());
//   transport->send(...);                       // to http://127.0.0.1:PORT/
//   EXPECT_THAT(proxy.targets(), ElementsAre("127.0.0.1:PORT"));
//
// Any other request, or a target off loopback, is answered 403 and the connection closed. The
// destructor closes every tunnel.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_listener.h"

namespace flamingock::test {

class ConnectProxy {
 public:
  ConnectProxy();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }
  // The "host:port" of each CONNECT request served, in arrival order.
  std::vector<std::string> targets() const;

 private:
  void serve(int client_fd);
  void relay(int client_fd, int upstream_fd);

  mutable std::mutex mutex_;
  std::vector<std::string> targets_;
  LoopbackListener listener_;  // last: its threads use the members above
};

}  // namespace flamingock::test
