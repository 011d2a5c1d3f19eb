# ModelcAddModel.cmake - modelc_add_model(), part of the modelc package.
#
#   modelc_add_model(<target>
#     MODEL <path/to/model.onnx>      # relative to CMAKE_CURRENT_SOURCE_DIR
#     [NAME <c_identifier>]           # symbol prefix and header name
#                                     # (default: <target> made a C identifier)
#     [SHAPES <input>=<DxDx...> ...]  # --shape for each (pins dynamic dims)
#     [MCPU <cpu>]                    # --mcpu (modelc's default: native)
#     [MATTR <features>]              # --mattr, e.g. +avx2,-avx512f
#     [TARGET <triple>]               # --target (default: the host; when
#                                     # cross-compiling, MODELC_TARGET_TRIPLE
#                                     # with MCPU generic unless given)
#     [QUANTIZE int8]                 # --quantize=int8 (see the user guide)
#     [CALIBRATION_TABLE <file>]      # --calibration-table: read (a committed
#                                     # table) or, with CALIBRATION_DIRS, written
#     [CALIBRATION_DIRS <dir> ...]    # --calibration-dir for each
#     [ACCURACY_BUDGET <spec>]        # --accuracy-budget, e.g. top1:0.5 or off
#     [OPTIONS <flag> ...]            # any other modelc flags, e.g. --parallel=false
#     [DEPENDS <file> ...])           # more files that trigger a recompile, e.g.
#                                     # the model's external-data files
#
# Compiles the model at build time with `modelc --emit=obj` into
# ${CMAKE_CURRENT_BINARY_DIR}/<target>/<NAME>.o and <NAME>.h, and adds the
# STATIC library <target> made of that object; with QUANTIZE, the per-layer
# report as <NAME>.quant.json beside them (the target property
# MODELC_QUANT_REPORT names it). Linking <target> gives the
# include directory of <NAME>.h (`#include "<NAME>.h"`), modelc::runtime
# (<modelc/runtime.h> and libmodelc_runtime.a), libm and Threads::Threads.
# The model is recompiled when the .onnx file, a DEPENDS file or the modelc
# executable changes (and, with Ninja, when the modelc command line changes).
#
# Needs the targets modelc::modelc and modelc::runtime, which
# find_package(modelc) provides. Inside modelc's own build, include this file
# and the in-tree targets (modelc, modelc::runtime) are used.

include_guard(GLOBAL)

