// CreateTable, DescribeTable, DeleteTable, UpdateTimeToLive and ListTables on the wire.
#include <cmath>

#include "dynamodb/client/json_codec.h"

namespace flamingock::dynamodb::detail {
namespace {

void writeKeySchema(JsonWriter& json, const std::vector<KeySchemaElement>& key_schema) {
  json.key("KeySchema").beginArray();
  for (const auto& element : key_schema) {
    json.beginObject();
    json.key("AttributeName").string(element.attribute_name);
    json.key("KeyType").string(nameOf(kKeyTypeNames, element.key_type));
    json.endObject();
  }
  json.endArray();
}

void writeThroughput(JsonWriter& json, const ProvisionedThroughput& throughput) {
  json.key("ProvisionedThroughput").beginObject();
  json.key("ReadCapacityUnits").integer(throughput.read_capacity_units);
  json.key("WriteCapacityUnits").integer(throughput.write_capacity_units);
  json.endObject();
}

void writeProjection(JsonWriter& json, const Projection& projection) {
  json.key("Projection").beginObject();
  json.key("ProjectionType").string(nameOf(kProjectionTypeNames, projection.projection_type));
  if (!projection.non_key_attributes.empty()) {
    json.key("NonKeyAttributes").beginArray();
    for (const auto& name : projection.non_key_attributes) json.string(name);
    json.endArray();
  }
  json.endObject();
}

template <typename Index>
void writeIndexes(JsonWriter& json, std::string_view key, const std::vector<Index>& indexes) {
  if (indexes.empty()) return;
  json.key(key).beginArray();
  for (const auto& index : indexes) {
    json.beginObject();
    json.key("IndexName").string(index.index_name);
    writeKeySchema(json, index.key_schema);
    writeProjection(json, index.projection);
    if constexpr (requires { index.provisioned_throughput; }) {
      if (index.provisioned_throughput) writeThroughput(json, *index.provisioned_throughput);
    }
    json.endObject();
  }
  json.endArray();
}

std::string tableNameOnly(const std::string& table_name) {
  JsonWriter json;
  json.beginObject().key("TableName").string(table_name).endObject();
  return std::move(json).take();
}

std::vector<std::string> readIndexNames(const Json& table, std::string_view key) {
  std::vector<std::string> names;
  if (const Json* indexes = member(table, key)) {
    for (const auto& index : *indexes) names.push_back(index.at("IndexName").get<std::string>());
  }
  return names;
}

std::vector<Replica> readReplicas(const Json& table) {
  std::vector<Replica> replicas;
  if (const Json* list = member(table, "Replicas")) {
    for (const auto& replica : *list) {
      const Json* status = member(replica, "ReplicaStatus");
      replicas.push_back({replica.at("RegionName").get<std::string>(),
                          status != nullptr ? status->get<std::string>() : ""});
    }
  }
  return replicas;
}

}  // namespace

TableDescription readTableDescription(const Json& json) {
  TableDescription table;
  table.table_name = json.at("TableName").get<std::string>();
  if (const Json* arn = member(json, "TableArn")) table.table_arn = arn->get<std::string>();
  if (const Json* status = member(json, "TableStatus")) {
    table.table_status = valueOf(kTableStatusNames, status->get_ref<const std::string&>())
                             .value_or(TableStatus::kUnknown);
  }
  if (const Json* schema = member(json, "KeySchema")) {
    for (const auto& element : *schema) {
      table.key_schema.push_back(
          {element.at("AttributeName").get<std::string>(),
           valueOf(kKeyTypeNames, element.at("KeyType").get_ref<const std::string&>())
               .value_or(KeyType::kHash)});
    }
  }
  if (const Json* definitions = member(json, "AttributeDefinitions")) {
    for (const auto& definition : *definitions) {
      table.attribute_definitions.push_back(
          {definition.at("AttributeName").get<std::string>(),
           readNamed(kScalarTypeNames, definition.at("AttributeType").get<std::string>(),
                     "attribute type")});
    }
  }
  if (const Json* billing = member(json, "BillingModeSummary")) {
    if (const Json* mode = member(*billing, "BillingMode")) {
      table.billing_mode = valueOf(kBillingModeNames, mode->get_ref<const std::string&>())
                               .value_or(BillingMode::kProvisioned);
    }
  }
  if (const Json* throughput = member(json, "ProvisionedThroughput")) {
    table.provisioned_throughput.read_capacity_units =
        readInteger<std::int64_t>(*throughput, "ReadCapacityUnits");
    table.provisioned_throughput.write_capacity_units =
        readInteger<std::int64_t>(*throughput, "WriteCapacityUnits");
  }
  table.global_secondary_index_names = readIndexNames(json, "GlobalSecondaryIndexes");
  table.local_secondary_index_names = readIndexNames(json, "LocalSecondaryIndexes");
  table.replicas = readReplicas(json);
  if (const Json* consistency = member(json, "MultiRegionConsistency")) {
    // Any other word is taken as EVENTUAL, the mode that asks for a home Region.
    if (consistency->get_ref<const std::string&>() == "STRONG") {
      table.multi_region_consistency = MultiRegionConsistency::kStrong;
    }
  }
  table.item_count = readInteger<std::int64_t>(json, "ItemCount");
  table.table_size_bytes = readInteger<std::int64_t>(json, "TableSizeBytes");
  if (const Json* created = member(json, "CreationDateTime")) {
    // system_clock counts nanoseconds in 64 bits: about 292 years either side of 1970.
    constexpr double kLimitSeconds = 9e9;
    double seconds = created->get<double>();
    if (!(std::abs(seconds) < kLimitSeconds)) {
      throw CodecError("CreationDateTime " + created->dump() + " is not a time this clock holds");
    }
    auto millis = std::llround(seconds * 1000.0);
    table.creation_date_time =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(millis));
  }
  return table;
}

