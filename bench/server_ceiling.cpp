#include "server_ceiling.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "bench_support.h"
#include "dynamodb/client/sigv4.h"

namespace bench {
namespace {

namespace detail = flamingock::dynamodb::detail;

// The whole HTTP/1.1 request as it goes on the wire, signed now (valid for minutes, enough).
std::string signedRawRequest(const std::string& endpoint, const std::string& operation,
                             const std::string& body) {
  flamingock::dynamodb::HttpRequest request;
  request.url = endpoint + "/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810." + operation}};
  request.body = body;
  detail::signRequest(request, {.access_key_id = "bench", .secret_access_key = "bench"},
                      {.region = "us-east-1"}, std::chrono::system_clock::now());
  std::string raw = "POST / HTTP/1.1\r\n";
  for (const auto& [name, value] : request.headers) raw += name + ": " + value + "\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return raw;
}

// A Lua long bracket that the text cannot close early.
std::string luaLiteral(const std::string& text) {
  std::string level;
  while (text.find("]" + level + "]") != std::string::npos) level += '=';
  return "[" + level + "[" + text + "]" + level + "]";
}

double requestsPerSecond(const std::string& wrk_output) {
  if (wrk_output.find("Non-2xx or 3xx responses") != std::string::npos) {
    throw std::runtime_error("wrk got error answers:\n" + wrk_output);
  }
  size_t at = wrk_output.find("Requests/sec:");
  if (at == std::string::npos) throw std::runtime_error("unexpected wrk output:\n" + wrk_output);
  return std::stod(wrk_output.substr(at + 13));
}

}  // namespace

double serverCeiling(const std::string& endpoint, const std::string& operation,
                     const std::vector<std::string>& bodies, std::chrono::seconds duration,
                     int connections) {
  if (connections < 1 || bodies.empty()) {
    throw std::runtime_error("serverCeiling: " + std::to_string(connections) + " connections and " +
                             std::to_string(bodies.size()) +
                             " bodies; it needs at least one of each");
  }
  std::string script_path = "/tmp/flamingock-bench-wrk-" + std::to_string(getpid()) + ".lua";
  {
    // The raw bytes of the signed requests, sent in turn on the same connection.
    std::ofstream script(script_path);
    script << "local requests = {\n";
    for (const std::string& body : bodies) {
      script << luaLiteral(signedRawRequest(endpoint, operation, body)) << ",\n";
    }
    // setup() runs once per thread before it starts; `at` is then a global of that thread.
    script << "}\nlocal threads = 0\n"
           << "setup = function(thread)\n"
           << "  thread:set(\"at\", threads * " << bodies.size() / connections << ")\n"
           << "  threads = threads + 1\n"
           << "end\n"
           << "request = function()\n"
           << "  at = at % #requests + 1\n"
           << "  return requests[at]\n"
           << "end\n";
  }
  std::string output;
  try {
    std::string count = std::to_string(connections);
    output =
        runCommand("wrk -t" + count + " -c" + count + " -d" + std::to_string(duration.count()) +
                   "s -s " + script_path + " " + endpoint + "/ 2>&1");
  } catch (...) {
    std::remove(script_path.c_str());
    throw;
  }
  std::remove(script_path.c_str());
  return requestsPerSecond(output);
}

}  // namespace bench
