#include "support/tls_front.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include "support/local_dynamodb.h"

namespace flamingock::test {
namespace {

constexpr int kPollMillis = 100;  // how often a relay looks whether the front is stopping

// Runs `openssl <arguments>` in `directory`; throws with its output when it fails.
void openssl(const std::string& directory, const std::string& arguments) {
  runCommand("cd '" + directory + "' && openssl " + arguments + " 2>&1");
}

// A self-signed CA: `name`.key and `name`.pem in `directory`.
void makeCa(const std::string& directory, const std::string& name) {
  openssl(directory,
          "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
          " -subj '/CN=flamingock test " +
              name + "' -keyout " + name + ".key -out " + name +
              ".pem -addext basicConstraints=critical,CA:TRUE"
              " -addext keyUsage=critical,keyCertSign,cRLSign");
}

}  // namespace

TlsFront::TlsFront(const std::string& upstream) {
  std::signal(SIGPIPE, SIG_IGN);
  const std::string scheme = "http://";
  size_t colon = upstream.rfind(':');
  if (upstream.rfind(scheme, 0) != 0 || colon == std::string::npos || colon < scheme.size()) {
    throw std::invalid_argument("TlsFront upstream '" + upstream + "' is not http://HOST:PORT");
  }
  upstream_host_ = upstream.substr(scheme.size(), colon - scheme.size());
  upstream_port_ = std::stoi(upstream.substr(colon + 1));
  makeCertificates();

  context_.reset(SSL_CTX_new(TLS_server_method()));
  std::string certificate = directory_.path() + "/front.pem";
  std::string key = directory_.path() + "/front.key";
  if (!context_ || SSL_CTX_use_certificate_chain_file(context_.get(), certificate.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(context_.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw std::runtime_error("TlsFront cannot load its certificate " + certificate);
  }

  // Records what a client offers and takes no protocol: the front relays bytes of any.
  SSL_CTX_set_alpn_select_cb(
      context_.get(),
      [](SSL*, const unsigned char**, unsigned char*, const unsigned char* in, unsigned int size,
         void* front) {
        std::string offered;
        for (unsigned int i = 0; i < size; i += 1 + in[i]) {
          if (!offered.empty()) offered += ",";
          offered.append(reinterpret_cast<const char*>(in + i + 1),
                         std::min<unsigned int>(in[i], size - i - 1));
        }
        auto* self = static_cast<TlsFront*>(front);
        std::lock_guard lock(self->mutex_);
        self->offered_protocols_ = offered;
        return SSL_TLSEXT_ERR_NOACK;
      },
      this);

  listener_ = std::make_unique<LoopbackListener>([this](int fd, int) { serve(fd); });
}

std::string TlsFront::offeredProtocols() const {
  std::lock_guard lock(mutex_);
  return offered_protocols_;
}

void TlsFront::makeCertificates() {
  const std::string& dir = directory_.path();
  makeCa(dir, "ca");
  makeCa(dir, "stranger");
  directory_.write("front.ext",
                   "basicConstraints = CA:FALSE\n"
                   "keyUsage = critical, digitalSignature\n"
                   "extendedKeyUsage = serverAuth\n"
                   "subjectAltName = IP:127.0.0.1, DNS:localhost\n");
  openssl(dir,
          "req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1"
          " -keyout front.key -out front.csr");
  openssl(dir,
          "x509 -req -in front.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
          " -extfile front.ext -out front.pem");
  ca_bundle_ = dir + "/ca.pem";
  stranger_ca_bundle_ = dir + "/stranger.pem";
}

void TlsFront::serve(int client_fd) {
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(context_.get()), &SSL_free);
  if (ssl && SSL_set_fd(ssl.get(), client_fd) == 1 && SSL_accept(ssl.get()) == 1) {
    ++handshakes_;
    int upstream_fd = connectTo(upstream_host_, upstream_port_);
    if (upstream_fd >= 0) {
      relay(ssl.get(), client_fd, upstream_fd);
      ::close(upstream_fd);
    }
    SSL_shutdown(ssl.get());
  }
}

void TlsFront::relay(SSL* ssl, int client_fd, int upstream_fd) {
  std::array<char, 16384> buffer;
  while (!listener_->stopping()) {
    bool client_readable = SSL_pending(ssl) > 0;
    if (!client_readable) {
      std::array<pollfd, 2> fds{{{client_fd, POLLIN, 0}, {upstream_fd, POLLIN, 0}}};
      int ready = ::poll(fds.data(), fds.size(), kPollMillis);
      if (ready < 0 && errno != EINTR) return;
      if (ready <= 0) continue;
      if (fds[1].revents != 0) {
        ssize_t got = ::recv(upstream_fd, buffer.data(), buffer.size(), 0);
        if (got <= 0 || SSL_write(ssl, buffer.data(), static_cast<int>(got)) <= 0) return;
      }
      client_readable = fds[0].revents != 0;
    }
    if (client_readable) {
      int got = SSL_read(ssl, buffer.data(), static_cast<int>(buffer.size()));
      if (got <= 0 || !sendAll(upstream_fd, {buffer.data(), static_cast<size_t>(got)})) return;
    }
  }
}

}  // namespace flamingock::test
