/*
 * demo.c - classifies the Fashion-MNIST test set with the model compiled by
 * modelc and compares the accuracy with the one PyTorch measured at training
 * time.
 *
 * Build (run_demo.sh does all of this):
 *   modelc examples/fashion_mnist/fashion_cnn.onnx --emit=lib -o OUT/fashion_cnn
 *   cc -O2 -I OUT -I runtime/include demo.c OUT/libfashion_cnn.a \
 *      -lm -lpthread -o OUT/demo
 *
 * Usage:
 *   demo --images t10k-images-idx3-ubyte --labels t10k-labels-idx1-ubyte
 *        [--reference-accuracy 0.9058] [--tolerance 0.5]
 *        [--scale S] [--mean M] [--std D] [--threads N] [--show N]
 *
 * The idx files must be uncompressed (gzip -dc FILE.gz > FILE); demo.c is
 * plain C99 with no dependency other than the compiled model.
 *
 * Each image is preprocessed exactly as in train.py:
 *   x = ((float)pixel * scale - mean) / std      (float32 arithmetic)
 * with scale = 1/255, mean = 0.2860, std = 0.3530 unless overridden.
 *
 * Exit status: 0 when every image was classified and (if a reference accuracy
 * was given) modelc's accuracy is within --tolerance percentage points of it;
 * 1 on an accuracy mismatch or any error; 2 on a usage error.
 */
#define _POSIX_C_SOURCE 199309L

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fashion_cnn.h"

#define IMAGE_ROWS 28
#define IMAGE_COLS 28
#define IMAGE_PIXELS (IMAGE_ROWS * IMAGE_COLS)
#define NUM_CLASSES 10

static const char *const class_names[NUM_CLASSES] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot",
};

static const char *prog = "demo";

static void short_usage(void) {
  fprintf(stderr,
          "usage: %s --images IDX3_FILE --labels IDX1_FILE "
          "[--reference-accuracy FRACTION] [options]\n"
          "       (%s --help for all options)\n",
          prog, prog);
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: %s --images IDX3_FILE --labels IDX1_FILE\n"
          "          [--reference-accuracy FRACTION] [--tolerance POINTS]\n"
          "          [--scale S] [--mean M] [--std D] [--threads N] [--show N]\n"
          "\n"
          "Classifies every image of an (uncompressed) Fashion-MNIST idx file\n"
          "with the model compiled by modelc and prints the accuracy.\n"
          "\n"
          "  --images FILE               idx3 images (e.g. t10k-images-idx3-ubyte)\n"
          "  --labels FILE               idx1 labels (e.g. t10k-labels-idx1-ubyte)\n"
          "  --reference-accuracy FRAC   PyTorch's accuracy at training time, 0..1\n"
          "                              (test_accuracy in fashion_cnn.json); when\n"
          "                              given, exit 1 if modelc's accuracy differs\n"
          "                              by more than --tolerance\n"
          "  --tolerance POINTS          allowed difference in percentage points\n"
          "                              (default 0.5)\n"
          "  --scale S, --mean M, --std D  preprocessing x = (pixel*S - M) / D\n"
          "                              (defaults 1/255, 0.2860, 0.3530, as in\n"
          "                              train.py)\n"
          "  --threads N                 modelc_set_num_threads(N) before running\n"
          "  --show N                    print the first N predictions (default 5)\n"
          "  --write-calibration DIR     write the first --calibration-count\n"
          "                              (default 200) images of --images,\n"
          "                              preprocessed, as DIR/test_data_set_K/\n"
          "                              input_0.pb and exit (calibration data\n"
          "                              for modelc --quantize=int8)\n",
          prog);
}

