// The default chain, in the AWS CLI's order, and the public factories of the remote providers it
// holds (container.cpp, instance_metadata.cpp) with their default options. The first provider that
// yields credentials is kept, so later calls neither read files again nor wait for metadata
// endpoints that are not there.
#include <mutex>
#include <vector>

#include "dynamodb/client/credentials/providers.h"
#include "flamingock/dynamodb/credentials.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

class CredentialsChain final : public CredentialsProvider {
 public:
  explicit CredentialsChain(std::vector<std::shared_ptr<CredentialsProvider>> providers)
      : providers_(std::move(providers)) {}

  Credentials credentials() override {
    if (std::shared_ptr<CredentialsProvider> chosen = chosenProvider()) {
      return chosen->credentials();
    }
    std::lock_guard lock(mutex_);
    if (chosen_) return chosen_->credentials();
    std::string reasons;
    for (const auto& provider : providers_) {
      try {
        Credentials credentials = provider->credentials();
        chosen_ = provider;
        return credentials;
      } catch (const Error& error) {
        reasons += std::string("\n  ") + error.what();
      }
    }
    throw ConfigurationError("no AWS credentials found; looked at:" + reasons);
  }

 private:
  // The chosen provider is safe to call without the lock, so the lock guards only the search.
  std::shared_ptr<CredentialsProvider> chosenProvider() {
    std::lock_guard lock(mutex_);
    return chosen_;
  }

  const std::vector<std::shared_ptr<CredentialsProvider>> providers_;
  std::mutex mutex_;
  std::shared_ptr<CredentialsProvider> chosen_;
};

}  // namespace

std::shared_ptr<CredentialsProvider> containerCredentials() {
  return detail::makeContainerCredentials({});
}

std::shared_ptr<CredentialsProvider> instanceMetadataCredentials() {
  return detail::makeInstanceMetadataCredentials({});
}

std::shared_ptr<CredentialsProvider> defaultCredentialsChain() {
  return std::make_shared<CredentialsChain>(std::vector<std::shared_ptr<CredentialsProvider>>{
      environmentCredentials(), profileCredentials(), containerCredentials(),
      instanceMetadataCredentials()});
}

}  // namespace flamingock::dynamodb
