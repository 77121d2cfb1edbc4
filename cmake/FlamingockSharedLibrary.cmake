# libflamingock.so: the objects of every layer and of the CLI library in one shared library, so a
# service links one file (flamingock::flamingock; flamingock::flamingock_cli names the same file).
# Its dependencies are private: the public headers use only the standard library. The version
# script exports what lives in namespace flamingock and keeps the copies of yaml-cpp, nlohmann-json,
# CLI11 and standard-library templates that the objects instantiate to the library itself.
get_property(layers GLOBAL PROPERTY flamingock_layers)

add_library(flamingock_shared SHARED)
foreach(layer IN LISTS layers)
  target_sources(flamingock_shared PRIVATE $<TARGET_OBJECTS:${layer}>)
  # The layers' own dependencies, less the layers themselves (their objects are already in).
  get_target_property(dependencies ${layer} LINK_LIBRARIES)
  list(REMOVE_ITEM dependencies ${layers})
  target_link_libraries(flamingock_shared PRIVATE ${dependencies})
endforeach()

set(version_script ${PROJECT_SOURCE_DIR}/cmake/flamingock.map)
set_target_properties(flamingock_shared PROPERTIES
  OUTPUT_NAME flamingock
  EXPORT_NAME flamingock
  LINKER_LANGUAGE CXX
  # Before 1.0 every minor version may change the ABI.
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
  LINK_DEPENDS ${version_script})
target_link_options(flamingock_shared PRIVATE -Wl,--no-undefined -Wl,--version-script=${version_script})
target_include_directories(flamingock_shared
  PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_features(flamingock_shared PUBLIC cxx_std_20)
flamingock_target_defaults(flamingock_shared)

if(TARGET flamingock_cli)
  add_library(flamingock_shared_cli INTERFACE)
  set_target_properties(flamingock_shared_cli PROPERTIES EXPORT_NAME flamingock_cli)
  target_link_libraries(flamingock_shared_cli INTERFACE flamingock_shared)
endif()
if(FLAMINGOCK_INSTALL)
  install(TARGETS flamingock_shared EXPORT flamingockTargets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  if(TARGET flamingock_shared_cli)
    install(TARGETS flamingock_shared_cli EXPORT flamingockTargets)
  endif()
endif()