/* Reads a whole file into memory; returns NULL (after printing why) on error. */
static unsigned char *read_file(const char *path, size_t *size_out) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t size = 0, cap = 0;
  if (!f) {
    fprintf(stderr, "%s: cannot open %s: %s\n", prog, path, strerror(errno));
    return NULL;
  }
  for (;;) {
    size_t n;
    if (size == cap) {
      size_t new_cap = cap ? cap * 2 : (size_t)1 << 20;
      unsigned char *p = (unsigned char *)realloc(buf, new_cap);
      if (!p) {
        fprintf(stderr, "%s: out of memory reading %s\n", prog, path);
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = p;
      cap = new_cap;
    }
    n = fread(buf + size, 1, cap - size, f);
    size += n;
    if (n == 0) break;
  }
  if (ferror(f)) {
    fprintf(stderr, "%s: error reading %s: %s\n", prog, path, strerror(errno));
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *size_out = size;
  return buf;
}

static unsigned long be32(const unsigned char *p) {
  return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
         ((unsigned long)p[2] << 8) | (unsigned long)p[3];
}

/*
 * Loads an idx file of unsigned bytes with RANK dimensions. On success returns
 * the buffer and sets *data to the first element and dims[0..RANK-1].
 */
static unsigned char *load_idx(const char *path, int rank, unsigned long *dims,
                               const unsigned char **data) {
  size_t size = 0, header, count = 1;
  int i;
  unsigned char *buf = read_file(path, &size);
  if (!buf) return NULL;
  if (size >= 2 && buf[0] == 0x1f && buf[1] == 0x8b) {
    fprintf(stderr,
            "%s: %s is gzip-compressed; decompress it first "
            "(gzip -dc %s > FILE)\n",
            prog, path, path);
    goto fail;
  }
  header = 4 + 4 * (size_t)rank;
  if (size < header || buf[0] != 0 || buf[1] != 0) {
    fprintf(stderr, "%s: %s is not an idx file\n", prog, path);
    goto fail;
  }
  if (buf[2] != 0x08) {
    fprintf(stderr, "%s: %s has element type 0x%02x, expected 0x08 (ubyte)\n",
            prog, path, buf[2]);
    goto fail;
  }
  if (buf[3] != rank) {
    fprintf(stderr, "%s: %s has %d dimensions, expected %d\n", prog, path,
            buf[3], rank);
    goto fail;
  }
  for (i = 0; i < rank; ++i) {
    dims[i] = be32(buf + 4 + 4 * i);
    count *= dims[i];
  }
  if (size != header + count) {
    fprintf(stderr, "%s: %s is %lu bytes, its header says %lu\n", prog, path,
            (unsigned long)size, (unsigned long)(header + count));
    goto fail;
  }
  *data = buf + header;
  return buf;
fail:
  free(buf);
  return NULL;
}

/* The options, all of which take a value. */
static const char *const options[] = {
    "--images", "--labels", "--reference-accuracy", "--tolerance", "--scale",
    "--mean",   "--std",    "--threads",            "--show",
    "--write-calibration",  "--calibration-count",
};

static int is_option(const char *s) {
  size_t i;
  for (i = 0; i < sizeof options / sizeof options[0]; ++i)
    if (!strcmp(s, options[i])) return 1;
  return 0;
}

static int parse_double(const char *opt, const char *s, double *out) {
  char *end;
  errno = 0;
  *out = strtod(s, &end);
  if (errno || end == s || *end != '\0' || !isfinite(*out)) {
    fprintf(stderr, "%s: %s: not a number: '%s'\n", prog, opt, s);
    return 0;
  }
  return 1;
}

static int parse_int(const char *opt, const char *s, long min, long *out) {
  char *end;
  errno = 0;
  *out = strtol(s, &end, 10);
  if (errno || end == s || *end != '\0' || *out < min) {
    fprintf(stderr, "%s: %s: expected an integer >= %ld, got '%s'\n", prog,
            opt, min, s);
    return 0;
  }
  return 1;
}

/* Writes X (IMAGE_PIXELS floats) as an ONNX TensorProto of shape
 * 1x1x28x28 to PATH: field 1 dims, 2 data_type (FLOAT), 9 raw_data
 * (little-endian floats), the layout modelc's --calibration-dir reads. */
static int write_tensor_proto(const char *path, const float *x) {
  static const unsigned char header[] = {
      0x08, 1, 0x08, 1, 0x08, IMAGE_ROWS, 0x08, IMAGE_COLS, /* dims */
      0x10, 1,                                               /* FLOAT */
      0x4A, (4 * IMAGE_PIXELS) % 128 + 128, (4 * IMAGE_PIXELS) / 128,
  };
  unsigned char bytes[4 * IMAGE_PIXELS];
  int k;
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "%s: cannot write %s: %s\n", prog, path, strerror(errno));
    return 0;
  }
  for (k = 0; k < IMAGE_PIXELS; ++k) {
    unsigned long bits;
    unsigned int u;
    memcpy(&u, &x[k], 4);
    bits = u;
    bytes[4 * k] = (unsigned char)(bits & 0xff);
    bytes[4 * k + 1] = (unsigned char)((bits >> 8) & 0xff);
    bytes[4 * k + 2] = (unsigned char)((bits >> 16) & 0xff);
    bytes[4 * k + 3] = (unsigned char)((bits >> 24) & 0xff);
  }
  if (fwrite(header, 1, sizeof header, f) != sizeof header ||
      fwrite(bytes, 1, sizeof bytes, f) != sizeof bytes) {
    fprintf(stderr, "%s: cannot write %s\n", prog, path);
    fclose(f);
    return 0;
  }
  return fclose(f) == 0;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Checks that the compiled model has the interface this program expects. */
