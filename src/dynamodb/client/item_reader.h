// Reads the answers that carry items (GetItem, Query, Scan, and the Attributes of PutItem,
// UpdateItem and DeleteItem) straight from the response text into the result, with nlohmann-json's
// SAX parser: no DOM is built, each attribute name and value is copied once, where it stays.
//
//   GetItemResult result;
//   readItemResponse(body, result);  // throws CodecError on a body of the wrong shape
//
// It reads and refuses exactly what readItem reads and refuses on a parsed body: unknown members
// are skipped, null members are absent, and a body that is not the operation's JSON (truncated, an
// attribute value without exactly one known type member, a wrong JSON type inside a value, bad
// base64, a count that is not a whole number that fits) throws CodecError naming what was wrong.
#pragma once

#include <string_view>

#include "flamingock/dynamodb/item_model.h"
#include "flamingock/dynamodb/query_model.h"

namespace flamingock::dynamodb::detail {

void readItemResponse(std::string_view body, GetItemResult& result);
void readItemResponse(std::string_view body, ItemPage& result);
void readItemResponse(std::string_view body, PutItemResult& result);
void readItemResponse(std::string_view body, UpdateItemResult& result);
void readItemResponse(std::string_view body, DeleteItemResult& result);

}  // namespace flamingock::dynamodb::detail
