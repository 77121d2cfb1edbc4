# Compile settings for the project's own targets only (never global flags).

# Warnings on our code (as errors with FLAMINGOCK_WERROR); third-party headers come in as SYSTEM
# and stay quiet.
function(flamingock_target_defaults target)
  # Designated initializers that leave fields at their in-class defaults are how option and
  # request structs are meant to be filled; GCC 12 would flag every such use under -Wextra.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  if(FLAMINGOCK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 at -O3 reports `"text" + std::string(...)` as an overlapping memcpy (GCC bug 105329,
    # fixed in GCC 13): a false positive in libstdc++ itself, not in our code.
    if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    # GCC 12 to 15 report a std::string's small buffer as "may be used uninitialized" once enough
    # is inlined, so whether it fires depends on the optimization level (-O3 does, -O2 does not):
    # no warning-free code to write. -Wuninitialized, and clang's -Wall, still catch real ones.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(FLAMINGOCK_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
