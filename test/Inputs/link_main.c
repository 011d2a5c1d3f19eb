/* link_main.c - a tiny C program that links a model compiled by
 * `modelc add_relu.onnx --emit=lib -o DIR/net` (test/Driver/link-c.test):
 * Y = Relu(X + [1, -2, 3]) over a 2x3 X. It checks the header's constants,
 * runs the model through the checked entry point and the packed one, and
 * prints the outputs and the status of calls with invalid arguments. */

#include <stdio.h>
#include <string.h>

#include "net.h"

static const int64_t input_shape[] = NET_INPUT_0_SHAPE;
static const int64_t output_shape[] = NET_OUTPUT_0_SHAPE;

int main(void) {
  printf("inputs %d outputs %d rank %d shape %lldx%lld dtype %s\n",
         NET_NUM_INPUTS, NET_NUM_OUTPUTS, NET_INPUT_0_RANK,
         (long long)input_shape[0], (long long)input_shape[1],
         modelc_dtype_name(NET_OUTPUT_0_DTYPE));
  if (output_shape[0] * output_shape[1] != NET_OUTPUT_0_NUM_ELEMENTS)
    return 3;

  float x[NET_INPUT_0_NUM_ELEMENTS] = {-2, -1, 0, 1, 2, 3};
  float y[NET_OUTPUT_0_NUM_ELEMENTS];
  memset(y, 0xff, sizeof(y));
  void *workspace = NULL;
  if (net_workspace_alloc(&workspace) != MODELC_STATUS_OK || !workspace)
    return 2;

  modelc_status status = net_run(x, y, workspace);
  printf("run: %s:", modelc_status_string(status));
  for (int i = 0; i < NET_OUTPUT_0_NUM_ELEMENTS; ++i)
    printf(" %g", y[i]);
  printf("\n");

  const void *inputs[] = {x};
  float y2[NET_OUTPUT_0_NUM_ELEMENTS];
  void *outputs[] = {y2};
  status = net_run_packed(inputs, outputs, workspace);
  printf("packed: %s: same %d\n", modelc_status_string(status),
         memcmp(y, y2, sizeof(y)) == 0);

  printf("null input: %s\n", modelc_status_string(net_run(NULL, y, workspace)));
  printf("null output: %s\n", modelc_status_string(net_run(x, NULL, workspace)));
  printf("null inputs array: %s\n",
         modelc_status_string(net_run_packed(NULL, outputs, workspace)));
  net_workspace_free(workspace);
  return 0;
}
