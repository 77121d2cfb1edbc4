// TransactWriteItems and TransactGetItems on the wire.
#include "dynamodb/client/json_codec.h"

namespace flamingock::dynamodb::detail {
namespace {

// Put, Update, Delete and ConditionCheck share everything but the item or key and the update.
template <typename Action>
void writeAction(JsonWriter& json, std::string_view name, const Action& action) {
  json.key(name).beginObject();
  json.key("TableName").string(action.table_name);
  if constexpr (requires { action.item; }) {
    json.key("Item");
    writeItem(json, action.item);
  } else {
    json.key("Key");
    writeItem(json, action.key);
  }
  if constexpr (requires { action.update_expression; }) {
    writeNonEmpty(json, "UpdateExpression", action.update_expression);
  }
  writeExpressionFields(json, action.condition_expression, action.expression_attribute_names,
                        action.expression_attribute_values);
  writeReturnValuesOnConditionCheckFailure(json, action.return_values_on_condition_check_failure);
  json.endObject();
}

struct ActionWriter {
  JsonWriter& json;
  void operator()(const Put& put) const { writeAction(json, "Put", put); }
  void operator()(const Update& update) const { writeAction(json, "Update", update); }
  void operator()(const Delete& del) const { writeAction(json, "Delete", del); }
  void operator()(const ConditionCheck& check) const { writeAction(json, "ConditionCheck", check); }
};

}  // namespace

std::string encodeRequest(const TransactWriteItemsRequest& request) {
  JsonWriter json;
  json.beginObject().key("TransactItems").beginArray();
  for (const auto& item : request.transact_items) {
    json.beginObject();
    std::visit(ActionWriter{json}, item);
    json.endObject();
  }
  json.endArray();
  writeNonEmpty(json, "ClientRequestToken", request.client_request_token);
  writeReturnConsumedCapacity(json, request.return_consumed_capacity);
  json.endObject();
  return std::move(json).take();
}

std::string encodeRequest(const TransactGetItemsRequest& request) {
  JsonWriter json;
  json.beginObject().key("TransactItems").beginArray();
  for (const auto& get : request.transact_items) {
    json.beginObject().key("Get").beginObject();
    json.key("TableName").string(get.table_name);
    json.key("Key");
    writeItem(json, get.key);
    writeNonEmpty(json, "ProjectionExpression", get.projection_expression);
    writeExpressionFields(json, {}, get.expression_attribute_names, {});
    json.endObject().endObject();
  }
  json.endArray();
  writeReturnConsumedCapacity(json, request.return_consumed_capacity);
  json.endObject();
  return std::move(json).take();
}

void decodeResult(const Json& body, TransactWriteItemsResult& result) {
  result.consumed_capacity = readConsumedCapacityList(body);
}

void decodeResult(const Json& body, TransactGetItemsResult& result) {
  if (const Json* responses = member(body, "Responses")) {
    for (const auto& response : *responses) {
      const Json* item = member(response, "Item");
      result.responses.push_back(item ? std::optional<Item>(readItem(*item)) : std::nullopt);
    }
  }
  result.consumed_capacity = readConsumedCapacityList(body);
}

}  // namespace flamingock::dynamodb::detail
