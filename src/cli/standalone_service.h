// The standalone `flamingock` tool's service: YAML changes on DynamoDB, located by the global
// options and the environment.
#pragma once

#include <memory>

#include "cli/context.h"

namespace flamingock::cli::detail {

std::unique_ptr<Service> standaloneService();

}  // namespace flamingock::cli::detail
