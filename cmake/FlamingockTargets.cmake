# Compile settings for the project's own targets only (never global flags).

# Warnings as errors on our code; third-party headers come in as SYSTEM and stay quiet.
function(flamingock_target_defaults target)
  # Designated initializers that leave fields at their in-class defaults are how option and
  # request structs are meant to be filled; GCC 12 would flag every such use under -Wextra.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
  if(FLAMINGOCK_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
