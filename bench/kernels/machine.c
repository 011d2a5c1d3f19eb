/* Measures this machine's single-thread FMA peak (f32, the widest vectors
 * the compiler targets: AVX-512, AVX2 or 128-bit) and memory bandwidth (a
 * 256 MiB copy), for bench/kernels.py. Prints one JSON line. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* 20 independent chains of vector FMAs: enough to hide their latency. */
#define CHAINS 20
typedef float vec __attribute__((vector_size(VEC_BYTES)));

static double fma_peak(void) {
  vec acc[CHAINS], b, c;
  for (int i = 0; i < (int)(sizeof(vec) / 4); ++i) {
    b[i] = 1.0000001f;
    c[i] = 1e-7f;
  }
  for (int k = 0; k < CHAINS; ++k)
    for (int i = 0; i < (int)(sizeof(vec) / 4); ++i)
      acc[k][i] = (float)k;
  long iters = 50000000;
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    double t0 = now();
    for (long n = 0; n < iters; ++n) {
#pragma GCC unroll 20
      for (int k = 0; k < CHAINS; ++k)
        acc[k] = acc[k] * b + c;
    }
    double t = now() - t0;
    double gflops = iters * (double)CHAINS * 2 * (sizeof(vec) / 4) / t / 1e9;
    if (gflops > best)
      best = gflops;
  }
  float sum = 0;
  for (int k = 0; k < CHAINS; ++k)
    sum += acc[k][0];
  if (sum == 12345.0f)
    puts("");
  return best;
}

static double copy_bandwidth(void) {
  size_t bytes = (size_t)256 << 20;
  char *a = malloc(bytes), *b = malloc(bytes);
  if (!a || !b)
    return 0;
  memset(a, 1, bytes);
  memset(b, 2, bytes);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    double t0 = now();
    memcpy(b, a, bytes);
    double t = now() - t0;
    double gbs = 2.0 * bytes / t / 1e9; /* read + write */
    if (gbs > best)
      best = gbs;
  }
  int check = b[bytes / 2];
  free(a);
  free(b);
  return check == 1 ? best : 0;
}

int main(void) {
  printf("{\"fma_peak_gflops\": %.1f, \"vector_bits\": %d, "
         "\"copy_gbs\": %.1f}\n",
         fma_peak(), VEC_BYTES * 8, copy_bandwidth());
  return 0;
}
