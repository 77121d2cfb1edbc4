// EC2 instance metadata, IMDSv2 only: a PUT for a session token, then the role name and its
// credentials with that token. IMDSv1 is not used, so a hop limit or a disabled v1 never matters.
#include <strings.h>

#include "dynamodb/client/aws_config_files.h"
#include "dynamodb/client/credentials/providers.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr const char* kDefaultEndpoint = "http://169.254.169.254";
constexpr const char* kCredentialsPath = "/latest/meta-data/iam/security-credentials/";
constexpr const char* kTokenTtlSeconds = "21600";

class InstanceMetadataCredentialsProvider final : public RefreshingCredentialsProvider {
 public:
  using RefreshingCredentialsProvider::RefreshingCredentialsProvider;

 protected:
  Credentials fetch() override {
    if (std::optional<std::string> disabled = environmentVariable("AWS_EC2_METADATA_DISABLED");
        disabled && strcasecmp(disabled->c_str(), "true") == 0) {
      throw ConfigurationError("EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED");
    }
    std::string endpoint =
        environmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or(kDefaultEndpoint);
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    std::string source = "EC2 instance metadata at " + endpoint;

    HttpRequest token_request;
    token_request.method = "PUT";
    token_request.url = endpoint + "/latest/api/token";
    token_request.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", kTokenTtlSeconds}};
    std::string token = fetchOk(token_request, source).body;

    std::string role = firstLine(get(endpoint + kCredentialsPath, token, source));
    if (role.empty()) throw ConfigurationError(source + ": the instance has no IAM role");
    return parseCredentialsDocument(get(endpoint + kCredentialsPath + role, token, source),
                                    source + " (role " + role + ")");
  }

 private:
  std::string get(const std::string& url, const std::string& token, const std::string& source) {
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers = {{"X-aws-ec2-metadata-token", token}};
    return fetchOk(request, source).body;
  }

  static std::string firstLine(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    return line;
  }
};

}  // namespace

std::shared_ptr<CredentialsProvider> makeInstanceMetadataCredentials(
    const RemoteCredentialsOptions& options) {
  return std::make_shared<InstanceMetadataCredentialsProvider>(options);
}

}  // namespace flamingock::dynamodb::detail
