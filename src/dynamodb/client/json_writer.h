// Writes JSON text straight into a string, for request bodies: no intermediate document, so a
// request costs one buffer and no tree of allocations.
//
//   JsonWriter json;
//   json.beginObject();
//   json.key("TableName").string("orders");
//   json.key("Limit").integer(10);
//   json.endObject();
//   std::string body = std::move(json).take();
//
// The caller keeps the structure balanced; commas are placed by the writer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace flamingock::dynamodb::detail {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(256); }

  JsonWriter& beginObject() { return open('{'); }
  JsonWriter& endObject() { return close('}'); }
  JsonWriter& beginArray() { return open('['); }
  JsonWriter& endArray() { return close(']'); }
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& integer(std::int64_t value);
  JsonWriter& boolean(bool value);
  // Inserts `json`, which must be one complete JSON value.
  JsonWriter& raw(std::string_view json);

  std::string take() && { return std::move(out_); }

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void separate();  // a comma unless this is the first element or follows a key
  void appendEscaped(std::string_view value);

  std::string out_;
  bool first_ = true;
};

}  // namespace flamingock::dynamodb::detail