function(modelc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG
    "" "MODEL;NAME;MCPU;MATTR;TARGET;QUANTIZE;CALIBRATION_TABLE;ACCURACY_BUDGET"
    "SHAPES;OPTIONS;DEPENDS;CALIBRATION_DIRS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "modelc_add_model(${target}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "modelc_add_model(${target}): MODEL is required")
  endif()
  # modelc::modelc from the package; in modelc's own tree (examples, tests)
  # the plain `modelc` target also does.
  if(TARGET modelc::modelc)
    set(modelc_exe modelc::modelc)
  elseif(TARGET modelc AND TARGET modelc_runtime)
    set(modelc_exe modelc)
  else()
    message(FATAL_ERROR "modelc_add_model(${target}): no target "
      "modelc::modelc; call find_package(modelc CONFIG REQUIRED) first")
  endif()
  if(NOT TARGET modelc::runtime)
    message(FATAL_ERROR "modelc_add_model(${target}): no target "
      "modelc::runtime; call find_package(modelc CONFIG REQUIRED) first")
  endif()

  get_filename_component(model "${ARG_MODEL}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(ARG_NAME)
    set(name "${ARG_NAME}")
  else()
    set(name "${target}")
  endif()
  string(MAKE_C_IDENTIFIER "${name}" c_name)
  if(NOT c_name STREQUAL name)
    if(ARG_NAME)
      message(FATAL_ERROR "modelc_add_model(${target}): NAME '${ARG_NAME}' "
        "is not a C identifier (try '${c_name}')")
    endif()
    set(name "${c_name}")
  endif()

  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  set(object "${out_dir}/${name}.o")
  set(header "${out_dir}/${name}.h")

  set(args "${model}" --emit=obj "-o" "${out_dir}/${name}" "--name=${name}")
  foreach(shape IN LISTS ARG_SHAPES)
    if(NOT shape MATCHES "^[^=].*=")
      message(FATAL_ERROR "modelc_add_model(${target}): malformed SHAPES "
        "entry '${shape}'; expected NAME=DxDx... such as input=1x3x224x224")
    endif()
    list(APPEND args "--shape=${shape}")
  endforeach()
  # Cross-compiling: the toolchain's target (MODELC_TARGET_TRIPLE, which
  # find_package(modelc) sets) and, unless MCPU says otherwise, its generic
  # CPU: modelc's default, the host's CPU, is not the target's.
  if(NOT ARG_TARGET AND CMAKE_CROSSCOMPILING AND MODELC_TARGET_TRIPLE)
    set(ARG_TARGET "${MODELC_TARGET_TRIPLE}")
    if(NOT ARG_MCPU)
      set(ARG_MCPU generic)
    endif()
  endif()
  if(ARG_MCPU)
    list(APPEND args "--mcpu=${ARG_MCPU}")
  endif()
  if(ARG_MATTR)
    list(APPEND args "--mattr=${ARG_MATTR}")
  endif()
  if(ARG_TARGET)
    list(APPEND args "--target=${ARG_TARGET}")
  endif()
  set(depends "")
  set(byproducts "")
  set(report "")
  if(ARG_QUANTIZE)
    if(NOT ARG_QUANTIZE STREQUAL "int8")
      message(FATAL_ERROR "modelc_add_model(${target}): QUANTIZE "
        "'${ARG_QUANTIZE}' is not supported; expected int8")
    endif()
    if(NOT ARG_CALIBRATION_TABLE AND NOT ARG_CALIBRATION_DIRS)
      message(FATAL_ERROR "modelc_add_model(${target}): QUANTIZE int8 needs "
        "CALIBRATION_TABLE or CALIBRATION_DIRS")
    endif()
    set(report "${out_dir}/${name}.quant.json")
    list(APPEND args --quantize=int8 "--quant-report=${report}")
    list(APPEND byproducts "${report}")
    foreach(dir IN LISTS ARG_CALIBRATION_DIRS)
      get_filename_component(dir "${dir}" ABSOLUTE
                             BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND args "--calibration-dir=${dir}")
    endforeach()
    if(ARG_CALIBRATION_TABLE)
      get_filename_component(table "${ARG_CALIBRATION_TABLE}" ABSOLUTE
                             BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND args "--calibration-table=${table}")
      if(ARG_CALIBRATION_DIRS)
        list(APPEND byproducts "${table}")
      else()
        list(APPEND depends "${table}")
      endif()
    endif()
    if(ARG_ACCURACY_BUDGET)
      list(APPEND args "--accuracy-budget=${ARG_ACCURACY_BUDGET}")
    endif()
  elseif(ARG_CALIBRATION_TABLE OR ARG_CALIBRATION_DIRS OR ARG_ACCURACY_BUDGET)
    message(FATAL_ERROR "modelc_add_model(${target}): CALIBRATION_TABLE, "
      "CALIBRATION_DIRS and ACCURACY_BUDGET go with QUANTIZE int8")
  endif()
  list(APPEND args ${ARG_OPTIONS})
  foreach(file IN LISTS ARG_DEPENDS)
    get_filename_component(file "${file}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND depends "${file}")
  endforeach()

  file(RELATIVE_PATH model_display "${CMAKE_SOURCE_DIR}" "${model}")
  if(model_display MATCHES "^\\.\\./")
    set(model_display "${model}")
  endif()
  add_custom_command(
    OUTPUT "${object}" "${header}"
    BYPRODUCTS ${byproducts}
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
    COMMAND ${modelc_exe} ${args}
    DEPENDS "${model}" ${depends} "$<TARGET_FILE:${modelc_exe}>"
    COMMENT "Compiling ONNX model ${model_display} with modelc (${target})"
    VERBATIM)

  add_library(${target} STATIC "${object}" "${header}")
  set_source_files_properties("${object}" PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)
  set_source_files_properties("${header}" PROPERTIES
    HEADER_FILE_ONLY TRUE GENERATED TRUE)
  # An archive of one object: any enabled language's archiver will do (C++
  # projects need not enable C).
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if("C" IN_LIST languages OR NOT "CXX" IN_LIST languages)
    set(linker_language C)
  else()
    set(linker_language CXX)
  endif()
  set_target_properties(${target} PROPERTIES
    LINKER_LANGUAGE ${linker_language}
    MODELC_MODEL "${model}"
    MODELC_NAME "${name}"
    MODELC_HEADER "${header}"
    MODELC_QUANT_REPORT "${report}")
  target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${out_dir}>")

  if(NOT TARGET Threads::Threads)
    find_package(Threads REQUIRED)
  endif()
  target_link_libraries(${target} PUBLIC modelc::runtime Threads::Threads)
  if(UNIX)
    target_link_libraries(${target} PUBLIC m)
  endif()
endfunction()
