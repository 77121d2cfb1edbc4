#include "dynamodb/client/aws_environment.h"

#include <algorithm>
#include <optional>

#include "dynamodb/client/aws_config_files.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

struct Setting {
  std::string value;
  std::string origin;  // where it was found, for messages
};

// The first of the variables that is set, else the profile's key in the config file.
std::optional<Setting> firstSetting(std::initializer_list<const char*> variables,
                                    const IniSection* profile, const char* key,
                                    const std::string& profile_origin) {
  for (const char* variable : variables) {
    if (std::optional<std::string> value = environmentVariable(variable)) {
      return Setting{*value, variable};
    }
  }
  if (profile != nullptr) {
    if (auto found = profile->find(key); found != profile->end() && !found->second.empty()) {
      return Setting{found->second, key + (" of " + profile_origin)};
    }
  }
  return std::nullopt;
}

}  // namespace

void validateRegion(const std::string& region, const std::string& origin) {
  bool valid = std::all_of(region.begin(), region.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!valid) {
    throw ConfigurationError("AWS region '" + region + "' from " + origin +
                             " is not a region name (letters, digits and '-')");
  }
}

void validateEndpoint(const std::string& endpoint, const std::string& origin) {
  size_t host_begin = endpoint.rfind("http://", 0) == 0    ? 7
                      : endpoint.rfind("https://", 0) == 0 ? 8
                                                           : std::string::npos;
  bool has_host = host_begin != std::string::npos && host_begin < endpoint.size() &&
                  endpoint.find_first_of("/?#:", host_begin) != host_begin;
  if (!has_host) {
    throw ConfigurationError("endpoint '" + endpoint + "' from " + origin +
                             " is not an http:// or https:// URL with a host");
  }
}

AwsEnvironment resolveAwsEnvironment() {
  AwsEnvironment environment;
  environment.profile = activeProfileName();
  std::string config_path = sharedFiles().config;
  std::optional<IniSections> config = readIniFile(config_path);
  const IniSection* profile = findConfigProfile(config, environment.profile);
  std::string profile_origin = "profile '" + environment.profile + "' in " + config_path;

  std::optional<Setting> region =
      firstSetting({"AWS_REGION", "AWS_DEFAULT_REGION"}, profile, "region", profile_origin);
  if (!region) {
    throw ConfigurationError(
        "no AWS region: AWS_REGION and AWS_DEFAULT_REGION are not set, and " +
        std::string(
            !config ? "the config file " + config_path + " does not exist"
            : !profile
                ? "the config file " + config_path + " has no profile '" + environment.profile + "'"
                : "profile '" + environment.profile + "' in " + config_path + " has no region"));
  }
  validateRegion(region->value, region->origin);
  environment.region = region->value;

  std::optional<Setting> endpoint = firstSetting({"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"},
                                                 profile, "endpoint_url", profile_origin);
  if (endpoint) {
    validateEndpoint(endpoint->value, endpoint->origin);
    environment.endpoint = endpoint->value;
  }
  std::optional<Setting> ca_bundle =
      firstSetting({"AWS_CA_BUNDLE"}, profile, "ca_bundle", profile_origin);
  if (ca_bundle) environment.ca_bundle = ca_bundle->value;
  return environment;
}

}  // namespace flamingock::dynamodb::detail
