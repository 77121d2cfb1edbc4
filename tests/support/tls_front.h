// A TLS terminating front on 127.0.0.1 for tests of the client over HTTPS: it accepts TLS with a
// certificate for 127.0.0.1 and localhost signed by a CA of its own, and forwards the decrypted
// bytes, both ways, to a plain TCP upstream such as DynamoDB Local.
//
//   flamingock::test::TlsFront front(flamingock::test::localDynamoDbEndpoint());
//   config.endpoint = front.url();              // https://127.0.0.1:PORT
//   config.ca_bundle = front.caBundle();        // trusts the front's CA
//   client.describeTable(...);
//   EXPECT_EQ(front.handshakes(), 1);
//
// The CA and the certificate are made at construction with the `openssl` command, in a temporary
// directory removed with the front; nothing is committed. strangerCaBundle() is a second CA that
// signed nothing the front shows, for tests of an untrusted certificate. Each connection is served
// by its own thread (LoopbackListener); the destructor closes them all. The constructor ignores
// SIGPIPE in the whole process, as a write to a client that hung up must not end the test.
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "support/loopback_listener.h"
#include "support/scoped_environment.h"

namespace flamingock::test {

class TlsFront {
 public:
  // `upstream` is "http://127.0.0.1:PORT" (or any http:// URL with an IPv4 host and a port).
  explicit TlsFront(const std::string& upstream);
  ~TlsFront() { listener_->stop(); }
  TlsFront(const TlsFront&) = delete;
  TlsFront& operator=(const TlsFront&) = delete;

  std::string url() const { return "https://127.0.0.1:" + std::to_string(listener_->port()); }
  // PEM file of the CA that signed the front's certificate.
  const std::string& caBundle() const { return ca_bundle_; }
  // PEM file of a CA that signed nothing the front shows.
  const std::string& strangerCaBundle() const { return stranger_ca_bundle_; }

  // TCP connections accepted so far, whether or not their handshake succeeded.
  int acceptedConnections() const { return listener_->acceptedConnections(); }
  // TLS handshakes completed so far (full or resumed): one per connection a client kept.
  int handshakes() const { return handshakes_.load(); }
  // The application protocols (ALPN) the last handshake's client offered, comma-separated; empty
  // when it offered none.
  std::string offeredProtocols() const;

 private:
  struct ContextDeleter {
    void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
  };

  void makeCertificates();
  void serve(int client_fd);
  void relay(SSL* ssl, int client_fd, int upstream_fd);

  TemporaryDirectory directory_;
  std::string ca_bundle_;
  std::string stranger_ca_bundle_;
  std::string upstream_host_;
  int upstream_port_ = 0;
  std::unique_ptr<SSL_CTX, ContextDeleter> context_;
  std::atomic<int> handshakes_{0};
  mutable std::mutex mutex_;
  std::string offered_protocols_;
  std::unique_ptr<LoopbackListener> listener_;  // last: its threads use the members above
};

}  // namespace flamingock::test
