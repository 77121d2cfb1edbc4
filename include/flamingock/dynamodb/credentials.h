// AWS credentials and the providers that find them.
//
//   auto provider = flamingock::dynamodb::defaultCredentialsChain();
//   flamingock::dynamodb::Credentials now = provider->credentials();
//
// The default chain looks, in order, at the environment, the shared credentials and config files,
// container credentials and EC2 instance metadata (IMDSv2), as the AWS CLI does. Providers of
// temporary credentials refresh them before they expire. Secrets never appear in messages.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace flamingock::dynamodb {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // When temporary credentials stop working; none for long-term keys.
  std::optional<std::chrono::system_clock::time_point> expiration;
};

// A source of credentials. Implementations are safe to call from several threads.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;

  // Current credentials. Throws flamingock::ConfigurationError naming what was looked at when
  // none can be found.
  virtual Credentials credentials() = 0;
};

// Always the given credentials; for tests and for keys the caller obtained itself.
std::shared_ptr<CredentialsProvider> staticCredentials(Credentials credentials);

// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN when set, read at every
// call so a changed environment is seen.
std::shared_ptr<CredentialsProvider> environmentCredentials();

// The keys (aws_access_key_id, aws_secret_access_key, aws_session_token) of a profile in the
// shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials, section
// [name]) or else the config file (AWS_CONFIG_FILE, default ~/.aws/config, section [profile name],
// or [default]). An empty `profile` means AWS_PROFILE, or "default". The files are read once, at
// the first call that finds the keys.
std::shared_ptr<CredentialsProvider> profileCredentials(std::string profile = "");

// Temporary credentials of an ECS or EKS container: from http://169.254.170.2 plus
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, or from AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or
// http to a loopback or container-agent address), sending the token of
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or AWS_CONTAINER_AUTHORIZATION_TOKEN when set. Cached and
// refreshed 5 minutes before they expire.
std::shared_ptr<CredentialsProvider> containerCredentials();

// Temporary credentials of the EC2 instance's role through IMDSv2 (a session token first, then
// the role and its credentials) at http://169.254.169.254 or AWS_EC2_METADATA_SERVICE_ENDPOINT.
// Off when AWS_EC2_METADATA_DISABLED is "true". Cached and refreshed 5 minutes before expiry.
std::shared_ptr<CredentialsProvider> instanceMetadataCredentials();

// The environment, then the profile, then container credentials, then instance metadata: the
// first that yields credentials is used from then on. When none does, the ConfigurationError
// names each place looked at and why it gave nothing.
std::shared_ptr<CredentialsProvider> defaultCredentialsChain();

}  // namespace flamingock::dynamodb
