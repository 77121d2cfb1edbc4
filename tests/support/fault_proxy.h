// An HTTP proxy on 127.0.0.1 in front of DynamoDB Local that spoils chosen answers, for the
// client's fault tests: error statuses with HTML or empty bodies, throttling errors, dropped
// connections, corrupted bodies (CRC32 mismatch) and answers slower than the client waits.
//
//   flamingock::test::FaultProxy proxy(flamingock::test::localDynamoDbEndpoint());
//   proxy.inject(FaultProxy::Fault::Throttling, 2);   // the next two requests are throttled
//   config.endpoint = proxy.url();
//   client.putItem(...);                              // retried twice, then forwarded
//   EXPECT_EQ(proxy.requestCount(), 3);
//
// Requests are forwarded with the client library's own transport. Safe to use from several
// threads.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "dynamodb/http_transport.h"
#include "support/loopback_http_server.h"

namespace flamingock::test {

class FaultProxy {
 public:
  enum class Fault {
    InternalErrorHtml,              // 500 with an HTML page, not forwarded
    ServiceUnavailableEmpty,        // 503 with no body, not forwarded
    Throttling,                     // 400 ThrottlingException, not forwarded
    ProvisionedThroughputExceeded,  // 400 ProvisionedThroughputExceededException, not forwarded
    Drop,                           // the connection closes without an answer, not forwarded
    CorruptBody,                    // forwarded; one byte of the answer's body flipped
    Slow,                           // forwarded; the answer held back for slow_delay
  };

  explicit FaultProxy(std::string upstream,
                      std::chrono::milliseconds slow_delay = std::chrono::milliseconds(1500));

  std::string url() const { return server_->url(); }

  // The next `count` requests meet `fault`; later ones are forwarded untouched.
  void inject(Fault fault, int count = 1);

  int requestCount() const { return static_cast<int>(server_->requests().size()); }

 private:
  LoopbackHttpServer::Response handle(const LoopbackHttpServer::Request& request);
  LoopbackHttpServer::Response forward(const LoopbackHttpServer::Request& request);
  bool takeFault(Fault& fault);

  std::string upstream_;
  std::chrono::milliseconds slow_delay_;
  std::shared_ptr<flamingock::dynamodb::detail::HttpTransport> transport_;
  std::mutex mutex_;
  std::deque<Fault> faults_;
  std::unique_ptr<LoopbackHttpServer> server_;  // last: its threads use everything above
};

}  // namespace flamingock::test
