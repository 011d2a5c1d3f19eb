#===- cmake/Packaging.cmake - install rules for docs, CPack -*- cmake -*-===//
#
# What `cmake --install` puts into a prefix beyond the targets' own rules
# (tools: tools/*/CMakeLists.txt; runtime and header: runtime/CMakeLists.txt;
# CMake package: cmake/CMakeLists.txt):
#
#   share/doc/modelc/                README, docs (user guide, CLI, runtime,
#                                    supported operators, benchmarks,
#                                    generated references)
#   share/doc/modelc/examples/       the Fashion-MNIST and spam filter
#                                    examples (sources, models, scripts)
#
# Everything is found relative to the prefix (modelc finds its runtime in
# <bin>/../lib, the CMake package its targets beside modelcConfig.cmake), so
# an installed tree keeps working when it is moved.
#
# CPack: `cpack -G DEB` (or TGZ) in the build folder packages the same tree,
# under /usr for the .deb, with the Debian packages the tools need at run
# time as dependencies.
#
#===----------------------------------------------------------------------===//

set(MODELC_DOC_DIR share/doc/modelc)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${MODELC_DOC_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
  DESTINATION ${MODELC_DOC_DIR}
  FILES_MATCHING PATTERN "*.md" PATTERN "*.txt")
install(DIRECTORY
  ${PROJECT_SOURCE_DIR}/examples/fashion_mnist
  ${PROJECT_SOURCE_DIR}/examples/spam_filter
  DESTINATION ${MODELC_DOC_DIR}/examples
  USE_SOURCE_PERMISSIONS
  PATTERN "__pycache__" EXCLUDE)

set(CPACK_PACKAGE_NAME modelc)
set(CPACK_PACKAGE_VENDOR "modelc")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "ahead-of-time compiler of ONNX models to native code and a C header")
set(CPACK_PACKAGE_DESCRIPTION
  "modelc turns an ONNX model into an object file or a static library plus a C header that a C or C++ program links and calls, with no interpreter and no heap allocation at inference. The package holds the tools (modelc, modelc-run, modelc-opt), the C runtime the generated code links against, its header, the CMake package (find_package(modelc), modelc_add_model()) and the documentation.")
set(CPACK_PACKAGE_CONTACT "modelc developers <modelc@localhost>")
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGE_FILE_NAME
  "${CPACK_PACKAGE_NAME}-${CPACK_PACKAGE_VERSION}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The shared libraries the tools link (libMLIR, libLLVM, ONNX, protobuf) and
# the C compiler modelc-run links a compiled model with.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libmlir-19, libllvm19, libonnx1, libprotobuf32, libstdc++6, libc6, gcc | c-compiler")
include(CPack)
