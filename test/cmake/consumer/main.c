/*
 * main.c - runs the Fashion-MNIST model compiled through modelc_add_model()
 * once on an all-zero image and prints its 10 logits, one per line:
 *
 *   logit[0] = -1.234567
 *   ...
 *   10 logits
 *
 * The same model is compiled three times (fashion_cnn with parallel loops,
 * fashion_serial without, fashion_int8 quantized from the example's
 * calibration table); the first two must give the same logits, the int8
 * build the same class and logits within about one quantization step of
 * float's. Exit status 0 on success, 1 on any error or mismatch.
 */
#include <math.h>
#include <stdio.h>

#include "fashion_cnn.h"
#include "fashion_int8.h"
#include "fashion_serial.h"

#define NUM_PIXELS FASHION_CNN_INPUT_0_NUM_ELEMENTS
#define NUM_LOGITS FASHION_CNN_OUTPUT_0_NUM_ELEMENTS

static float image[NUM_PIXELS]; /* all zero */
static float logits[NUM_LOGITS], serial_logits[FASHION_SERIAL_OUTPUT_0_NUM_ELEMENTS];
static float int8_logits[FASHION_INT8_OUTPUT_0_NUM_ELEMENTS];

static int check(const char *what, modelc_status st) {
  if (st == MODELC_STATUS_OK) return 1;
  fprintf(stderr, "consumer: %s failed: %s\n", what, modelc_status_string(st));
  return 0;
}

int main(void) {
  void *workspace = NULL, *serial_workspace = NULL, *int8_workspace = NULL;
  int i, rc = 1, best = 0, int8_best = 0;

  if (NUM_PIXELS != 28 * 28 || NUM_LOGITS != 10 ||
      FASHION_SERIAL_OUTPUT_0_NUM_ELEMENTS != NUM_LOGITS) {
    fprintf(stderr, "consumer: unexpected model interface\n");
    return 1;
  }
  if (!check("fashion_cnn_workspace_alloc",
             fashion_cnn_workspace_alloc(&workspace)) ||
      !check("fashion_serial_workspace_alloc",
             fashion_serial_workspace_alloc(&serial_workspace)) ||
      !check("fashion_cnn_run", fashion_cnn_run(image, logits, workspace)) ||
      !check("fashion_serial_run",
             fashion_serial_run(image, serial_logits, serial_workspace)) ||
      !check("fashion_int8_workspace_alloc",
             fashion_int8_workspace_alloc(&int8_workspace)) ||
      !check("fashion_int8_run",
             fashion_int8_run(image, int8_logits, int8_workspace)))
    goto done;

  printf("model %s: input \"%s\", output \"%s\", workspace %lu bytes, "
         "%d threads\n",
         "fashion_cnn", FASHION_CNN_INPUT_0_NAME, FASHION_CNN_OUTPUT_0_NAME,
         (unsigned long)FASHION_CNN_WORKSPACE_SIZE, modelc_get_num_threads());
  for (i = 0; i < NUM_LOGITS; ++i) {
    if (!isfinite(logits[i])) {
      fprintf(stderr, "consumer: logit %d is not finite\n", i);
      goto done;
    }
    if (fabsf(logits[i] - serial_logits[i]) >
        1e-4f * (1.0f + fabsf(logits[i]))) {
      fprintf(stderr, "consumer: logit %d: %g (parallel) vs %g (serial)\n", i,
              (double)logits[i], (double)serial_logits[i]);
      goto done;
    }
    printf("logit[%d] = %.6f\n", i, (double)logits[i]);
  }
  for (i = 0; i < NUM_LOGITS; ++i) {
    if (logits[i] > logits[best]) best = i;
    if (int8_logits[i] > int8_logits[int8_best]) int8_best = i;
  }
  /* The int8 logits lie on the output's quantization grid (a step of 0.158
   * with fashion_cnn.calib.json: its report's last "scale"): within 0.2 of
   * float's. */
  for (i = 0; i < NUM_LOGITS; ++i)
    if (!(fabsf(int8_logits[i] - logits[i]) <= 0.2f)) {
      fprintf(stderr, "consumer: int8 logit %d: %g vs %g in float\n", i,
              (double)int8_logits[i], (double)logits[i]);
      goto done;
    }
  if (int8_best != best) {
    fprintf(stderr, "consumer: int8 class %d vs %d in float\n", int8_best,
            best);
    goto done;
  }
  printf("int8: class %d as in float\n", int8_best);
  printf("%d logits\n", NUM_LOGITS);
  rc = 0;
done:
  fashion_cnn_workspace_free(workspace);
  fashion_serial_workspace_free(serial_workspace);
  fashion_int8_workspace_free(int8_workspace);
  return rc;
}
