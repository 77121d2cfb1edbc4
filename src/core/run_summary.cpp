#include "flamingock/run_summary.h"

#include <algorithm>

namespace flamingock {

std::string_view toString(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::kApplied:
      return "APPLIED";
    case ChangeStatus::kSkipped:
      return "SKIPPED";
    case ChangeStatus::kFailed:
      return "FAILED";
    case ChangeStatus::kPlanned:
      return "PLANNED";
  }
  return "UNKNOWN";
}

std::size_t RunSummary::count(ChangeStatus status) const {
  return static_cast<std::size_t>(std::count_if(
      changes.begin(), changes.end(), [&](const ChangeOutcome& c) { return c.status == status; }));
}

}  // namespace flamingock
