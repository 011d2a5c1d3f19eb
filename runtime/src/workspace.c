//===- workspace.c - Aligned workspace allocation -------------------------===//
//
// The workspace holds every intermediate tensor of a compiled model; it is one
// MODELC_WORKSPACE_ALIGNMENT-aligned block from posix_memalign.
//
//===----------------------------------------------------------------------===//

#define _POSIX_C_SOURCE 200809L

#include "modelc/runtime.h"

#include <stdint.h>
#include <stdlib.h>

modelc_status modelc_workspace_alloc(size_t size, void **out_workspace) {
  if (!out_workspace)
    return MODELC_STATUS_INVALID_ARGUMENT;
  *out_workspace = NULL;
  // Round up to whole alignment units (at least one, so size 0 gives a
  // distinct non-NULL block and vector code may read a full last unit). No
  // object may exceed PTRDIFF_MAX bytes, which also rules out overflow here.
  const size_t align = MODELC_WORKSPACE_ALIGNMENT;
  if (size > (size_t)PTRDIFF_MAX - align)
    return MODELC_STATUS_OUT_OF_MEMORY;
  size_t rounded = (size + align - 1) / align * align;
  if (rounded == 0)
    rounded = align;
  void *block = NULL;
  if (posix_memalign(&block, align, rounded) != 0 || !block)
    return MODELC_STATUS_OUT_OF_MEMORY;
  *out_workspace = block;
  return MODELC_STATUS_OK;
}

void modelc_workspace_free(void *workspace) { free(workspace); }
