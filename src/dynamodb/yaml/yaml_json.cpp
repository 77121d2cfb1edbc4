#include "dynamodb/yaml/yaml_json.h"

#include <cctype>
#include <optional>
#include <set>
#include <string_view>

#include "dynamodb/client/json_writer.h"

namespace flamingock::dynamodb::detail {
namespace {

// Whether a scalar is typed by its form (a plain `5` is a number) or always text.
enum class Scalars { kTyped, kText };

// yaml-cpp's tag of a plain scalar; quoted and explicitly tagged scalars have another.
constexpr std::string_view kPlainTag = "?";

bool skipDigits(std::string_view text, std::size_t& at) {
  const std::size_t start = at;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
  return at > start;
}

// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view text) {
  std::size_t at = 0;
  if (at < text.size() && text[at] == '-') ++at;
  if (at < text.size() && text[at] == '0') {
    ++at;
  } else if (!skipDigits(text, at)) {
    return false;
  }
  if (at < text.size() && text[at] == '.' && !skipDigits(text, ++at)) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    if (!skipDigits(text, at)) return false;
  }
  return at == text.size();
}

// YAML 1.2's core schema booleans.
std::optional<bool> plainBoolean(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

// DynamoDB takes the content of these attribute-value types as strings (numbers too), so a
// plain `{N: 5}` must not become the JSON number 5.
Scalars scalarsOfMember(const YAML::Node& map, const std::string& key) {
  static const std::set<std::string, std::less<>> kTextTypes = {"S", "N", "B", "SS", "NS", "BS"};
  return map.size() == 1 && kTextTypes.contains(key) ? Scalars::kText : Scalars::kTyped;
}

void writeScalar(JsonWriter& json, const YAML::Node& node, Scalars scalars) {
  const std::string& text = node.Scalar();
  if (scalars == Scalars::kText || node.Tag() != kPlainTag) {
    json.string(text);
  } else if (isJsonNumber(text)) {
    json.raw(text);
  } else if (std::optional<bool> value = plainBoolean(text)) {
    json.boolean(*value);
  } else {
    json.string(text);
  }
}

void write(JsonWriter& json, const YAML::Node& node, Scalars scalars, YamlProblems& problems);

void writeMap(JsonWriter& json, const YAML::Node& node, YamlProblems& problems) {
  std::set<std::string, std::less<>> seen;
  json.beginObject();
  for (const auto& member : node) {
    // YAML reads a plain `NULL` as null, not as text: as a key it can only be DynamoDB's
    // attribute-value type NULL.
    if (!member.first.IsScalar() && !member.first.IsNull()) {
      problems.add(member.first.Mark(), "a mapping key must be a plain name");
      continue;
    }
    const std::string key = member.first.IsNull() ? "NULL" : member.first.Scalar();
    if (!seen.insert(key).second) problems.add(member.first.Mark(), "duplicate key '" + key + "'");
    json.key(key);
    // A mapping starts afresh: only its own key decides how its scalars read.
    write(json, member.second, scalarsOfMember(node, key), problems);
  }
  json.endObject();
}

void write(JsonWriter& json, const YAML::Node& node, Scalars scalars, YamlProblems& problems) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      writeMap(json, node, problems);
      break;
    case YAML::NodeType::Sequence:
      json.beginArray();
      for (const YAML::Node& element : node) write(json, element, scalars, problems);
      json.endArray();
      break;
    case YAML::NodeType::Scalar:
      writeScalar(json, node, scalars);
      break;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      json.raw("null");
      break;
  }
}

}  // namespace

std::string_view withoutJsonPrefix(std::string_view message) {
  const std::size_t end = message.find("] ");
  if (message.starts_with("[json.exception") && end != std::string_view::npos) {
    message.remove_prefix(end + 2);
  }
  return message;
}

std::string toDynamoDbJson(const YAML::Node& node, YamlProblems& problems) {
  JsonWriter json;
  write(json, node, Scalars::kTyped, problems);
  return std::move(json).take();
}

}  // namespace flamingock::dynamodb::detail
