// The wire codec's door into AttributeValue. It builds the values DynamoDB sent without
// validating them again (DynamoDB has checked a number's syntax, a set's duplicates), and reads
// the text of S, N and B and the elements of SS, NS and BS alike.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "flamingock/dynamodb/attribute_value.h"

namespace flamingock::dynamodb::detail {

struct AttributeValueWire {
  // S, N or B.
  static AttributeValue make(AttributeValue::Type type, std::string text) {
    return AttributeValue(type, std::move(text));
  }
  // SS, NS or BS.
  static AttributeValue make(AttributeValue::Type type, std::vector<std::string> values) {
    return AttributeValue(type, std::move(values));
  }
  // The text of an S, N or B value (B: the raw bytes).
  static const std::string& text(const AttributeValue& value) {
    return std::get<std::string>(value.value_);
  }
  // The elements of an SS, NS or BS value (BS: the raw bytes).
  static const std::vector<std::string>& elements(const AttributeValue& value) {
    return std::get<std::vector<std::string>>(value.value_);
  }
};

}  // namespace flamingock::dynamodb::detail
