/* Calls a model whose output S has a size that only the run knows
 * (gen_model.py loop_scan_runtime_trip_count, compiled as 'scan'): a Loop
 * of M iterations stacks M rows. scan_prepare gives -1 for S's first
 * dimension; scan_run_packed writes S into the workspace, sets the pointer
 * that outputs[0] points to, and writes S's shape. */
#include "scan.h"

#include <stdio.h>

static int run(void *workspace, size_t workspace_size, int64_t m) {
  const float x[2] = {1.5f, -2.0f};
  int64_t x_shape[1] = {2};
  int64_t s_shape[2];
  const int64_t *input_shapes[] = {NULL, x_shape};
  int64_t *output_shapes[] = {s_shape};
  const void *inputs[] = {&m, x};
  const float *s = NULL;
  void *outputs[] = {&s};
  modelc_status status = scan_run_packed(
      inputs, input_shapes, outputs, output_shapes, workspace, workspace_size);
  printf("M=%lld: %s", (long long)m, modelc_status_string(status));
  if (status == MODELC_STATUS_OK) {
    printf(": S %lldx%lld", (long long)s_shape[0], (long long)s_shape[1]);
    int in_workspace =
        (const char *)s >= (const char *)workspace &&
        (const char *)s < (const char *)workspace + workspace_size;
    printf(" in the workspace %d:", in_workspace);
    for (int64_t i = 0; i < s_shape[0] * s_shape[1]; ++i)
      printf(" %g", s[i]);
  }
  printf("\n");
  return status;
}

int main(void) {
  printf("in workspace %d, arena %zu\n", SCAN_OUTPUT_0_IN_WORKSPACE,
         SCAN_DYNAMIC_ARENA_SIZE);
  int64_t s_shape[2] = {0, 0};
  const int64_t *input_shapes[] = {NULL, (const int64_t[]){2}};
  int64_t *output_shapes[] = {s_shape};
  size_t workspace_size = 0;
  modelc_status status =
      scan_prepare(input_shapes, output_shapes, &workspace_size);
  printf("prepare: %s: S %lldx%lld, workspace >= arena %d\n",
         modelc_status_string(status), (long long)s_shape[0],
         (long long)s_shape[1], workspace_size >= SCAN_DYNAMIC_ARENA_SIZE);
  void *workspace = NULL;
  if (status != MODELC_STATUS_OK ||
      scan_workspace_alloc(workspace_size, &workspace) != MODELC_STATUS_OK)
    return 1;
  /* 3 rows, none, then more than the arena holds (8 bytes a row). */
  run(workspace, workspace_size, 3);
  run(workspace, workspace_size, 0);
  run(workspace, workspace_size, 1000);
  scan_workspace_free(workspace);
  return 0;
}
