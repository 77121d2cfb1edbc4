// Container credentials: the ECS agent at 169.254.170.2 (relative URI), or any full URI that is
// https, or plain http to a host whose every address is loopback or a container agent's, as the
// AWS SDKs allow, reached at exactly the addresses checked: the request carries the authorization
// token, which must not cross a network in clear text.
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include "dynamodb/client/aws_config_files.h"
#include "dynamodb/client/credentials/providers.h"
#include "dynamodb/client/curl_url_parts.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr const char* kEcsAgent = "http://169.254.170.2";
constexpr const char* kFullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

bool isTrustedIpv4(uint32_t address) {
  constexpr uint32_t kEcsAgentIpv4 = 0xA9FEAA02;  // 169.254.170.2
  constexpr uint32_t kEksAgentIpv4 = 0xA9FEAA17;  // 169.254.170.23
  return address >> 24 == 127 || address == kEcsAgentIpv4 || address == kEksAgentIpv4;
}

// Whether plain http may reach this address: loopback (127.0.0.0/8, ::1) or the ECS and EKS
// agents (169.254.170.2, 169.254.170.23, fd00:ec2::23).
bool isTrustedPlainHttpAddress(const std::string& address) {
  in_addr ipv4{};
  if (inet_pton(AF_INET, address.c_str(), &ipv4) == 1) return isTrustedIpv4(ntohl(ipv4.s_addr));
  in6_addr ipv6{};
  if (inet_pton(AF_INET6, address.c_str(), &ipv6) != 1) return false;
  if (IN6_IS_ADDR_V4MAPPED(&ipv6)) {
    uint32_t mapped = 0;
    std::memcpy(&mapped, &ipv6.s6_addr[12], sizeof mapped);
    return isTrustedIpv4(ntohl(mapped));
  }
  in6_addr eks_agent{};
  inet_pton(AF_INET6, "fd00:ec2::23", &eks_agent);
  return IN6_IS_ADDR_LOOPBACK(&ipv6) || IN6_ARE_ADDR_EQUAL(&ipv6, &eks_agent);
}

std::vector<std::string> resolveWithSystem(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int code = getaddrinfo(host.c_str(), nullptr, &hints, &found); code != 0) {
    throw ConfigurationError(std::string(kFullUriVariable) + ": host '" + host +
                             "' cannot be resolved: " + gai_strerror(code));
  }
  std::vector<std::string> addresses;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* address =
        entry->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(entry->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(entry->ai_addr)->sin6_addr);
    if (inet_ntop(entry->ai_family, address, text, sizeof text) != nullptr) {
      addresses.emplace_back(text);
    }
  }
  freeaddrinfo(found);
  return addresses;
}

// Throws ConfigurationError unless the full URI is https, or http to a trusted host. Returns the
// addresses the request must be pinned to: those checked for a host name, which must not be
// resolved again when curl connects (a name whose answer changed meanwhile would take the token
// elsewhere); none for https (the certificate is checked) or an address written in the URI.
std::vector<std::string> checkFullUri(const std::string& uri, const HostResolver& resolve) {
  // libcurl's own reading of the URI, so that the host checked is the host curl connects to.
  CurlUrlParts parts = curlUrlParts(uri, kFullUriVariable);
  if (parts.scheme == "https") return {};
  if (parts.scheme != "http") {
    throw ConfigurationError(std::string(kFullUriVariable) + " '" + uri +
                             "' is not an http or https URL");
  }
  bool written_address = parts.hostIsAddress();
  std::vector<std::string> addresses =
      written_address ? std::vector<std::string>{parts.host} : resolve(parts.host);
  auto untrusted = std::find_if_not(addresses.begin(), addresses.end(), isTrustedPlainHttpAddress);
  if (addresses.empty() || untrusted != addresses.end()) {
    throw ConfigurationError(
        std::string(kFullUriVariable) + ": plain http to host '" + parts.host + "' is refused (" +
        (addresses.empty() ? "it resolves to no address" : "it resolves to " + *untrusted) +
        "): http is allowed only to loopback (127.0.0.0/8, ::1) or the ECS/EKS agent "
        "(169.254.170.2, 169.254.170.23, fd00:ec2::23), since the request carries the "
        "authorization token; use https");
  }
  return written_address ? std::vector<std::string>{} : addresses;
}

class ContainerCredentialsProvider final : public RefreshingCredentialsProvider {
 public:
  explicit ContainerCredentialsProvider(const RemoteCredentialsOptions& options)
      : RefreshingCredentialsProvider(options),
        resolve_(options.resolve ? options.resolve : resolveWithSystem) {}

 protected:
  Credentials fetch() override {
    HttpRequest request;
    request.method = "GET";
    aim(request);
    if (std::optional<std::string> token = authorizationToken()) {
      request.headers.emplace_back("Authorization", *token);
    }
    std::string source = "container credentials endpoint " + request.url;
    return parseCredentialsDocument(fetchOk(request, source).body, source);
  }

 private:
  // Points request at the ECS agent for a relative URI, else at the full URI, checked.
  void aim(HttpRequest& request) const {
    if (std::optional<std::string> relative =
            environmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      request.url = kEcsAgent + (relative->front() == '/' ? *relative : "/" + *relative);
      return;
    }
    std::optional<std::string> full = environmentVariable(kFullUriVariable);
    if (!full) {
      throw ConfigurationError(
          "container credentials: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
          "AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
    }
    request.url = *full;
    request.resolved_addresses = checkFullUri(*full, resolve_);
  }

  static std::optional<std::string> authorizationToken() {
    if (std::optional<std::string> path =
            environmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      std::ifstream file(*path);
      if (!file) {
        throw ConfigurationError("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '" + *path +
                                 "' cannot be read");
      }
      std::ostringstream text;
      text << file.rdbuf();
      std::string token = text.str();
      token.erase(token.find_last_not_of(" \t\r\n") + 1);
      return token;
    }
    return environmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  }

  const HostResolver resolve_;
};

}  // namespace

std::shared_ptr<CredentialsProvider> makeContainerCredentials(
    const RemoteCredentialsOptions& options) {
  return std::make_shared<ContainerCredentialsProvider>(options);
}

}  // namespace flamingock::dynamodb::detail
