#include "dynamodb/client/aws_config_files.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace flamingock::dynamodb::detail {
namespace {

std::string_view trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::string homeFile(const char* relative) {
  std::optional<std::string> home = environmentVariable("HOME");
  return (home ? *home : std::string()) + relative;
}

const IniSection* findSection(const std::optional<IniSections>& sections, const std::string& name) {
  if (!sections) return nullptr;
  auto found = sections->find(name);
  return found == sections->end() ? nullptr : &found->second;
}

}  // namespace

std::optional<std::string> environmentVariable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

IniSections parseIni(std::string_view text) {
  IniSections sections;
  IniSection* current = nullptr;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    bool indented = !line.empty() && (line.front() == ' ' || line.front() == '\t');
    std::string_view content = trimmed(line);
    if (content.empty() || content.front() == '#' || content.front() == ';' || indented) continue;
    if (content.front() == '[' && content.back() == ']') {
      current = &sections[std::string(trimmed(content.substr(1, content.size() - 2)))];
      continue;
    }
    size_t equals = content.find('=');
    if (current == nullptr || equals == std::string_view::npos) continue;
    (*current)[lowerCase(trimmed(content.substr(0, equals)))] =
        std::string(trimmed(content.substr(equals + 1)));
  }
  return sections;
}

std::optional<IniSections> readIniFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return parseIni(text.str());
}

SharedFiles sharedFiles() {
  SharedFiles files;
  files.credentials =
      environmentVariable("AWS_SHARED_CREDENTIALS_FILE").value_or(homeFile("/.aws/credentials"));
  files.config = environmentVariable("AWS_CONFIG_FILE").value_or(homeFile("/.aws/config"));
  return files;
}

std::string activeProfileName() { return environmentVariable("AWS_PROFILE").value_or("default"); }

const IniSection* findConfigProfile(const std::optional<IniSections>& config,
                                    const std::string& profile) {
  // The AWS CLI writes [default] for the default profile and [profile name] for the others, and
  // accepts [profile default] too.
  if (const IniSection* section = findSection(config, "profile " + profile)) return section;
  return profile == "default" ? findSection(config, "default") : nullptr;
}

const IniSection* findCredentialsProfile(const std::optional<IniSections>& credentials,
                                         const std::string& profile) {
  return findSection(credentials, profile);
}

}  // namespace flamingock::dynamodb::detail
