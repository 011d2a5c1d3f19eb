/*
 * main.c - runs the Fashion-MNIST model compiled through modelc_add_model()
 * once on an all-zero image and prints its 10 logits, one per line:
 *
 *   logit[0] = -1.234567
 *   ...
 *   10 logits
 *
 * The same model is compiled twice (fashion_cnn with parallel loops,
 * fashion_serial without); both must give the same logits. Exit status 0 on
 * success, 1 on any error or mismatch.
 */
#include <math.h>
#include <stdio.h>

#include "fashion_cnn.h"
#include "fashion_serial.h"

#define NUM_PIXELS FASHION_CNN_INPUT_0_NUM_ELEMENTS
#define NUM_LOGITS FASHION_CNN_OUTPUT_0_NUM_ELEMENTS

static float image[NUM_PIXELS]; /* all zero */
static float logits[NUM_LOGITS], serial_logits[FASHION_SERIAL_OUTPUT_0_NUM_ELEMENTS];

static int check(const char *what, modelc_status st) {
  if (st == MODELC_STATUS_OK) return 1;
  fprintf(stderr, "consumer: %s failed: %s\n", what, modelc_status_string(st));
  return 0;
}

int main(void) {
  void *workspace = NULL, *serial_workspace = NULL;
  int i, rc = 1;

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
             fashion_serial_run(image, serial_logits, serial_workspace)))
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
  printf("%d logits\n", NUM_LOGITS);
  rc = 0;
done:
  fashion_cnn_workspace_free(workspace);
  fashion_serial_workspace_free(serial_workspace);
  return rc;
}
