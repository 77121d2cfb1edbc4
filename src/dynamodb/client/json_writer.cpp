#include "dynamodb/client/json_writer.h"

#include <charconv>

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
  static constexpr char kHex[] = "0123456789abcdef";
  out_.push_back('"');
  size_t plain_begin = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(value.substr(plain_begin, i - plain_begin));
    plain_begin = i + 1;
    switch (c) {
      case '"':
        out_.append("\\\"");
        break;
      case '\\':
        out_.append("\\\\");
        break;
      case '\n':
        out_.append("\\n");
        break;
      case '\r':
        out_.append("\\r");
        break;
      case '\t':
        out_.append("\\t");
        break;
      default:
        out_.append("\\u00");
        out_.push_back(kHex[c >> 4]);
        out_.push_back(kHex[c & 0xf]);
    }
  }
  out_.append(value.substr(plain_begin));
  out_.push_back('"');
}

}  // namespace flamingock::dynamodb::detail
