# The Debian package (`cpack -G DEB`, run by tools/package on a FLAMINGOCK_BUILD_SHARED build with
# CMAKE_INSTALL_PREFIX=/usr): everything `cmake --install` puts under the prefix. Depends is
# computed by dpkg-shlibdeps from what the library and the tool link.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME flamingock)
set(CPACK_PACKAGE_VENDOR "flamingock-cpp")
set(CPACK_PACKAGE_CONTACT "flamingock-cpp developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Change-as-code for C++ services on Amazon DynamoDB")
set(CPACK_PACKAGE_DESCRIPTION
    "Ordered change units that run exactly once across a fleet, with an audit log and a distributed lock in DynamoDB. The library (libflamingock.so), its headers, its CMake package and pkg-config file, and the flamingock command-line tool.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
include(CPack)
