// The little JSON the core needs (metadata, error traces) without a JSON library: the core
// depends on the standard library only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace flamingock::detail {

// Appends `text` as a JSON string literal, quotes included: the project's one JSON escaper.
// Quotes, backslashes and control characters are escaped; other bytes (UTF-8) are kept.
void appendJsonString(std::string& out, std::string_view text);

// `text` as a JSON string literal (appendJsonString into a new string).
std::string jsonQuote(std::string_view text);

// The members of a JSON object. String values are unescaped; other values (numbers, nested
// objects...) keep their JSON text. Nullopt when `text` is not exactly one JSON object.
std::optional<std::map<std::string, std::string>> parseJsonObject(std::string_view text);

}  // namespace flamingock::detail
