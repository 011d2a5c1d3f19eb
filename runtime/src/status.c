//===- status.c - Status strings and element types ------------------------===//
//
// modelc_status_string, modelc_dtype_size and modelc_dtype_name: pure
// functions over static tables.
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.h"

const char *modelc_status_string(modelc_status status) {
  switch (status) {
  case MODELC_STATUS_OK:
    return "ok";
  case MODELC_STATUS_INVALID_ARGUMENT:
    return "invalid argument";
  case MODELC_STATUS_OUT_OF_MEMORY:
    return "out of memory";
  case MODELC_STATUS_UNIMPLEMENTED:
    return "unimplemented";
  case MODELC_STATUS_INTERNAL:
    return "internal error";
  case MODELC_STATUS_SHAPE_MISMATCH:
    return "shape mismatch";
  case MODELC_STATUS_CAPACITY_EXCEEDED:
    return "capacity exceeded";
  }
  return "unknown status";
}

size_t modelc_dtype_size(modelc_dtype dtype) {
  switch (dtype) {
  case MODELC_DTYPE_UINT8:
  case MODELC_DTYPE_INT8:
  case MODELC_DTYPE_BOOL:
    return 1;
  case MODELC_DTYPE_UINT16:
  case MODELC_DTYPE_INT16:
  case MODELC_DTYPE_FLOAT16:
  case MODELC_DTYPE_BFLOAT16:
    return 2;
  case MODELC_DTYPE_FLOAT32:
  case MODELC_DTYPE_INT32:
  case MODELC_DTYPE_UINT32:
    return 4;
  case MODELC_DTYPE_INT64:
  case MODELC_DTYPE_FLOAT64:
  case MODELC_DTYPE_UINT64:
    return 8;
  case MODELC_DTYPE_STRING:
    return sizeof(const char *);
  }
  return 0;
}

const char *modelc_dtype_name(modelc_dtype dtype) {
  switch (dtype) {
  case MODELC_DTYPE_FLOAT32:
    return "float32";
  case MODELC_DTYPE_UINT8:
    return "uint8";
  case MODELC_DTYPE_INT8:
    return "int8";
  case MODELC_DTYPE_UINT16:
    return "uint16";
  case MODELC_DTYPE_INT16:
    return "int16";
  case MODELC_DTYPE_INT32:
    return "int32";
  case MODELC_DTYPE_INT64:
    return "int64";
  case MODELC_DTYPE_STRING:
    return "string";
  case MODELC_DTYPE_BOOL:
    return "bool";
  case MODELC_DTYPE_FLOAT16:
    return "float16";
  case MODELC_DTYPE_FLOAT64:
    return "float64";
  case MODELC_DTYPE_UINT32:
    return "uint32";
  case MODELC_DTYPE_UINT64:
    return "uint64";
  case MODELC_DTYPE_BFLOAT16:
    return "bfloat16";
  }
  return "unknown";
}
