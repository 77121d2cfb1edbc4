// Client::fromEnvironment: the AWS CLI's rules for region, endpoint, CA bundle and credentials.
#include "dynamodb/client/aws_environment.h"
#include "flamingock/dynamodb/client.h"

namespace flamingock::dynamodb {

ClientConfig Client::configFromEnvironment() {
  detail::AwsEnvironment environment = detail::resolveAwsEnvironment();
  ClientConfig config;
  config.region = std::move(environment.region);
  config.endpoint = std::move(environment.endpoint);
  config.ca_bundle = std::move(environment.ca_bundle);
  config.credentials = defaultCredentialsChain();
  return config;
}

Client Client::fromEnvironment() { return Client(configFromEnvironment()); }

}  // namespace flamingock::dynamodb
