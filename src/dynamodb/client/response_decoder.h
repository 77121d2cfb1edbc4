// How the body of a 200 answer becomes the operation's result: the one place that chooses the
// parser. The answers that carry items in bulk (GetItem, Query, Scan, and the Attributes of
// PutItem, UpdateItem and DeleteItem) are read straight from the text (item_reader.h); the others
// keep nlohmann-json's DOM (json_codec.h): table operations carry no items, and batches and
// transactions at most 100, in rarer calls.
//
//   GetItemResult result;
//   decodeBody(body, result);  // throws CodecError or nlohmann::json::exception
#pragma once

#include <string_view>

#include "dynamodb/client/item_reader.h"
#include "dynamodb/client/json_codec.h"

namespace flamingock::dynamodb::detail {

template <typename Result>
void decodeBody(std::string_view body, Result& result) {
  if constexpr (requires { readItemResponse(body, result); }) {
    readItemResponse(body, result);
  } else {
    decodeResult(Json::parse(body), result);
  }
}

}  // namespace flamingock::dynamodb::detail
