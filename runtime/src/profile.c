//===- profile.c - Clock of the kernel profile ----------------------------===//
//
// A model compiled with profiling (modelc-run --profile) reads this clock
// around each of its kernels.
//
//===----------------------------------------------------------------------===//

#define _POSIX_C_SOURCE 200809L

#include "modelc/runtime.h"

#include <time.h>

int64_t modelc_profile_now_ns(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
    return 0;
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
