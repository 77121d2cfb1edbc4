#include "bench_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace bench {

namespace dynamodb = flamingock::dynamodb;

std::string sourceDir() { return FLAMINGOCK_SOURCE_DIR; }

std::string option(int argc, char** argv, std::string_view name, std::string fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  return fallback;
}

int intOption(int argc, char** argv, std::string_view name, int fallback) {
  return std::stoi(option(argc, argv, name, std::to_string(fallback)));
}

bool flag(int argc, char** argv, std::string_view name) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i] == name) return true;
  }
  return false;
}

std::string runCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::string output;
  std::array<char, 4096> buffer;
  while (std::size_t read = fread(buffer.data(), 1, buffer.size(), pipe)) {
    output.append(buffer.data(), read);
  }
  int status = pclose(pipe);
  if (status != 0) {
    throw std::runtime_error("command failed (status " + std::to_string(WEXITSTATUS(status)) +
                             "): " + command);
  }
  return output;
}

LocalServer::LocalServer(std::string endpoint, std::string state_dir)
    : endpoint_(std::move(endpoint)), state_dir_(std::move(state_dir)) {}

LocalServer LocalServer::fromArguments(int argc, char** argv) {
  std::string endpoint = option(argc, argv, "--endpoint", "");
  if (!endpoint.empty()) return LocalServer(endpoint, "");
  // A state directory of our own, so this server is stopped by its own PID and no other.
  std::string state_dir = "/tmp/flamingock-bench-" + std::to_string(getpid());
  std::string output = runCommand(sourceDir() + "/tools/local-dynamodb start " + state_dir);
  output.erase(output.find_last_not_of("\r\n") + 1);
  return LocalServer(output.substr(output.rfind('\n') + 1), state_dir);
}

LocalServer::LocalServer(LocalServer&& other) noexcept
    : endpoint_(std::move(other.endpoint_)), state_dir_(std::exchange(other.state_dir_, "")) {}

LocalServer::~LocalServer() {
  if (state_dir_.empty()) return;
  std::string command = sourceDir() + "/tools/local-dynamodb stop " + state_dir_;
  if (std::system(command.c_str()) != 0) {
    fprintf(stderr, "could not stop the local server of %s\n", state_dir_.c_str());
  }
}

double jsonNumber(std::string_view json, std::string_view key) {
  std::string quoted(1, '"');
  quoted.append(key).append("\":");
  std::size_t at = json.find(quoted);
  if (at == std::string_view::npos) {
    throw std::runtime_error("no \"" + std::string(key) + "\" in: " + std::string(json));
  }
  std::size_t begin = json.find_first_not_of(' ', at + quoted.size());
  double value = 0;
  auto [end, error] = std::from_chars(json.data() + begin, json.data() + json.size(), value);
  if (error != std::errc()) throw std::runtime_error("not a number after " + quoted);
  return value;
}

dynamodb::ClientConfig localConfig(const std::string& endpoint) {
  dynamodb::ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = endpoint;
  config.credentials =
      dynamodb::staticCredentials({.access_key_id = "bench", .secret_access_key = "bench"});
  config.max_connections = 1;
  return config;
}

void createKeyTable(const dynamodb::Client& client, const std::string& table,
                    const std::string& key_attribute) {
  client.createTable({.table_name = table,
                      .attribute_definitions = {{.attribute_name = key_attribute}},
                      .key_schema = {{.attribute_name = key_attribute}},
                      .billing_mode = dynamodb::BillingMode::kPayPerRequest});
  client.waitForTableActive(table);
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string ratio(double numerator, double denominator) {
  std::ostringstream text;
  text.precision(2);
  text << std::fixed << numerator / denominator << "x";
  return text.str();
}

std::string loadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return "load average " + one + " " + five + " " + fifteen;
}

}  // namespace bench
