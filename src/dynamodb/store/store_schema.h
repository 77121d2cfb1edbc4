// Names shared by the audit and lock tables: their key attribute and the checks on their shape.
#pragma once

#include <string>

namespace flamingock::dynamodb::detail {

// The only key attribute of both tables (S, HASH), as in Flamingock's DynamoDB store.
inline constexpr char kPartitionKey[] = "partitionKey";

// Throws ConfigurationError naming `setting` and `name` unless DynamoDB would accept `name` as a
// table name: 3 to 255 characters of [a-zA-Z0-9_.-].
void checkTableName(const std::string& setting, const std::string& name);

}  // namespace flamingock::dynamodb::detail
