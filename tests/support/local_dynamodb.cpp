#include "support/local_dynamodb.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace flamingock::test {
namespace {

std::string stateDir() {
  return std::string(FLAMINGOCK_BINARY_DIR) + "/local-dynamodb-" + std::to_string(getpid());
}

// The server that ctest's fixture runs for every test process (tests/CMakeLists.txt), if it is up.
std::optional<std::string> sharedServerEndpoint() {
  std::string dir = FLAMINGOCK_TEST_SHARED_DYNAMODB_DIR;
  std::ifstream pid_file(dir + "/pid");
  std::ifstream port_file(dir + "/port");
  pid_t pid = 0;
  int port = 0;
  if (!(pid_file >> pid) || !(port_file >> port) || pid <= 0 || kill(pid, 0) != 0) {
    return std::nullopt;
  }
  return "http://127.0.0.1:" + std::to_string(port);
}

std::string script() { return std::string(FLAMINGOCK_SOURCE_DIR) + "/tools/local-dynamodb"; }

void stopServer() {
  std::string command = script() + " stop '" + stateDir() + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) std::fputs("local-dynamodb: stop failed\n", stderr);
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

std::string runCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::string output;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  if (status != 0) {
    throw std::runtime_error("command failed (status " + std::to_string(status) + "): " + command +
                             "\n" + output);
  }
  return output;
}

const std::string& localDynamoDbEndpoint() {
  static std::once_flag once;
  static std::string endpoint;
  std::call_once(once, [] {
    if (const char* given = std::getenv("FLAMINGOCK_TEST_DYNAMODB_ENDPOINT"); given && *given) {
      endpoint = given;
      return;
    }
    if (auto shared = sharedServerEndpoint()) {
      endpoint = *shared;
      return;
    }
    endpoint = trimmed(runCommand(script() + " start '" + stateDir() + "'"));
    std::atexit(stopServer);
  });
  return endpoint;
}

std::string uniqueTableName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

}  // namespace flamingock::test
