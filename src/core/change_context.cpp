#include "flamingock/change_context.h"

#include <algorithm>

namespace flamingock {

const char* toString(ChangePhase phase) {
  return phase == ChangePhase::kApply ? "apply" : "rollback";
}

ChangeContext::ChangeContext(const ChangeInfo& info, const std::string& execution_id,
                             const Metadata& metadata, TargetSystem* target,
                             const std::vector<TargetSystem*>& all_targets,
                             TargetTransaction* transaction, const ChangeRun* run,
                             ChangePhase phase)
    : info_(info),
      execution_id_(execution_id),
      metadata_(metadata),
      target_(target),
      all_targets_(all_targets),
      transaction_(transaction),
      run_(run),
      phase_(phase) {}

const ChangeRun& ChangeContext::run() const {
  if (run_ == nullptr) {
    throw Error("change '" + info_.id + "' has no run: its context was built without one");
  }
  return *run_;
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
