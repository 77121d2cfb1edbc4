// When a change's writes and the audit entry may go into one TransactWriteItems: only when both
// clients reach the same DynamoDB as the same principal.
#pragma once

#include "flamingock/dynamodb/client_config.h"

namespace flamingock::dynamodb::detail {

// Same region, same endpoint, and the same credentials: the same provider, or providers that
// yield the same access key id (asked of each provider, never logged). A provider that finds no
// credentials throws its ConfigurationError.
bool canShareTransactions(const ClientConfig& first, const ClientConfig& second);

}  // namespace flamingock::dynamodb::detail
