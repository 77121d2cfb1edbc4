// Internals of the credential providers of flamingock/dynamodb/credentials.h: the caching base of
// the providers of temporary credentials, and factories that take a transport and a clock so
// tests can serve credentials from a loopback server and move time forward.
//
//   RemoteCredentialsOptions options;
//   options.transport = makeCurlTransport({});
//   options.now = [&] { return fake_now; };
//   auto provider = makeInstanceMetadataCredentials(options);
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/dynamodb/credentials.h"
#include "flamingock/dynamodb/http_transport.h"

namespace flamingock::dynamodb::detail {

using WallClock = std::function<std::chrono::system_clock::time_point()>;

// The addresses a host name resolves to, as text ("127.0.0.1", "::1"). Throws ConfigurationError
// naming the host when it resolves to none.
using HostResolver = std::function<std::vector<std::string>(const std::string& host)>;

struct RemoteCredentialsOptions {
  std::shared_ptr<HttpTransport> transport;       // null: libcurl with the short timeouts below
  WallClock now;                                  // null: the system clock
  HostResolver resolve;                           // null: the system's resolver (getaddrinfo)
  std::chrono::minutes refresh_before_expiry{5};  // fetch again this long before expiry
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{3000};
};

// Keeps the last credentials fetched and fetches again when none are cached or they expire
// within `refresh_before_expiry`. When a refresh fails while the cached credentials still work,
// those are returned. Thread-safe: one thread fetches while the others wait for its result.
class RefreshingCredentialsProvider : public CredentialsProvider {
 public:
  explicit RefreshingCredentialsProvider(const RemoteCredentialsOptions& options);
  Credentials credentials() final;

 protected:
  // Fetches fresh credentials; throws flamingock::ConfigurationError naming where it looked.
  virtual Credentials fetch() = 0;

  // Sends `request`; a failure to get any answer becomes a ConfigurationError that names
  // `source` and the reason, as does an answer whose status is not 200.
  HttpResponse fetchOk(const HttpRequest& request, const std::string& source);

 private:
  std::chrono::system_clock::time_point now() const;

  std::shared_ptr<HttpTransport> transport_;
  WallClock clock_;
  std::chrono::minutes refresh_before_expiry_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;
};

// Parses the JSON both the container and the instance metadata endpoints answer with
// (AccessKeyId, SecretAccessKey, Token, Expiration). `source` names the endpoint in errors.
Credentials parseCredentialsDocument(const std::string& body, const std::string& source);

std::shared_ptr<CredentialsProvider> makeContainerCredentials(
    const RemoteCredentialsOptions& options);
std::shared_ptr<CredentialsProvider> makeInstanceMetadataCredentials(
    const RemoteCredentialsOptions& options);

}  // namespace flamingock::dynamodb::detail
