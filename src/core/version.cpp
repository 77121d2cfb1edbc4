#include "flamingock/version.h"

namespace flamingock {

std::string_view libraryVersion() { return FLAMINGOCK_VERSION; }

}  // namespace flamingock
