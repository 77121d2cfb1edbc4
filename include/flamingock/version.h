// The version of the flamingock library.
#pragma once

#include <string_view>

namespace flamingock {

// "MAJOR.MINOR.PATCH" of the library the program is linked with.
std::string_view libraryVersion();

}  // namespace flamingock
