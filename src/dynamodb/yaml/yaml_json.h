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

#include "dynamodb/yaml/yaml_problems.h"

namespace flamingock::dynamodb::detail {

// `node` as JSON text. Mapping keys must be scalars and unique; each violation is added to
// `problems` with its line (the text returned is then not meant to be used).
std::string toDynamoDbJson(const YAML::Node& node, YamlProblems& problems);

}  // namespace flamingock::dynamodb::detail
