# `cmake --install` puts headers, libraries, the CLI and the exported package `flamingock` under the
# prefix, so a service needs only find_package(flamingock) and flamingock::flamingock.
include(CMakePackageConfigHelpers)

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
