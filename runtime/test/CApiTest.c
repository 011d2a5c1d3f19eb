//===- CApiTest.c - The runtime used from strict C11 ----------------------===//
//
// Compiles the public header as C11 with -pedantic and smoke-tests the API
// from C. Returns from main with the pool idle and alive, which must not
// crash at process exit.
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      return 1;                                                                \
    }                                                                          \
  } while (0)

static void square(void *ctx, int64_t begin, int64_t end) {
  int64_t *values = ctx;
  for (int64_t i = begin; i < end; ++i)
    values[i] = i * i;
}

int main(void) {
  CHECK(strcmp(modelc_status_string(MODELC_STATUS_OK), "ok") == 0);
  CHECK(modelc_dtype_size(MODELC_DTYPE_BFLOAT16) == 2);
  /* Any int is a modelc_dtype in C: unknown ones have no size. */
  CHECK(modelc_dtype_size((modelc_dtype)-1) == 0);
  CHECK(modelc_dtype_size((modelc_dtype)1000) == 0);
  CHECK(strcmp(modelc_dtype_name((modelc_dtype)-1), "unknown") == 0);

  enum { kN = 1000 };
  void *ws = NULL;
  CHECK(modelc_workspace_alloc(kN * sizeof(int64_t), &ws) == MODELC_STATUS_OK);
  CHECK((uintptr_t)ws % MODELC_WORKSPACE_ALIGNMENT == 0);

  CHECK(modelc_set_num_threads(4) == MODELC_STATUS_OK);
  CHECK(modelc_get_num_threads() == 4);
  memset(ws, 0xff, kN * sizeof(int64_t));
  modelc_parallel_for(square, ws, 0, kN);
  for (int64_t i = 0; i < kN; ++i)
    CHECK(((int64_t *)ws)[i] == i * i);

  // Strings: an arena in the workspace, a case change and a number.
  modelc_string_arena *arena = ws;
  modelc_string_arena_init(arena, 64);
  CHECK(strcmp(modelc_string_change_case(arena, "Straße",
                                         MODELC_STRING_CASE_UPPER),
               "STRAßE") == 0);
  CHECK(strcmp(modelc_string_from_float(arena, 0.1f), "0.1") == 0);
  CHECK(modelc_parse_float("-INF") < 0 && modelc_string_arena_ok(arena));
  CHECK(modelc_dtype_size(MODELC_DTYPE_STRING) == sizeof(const char *));
  modelc_workspace_free(ws);
  return 0; // The pool's workers are still waiting for work.
}
