# flamingock.1, the tool's man page, made by help2man from its own --help and --version, so the
# page says what the tool says. Machines without help2man build and install without it.
find_program(FLAMINGOCK_HELP2MAN help2man)
if(NOT TARGET flamingock_tool OR NOT FLAMINGOCK_HELP2MAN)
  return()
endif()

set(man_page ${PROJECT_BINARY_DIR}/man/flamingock.1)
add_custom_command(
  OUTPUT ${man_page}.gz
  # help2man creates no folder (Ninja makes those of the outputs, Make does not).
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
  COMMAND ${FLAMINGOCK_HELP2MAN} --no-info --no-discard-stderr --output=${man_page}
          "--name=change-as-code for Amazon DynamoDB: YAML changes, audit log, issues and lock"
          $<TARGET_FILE:flamingock_tool>
  # Debian installs man pages compressed; -n leaves the time out, so equal pages compress equally.
  COMMAND gzip -9nf ${man_page}
  DEPENDS flamingock_tool
  COMMENT "Generating the man page flamingock.1 from flamingock --help"
  VERBATIM)
add_custom_target(flamingock_man_page ALL DEPENDS ${man_page}.gz)
if(FLAMINGOCK_INSTALL)
  install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
