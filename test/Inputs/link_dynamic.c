/* link_dynamic.c - a C program that links a model with a dynamic dimension,
 * compiled by `modelc dynamic_two_inputs.onnx --emit=lib -o DIR/dyn`
 * (test/Driver/link-dynamic.test): A[N, 4] and B[N, 4] give
 * Y = Relu(A * B + 1) [N, 4] and Z = Y x W [N, 2]. It asks NAME_prepare for
 * the output shapes and workspace size at two sizes, runs the model through
 * NAME_run_packed and prints the outputs, then the status of shapes and
 * workspaces the model must reject. */

#include <stdio.h>
#include <string.h>

#include "dyn.h"

static void run(int64_t n) {
  float a[16], b[16], y[16], z[8];
  for (int i = 0; i < n * 4; ++i) {
    a[i] = (float)(i % 5) - 2;
    b[i] = (float)(i % 3);
  }
  int64_t a_shape[] = {n, 4}, b_shape[] = {n, 4};
  int64_t y_shape[2] = {-7, -7}, z_shape[2] = {-7, -7};
  const int64_t *in_shapes[] = {a_shape, b_shape};
  int64_t *out_shapes[] = {y_shape, z_shape};
  size_t size = 0;
  modelc_status status = dyn_prepare(in_shapes, out_shapes, &size);
  printf("prepare N=%lld: %s: Y %lldx%lld Z %lldx%lld workspace %s\n",
         (long long)n, modelc_status_string(status), (long long)y_shape[0],
         (long long)y_shape[1], (long long)z_shape[0], (long long)z_shape[1],
         size > 0 ? "nonzero" : "zero");
  void *workspace = NULL;
  if (dyn_workspace_alloc(size, &workspace) != MODELC_STATUS_OK)
    return;
  const void *inputs[] = {a, b};
  void *outputs[] = {y, z};
  memset(y_shape, 0, sizeof(y_shape));
  memset(z_shape, 0, sizeof(z_shape));
  status = dyn_run_packed(inputs, in_shapes, outputs, out_shapes, workspace,
                          size);
  printf("run: %s: Z %lldx%lld:", modelc_status_string(status),
         (long long)z_shape[0], (long long)z_shape[1]);
  for (int i = 0; i < z_shape[0] * z_shape[1]; ++i)
    printf(" %g", z[i]);
  printf("\n");
  if (size > 0)
    printf("small workspace: %s\n",
           modelc_status_string(dyn_run_packed(inputs, in_shapes, outputs,
                                               out_shapes, workspace,
                                               size - 1)));
  dyn_workspace_free(workspace);
}

int main(void) {
  static const int64_t a_static[] = DYN_INPUT_0_SHAPE;
  static const char *const a_names[] = DYN_INPUT_0_DIM_NAMES;
  printf("dynamic %d: A %lldx%lld named %s\n", DYN_DYNAMIC,
         (long long)a_static[0], (long long)a_static[1], a_names[0]);
  run(1);
  run(3);

  int64_t y_shape[2], z_shape[2];
  int64_t *out_shapes[] = {y_shape, z_shape};
  int64_t three[] = {3, 4}, two[] = {2, 4}, wide[] = {3, 5}, neg[] = {-1, 4};
  const int64_t *unequal[] = {three, two};
  const int64_t *static_dim[] = {wide, wide};
  const int64_t *negative[] = {neg, neg};
  printf("N differs: %s\n",
         modelc_status_string(dyn_prepare(unequal, out_shapes, NULL)));
  printf("static dim differs: %s\n",
         modelc_status_string(dyn_prepare(static_dim, out_shapes, NULL)));
  printf("negative size: %s\n",
         modelc_status_string(dyn_prepare(negative, out_shapes, NULL)));
  printf("null shapes: %s\n",
         modelc_status_string(dyn_prepare(NULL, out_shapes, NULL)));
  return 0;
}
