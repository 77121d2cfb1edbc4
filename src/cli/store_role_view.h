// The part this Region plays for the audit store's tables (StoreRole), as `plan`, `run` and
// `lock status` show it (docs/operations.md#several-regions).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "flamingock/store_role.h"

namespace flamingock::cli::detail {

// {"kind": "single" | "home" | "follower" | "any", "region": ..., "homeRegion": ... or null}
nlohmann::json storeRoleJson(const StoreRole& role);

// A line for the table output, empty for a store whose log is not replicated: "This Region:
// follower of home Region us-east-1 (this Region eu-west-1); runs here write nothing and wait
// for its changes."
std::string storeRoleLine(const StoreRole& role);

}  // namespace flamingock::cli::detail