static int check_model_interface(void) {
  static const long long in_shape[] = FASHION_CNN_INPUT_0_SHAPE;
  static const long long out_shape[] = FASHION_CNN_OUTPUT_0_SHAPE;
  static const long long want_in[] = {1, 1, IMAGE_ROWS, IMAGE_COLS};
  static const long long want_out[] = {1, NUM_CLASSES};
  int ok = 1, i;
  if (FASHION_CNN_NUM_INPUTS != 1 || FASHION_CNN_NUM_OUTPUTS != 1) ok = 0;
  if (FASHION_CNN_INPUT_0_DTYPE != MODELC_DTYPE_FLOAT32 ||
      FASHION_CNN_OUTPUT_0_DTYPE != MODELC_DTYPE_FLOAT32)
    ok = 0;
  if (FASHION_CNN_INPUT_0_RANK != 4 || FASHION_CNN_OUTPUT_0_RANK != 2 ||
      sizeof in_shape != sizeof want_in || sizeof out_shape != sizeof want_out)
    ok = 0;
  else {
    for (i = 0; i < 4; ++i) ok = ok && in_shape[i] == want_in[i];
    for (i = 0; i < 2; ++i) ok = ok && out_shape[i] == want_out[i];
  }
  if (FASHION_CNN_INPUT_0_NUM_ELEMENTS != IMAGE_PIXELS ||
      FASHION_CNN_OUTPUT_0_NUM_ELEMENTS != NUM_CLASSES)
    ok = 0;
  if (!ok)
    fprintf(stderr,
            "%s: the compiled model does not have the expected interface: "
            "one float32 input 1x1x28x28 and one float32 output 1x10 "
            "(see fashion_cnn.h)\n",
            prog);
  return ok;
}

