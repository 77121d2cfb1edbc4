// Reading the AWS CLI's settings: environment variables and the shared credentials and config
// files (INI text with [sections] and key = value lines).
//
//   SharedFiles files = sharedFiles();
//   std::optional<IniSections> config = readIniFile(files.config);
//   const IniSection* profile = findConfigProfile(config, "dev");  // [profile dev]
//
// Internal to the DynamoDB client; used by the profile credentials and by region and endpoint
// resolution.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace flamingock::dynamodb::detail {

// The value of an environment variable; nullopt when unset or empty.
std::optional<std::string> environmentVariable(const char* name);

using IniSection = std::map<std::string, std::string>;  // key (lower case) to value
using IniSections = std::map<std::string, IniSection>;  // section name, trimmed, to its keys

// Parses the text of a shared file. Comment lines start with '#' or ';'; indented lines continue
// a nested setting (such as "s3 =" blocks) and are ignored; lines before any section too.
IniSections parseIni(std::string_view text);

// The parsed file; nullopt when it does not exist or cannot be read.
std::optional<IniSections> readIniFile(const std::string& path);

struct SharedFiles {
  std::string credentials;  // AWS_SHARED_CREDENTIALS_FILE, else $HOME/.aws/credentials
  std::string config;       // AWS_CONFIG_FILE, else $HOME/.aws/config
};
SharedFiles sharedFiles();

// AWS_PROFILE, else "default".
std::string activeProfileName();

// A profile's section in the config file: [profile name], or for "default" [default] too;
// nullptr when absent.
const IniSection* findConfigProfile(const std::optional<IniSections>& config,
                                    const std::string& profile);

// A profile's section in the credentials file, [name]; nullptr when absent.
const IniSection* findCredentialsProfile(const std::optional<IniSections>& credentials,
                                         const std::string& profile);

}  // namespace flamingock::dynamodb::detail
