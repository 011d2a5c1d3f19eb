/* Calls a model whose output V = x[x != 0] has a size that depends on tensor
 * values (gen_model.py nonzero_values, compiled as 'nzv'): nzv_prepare gives
 * V's capacity, nzv_run_packed writes its actual size back. */
#include "nzv.h"

#include <stdio.h>

int main(void) {
  static const int dd[] = NZV_OUTPUT_0_DATA_DEPENDENT;
  printf("data-dependent: %d, dynamic %d\n", dd[0], NZV_DYNAMIC);
  const float x[6] = {0.5f, 0.0f, -1.25f, 0.0f, 2.0f, 0.0f};
  int64_t x_shape[2] = {2, 3};
  int64_t v_shape[1];
  const int64_t *input_shapes[] = {x_shape};
  int64_t *output_shapes[] = {v_shape, NULL};
  size_t workspace_size = 0;
  modelc_status status = nzv_prepare(input_shapes, output_shapes,
                                     &workspace_size);
  printf("prepare: %s: V capacity %lld\n", modelc_status_string(status),
         (long long)v_shape[0]);
  if (status != MODELC_STATUS_OK)
    return 1;
  float v[6] = {0};
  float s = 0;
  void *workspace = NULL;
  if (nzv_workspace_alloc(workspace_size, &workspace) != MODELC_STATUS_OK)
    return 1;
  const void *inputs[] = {x};
  void *outputs[] = {v, &s};
  status = nzv_run_packed(inputs, input_shapes, outputs, output_shapes,
                          workspace, workspace_size);
  printf("run: %s: V %lld:", modelc_status_string(status),
         (long long)v_shape[0]);
  for (int64_t i = 0; i < v_shape[0]; ++i)
    printf(" %g", v[i]);
  printf(", S %g\n", s);
  nzv_workspace_free(workspace);
  return status == MODELC_STATUS_OK ? 0 : 1;
}
