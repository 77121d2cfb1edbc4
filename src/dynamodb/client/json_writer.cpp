#include "dynamodb/client/json_writer.h"

#include <charconv>

#include "core/json_text.h"

namespace flamingock::dynamodb::detail {

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  appendEscaped(name);
  out_.push_back(':');
  first_ = true;  // the value after a key takes no comma
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  separate();
  appendEscaped(value);
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
  separate();
  char buffer[24];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, end);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  separate();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_.append(json);
  return *this;
}

JsonWriter& JsonWriter::open(char bracket) {
  separate();
  out_.push_back(bracket);
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  out_.push_back(bracket);
  first_ = false;
  return *this;
}

void JsonWriter::separate() {
  if (!first_) out_.push_back(',');
  first_ = false;
}

void JsonWriter::appendEscaped(std::string_view value) {
  flamingock::detail::appendJsonString(out_, value);
}

}  // namespace flamingock::dynamodb::detail
