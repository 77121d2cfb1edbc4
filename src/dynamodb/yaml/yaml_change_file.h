// Reads the text of one YAML change file into what a YamlChange runs, checking everything that
// can be checked without DynamoDB.
//
//   YamlProblems problems("changes/0001-orders.yaml");
//   auto definition = readYamlChangeFile(text, "0001-orders.yaml", problems);
//   if (!definition) report(problems.list());  // "changes/0001-orders.yaml:3: unknown key 'x'"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dynamodb/yaml/yaml_change.h"
#include "dynamodb/yaml/yaml_problems.h"

namespace flamingock::dynamodb::detail {

// The change written in `text`, recorded under `source_file`. Adds every problem found to
// `problems` (YAML syntax, missing or unknown keys, values of the wrong type, bad operations) and
// then returns nullopt.
std::optional<YamlChangeDefinition> readYamlChangeFile(std::string_view text,
                                                       const std::string& source_file,
                                                       YamlProblems& problems);

}  // namespace flamingock::dynamodb::detail
