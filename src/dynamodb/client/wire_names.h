// DynamoDB's names of the client's enums, one table each, read both ways by the codecs and by
// messages (see core/name_table.h). A value a table leaves out (kNone, kDefault) is sent by
// leaving its field out.
#pragma once

#include "core/name_table.h"
#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/common_model.h"
#include "flamingock/dynamodb/query_model.h"
#include "flamingock/dynamodb/table_model.h"

namespace flamingock::dynamodb::detail {

using flamingock::detail::findName;
using flamingock::detail::nameOf;
using flamingock::detail::NameTable;
using flamingock::detail::valueOf;

inline constexpr NameTable<AttributeValue::Type, 10> kAttributeTypeNames{{
    {AttributeValue::Type::kString, "S"},
    {AttributeValue::Type::kNumber, "N"},
    {AttributeValue::Type::kBinary, "B"},
    {AttributeValue::Type::kBool, "BOOL"},
    {AttributeValue::Type::kNull, "NULL"},
    {AttributeValue::Type::kMap, "M"},
    {AttributeValue::Type::kList, "L"},
    {AttributeValue::Type::kStringSet, "SS"},
    {AttributeValue::Type::kNumberSet, "NS"},
    {AttributeValue::Type::kBinarySet, "BS"},
}};

inline constexpr NameTable<ScalarAttributeType, 3> kScalarTypeNames{{
    {ScalarAttributeType::kString, "S"},
    {ScalarAttributeType::kNumber, "N"},
    {ScalarAttributeType::kBinary, "B"},
}};

inline constexpr NameTable<KeyType, 2> kKeyTypeNames{{
    {KeyType::kHash, "HASH"},
    {KeyType::kRange, "RANGE"},
}};

inline constexpr NameTable<BillingMode, 2> kBillingModeNames{{
    {BillingMode::kProvisioned, "PROVISIONED"},
    {BillingMode::kPayPerRequest, "PAY_PER_REQUEST"},
}};

inline constexpr NameTable<ProjectionType, 3> kProjectionTypeNames{{
    {ProjectionType::kAll, "ALL"},
    {ProjectionType::kKeysOnly, "KEYS_ONLY"},
    {ProjectionType::kInclude, "INCLUDE"},
}};

inline constexpr NameTable<TableStatus, 8> kTableStatusNames{{
    {TableStatus::kCreating, "CREATING"},
    {TableStatus::kUpdating, "UPDATING"},
    {TableStatus::kDeleting, "DELETING"},
    {TableStatus::kActive, "ACTIVE"},
    {TableStatus::kInaccessibleEncryptionCredentials, "INACCESSIBLE_ENCRYPTION_CREDENTIALS"},
    {TableStatus::kArchiving, "ARCHIVING"},
    {TableStatus::kArchived, "ARCHIVED"},
    {TableStatus::kUnknown, "UNKNOWN"},
}};

inline constexpr NameTable<ReturnValues, 4> kReturnValuesNames{{
    {ReturnValues::kAllOld, "ALL_OLD"},
    {ReturnValues::kUpdatedOld, "UPDATED_OLD"},
    {ReturnValues::kAllNew, "ALL_NEW"},
    {ReturnValues::kUpdatedNew, "UPDATED_NEW"},
}};

inline constexpr NameTable<ReturnValuesOnConditionCheckFailure, 1> kReturnOnFailureNames{{
    {ReturnValuesOnConditionCheckFailure::kAllOld, "ALL_OLD"},
}};

inline constexpr NameTable<ReturnConsumedCapacity, 2> kReturnCapacityNames{{
    {ReturnConsumedCapacity::kTotal, "TOTAL"},
    {ReturnConsumedCapacity::kIndexes, "INDEXES"},
}};

inline constexpr NameTable<Select, 4> kSelectNames{{
    {Select::kAllAttributes, "ALL_ATTRIBUTES"},
    {Select::kAllProjectedAttributes, "ALL_PROJECTED_ATTRIBUTES"},
    {Select::kSpecificAttributes, "SPECIFIC_ATTRIBUTES"},
    {Select::kCount, "COUNT"},
}};

}  // namespace flamingock::dynamodb::detail