std::string encodeRequest(const CreateTableRequest& request) {
  JsonWriter json;
  json.beginObject();
  json.key("TableName").string(request.table_name);
  json.key("AttributeDefinitions").beginArray();
  for (const auto& definition : request.attribute_definitions) {
    json.beginObject();
    json.key("AttributeName").string(definition.attribute_name);
    json.key("AttributeType").string(nameOf(kScalarTypeNames, definition.attribute_type));
    json.endObject();
  }
  json.endArray();
  writeKeySchema(json, request.key_schema);
  json.key("BillingMode").string(nameOf(kBillingModeNames, request.billing_mode));
  if (request.provisioned_throughput) writeThroughput(json, *request.provisioned_throughput);
  writeIndexes(json, "GlobalSecondaryIndexes", request.global_secondary_indexes);
  writeIndexes(json, "LocalSecondaryIndexes", request.local_secondary_indexes);
  json.endObject();
  return std::move(json).take();
}

std::string encodeRequest(const DescribeTableRequest& request) {
  return tableNameOnly(request.table_name);
}

std::string encodeRequest(const DeleteTableRequest& request) {
  return tableNameOnly(request.table_name);
}

std::string encodeRequest(const UpdateTimeToLiveRequest& request) {
  JsonWriter json;
  json.beginObject();
  json.key("TableName").string(request.table_name);
  json.key("TimeToLiveSpecification").beginObject();
  json.key("AttributeName").string(request.attribute_name);
  json.key("Enabled").boolean(request.enabled);
  json.endObject();
  json.endObject();
  return std::move(json).take();
}

std::string encodeRequest(const ListTablesRequest& request) {
  JsonWriter json;
  json.beginObject();
  writeNonEmpty(json, "ExclusiveStartTableName", request.exclusive_start_table_name);
  if (request.limit) json.key("Limit").integer(*request.limit);
  json.endObject();
  return std::move(json).take();
}

void decodeResult(const Json& body, CreateTableResult& result) {
  result.table = readTableDescription(body.at("TableDescription"));
}

void decodeResult(const Json& body, DescribeTableResult& result) {
  result.table = readTableDescription(body.at("Table"));
}

void decodeResult(const Json& body, DeleteTableResult& result) {
  result.table = readTableDescription(body.at("TableDescription"));
}

void decodeResult(const Json& body, UpdateTimeToLiveResult& result) {
  const Json& specification = body.at("TimeToLiveSpecification");
  result.attribute_name = specification.at("AttributeName").get<std::string>();
  result.enabled = specification.at("Enabled").get<bool>();
}

void decodeResult(const Json& body, ListTablesResult& result) {
  result.table_names = body.at("TableNames").get<std::vector<std::string>>();
  if (const Json* last = member(body, "LastEvaluatedTableName")) {
    result.last_evaluated_table_name = last->get<std::string>();
  }
}

}  // namespace flamingock::dynamodb::detail
