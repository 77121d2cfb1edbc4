#include "flamingock/dynamodb/yaml_changes.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "dynamodb/yaml/yaml_change.h"
#include "dynamodb/yaml/yaml_change_file.h"

namespace flamingock::dynamodb {
namespace {

using detail::YamlChangeDefinition;
using detail::YamlProblems;

std::string describeProblems(const std::vector<std::string>& problems) {
  std::ostringstream out;
  out << "invalid YAML changes (" << problems.size() << " problem"
      << (problems.size() == 1 ? "" : "s") << "):";
  for (const std::string& problem : problems) out << "\n  - " << problem;
  return out.str();
}

bool isYamlFile(const std::filesystem::directory_entry& entry) {
  const std::filesystem::path extension = entry.path().extension();
  return entry.is_regular_file() && (extension == ".yaml" || extension == ".yml");
}

// The YAML files of `directory`, sorted by path so that messages come in a stable order.
std::vector<std::filesystem::path> yamlFilesOf(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::directory_iterator entries(directory, error);
  if (error) {
    throw YamlChangeError({"cannot list the YAML changes directory '" + directory.string() +
                           "': " + error.message()});
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : entries) {
    if (isYamlFile(entry)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The definition in `file`, or nullopt after adding its problems to `problems`.
std::optional<YamlChangeDefinition> readDefinition(const std::filesystem::path& file,
                                                   YamlProblems& problems) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problems.add("cannot open the file");
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return detail::readYamlChangeFile(text.str(), file.filename().string(), problems);
}

// Where each value was first seen, to report one used by two files.
class UniqueValues {
 public:
  explicit UniqueValues(std::string what) : what_(std::move(what)) {}

  void check(const std::string& value, const std::string& file, int line,
             std::vector<std::string>& problems) {
    const std::string place = file + ":" + std::to_string(line);
    auto [first, inserted] = first_seen_.emplace(value, place);
    if (!inserted) {
      problems.push_back(place + ": duplicate " + what_ + " '" + value + "', already used at " +
                         first->second);
    }
  }

 private:
  std::string what_;
  std::map<std::string, std::string> first_seen_;
};

std::unique_ptr<Change> toChange(YamlChangeDefinition definition) {
  return std::make_unique<detail::YamlChange>(std::move(definition));
}

}  // namespace

YamlChangeError::YamlChangeError(std::vector<std::string> problems)
    : ConfigurationError(describeProblems(problems)), problems_(std::move(problems)) {}

std::vector<std::unique_ptr<Change>> loadYamlChanges(const std::filesystem::path& directory) {
  std::vector<std::string> problems;
  std::vector<YamlChangeDefinition> definitions;
  UniqueValues ids("id");
  UniqueValues orders("order");
  for (const std::filesystem::path& file : yamlFilesOf(directory)) {
    YamlProblems file_problems(file.string());
    if (auto definition = readDefinition(file, file_problems)) {
      ids.check(definition->info.id, file.string(), definition->id_line, problems);
      orders.check(definition->info.order, file.string(), definition->order_line, problems);
      definitions.push_back(std::move(*definition));
    }
    std::ranges::move(file_problems.list(), std::back_inserter(problems));
  }
  if (!problems.empty()) throw YamlChangeError(std::move(problems));

  std::ranges::sort(definitions, {},
                    [](const YamlChangeDefinition& definition) { return definition.info.order; });
  std::vector<std::unique_ptr<Change>> changes;
  for (YamlChangeDefinition& definition : definitions) {
    changes.push_back(toChange(std::move(definition)));
  }
  return changes;
}

std::unique_ptr<Change> loadYamlChange(const std::filesystem::path& file) {
  YamlProblems problems(file.string());
  std::optional<YamlChangeDefinition> definition = readDefinition(file, problems);
  if (!definition) throw YamlChangeError(std::move(problems.list()));
  return toChange(std::move(*definition));
}

std::unique_ptr<Change> parseYamlChange(std::string_view text, const std::string& file_name) {
  YamlProblems problems(file_name);
  std::optional<YamlChangeDefinition> definition =
      detail::readYamlChangeFile(text, file_name, problems);
  if (!definition) throw YamlChangeError(std::move(problems.list()));
  return toChange(std::move(*definition));
}

}  // namespace flamingock::dynamodb
