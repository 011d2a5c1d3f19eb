# run_consumer.cmake - the `cmake-package` test: configures, builds and runs
# test/cmake/consumer against a modelc package (three builds of the model:
# two float, one int8 from a calibration table), then checks that touching
# the model recompiles them, that touching the table recompiles the int8
# one, and that an up-to-date build does not.
#
#   cmake -DMODELC_DIR=<build or prefix>/lib/cmake/modelc
#         -DSOURCE_DIR=test/cmake/consumer -DWORK_DIR=<scratch folder>
#         -DMODEL=examples/fashion_mnist/fashion_cnn.onnx
#         -DTABLE=examples/fashion_mnist/fashion_cnn.calib.json
#         [-DGENERATOR=Ninja] [-DMAKE_PROGRAM=...] [-DC_COMPILER=cc]
#         -P test/cmake/run_consumer.cmake
#
# The model and the table are copied into WORK_DIR first, so that the test
# can touch them without touching the source tree.
cmake_minimum_required(VERSION 3.20)

foreach(var MODELC_DIR SOURCE_DIR WORK_DIR MODEL TABLE)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${MODELC_DIR}/modelcConfig.cmake")
  message(FATAL_ERROR "no modelcConfig.cmake in ${MODELC_DIR}")
endif()

set(build_dir "${WORK_DIR}/build")
set(model "${WORK_DIR}/fashion_cnn.onnx")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(table "${WORK_DIR}/fashion_cnn.calib.json")
foreach(pair "${MODEL};${model}" "${TABLE};${table}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E copy "${from}" "${to}"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot copy ${from} to ${to}")
  endif()
endforeach()

# run(<what> <output variable> <command>...): runs the command, echoes its
# output and fails the test when it fails.
function(run what out_var)
  message(STATUS "${what}: ${ARGN}")
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc})")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

set(configure_args -S "${SOURCE_DIR}" -B "${build_dir}"
  "-Dmodelc_DIR=${MODELC_DIR}" "-DFASHION_MODEL=${model}"
  "-DFASHION_TABLE=${table}"
  -DCMAKE_BUILD_TYPE=Release)
if(GENERATOR)
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(C_COMPILER)
  list(APPEND configure_args "-DCMAKE_C_COMPILER=${C_COMPILER}")
endif()
set(build_command "${CMAKE_COMMAND}" --build "${build_dir}" --config Release)
set(compile_message "Compiling ONNX model")

# 1. Configure, build, run.
run("configure" out "${CMAKE_COMMAND}" ${configure_args})
run("build" out ${build_command})
string(REGEX MATCHALL "${compile_message}" compiles "${out}")
list(LENGTH compiles n)
if(NOT n EQUAL 3)
  message(FATAL_ERROR "the first build compiled ${n} models, expected 3")
endif()
if(NOT EXISTS "${build_dir}/fashion_int8/fashion_int8.quant.json")
  message(FATAL_ERROR "the int8 build wrote no quantization report")
endif()

find_program(consumer consumer PATHS "${build_dir}" "${build_dir}/Release"
  NO_DEFAULT_PATH REQUIRED)
function(check_consumer)
  run("run" out "${consumer}")
  string(REGEX MATCHALL "logit\\[[0-9]\\] = -?[0-9]+\\.[0-9]+" logits "${out}")
  list(LENGTH logits n)
  if(NOT n EQUAL 10 OR NOT out MATCHES "\n10 logits\n")
    message(FATAL_ERROR "expected 10 logits from the consumer, got ${n}")
  endif()
  if(NOT out MATCHES "int8: class [0-9] as in float")
    message(FATAL_ERROR "the int8 build's class is missing")
  endif()
endfunction()
check_consumer()

# 2. An up-to-date build does not run modelc.
run("rebuild (nothing changed)" out ${build_command})
if(out MATCHES "${compile_message}")
  message(FATAL_ERROR "modelc ran again although nothing changed")
endif()

# 3. Touching the model recompiles the three models and relinks.
file(TOUCH "${model}")
run("rebuild (model touched)" out ${build_command})
string(REGEX MATCHALL "${compile_message}" compiles "${out}")
list(LENGTH compiles n)
if(NOT n EQUAL 3)
  message(FATAL_ERROR
    "touching the model recompiled ${n} models, expected 3")
endif()
check_consumer()

# 4. Touching the calibration table recompiles the int8 model alone.
file(TOUCH "${table}")
run("rebuild (table touched)" out ${build_command})
string(REGEX MATCHALL "${compile_message}" compiles "${out}")
list(LENGTH compiles n)
if(NOT n EQUAL 1 OR NOT out MATCHES "fashion_int8")
  message(FATAL_ERROR
    "touching the calibration table recompiled ${n} models, expected 1")
endif()
check_consumer()

message(STATUS "cmake-package: OK")
