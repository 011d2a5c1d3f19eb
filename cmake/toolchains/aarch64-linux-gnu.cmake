# cmake/toolchains/aarch64-linux-gnu.cmake - cross-compiling for 64-bit Arm
# Linux with Debian's GNU cross toolchain (gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross). Builds modelc's aarch64 runtime, and serves a
# user's project that builds models for aarch64 with the modelc package:
#
#   cmake -S app -B build-arm64 \
#     -DCMAKE_TOOLCHAIN_FILE=<modelc>/cmake/toolchains/aarch64-linux-gnu.cmake \
#     -Dmodelc_DIR=<modelc prefix>/lib/cmake/modelc
#
# (installed as <prefix>/share/modelc/toolchains/aarch64-linux-gnu.cmake).
# The programs run on an aarch64 machine or under qemu-aarch64
# (-L /usr/aarch64-linux-gnu for dynamically linked ones).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Packages: the host's too (the modelc package holds host tools).
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
# Programs built here run under qemu on an x86-64 machine.
find_program(MODELC_QEMU_AARCH64 qemu-aarch64)
if(MODELC_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${MODELC_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
endif()
