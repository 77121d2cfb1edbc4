// How much of DynamoDB's 4 MB TransactWriteItems limit a transaction's writes take, counted as
// DynamoDB counts item size (attribute names and values in bytes), so that an oversized commit is
// refused before it is sent.
//
//   if (transactionSize(writes) > kMaxTransactionBytes) throw Error(...);
#pragma once

#include <cstddef>
#include <vector>

#include "flamingock/dynamodb/transaction_model.h"

namespace flamingock::dynamodb::detail {

inline constexpr std::size_t kMaxTransactionBytes = 4 * 1024 * 1024;

// The bytes of every item, key and expression value that `actions` carry.
std::size_t transactionSize(const std::vector<TransactWriteItem>& actions);

}  // namespace flamingock::dynamodb::detail
