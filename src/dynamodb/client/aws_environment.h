// Where the client talks to, as the AWS CLI decides it: the profile, the region, an endpoint
// override and the certificate authorities to trust, from environment variables and the shared
// config file.
//
//   AwsEnvironment environment = resolveAwsEnvironment();
//   std::string endpoint = environment.endpoint.empty()
//       ? "https://dynamodb." + environment.region + ".amazonaws.com"
//       : environment.endpoint;
//
// Internal to the DynamoDB client (Client::fromEnvironment).
#pragma once

#include <string>

namespace flamingock::dynamodb::detail {

struct AwsEnvironment {
  std::string profile;    // AWS_PROFILE, else "default"
  std::string region;     // AWS_REGION, AWS_DEFAULT_REGION, else the profile's region
  std::string endpoint;   // AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, the profile's
                          // endpoint_url; empty for the regional AWS endpoint
  std::string ca_bundle;  // AWS_CA_BUNDLE, else the profile's ca_bundle; empty: the system's CAs
};

// Reads the environment and the config file (AWS_CONFIG_FILE, else ~/.aws/config) now. Throws
// flamingock::ConfigurationError when no region is set (naming the variables and the file looked
// at), when the region is not made of letters, digits and '-', or when the endpoint is not an
// http:// or https:// URL with a host (naming the value and where it came from).
AwsEnvironment resolveAwsEnvironment();

// Throws flamingock::ConfigurationError naming `origin` and the value unless `region` is made of
// letters, digits and '-' only: it becomes part of the regional endpoint's host name, so anything
// else could send signed requests to another host.
void validateRegion(const std::string& region, const std::string& origin);

// Throws flamingock::ConfigurationError naming `origin` and the value unless `endpoint` is an
// http:// or https:// URL with a host.
void validateEndpoint(const std::string& endpoint, const std::string& origin);

}  // namespace flamingock::dynamodb::detail
