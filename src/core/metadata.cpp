#include "flamingock/metadata.h"

#include "flamingock/error.h"
#include "json_text.h"

namespace flamingock {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Java's Map.toString: "{k=v, k2=v2}". A piece without '=' continues the previous value, which
// contained ", " itself.
std::optional<Metadata> parseJavaMap(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  std::string_view body = text.substr(1, text.size() - 2);
  Metadata metadata;
  std::string* last_value = nullptr;
  while (!trim(body).empty()) {
    std::size_t comma = body.find(", ");
    std::string_view piece = body.substr(0, comma);
    body = comma == std::string_view::npos ? std::string_view() : body.substr(comma + 2);
    std::size_t equals = piece.find('=');
    if (equals == std::string_view::npos) {
      if (last_value == nullptr) return std::nullopt;
      *last_value += ", ";
      *last_value += piece;
      continue;
    }
    last_value = &(metadata[std::string(trim(piece.substr(0, equals)))] =
                       std::string(piece.substr(equals + 1)));
  }
  return metadata;
}

}  // namespace

std::string metadataToJson(const Metadata& metadata) {
  std::string json = "{";
  for (const auto& [key, value] : metadata) {
    if (json.size() > 1) json += ',';
    json += detail::jsonQuote(key) + ':' + detail::jsonQuote(value);
  }
  return json + '}';
}

Metadata parseMetadata(std::string_view text) {
  if (trim(text).empty()) return {};
  if (auto json = detail::parseJsonObject(text)) return *json;
  if (auto java = parseJavaMap(trim(text))) return *java;
  throw Error("metadata '" + std::string(text) + "' is neither a JSON object nor a {k=v} map");
}

}  // namespace flamingock
