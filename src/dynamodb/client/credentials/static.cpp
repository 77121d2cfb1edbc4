// Long-term keys handed over by the caller or found in the environment.
#include "dynamodb/client/aws_config_files.h"
#include "flamingock/dynamodb/credentials.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  Credentials credentials() override { return credentials_; }

 private:
  const Credentials credentials_;
};

class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  Credentials credentials() override {
    std::optional<std::string> key = detail::environmentVariable("AWS_ACCESS_KEY_ID");
    std::optional<std::string> secret = detail::environmentVariable("AWS_SECRET_ACCESS_KEY");
    if (!key || !secret) {
      throw ConfigurationError(std::string("environment: ") +
                               (!key && !secret ? "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are"
                                : !key          ? "AWS_ACCESS_KEY_ID is"
                                                : "AWS_SECRET_ACCESS_KEY is") +
                               " not set");
    }
    Credentials credentials;
    credentials.access_key_id = std::move(*key);
    credentials.secret_access_key = std::move(*secret);
    credentials.session_token = detail::environmentVariable("AWS_SESSION_TOKEN").value_or("");
    return credentials;
  }
};

}  // namespace

std::shared_ptr<CredentialsProvider> staticCredentials(Credentials credentials) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw ConfigurationError(
        "static credentials need both an access key id and a secret access key");
  }
  return std::make_shared<StaticCredentialsProvider>(std::move(credentials));
}

std::shared_ptr<CredentialsProvider> environmentCredentials() {
  return std::make_shared<EnvironmentCredentialsProvider>();
}

}  // namespace flamingock::dynamodb
