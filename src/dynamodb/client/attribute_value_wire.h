// How the wire codec builds the attribute values DynamoDB sent: DynamoDB has already checked
// them, so they skip AttributeValue's validation (a number's syntax, a set's duplicates).
#pragma once

#include <string>
#include <utility>
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
};

}  // namespace flamingock::dynamodb::detail
