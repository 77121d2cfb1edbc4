// Checking a pipeline before anything runs (SPEC §7 step 1).
#pragma once

#include "pipeline.h"

namespace flamingock::detail {

// Checks every rule and, when all hold, fills each stage's `resolved` list sorted by order.
// Throws ValidationError listing every problem found.
void validateAndResolve(Pipeline& pipeline);

}  // namespace flamingock::detail
