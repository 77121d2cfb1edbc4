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

}  // namespace flamingock::dynamodb
