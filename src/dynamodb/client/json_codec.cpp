// Attribute values, items and the fields several operations share.
#include "dynamodb/client/json_codec.h"

#include "dynamodb/client/attribute_value_wire.h"

#include <openssl/evp.h>

#include <ostream>

namespace flamingock::dynamodb::detail {
namespace {

std::vector<std::string> readStrings(const Json& array) {
  std::vector<std::string> values;
  values.reserve(array.size());
  for (const auto& value : array) values.push_back(value.get<std::string>());
  return values;
}

std::vector<std::string> readBinaries(const Json& array) {
  std::vector<std::string> values;
  values.reserve(array.size());
  for (const auto& value : array)
    values.push_back(base64Decode(value.get_ref<const std::string&>()));
  return values;
}

template <typename Values, typename WriteOne>
void writeArray(JsonWriter& json, const Values& values, WriteOne write_one) {
  json.beginArray();
  for (const auto& value : values) write_one(value);
  json.endArray();
}

void writeStrings(JsonWriter& json, const std::vector<std::string>& values) {
  writeArray(json, values, [&](const std::string& value) { json.string(value); });
}

}  // namespace

std::string base64Encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  text.resize(static_cast<size_t>(written));
  return text;
}

std::string base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    throw CodecError("binary value is not base64 (length " + std::to_string(text.size()) +
                     " is not a multiple of 4)");
  }
  std::string bytes(3 * text.size() / 4, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) throw CodecError("binary value is not base64");
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  bytes.resize(static_cast<size_t>(written) - padding);
  return bytes;
}

void writeAttributeValue(JsonWriter& json, const AttributeValue& value) {
  using Type = AttributeValue::Type;
  json.beginObject().key(typeName(value.type()));
  switch (value.type()) {
    case Type::kString:
    case Type::kNumber:
      json.string(AttributeValueWire::text(value));
      break;
    case Type::kBinary:
      json.string(base64Encode(AttributeValueWire::text(value)));
      break;
    case Type::kBool:
      json.boolean(value.asBool());
      break;
    case Type::kNull:
      json.boolean(true);
      break;
    case Type::kMap:
      writeItem(json, value.asMap());
      break;
    case Type::kList:
      writeArray(json, value.asList(),
                 [&](const AttributeValue& element) { writeAttributeValue(json, element); });
      break;
    case Type::kStringSet:
    case Type::kNumberSet:
      writeStrings(json, AttributeValueWire::elements(value));
      break;
    case Type::kBinarySet:
      writeArray(json, AttributeValueWire::elements(value),
                 [&](const std::string& element) { json.string(base64Encode(element)); });
      break;
  }
  json.endObject();
}

void writeItem(JsonWriter& json, const Item& item) {
  json.beginObject();
  for (const auto& [name, value] : item) {
    json.key(name);
    writeAttributeValue(json, value);
  }
  json.endObject();
}

AttributeValue readAttributeValue(const Json& json) {
  using Type = AttributeValue::Type;
  if (!json.is_object() || json.size() != 1) {
    throw CodecError("attribute value is not an object with one type member: " + json.dump());
  }
  auto entry = json.begin();
  const Json& value = entry.value();
  Type type = readNamed(kAttributeTypeNames, entry.key(), "attribute value type");
  // As strict as the item reader: nlohmann would iterate an object or a string as an array.
  bool wants_array = type == Type::kList || type == Type::kStringSet || type == Type::kNumberSet ||
                     type == Type::kBinarySet;
  if ((wants_array && !value.is_array()) || (type == Type::kNull && !value.is_boolean())) {
    throw CodecError("attribute value of type " + entry.key() +
                     " has the wrong JSON type: " + json.dump());
  }
  switch (type) {
    case Type::kString:
    case Type::kNumber:
      return AttributeValueWire::make(type, value.get<std::string>());
    case Type::kBinary:
      return AttributeValueWire::make(type, base64Decode(value.get_ref<const std::string&>()));
    case Type::kBool:
      return AttributeValue::boolean(value.get<bool>());
    case Type::kNull:
      return AttributeValue::null();
    case Type::kMap:
      return AttributeValue::map(readItem(value));
    case Type::kList: {
      AttributeValue::List list;
      list.reserve(value.size());
      for (const auto& element : value) list.push_back(readAttributeValue(element));
      return AttributeValue::list(std::move(list));
    }
    case Type::kStringSet:
    case Type::kNumberSet:
      return AttributeValueWire::make(type, readStrings(value));
    case Type::kBinarySet:
      return AttributeValueWire::make(type, readBinaries(value));
  }
  throw CodecError("unknown attribute value type '" + entry.key() + "'");
}

Item readItem(const Json& json) {
  if (!json.is_object()) throw CodecError("item is not a JSON object: " + json.dump());
  Item item;
  for (const auto& [name, value] : json.items()) item.emplace(name, readAttributeValue(value));
  return item;
}

void writeNonEmpty(JsonWriter& json, std::string_view key, std::string_view value) {
  if (!value.empty()) json.key(key).string(value);
}

void writeExpressionFields(JsonWriter& json, std::string_view condition_expression,
                           const ExpressionAttributeNames& names,
                           const ExpressionAttributeValues& values) {
  writeNonEmpty(json, "ConditionExpression", condition_expression);
  if (!names.empty()) {
    json.key("ExpressionAttributeNames").beginObject();
    for (const auto& [placeholder, name] : names) json.key(placeholder).string(name);
    json.endObject();
  }
  if (!values.empty()) {
    json.key("ExpressionAttributeValues");
    writeItem(json, values);
  }
}

void writeReturnConsumedCapacity(JsonWriter& json, ReturnConsumedCapacity value) {
  writeNamed(json, "ReturnConsumedCapacity", kReturnCapacityNames, value);
}

void writeReturnValuesOnConditionCheckFailure(JsonWriter& json,
                                              ReturnValuesOnConditionCheckFailure value) {
  writeNamed(json, "ReturnValuesOnConditionCheckFailure", kReturnOnFailureNames, value);
}

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) throw CodecError("expected a JSON object, got: " + object.dump());
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

ConsumedCapacity readConsumedCapacity(const Json& json) {
  ConsumedCapacity capacity;
  if (const Json* name = member(json, "TableName")) capacity.table_name = name->get<std::string>();
  if (const Json* units = member(json, "CapacityUnits"))
    capacity.capacity_units = units->get<double>();
  if (const Json* units = member(json, "ReadCapacityUnits")) {
    capacity.read_capacity_units = units->get<double>();
  }
  if (const Json* units = member(json, "WriteCapacityUnits")) {
    capacity.write_capacity_units = units->get<double>();
  }
  return capacity;
}

std::vector<ConsumedCapacity> readConsumedCapacityList(const Json& body) {
  std::vector<ConsumedCapacity> capacities;
  if (const Json* list = member(body, "ConsumedCapacity")) {
    for (const auto& capacity : *list) capacities.push_back(readConsumedCapacity(capacity));
  }
  return capacities;
}

}  // namespace flamingock::dynamodb::detail

namespace flamingock::dynamodb {

std::ostream& operator<<(std::ostream& out, const AttributeValue& value) {
  detail::JsonWriter json;
  detail::writeAttributeValue(json, value);
  return out << std::move(json).take();
}

}  // namespace flamingock::dynamodb
