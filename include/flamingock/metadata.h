// The run's metadata: key/value pairs the user attaches to a run, recorded on every audit entry.
//
//   Flamingock::builder().addMetadata("deployedBy", "ci-1234");
//   std::string text = flamingock::metadataToJson({{"k", "v"}});  // {"k":"v"}
//   flamingock::Metadata back = flamingock::parseMetadata(text);
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace flamingock {

using Metadata = std::map<std::string, std::string>;

// The JSON object text of `metadata` (keys sorted, strings escaped): how the audit log stores it.
std::string metadataToJson(const Metadata& metadata);

// Reads both forms found in audit logs: a JSON object of strings (ours; non-string values keep
// their JSON text) and Java's `{k=v, k2=v2}` (Flamingock's). Empty text is empty metadata.
// Throws Error quoting `text` when it is neither.
Metadata parseMetadata(std::string_view text);

}  // namespace flamingock
