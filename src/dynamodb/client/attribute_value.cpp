#include "flamingock/dynamodb/attribute_value.h"

#include <charconv>

#include "dynamodb/client/wire_names.h"

namespace flamingock::dynamodb {
namespace {

size_t skipDigits(std::string_view text, size_t i) {
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i;
}

// DynamoDB's number syntax: an optional sign, digits with an optional fraction, an optional
// exponent.
bool isDecimal(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  size_t integer_end = skipDigits(text, i);
  size_t digits = integer_end - i;
  i = integer_end;
  if (i < text.size() && text[i] == '.') {
    size_t fraction_end = skipDigits(text, i + 1);
    digits += fraction_end - (i + 1);
    i = fraction_end;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    size_t exponent_end = skipDigits(text, i);
    if (exponent_end == i) return false;
    i = exponent_end;
  }
  return i == text.size();
}

void requireDecimal(const std::string& text) {
  if (!isDecimal(text)) {
    throw AttributeValueError("'" + text +
                              "' is not a DynamoDB number (a decimal such as 12, -3.5 or 1e-130)");
  }
}

}  // namespace

AttributeValue AttributeValue::string(std::string value) {
  return AttributeValue(Type::kString, std::move(value));
}

AttributeValue AttributeValue::number(std::string decimal) {
  requireDecimal(decimal);
  return AttributeValue(Type::kNumber, std::move(decimal));
}

AttributeValue AttributeValue::binary(std::string bytes) {
  return AttributeValue(Type::kBinary, std::move(bytes));
}

AttributeValue AttributeValue::boolean(bool value) { return AttributeValue(Type::kBool, value); }

AttributeValue AttributeValue::map(Map value) {
  return AttributeValue(Type::kMap, std::move(value));
}

AttributeValue AttributeValue::list(List value) {
  return AttributeValue(Type::kList, std::move(value));
}

AttributeValue AttributeValue::stringSet(std::vector<std::string> values) {
  return AttributeValue(Type::kStringSet, std::move(values));
}

AttributeValue AttributeValue::numberSet(std::vector<std::string> decimals) {
  for (const auto& decimal : decimals) requireDecimal(decimal);
  return AttributeValue(Type::kNumberSet, std::move(decimals));
}

AttributeValue AttributeValue::binarySet(std::vector<std::string> values) {
  return AttributeValue(Type::kBinarySet, std::move(values));
}

template <typename T>
const T& AttributeValue::get(Type expected) const {
  if (type_ != expected) {
    throw AttributeValueError("attribute value is " + std::string(typeName(type_)) + ", not " +
                              std::string(typeName(expected)));
  }
  return std::get<T>(value_);
}

const std::string& AttributeValue::asString() const { return get<std::string>(Type::kString); }
const std::string& AttributeValue::asNumber() const { return get<std::string>(Type::kNumber); }
const std::string& AttributeValue::asBinary() const { return get<std::string>(Type::kBinary); }
bool AttributeValue::asBool() const { return get<bool>(Type::kBool); }
const AttributeValue::Map& AttributeValue::asMap() const { return get<Map>(Type::kMap); }
const AttributeValue::List& AttributeValue::asList() const { return get<List>(Type::kList); }

const std::vector<std::string>& AttributeValue::asStringSet() const {
  return get<std::vector<std::string>>(Type::kStringSet);
}
const std::vector<std::string>& AttributeValue::asNumberSet() const {
  return get<std::vector<std::string>>(Type::kNumberSet);
}
const std::vector<std::string>& AttributeValue::asBinarySet() const {
  return get<std::vector<std::string>>(Type::kBinarySet);
}

std::int64_t AttributeValue::asInt64() const {
  const std::string& text = asNumber();
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw AttributeValueError("number '" + text + "' is not a 64-bit integer");
  }
  return value;
}

std::string_view typeName(AttributeValue::Type type) {
  return detail::nameOf(detail::kAttributeTypeNames, type, "?");
}

}  // namespace flamingock::dynamodb
