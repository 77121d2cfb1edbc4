// YAML to the JSON that DynamoDB's API reads, for the requests of YAML changes.
//
//   YamlProblems problems("orders.yaml");
//   std::string body = toDynamoDbJson(YAML::Load("{TableName: t, Limit: 5}"), problems);
//   // body == R"({"TableName":"t","Limit":5})"
//
// The scalar rules (which scalars become numbers, booleans or strings) are those documented in
// <flamingock/dynamodb/yaml_changes.h>.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "dynamodb/yaml/yaml_problems.h"

namespace flamingock::dynamodb::detail {

// `node` as JSON text. Mapping keys must be scalars and unique; each violation is added to
// `problems` with its line (the text returned is then not meant to be used).
std::string toDynamoDbJson(const YAML::Node& node, YamlProblems& problems);

// The message of an exception met reading that JSON back, without nlohmann's prefix
// ("[json.exception.type_error.302] "): "type must be string, but is array".
std::string_view withoutJsonPrefix(std::string_view message);

}  // namespace flamingock::dynamodb::detail
