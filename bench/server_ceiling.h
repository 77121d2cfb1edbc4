// The server's own ceiling for bench/client_throughput: `wrk` on one kept-alive connection,
// cycling through pre-signed requests as fast as the server answers them, so no client's own cost
// (signing, JSON, an HTTP library's bookkeeping) is in the figure.
//
//   double puts = bench::serverCeiling(endpoint, "PutItem", bodies, std::chrono::seconds(2));
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace bench {

// Requests per second `wrk` gets through one connection (one thread) for `duration`, sending
// `operation` with each of `bodies` in turn, each signed once with the bench credentials. Throws
// std::runtime_error when wrk is missing or any answer is not a 2xx.
double serverCeiling(const std::string& endpoint, const std::string& operation,
                     const std::vector<std::string>& bodies, std::chrono::seconds duration);

}  // namespace bench
