//===- EnvDefaultTest.cpp - Default thread count from the environment ----===//
//
// Run in a fresh process with MODELC_NUM_THREADS set and
// MODELC_EXPECTED_NUM_THREADS giving the expected default ("cores" for the
// online core count): the first modelc_get_num_threads() reads the variable.
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>

#include <unistd.h>

namespace {

int expectedThreads() {
  const char *e = std::getenv("MODELC_EXPECTED_NUM_THREADS");
  if (!e || std::string(e) == "cores")
    return static_cast<int>(
        std::clamp<long>(sysconf(_SC_NPROCESSORS_ONLN), 1, MODELC_MAX_THREADS));
  return std::atoi(e);
}

void count(void *ctx, int64_t begin, int64_t end) {
  static_cast<std::atomic<int64_t> *>(ctx)->fetch_add(end - begin);
}

TEST(EnvDefaultTest, FirstUseReadsMODELC_NUM_THREADS) {
  int expected = expectedThreads();
  ASSERT_GE(expected, 1);
  EXPECT_EQ(modelc_get_num_threads(), expected);
  // Changing the variable afterwards has no effect: it is read once.
  setenv("MODELC_NUM_THREADS", "7", 1);
  EXPECT_EQ(modelc_get_num_threads(), expected);
  if (expected <= 64) { // Creates the pool lazily with that many threads.
    std::atomic<int64_t> total{0};
    modelc_parallel_for(&count, &total, 0, 12345);
    EXPECT_EQ(total.load(), 12345);
    EXPECT_EQ(modelc_get_num_threads(), expected);
  }
}

} // namespace
