// Checking a pipeline before anything runs (docs/exactly-once.md#a-run, step 1).
#pragma once

#include "pipeline.h"

namespace flamingock::detail {

// Checks every rule and, when all hold, fills each stage's `resolved` list sorted by order.
// Throws ValidationError listing every problem found.
void validateAndResolve(Pipeline& pipeline);

// What is wrong with `options`, one sentence each naming the field and its value; empty when
// nothing is. A lock with a non-positive lease, heartbeat or retry interval would expire at once
// or spin, and one whose heartbeat is not shorter than its lease lapses between renewals.
std::vector<std::string> lockOptionsProblems(const LockOptions& options);

// Throws ConfigurationError listing `lockOptionsProblems(options)` unless there are none. For the
// locks themselves, which a caller may create without a builder.
void validateLockOptions(const LockOptions& options);

}  // namespace flamingock::detail
