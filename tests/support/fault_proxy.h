// An HTTP proxy on 127.0.0.1 in front of DynamoDB Local that spoils chosen answers, for the
// fault tests: error statuses with HTML or empty bodies, throttling errors, dropped connections
// (before or after the request reached the server), corrupted bodies (CRC32 mismatch), answers
// slower than the client waits, and batch writes the server only partly did (UnprocessedItems).
//
//   flamingock::test::FaultProxy proxy(flamingock::test::localDynamoDbEndpoint());
//   proxy.inject(FaultProxy::Fault::Throttling, 2);   // the next two requests are throttled
//   config.endpoint = proxy.url();
//   client.putItem(...);                              // retried twice, then forwarded
//   EXPECT_EQ(proxy.requestCount(), 3);
//
// Faults can also be drawn at random (a share of all requests, reproducible from a seed), or
// aimed at one DynamoDB operation (optionally on one table only), for runs of whole services
// behind the proxy: DropAfterForwarding so aimed makes writes land with their answers lost. A
// request can be delivered late, after a later one (deliverLate), as an attempt stuck in the
// network would be.
//
// Requests are forwarded with the client library's own transport. Safe to use from several
// threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "flamingock/dynamodb/http_transport.h"
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
    Delayed,                        // forwarded; the answer held back for a tenth of slow_delay
    DropAfterForwarding,            // forwarded; the connection closes without the answer
    // A BatchWriteItem: forwarded with the first half (rounded up) of each table's writes; the
    // server's answer comes back with the other half added under UnprocessedItems, as DynamoDB
    // throttles part of a batch. Other operations: forwarded untouched.
    PartlyUnprocessed,
    // 400 TransactionInProgressException, not forwarded: what DynamoDB answers a transaction
    // whose ClientRequestToken belongs to one still running.
    TransactionInProgress,
  };

  explicit FaultProxy(std::string upstream,
                      std::chrono::milliseconds slow_delay = std::chrono::milliseconds(1500));
  // Releases requests still held for late delivery, unforwarded.
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::string url() const { return server_->url(); }

  // The next `count` requests meet `fault`; later ones are forwarded untouched.
  void inject(Fault fault, int count = 1);

  // From now on each request that has no queued fault meets, with probability `rate`, one of
  // `faults` picked uniformly; the draws come from a generator seeded with `seed`, so a run that
  // failed can be replayed with the same sequence of draws.
  void injectAtRandom(double rate, std::vector<Fault> faults, std::uint64_t seed);

  // Which requests a rule aims at.
  struct Aim {
    std::string operation;           // as X-Amz-Target names it: "TransactWriteItems"
    std::string table = "";          // only requests naming this table; any when empty
    std::string body_contains = "";  // only requests whose body holds this text; any when empty
  };

  // From now on every request that `aim` matches meets `fault`, before any other rule; the
  // earliest matching rule wins. With a `count` (positive), only the next `count` such requests.
  //
  //   proxy.injectOn({"TransactWriteItems", "audit"}, Fault::DropAfterForwarding);  // lost answers
  //   proxy.injectOn({"BatchWriteItem"}, Fault::PartlyUnprocessed, 2);  // the next two batches
  void injectOn(Aim aim, Fault fault, std::optional<int> count = std::nullopt);
  // injectOn({operation}, fault).
  void injectOnOperation(std::string operation, Fault fault);

  // The next request that `late` matches waits, unforwarded, until the server has answered a
  // request that `after` matches; it is forwarded then, before that answer goes back, and its own
  // connection closes without an answer (its client has given up on it by then). Checked before
  // every other rule; later requests that `late` matches meet those.
  //
  //   proxy.deliverLate({"TransactWriteItems", data_table}, {"GetItem", audit_table});
  void deliverLate(Aim late, Aim after);
  // How many requests held by deliverLate have reached the server.
  int deliveredLateCount() const;

  // From now on the body of every answer forwarded from the server passes through `rewrite`, with
  // the request it answers, before it goes back (its x-amz-crc32 set anew): an answer DynamoDB
  // Local cannot give, such as a global table's DescribeTable.
  using Rewrite = std::function<void(const LoopbackHttpServer::Request&, std::string& body)>;
  void rewriteAnswers(Rewrite rewrite);

  int requestCount() const { return static_cast<int>(server_->requests().size()); }
  // How many requests for `operation` ("Scan") arrived so far, of those whose body holds
  // `body_contains` when it is not empty.
  int requestCount(std::string_view operation, std::string_view body_contains = "") const;
  // How many requests met a fault so far.
  int faultCount() const;

 private:
  LoopbackHttpServer::Response handle(const LoopbackHttpServer::Request& request);
  LoopbackHttpServer::Response forward(const LoopbackHttpServer::Request& request);
  // Fault::PartlyUnprocessed for a BatchWriteItem.
  LoopbackHttpServer::Response forwardHalfOfBatch(const LoopbackHttpServer::Request& request);
  // The fault `request` meets, if any, by the rules above; counts it.
  bool takeFault(const LoopbackHttpServer::Request& request, Fault& fault);
  // `request` met its faults (if any); the answer to it.
  LoopbackHttpServer::Response answer(const LoopbackHttpServer::Request& request);
  // Holds `request` until it is delivered late, if a deliverLate rule takes it.
  bool heldForLateDelivery(const LoopbackHttpServer::Request& request);
  // Forwards the held requests that wait for `answered`.
  void deliverHeldAfter(const LoopbackHttpServer::Request& answered);

  std::string upstream_;
  std::chrono::milliseconds slow_delay_;
  std::shared_ptr<flamingock::dynamodb::HttpTransport> transport_;
  mutable std::mutex mutex_;
  std::deque<Fault> faults_;
  struct AimedFault {
    Aim aim;
    Fault fault;
    std::optional<int> left;  // requests it still meets; every matching one when empty
  };
  std::vector<AimedFault> aimed_faults_;
  struct LateDelivery {
    Aim late;
    Aim after;
    std::optional<LoopbackHttpServer::Request> held;  // once a request is taken
    bool delivered = false;                           // forwarded, or on its way
  };
  std::list<LateDelivery> late_deliveries_;  // a list: a holder keeps a reference to its own
  int delivered_late_ = 0;
  bool closing_ = false;
  std::condition_variable late_delivered_;
  double random_rate_ = 0;
  std::vector<Fault> random_faults_;
  std::mt19937_64 random_;
  int fault_count_ = 0;
  Rewrite rewrite_;
  std::unique_ptr<LoopbackHttpServer> server_;  // last: its threads use everything above
};

}  // namespace flamingock::test
