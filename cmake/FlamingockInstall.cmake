# `cmake --install` puts headers, libraries, the CLI and the exported package `flamingock` under the
# prefix, so a service needs only find_package(flamingock) and flamingock::flamingock, or
# pkg-config's flamingock.pc (with --static for a static install).
include(CMakePackageConfigHelpers)

# What a service's link needs beyond the library itself: libflamingock.so brings its dependencies;
# the static layers need theirs named, to find_package and to `pkg-config --static`. The latter
# names the libraries, not their .pc files (Requires.private), which would ask for libcurl's own
# static dependencies (nghttp2, ssh2, ldap...): these link the shared libraries.
get_property(flamingock_layers GLOBAL PROPERTY flamingock_layers)
if(FLAMINGOCK_BUILD_SHARED)
  set(flamingock_config_dependencies "")
  set(flamingock_pc_libs -lflamingock)
  set(flamingock_pc_private "")
else()
  set(flamingock_config_dependencies CURL OpenSSL nlohmann_json Threads yaml-cpp ZLIB)
  # The layers in link order: each before the ones it uses.
  list(REVERSE flamingock_layers)
  list(TRANSFORM flamingock_layers PREPEND -l OUTPUT_VARIABLE flamingock_pc_libs)
  list(JOIN flamingock_pc_libs " " flamingock_pc_libs)
  set(flamingock_pc_private "Libs.private: -lcurl -lcrypto -lyaml-cpp -lz -pthread\n")
endif()

install(DIRECTORY include/flamingock DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT flamingockTargets NAMESPACE flamingock:: FILE flamingockTargets.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/flamingock)
configure_package_config_file(cmake/flamingockConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/flamingockConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/flamingock)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/flamingockConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/flamingockConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/flamingockConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/flamingock)
# flamingock.pc finds the prefix from where it lies (pkg-config's ${pcfiledir}), so an install
# copied or unpacked elsewhere (the .deb into another root) needs no rewriting.
file(RELATIVE_PATH flamingock_pc_to_prefix "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig"
     "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" flamingock_pc_to_prefix "${flamingock_pc_to_prefix}")
configure_file(cmake/flamingock.pc.in ${CMAKE_CURRENT_BINARY_DIR}/flamingock.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/flamingock.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
