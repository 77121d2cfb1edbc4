#include "flamingock/change_context.h"

#include <algorithm>

namespace flamingock {

ChangeContext::ChangeContext(const ChangeInfo& info, const std::string& execution_id,
                             const Metadata& metadata, TargetSystem* target,
                             const std::vector<TargetSystem*>& all_targets,
                             TargetTransaction* transaction, ChangeProgress* progress,
                             ChangePhase phase)
    : info_(info),
      execution_id_(execution_id),
      metadata_(metadata),
      target_(target),
      all_targets_(all_targets),
      transaction_(transaction),
      progress_(progress),
      phase_(phase) {}

ChangeProgress& ChangeContext::progress() const {
  if (progress_ == nullptr) {
    throw Error("change '" + info_.id +
                "' has no progress service: its context was built without one");
  }
  return *progress_;
}

TargetSystem& ChangeContext::requireOwnTarget() const {
  if (target_ == nullptr) {
    throw Error("change '" + info_.id + "' has no target system (none is registered)");
  }
  return *target_;
}

TargetSystem& ChangeContext::requireTarget(std::string_view id) const {
  auto found = std::find_if(all_targets_.begin(), all_targets_.end(),
                            [&](const TargetSystem* target) { return target->id() == id; });
  if (found == all_targets_.end()) {
    throw Error("change '" + info_.id + "' asked for target system '" + std::string(id) +
                "', which is not registered");
  }
  return **found;
}

TargetTransaction& ChangeContext::requireTransaction() const {
  if (transaction_ == nullptr) {
    throw Error("change '" + info_.id +
                "' asked for a transaction but is not transactional (set .transactional = true)");
  }
  return *transaction_;
}

void ChangeContext::throwWrongType(std::string_view what, const std::type_info& actual,
                                   const std::type_info& expected) const {
  throw Error("change '" + info_.id + "' expected its " + std::string(what) + " to be a " +
              detail::typeName(expected) + ", but it is a " + detail::typeName(actual));
}

}  // namespace flamingock
