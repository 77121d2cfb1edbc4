#include "tls_terminator.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "bench_support.h"

extern char** environ;

namespace bench {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr std::string_view kHandshakeLine = "TLS accepted:";  // "new session" or "reused"
constexpr std::string_view kListeningLine = "Accepting new connections";  // after every bind

// "host:port" of an "http://host:port" URL.
std::string backendAddress(const std::string& backend) {
  constexpr std::string_view kScheme = "http://";
  std::string address = backend.starts_with(kScheme) ? backend.substr(kScheme.size()) : "";
  if (address.ends_with('/')) address.pop_back();
  if (address.find(':') == std::string::npos || address.find_first_of("/@") != std::string::npos) {
    throw std::runtime_error("TlsTerminator: backend '" + backend +
                             "' is not an http://host:port URL");
  }
  return address;
}

// A port free on 127.0.0.1 now (the kernel's pick), for stunnel to bind.
int freePort() {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  bool bound = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
               getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  int error = errno;
  if (fd >= 0) close(fd);
  if (!bound) {
    throw std::runtime_error(std::string("TlsTerminator: no free port on 127.0.0.1: ") +
                             strerror(error));
  }
  return ntohs(address.sin_port);
}

std::string fileText(const std::string& path) {
  std::ifstream file(path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// A CA and a server certificate for IP 127.0.0.1 signed by it, RSA 2048 as AWS's endpoints use,
// valid for a day (longer than any run). openssl's chatter is shown only when it fails.
void makeCertificates(const std::string& directory) {
  std::ofstream(directory + "/server.ext")
      << "subjectAltName = IP:127.0.0.1\n"
         "basicConstraints = CA:FALSE\n"
         "keyUsage = critical, digitalSignature, keyEncipherment\n"
         "extendedKeyUsage = serverAuth\n"
         "subjectKeyIdentifier = hash\n"
         "authorityKeyIdentifier = keyid, issuer\n";
  runCommand("cd '" + directory +
             "' && { openssl req -x509 -newkey rsa:2048 -nodes -days 1"
             " -subj '/CN=flamingock bench CA' -addext 'keyUsage = critical, keyCertSign'"
             " -keyout ca.key -out ca.pem"
             " && openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1'"
             " -keyout server.key -out server.csr"
             " && openssl x509 -req -days 1 -in server.csr -CA ca.pem -CAkey ca.key"
             " -CAcreateserial -extfile server.ext -out server.pem;"
             " } >openssl.log 2>&1 || { cat openssl.log >&2; exit 1; }");
}

void writeConfig(const std::string& directory, int port, const std::string& backend_address) {
  std::ofstream(directory + "/stunnel.conf")
      << "foreground = yes\n"  // a child of ours, stopped by its PID
      << "pid =\n"
      << "syslog = no\n"
      << "debug = info\n"  // logs each handshake, which handshakes() counts
      // No Nagle delay on small requests and answers, as the clients and the server have.
      << "socket = l:TCP_NODELAY=1\n"
      << "socket = r:TCP_NODELAY=1\n"
      << "[dynamodb]\n"
      << "accept = 127.0.0.1:" << port << "\n"
      << "connect = " << backend_address << "\n"
      << "cert = " << directory << "/server.pem\n"
      << "key = " << directory << "/server.key\n";
}

}  // namespace

TlsTerminator::TlsTerminator(const std::string& backend) {
  std::string backend_address = backendAddress(backend);
  std::string pattern = "/tmp/flamingock-bench-tls-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("TlsTerminator: cannot make a directory like " + pattern + ": " +
                             strerror(errno));
  }
  directory_ = pattern;
  ca_file_ = directory_ + "/ca.pem";
  try {
    makeCertificates(directory_);
    start(backend_address);
  } catch (...) {
    stop();
    throw;
  }
}

TlsTerminator::~TlsTerminator() { stop(); }

void TlsTerminator::start(const std::string& backend_address) {
  int port = freePort();
  writeConfig(directory_, port, backend_address);
  const std::string log = directory_ + "/stunnel.log";
  const std::string config = directory_ + "/stunnel.conf";
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  char* arguments[] = {const_cast<char*>("stunnel"), const_cast<char*>(config.c_str()), nullptr};
  int error = posix_spawnp(&pid_, "stunnel", &files, nullptr, arguments, environ);
  posix_spawn_file_actions_destroy(&files);
  if (error != 0) {
    pid_ = -1;
    throw std::runtime_error(std::string("TlsTerminator: cannot run stunnel (Debian's stunnel4, "
                                         "which tools/setup installs): ") +
                             strerror(error));
  }
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (fileText(log).find(kListeningLine) == std::string::npos) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("TlsTerminator: stunnel exited at start; its log:\n" +
                               fileText(log));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("TlsTerminator: stunnel is not listening on 127.0.0.1:" +
                               std::to_string(port) + " after 10 s; its log:\n" + fileText(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  endpoint_ = "https://127.0.0.1:" + std::to_string(port);
}

void TlsTerminator::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::error_code ignored;  // a directory left in /tmp is not worth failing the run for
  std::filesystem::remove_all(directory_, ignored);
}

int TlsTerminator::handshakes() const {
  const std::string log = fileText(directory_ + "/stunnel.log");
  int count = 0;
  for (size_t at = log.find(kHandshakeLine); at != std::string::npos;
       at = log.find(kHandshakeLine, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace bench
