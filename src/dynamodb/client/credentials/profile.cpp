// Keys of a profile in the shared credentials file, else in the config file, as the AWS CLI reads
// them. Profiles that get credentials some other way (role_arn, sso_*, credential_process) are
// named in the error, since this client does not follow them.
#include <mutex>
#include <vector>

#include "dynamodb/client/aws_config_files.h"
#include "flamingock/dynamodb/credentials.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb {
namespace {

constexpr const char* kUnsupportedKeys[] = {"role_arn", "sso_session", "sso_start_url",
                                            "credential_process", "web_identity_token_file"};

// Why `section` of `where` gave no keys, or nullopt when it has them.
std::optional<std::string> missingKeys(const detail::IniSection* section, const std::string& where,
                                       const std::string& profile) {
  if (section == nullptr) return where + " has no profile '" + profile + "'";
  for (const char* key : kUnsupportedKeys) {
    if (section->contains(key)) {
      return "profile '" + profile + "' in " + where + " uses " + key + ", which is not supported";
    }
  }
  bool has_key = section->contains("aws_access_key_id");
  bool has_secret = section->contains("aws_secret_access_key");
  if (has_key && has_secret) return std::nullopt;
  return "profile '" + profile + "' in " + where + " has no " +
         (!has_key ? "aws_access_key_id" : "aws_secret_access_key");
}

Credentials credentialsOf(const detail::IniSection& section) {
  Credentials credentials;
  credentials.access_key_id = section.at("aws_access_key_id");
  credentials.secret_access_key = section.at("aws_secret_access_key");
  if (auto token = section.find("aws_session_token"); token != section.end()) {
    credentials.session_token = token->second;
  }
  return credentials;
}

class ProfileCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ProfileCredentialsProvider(std::string profile) : profile_(std::move(profile)) {}

  Credentials credentials() override {
    std::lock_guard lock(mutex_);
    if (!cached_) cached_ = load();
    return *cached_;
  }

 private:
  Credentials load() const {
    std::string profile = profile_.empty() ? detail::activeProfileName() : profile_;
    detail::SharedFiles files = detail::sharedFiles();
    std::vector<std::string> reasons;
    struct Source {
      const std::string& path;
      const char* kind;
      const detail::IniSection* (*find)(const std::optional<detail::IniSections>&,
                                        const std::string&);
    };
    for (const Source& source :
         {Source{files.credentials, "shared credentials file", detail::findCredentialsProfile},
          Source{files.config, "config file", detail::findConfigProfile}}) {
      std::string where = std::string(source.kind) + " " + source.path;
      std::optional<detail::IniSections> sections = detail::readIniFile(source.path);
      if (!sections) {
        reasons.push_back(where + " does not exist");
        continue;
      }
      const detail::IniSection* section = source.find(sections, profile);
      std::optional<std::string> missing = missingKeys(section, where, profile);
      if (!missing) return credentialsOf(*section);
      reasons.push_back(*missing);
    }
    std::string message = "profile '" + profile + "':";
    for (const std::string& reason : reasons) message += " " + reason + ";";
    message.pop_back();
    throw ConfigurationError(message);
  }

  const std::string profile_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;
};

}  // namespace

std::shared_ptr<CredentialsProvider> profileCredentials(std::string profile) {
  return std::make_shared<ProfileCredentialsProvider>(std::move(profile));
}

}  // namespace flamingock::dynamodb
