#include "flamingock/target_system.h"

#include "flamingock/error.h"

namespace flamingock {

std::unique_ptr<TargetTransaction> TargetSystem::beginTransaction() {
  throw ConfigurationError("target system '" + id_ + "' does not support transactions");
}

}  // namespace flamingock
