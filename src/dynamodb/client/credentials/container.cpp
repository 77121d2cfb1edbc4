// Container credentials: the ECS agent at 169.254.170.2 (relative URI), or any full URI that is
// https or reaches a loopback or container-agent address over plain http, as the AWS SDKs allow.
#include <fstream>
#include <sstream>

#include "dynamodb/client/aws_config_files.h"
#include "dynamodb/client/credentials/providers.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr const char* kEcsAgent = "http://169.254.170.2";

std::string hostOf(const std::string& url) {
  size_t begin = url.find("://");
  begin = begin == std::string::npos ? 0 : begin + 3;
  size_t end = url.find_first_of("/?#", begin);
  std::string authority = url.substr(begin, end == std::string::npos ? end : end - begin);
  if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority.front() == '[')
    return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

bool isAllowedPlainHttpHost(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0 ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

class ContainerCredentialsProvider final : public RefreshingCredentialsProvider {
 public:
  using RefreshingCredentialsProvider::RefreshingCredentialsProvider;

 protected:
  Credentials fetch() override {
    HttpRequest request;
    request.method = "GET";
    request.url = credentialsUrl();
    if (std::optional<std::string> token = authorizationToken()) {
      request.headers.emplace_back("Authorization", *token);
    }
    std::string source = "container credentials endpoint " + request.url;
    return parseCredentialsDocument(fetchOk(request, source).body, source);
  }

 private:
  static std::string credentialsUrl() {
    if (std::optional<std::string> relative =
            environmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      return kEcsAgent + (relative->front() == '/' ? *relative : "/" + *relative);
    }
    std::optional<std::string> full = environmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (!full) {
      throw ConfigurationError(
          "container credentials: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
          "AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
    }
    bool https = full->rfind("https://", 0) == 0;
    bool http = full->rfind("http://", 0) == 0;
    if (!https && !(http && isAllowedPlainHttpHost(hostOf(*full)))) {
      throw ConfigurationError("AWS_CONTAINER_CREDENTIALS_FULL_URI '" + *full +
                               "' must be https, or http to a loopback or container agent "
                               "address");
    }
    return *full;
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
};

}  // namespace

std::shared_ptr<CredentialsProvider> makeContainerCredentials(
    const RemoteCredentialsOptions& options) {
  return std::make_shared<ContainerCredentialsProvider>(options);
}

}  // namespace flamingock::dynamodb::detail

namespace flamingock::dynamodb {

std::shared_ptr<CredentialsProvider> containerCredentials() {
  return detail::makeContainerCredentials({});
}

}  // namespace flamingock::dynamodb