int main(int argc, char **argv) {
  const char *images_path = NULL, *labels_path = NULL;
  double reference = -1.0, tolerance = 0.5;
  double scale_d = 1.0 / 255.0, mean_d = 0.2860, std_d = 0.3530;
  const char *calibration_dir = NULL;
  long calibration_count = 200;
  long threads = 0, show = 5;
  unsigned char *images_buf = NULL, *labels_buf = NULL;
  const unsigned char *images = NULL, *labels = NULL;
  unsigned long image_dims[3], label_dims[1];
  void *workspace = NULL;
  float input[IMAGE_PIXELS], logits[NUM_CLASSES];
  float scale, mean, std_f;
  unsigned long n, i, correct = 0, nonfinite = 0;
  double t0, elapsed, accuracy;
  modelc_status st;
  int rc = 1, a;

  if (argc > 0 && argv[0] && argv[0][0]) {
    const char *slash = strrchr(argv[0], '/');
    prog = slash ? slash + 1 : argv[0];
  }
  for (a = 1; a < argc; ++a) {
    const char *opt = argv[a];
    if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
      usage(stdout);
      return 0;
    }
    if (!is_option(opt)) {
      if (opt[0] == '-')
        fprintf(stderr, "%s: unknown option '%s'\n", prog, opt);
      else
        fprintf(stderr, "%s: unexpected argument '%s'\n", prog, opt);
      short_usage();
      return 2;
    }
    if (a + 1 >= argc) {
      fprintf(stderr, "%s: %s needs a value\n", prog, opt);
      short_usage();
      return 2;
    }
    if (!strcmp(opt, "--images")) {
      images_path = argv[++a];
    } else if (!strcmp(opt, "--labels")) {
      labels_path = argv[++a];
    } else if (!strcmp(opt, "--reference-accuracy")) {
      if (!parse_double(opt, argv[++a], &reference)) return 2;
      if (reference < 0.0 || reference > 1.0) {
        fprintf(stderr, "%s: %s takes a fraction in [0, 1], e.g. 0.9058\n",
                prog, opt);
        return 2;
      }
    } else if (!strcmp(opt, "--tolerance")) {
      if (!parse_double(opt, argv[++a], &tolerance)) return 2;
      if (tolerance < 0.0) {
        fprintf(stderr, "%s: %s takes percentage points >= 0\n", prog, opt);
        return 2;
      }
    } else if (!strcmp(opt, "--scale")) {
      if (!parse_double(opt, argv[++a], &scale_d)) return 2;
    } else if (!strcmp(opt, "--mean")) {
      if (!parse_double(opt, argv[++a], &mean_d)) return 2;
    } else if (!strcmp(opt, "--std")) {
      if (!parse_double(opt, argv[++a], &std_d)) return 2;
      if (std_d == 0.0) {
        fprintf(stderr, "%s: --std must not be 0\n", prog);
        return 2;
      }
    } else if (!strcmp(opt, "--threads")) {
      if (!parse_int(opt, argv[++a], 1, &threads)) return 2;
    } else if (!strcmp(opt, "--show")) {
      if (!parse_int(opt, argv[++a], 0, &show)) return 2;
    } else if (!strcmp(opt, "--write-calibration")) {
      calibration_dir = argv[++a];
    } else if (!strcmp(opt, "--calibration-count")) {
      if (!parse_int(opt, argv[++a], 1, &calibration_count)) return 2;
    }
  }
  scale = (float)scale_d;
  mean = (float)mean_d;
  std_f = (float)std_d;
  if (calibration_dir && images_path) {
    /* The first --calibration-count images, preprocessed, as
     * DIR/test_data_set_K/input_0.pb: calibration data for
     * modelc --quantize=int8 --calibration-dir DIR. */
    char path[4096];
    images_buf = load_idx(images_path, 3, image_dims, &images);
    if (!images_buf) return 1;
    if ((unsigned long)calibration_count > image_dims[0])
      calibration_count = (long)image_dims[0];
    mkdir(calibration_dir, 0777);
    for (i = 0; i < (unsigned long)calibration_count; ++i) {
      const unsigned char *px = images + i * IMAGE_PIXELS;
      int k;
      for (k = 0; k < IMAGE_PIXELS; ++k)
        input[k] = ((float)px[k] * scale - mean) / std_f;
      snprintf(path, sizeof path, "%s/test_data_set_%05lu", calibration_dir,
               i);
      mkdir(path, 0777);
      snprintf(path, sizeof path, "%s/test_data_set_%05lu/input_0.pb",
               calibration_dir, i);
      if (!write_tensor_proto(path, input)) {
        free(images_buf);
        return 1;
      }
    }
    printf("wrote %ld calibration inputs to %s\n", calibration_count,
           calibration_dir);
    free(images_buf);
    return 0;
  }
  if (!images_path || !labels_path) {
    fprintf(stderr, "%s: --images and --labels are required\n", prog);
    short_usage();
    return 2;
  }

  if (!check_model_interface()) return 1;

  images_buf = load_idx(images_path, 3, image_dims, &images);
  if (!images_buf) goto done;
  labels_buf = load_idx(labels_path, 1, label_dims, &labels);
  if (!labels_buf) goto done;
  if (image_dims[1] != IMAGE_ROWS || image_dims[2] != IMAGE_COLS) {
    fprintf(stderr, "%s: %s holds %lux%lu images, expected %dx%d\n", prog,
            images_path, image_dims[1], image_dims[2], IMAGE_ROWS, IMAGE_COLS);
    goto done;
  }
  n = image_dims[0];
  if (n == 0) {
    fprintf(stderr, "%s: %s holds no images\n", prog, images_path);
    goto done;
  }
  if (label_dims[0] != n) {
    fprintf(stderr, "%s: %lu images but %lu labels\n", prog, n, label_dims[0]);
    goto done;
  }
  for (i = 0; i < n; ++i) {
    if (labels[i] >= NUM_CLASSES) {
      fprintf(stderr, "%s: %s: label %lu is %u, expected 0..%d\n", prog,
              labels_path, i, labels[i], NUM_CLASSES - 1);
      goto done;
    }
  }

  if (threads > 0) {
    st = modelc_set_num_threads((int)threads);
    if (st != MODELC_STATUS_OK) {
      fprintf(stderr, "%s: modelc_set_num_threads(%ld) failed: %s\n", prog,
              threads, modelc_status_string(st));
      goto done;
    }
  }
  st = fashion_cnn_workspace_alloc(&workspace);
  if (st != MODELC_STATUS_OK) {
    fprintf(stderr, "%s: fashion_cnn_workspace_alloc (%lu bytes) failed: %s\n",
            prog, (unsigned long)FASHION_CNN_WORKSPACE_SIZE,
            modelc_status_string(st));
    goto done;
  }

  printf("Fashion-MNIST demo: %lu images from %s\n", n, images_path);
  printf("model: fashion_cnn (input \"%s\" 1x1x28x28, output \"%s\" 1x10, "
         "workspace %lu bytes)\n",
         FASHION_CNN_INPUT_0_NAME, FASHION_CNN_OUTPUT_0_NAME,
         (unsigned long)FASHION_CNN_WORKSPACE_SIZE);
  printf("preprocessing: x = (pixel * %.6g - %.6g) / %.6g\n", (double)scale,
         (double)mean, (double)std_f);
  if ((unsigned long)show > n) show = (long)n;
  if (show > 0) printf("first %ld predictions:\n", show);

  t0 = now_seconds();
  for (i = 0; i < n; ++i) {
    const unsigned char *px = images + i * IMAGE_PIXELS;
    int k, best = 0, finite = 1;
    for (k = 0; k < IMAGE_PIXELS; ++k)
      input[k] = ((float)px[k] * scale - mean) / std_f;
    st = fashion_cnn_run(input, logits, workspace);
    if (st != MODELC_STATUS_OK) {
      fprintf(stderr, "%s: fashion_cnn_run failed on image %lu: %s\n", prog, i,
              modelc_status_string(st));
      goto done;
    }
    for (k = 0; k < NUM_CLASSES; ++k) {
      if (!isfinite(logits[k])) finite = 0;
      if (logits[k] > logits[best]) best = k;
    }
    if (!finite) {
      if (nonfinite == 0)
        fprintf(stderr, "%s: image %lu: non-finite logits\n", prog, i);
      ++nonfinite;
      best = -1;
    }
    if (best == (int)labels[i]) ++correct;
    if ((long)i < show)
      printf("  #%lu: predicted %-11s (%d, logit %7.3f)  label %-11s (%u)  %s\n",
             i, best >= 0 ? class_names[best] : "(NaN/inf)", best,
             best >= 0 ? (double)logits[best] : 0.0, class_names[labels[i]],
             labels[i], best == (int)labels[i] ? "ok" : "WRONG");
  }
  elapsed = now_seconds() - t0;

  accuracy = (double)correct / (double)n;
  printf("time: %.3f s for %lu images (%.1f us/image, one at a time)\n",
         elapsed, n, 1e6 * elapsed / (double)n);
  if (reference >= 0.0)
    printf("modelc accuracy: %.2f%% (%lu/%lu); PyTorch at training time: "
           "%.2f%%\n",
           100.0 * accuracy, correct, n, 100.0 * reference);
  else
    printf("modelc accuracy: %.2f%% (%lu/%lu); no PyTorch reference given\n",
           100.0 * accuracy, correct, n);

  if (nonfinite) {
    fprintf(stderr, "%s: FAIL: %lu images gave non-finite logits\n", prog,
            nonfinite);
    goto done;
  }
  if (reference >= 0.0) {
    double diff = 100.0 * (accuracy - reference);
    /* Tiny slack so that e.g. exactly 0.50 points passes despite rounding. */
    if (fabs(diff) > tolerance + 1e-9) {
      printf("FAIL: modelc's accuracy differs from PyTorch's by %+.2f "
             "percentage points (allowed: %.2f)\n",
             diff, tolerance);
      goto done;
    }
    printf("OK: difference %+.2f percentage points (allowed: %.2f)\n", diff,
           tolerance);
  }
  rc = 0;

done:
  if (workspace) fashion_cnn_workspace_free(workspace);
  free(images_buf);
  free(labels_buf);
  return rc;
}
