// A loopback HTTP/1.1 proxy that forwards every byte to DynamoDB Local unchanged and counts the
// requests by operation (X-Amz-Target), so a benchmark can see how many requests the engine sent
// without help from the code under test. Point a client's endpoint at endpoint().
//
//   bench::CountingProxy proxy("http://127.0.0.1:8000");
//   Client client(bench::localConfig(proxy.endpoint()));
//   ...
//   RequestCounts counts = proxy.takeCounts();   // {"Scan": 5, "PutItem": 1}
//
// Requests are counted when their headers have arrived, before they are forwarded: a request
// whose answer the client has is in the counts. Safe to read from any thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bench {

// Requests by DynamoDB operation name.
using RequestCounts = std::map<std::string, long>;

long total(const RequestCounts& counts);
// "Scan 5, PutItem 1".
std::string describe(const RequestCounts& counts);

class CountingProxy {
 public:
  // Listens on a free 127.0.0.1 port; `upstream` is http://127.0.0.1:PORT.
  explicit CountingProxy(const std::string& upstream);
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;
  // Closes every connection.
  ~CountingProxy();

  std::string endpoint() const;
  // The counts since the last call, which starts counting afresh.
  RequestCounts takeCounts();
  // The bytes of the server's answers (heads and bodies) since the last call, likewise.
  long takeAnswerBytes();

 private:
  void acceptLoop();
  void countRequests(int from_client, int to_upstream);
  void count(const std::string& operation);

  int listener_ = -1;
  int port_ = 0;
  int upstream_port_ = 0;
  std::thread acceptor_;
  std::mutex mutex_;  // guards everything below
  RequestCounts counts_;
  std::vector<int> sockets_;
  std::vector<std::thread> pumps_;
  bool closing_ = false;
  std::atomic<long> answer_bytes_{0};
};

}  // namespace bench
