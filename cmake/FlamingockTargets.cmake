# Compile settings for the project's own targets only (never global flags).

# Warnings as errors on our code; third-party headers come in as SYSTEM and stay quiet.
function(flamingock_target_defaults target)
  # Designated initializers that leave fields at their in-class defaults are how option and
  # request structs are meant to be filled; GCC 12 would flag every such use under -Wextra.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
  # GCC 12 at -O3 reports `"text" + std::string(...)` as an overlapping memcpy (GCC bug 105329,
  # fixed in GCC 13): a false positive in libstdc++ itself, not in our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(FLAMINGOCK_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
