// DynamoDB attribute values: the ten types an item's attributes can hold.
//
//   using flamingock::dynamodb::AttributeValue;
//   flamingock::dynamodb::Item order{
//       {"pk", AttributeValue::string("order#1")},
//       {"total", AttributeValue::number("12.50")},        // decimal text, never a double
//       {"lines", AttributeValue::list({AttributeValue::number(3)})},
//   };
//   if (order.at("total").isNumber()) std::string total = order.at("total").asNumber();
//
// Numbers are kept as the decimal text DynamoDB sends and accepts (up to 38 significant digits,
// exponents from -130 to +125), so 1e-130 or a 38-digit integer round-trip byte for byte. Binary
// values hold raw bytes in a std::string; base64 is only the wire's business.
#pragma once

#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "flamingock/error.h"

namespace flamingock::dynamodb {

namespace detail {
struct AttributeValueWire;
}  // namespace detail

// A value was read as a type it does not hold (asString() on a number), or a number's text is not
// a decimal number. The message names the expected and actual types or the bad text.
class AttributeValueError : public Error {
 public:
  using Error::Error;
};

// One attribute value. A plain value type: copies are deep and independent; const access from
// several threads is safe, as for any standard container.
class AttributeValue {
 public:
  enum class Type {
    kString,
    kNumber,
    kBinary,
    kBool,
    kNull,
    kMap,
    kList,
    kStringSet,
    kNumberSet,
    kBinarySet
  };
  using Map = std::map<std::string, AttributeValue>;
  using List = std::vector<AttributeValue>;

  // NULL.
  AttributeValue() = default;

  static AttributeValue string(std::string value);
  // Throws AttributeValueError unless `decimal` is a decimal number ("-12", "3.25", "1e-130").
  static AttributeValue number(std::string decimal);
  template <std::integral T>
  requires(!std::same_as<T, bool>) static AttributeValue number(T value) {
    return AttributeValue(Type::kNumber, std::to_string(value));
  }
  static AttributeValue binary(std::string bytes);
  static AttributeValue boolean(bool value);
  static AttributeValue null() { return AttributeValue(); }
  static AttributeValue map(Map value);
  static AttributeValue list(List value);
  static AttributeValue stringSet(std::vector<std::string> values);
  // Throws AttributeValueError naming the first value that is not a decimal number.
  static AttributeValue numberSet(std::vector<std::string> decimals);
  static AttributeValue binarySet(std::vector<std::string> values);

  Type type() const { return type_; }
  bool isString() const { return type_ == Type::kString; }
  bool isNumber() const { return type_ == Type::kNumber; }
  bool isBinary() const { return type_ == Type::kBinary; }
  bool isBool() const { return type_ == Type::kBool; }
  bool isNull() const { return type_ == Type::kNull; }
  bool isMap() const { return type_ == Type::kMap; }
  bool isList() const { return type_ == Type::kList; }
  bool isStringSet() const { return type_ == Type::kStringSet; }
  bool isNumberSet() const { return type_ == Type::kNumberSet; }
  bool isBinarySet() const { return type_ == Type::kBinarySet; }

  // Each accessor throws AttributeValueError when the value holds another type.
  const std::string& asString() const;
  const std::string& asNumber() const;  // the decimal text
  // The number as an integer; throws AttributeValueError when it has a fraction or does not fit.
  std::int64_t asInt64() const;
  const std::string& asBinary() const;
  bool asBool() const;
  const Map& asMap() const;
  const List& asList() const;
  const std::vector<std::string>& asStringSet() const;
  const std::vector<std::string>& asNumberSet() const;
  const std::vector<std::string>& asBinarySet() const;

  // Same type and same content. Numbers compare as text: "1" and "1.0" differ.
  friend bool operator==(const AttributeValue&, const AttributeValue&) = default;

 private:
  // The wire codec builds the values DynamoDB sent without validating them again.
  friend struct detail::AttributeValueWire;

  using Storage =
      std::variant<std::monostate, bool, std::string, std::vector<std::string>, Map, List>;
  // Builds the alternative in place: a temporary Storage would trip GCC 12's -Wmaybe-uninitialized
  // false positive on std::variant at -O3.
  template <typename T>
  AttributeValue(Type type, T&& value) : type_(type), value_(std::forward<T>(value)) {}

  template <typename T>
  const T& get(Type expected) const;

  Type type_ = Type::kNull;
  Storage value_;
};

// The attributes of an item, or of a key, by name.
using Item = AttributeValue::Map;

// Writes the value as DynamoDB's JSON ({"S":"x"}), for logs and test failure messages.
std::ostream& operator<<(std::ostream& out, const AttributeValue& value);

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS": DynamoDB's name of the type.
std::string_view typeName(AttributeValue::Type type);

}  // namespace flamingock::dynamodb
