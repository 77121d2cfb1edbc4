// The server's own ceiling for the benchmarks (bench/client_throughput, bench/migration_bench):
// `wrk` on kept-alive connections, cycling through pre-signed requests as fast as the server
// answers them, so no client's own cost (signing, JSON, an HTTP library's bookkeeping) is in the
// figure.
//
//   double puts = bench::serverCeiling(endpoint, "PutItem", bodies, std::chrono::seconds(2));
//   double updates = bench::serverCeiling(endpoint, "UpdateItem", bodies, seconds(3), 8);
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace bench {

// Requests per second `wrk` gets through `connections` connections (a thread each) for
// `duration`, sending `operation` with each of `bodies` in turn, each signed once with the bench
// credentials; the connections start at evenly spaced bodies, so that they do not send the same
// one at once. Throws std::runtime_error when wrk is missing or any answer is not a 2xx.
double serverCeiling(const std::string& endpoint, const std::string& operation,
                     const std::vector<std::string>& bodies, std::chrono::seconds duration,
                     int connections = 1);

}  // namespace bench
