// A TLS terminator for the benchmarks, so that clients pay the cost of HTTPS as in production
// against a plain-http DynamoDB Local: `stunnel` in its own process, accepting TLS on a free
// 127.0.0.1 port with a certificate for IP 127.0.0.1 issued by a throwaway CA made at start-up
// (in a temporary directory removed at the end), and forwarding the decrypted bytes to the server.
// A client trusts the CA as a user would (ClientConfig::ca_bundle, AWS_CA_BUNDLE,
// NODE_EXTRA_CA_CERTS).
//
//   bench::TlsTerminator tls(server.endpoint());  // "http://127.0.0.1:8000"
//   config.endpoint = tls.endpoint();             // "https://127.0.0.1:PORT"
//   config.ca_bundle = tls.caFile();
//   int handshakes_before = tls.handshakes();
#pragma once

#include <sys/types.h>

#include <string>

namespace bench {

class TlsTerminator {
 public:
  // Makes the CA and the server certificate with `openssl` and starts stunnel in front of
  // `backend` ("http://host:port"), waiting until it accepts connections. Throws
  // std::runtime_error naming the bad backend, or the step that failed (openssl or stunnel
  // missing or failing, stunnel not listening within 10 s).
  explicit TlsTerminator(const std::string& backend);
  TlsTerminator(const TlsTerminator&) = delete;
  TlsTerminator& operator=(const TlsTerminator&) = delete;
  // Stops stunnel by its own PID and removes the temporary directory.
  ~TlsTerminator();

  // "https://127.0.0.1:PORT".
  const std::string& endpoint() const { return endpoint_; }
  // The throwaway CA's certificate (PEM), the only one that the server's certificate chains to.
  const std::string& caFile() const { return ca_file_; }
  // TLS handshakes that stunnel has completed so far, full or resumed (from its log): one per
  // connection a client opened.
  int handshakes() const;

 private:
  void start(const std::string& backend_address);
  void stop();

  std::string directory_;
  std::string endpoint_;
  std::string ca_file_;
  pid_t pid_ = -1;
};

}  // namespace bench
