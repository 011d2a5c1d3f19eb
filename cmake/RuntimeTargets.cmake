#===- cmake/RuntimeTargets.cmake - the runtime for other targets -*- cmake -*-===//
#
# modelc cross-compiles (--target): the static library it emits bundles the
# runtime, which must be built for the same target. Besides the host's
# <build>/lib/libmodelc_runtime.a, the build makes the runtime of each triple
# of MODELC_RUNTIME_TARGETS into <build>/lib/<triple>/libmodelc_runtime.a
# (installed as <prefix>/lib/<triple>/), where modelc finds it for
# --target=<triple>: runtime/ configured standalone with
# cmake/toolchains/<triple>.cmake.
#
# Default: aarch64-linux-gnu when its cross compiler (Debian's
# gcc-aarch64-linux-gnu, which scripts/install-deps installs) is on PATH.
#
#===----------------------------------------------------------------------===//

include(ExternalProject)

set(default_targets "")
find_program(MODELC_AARCH64_CC aarch64-linux-gnu-gcc)
if(MODELC_AARCH64_CC)
  list(APPEND default_targets aarch64-linux-gnu)
endif()
set(MODELC_RUNTIME_TARGETS "${default_targets}" CACHE STRING
  "triples to build the runtime for besides the host (each needs cmake/toolchains/<triple>.cmake)")

set(MODELC_TOOLCHAINS_DIR ${PROJECT_SOURCE_DIR}/cmake/toolchains)
foreach(triple IN LISTS MODELC_RUNTIME_TARGETS)
  set(toolchain ${MODELC_TOOLCHAINS_DIR}/${triple}.cmake)
  if(NOT EXISTS ${toolchain})
    message(FATAL_ERROR "MODELC_RUNTIME_TARGETS: no toolchain file ${toolchain}")
  endif()
  set(archive ${CMAKE_BINARY_DIR}/lib/${triple}/libmodelc_runtime.a)
  ExternalProject_Add(modelc_runtime_${triple}
    SOURCE_DIR ${PROJECT_SOURCE_DIR}/runtime
    BINARY_DIR ${CMAKE_BINARY_DIR}/runtime-${triple}
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${toolchain}
      -DCMAKE_BUILD_TYPE=Release
      -DMODELC_RUNTIME_BUILD_TESTS=OFF
      -DMODELC_RUNTIME_OUTPUT_DIR=${CMAKE_BINARY_DIR}/lib/${triple}
    BUILD_BYPRODUCTS ${archive}
    BUILD_ALWAYS ON
    INSTALL_COMMAND "")
  add_dependencies(modelc_runtime_${triple} modelc-runtime-header)
  install(FILES ${archive} DESTINATION lib/${triple})
  message(STATUS "modelc runtime also for ${triple} (lib/${triple})")
endforeach()
install(DIRECTORY ${MODELC_TOOLCHAINS_DIR}/ DESTINATION share/modelc/toolchains)
