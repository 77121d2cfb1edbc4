#include "flamingock/run_summary.h"

#include <algorithm>

#include "core/name_table.h"

namespace flamingock {

namespace {

constexpr detail::NameTable<ChangeStatus, 8> kStatusNames{{
    {ChangeStatus::kApplied, "APPLIED"},
    {ChangeStatus::kSkipped, "SKIPPED"},
    {ChangeStatus::kFailed, "FAILED"},
    {ChangeStatus::kPlanned, "PLANNED"},
    {ChangeStatus::kDisabled, "DISABLED"},
    {ChangeStatus::kExcluded, "EXCLUDED"},
    {ChangeStatus::kWaiting, "WAITING"},
    {ChangeStatus::kInBackground, "IN_BACKGROUND"},
}};

}  // namespace

std::string_view toString(ChangeStatus status) { return detail::nameOf(kStatusNames, status); }

std::size_t RunSummary::count(ChangeStatus status) const {
  return static_cast<std::size_t>(std::count_if(
      changes.begin(), changes.end(), [&](const ChangeOutcome& c) { return c.status == status; }));
}

}  // namespace flamingock
