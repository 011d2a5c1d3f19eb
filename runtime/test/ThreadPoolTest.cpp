//===- ThreadPoolTest.cpp - Thread pool and parallel_for tests ------------===//
//
// Unit tests of modelc_set_num_threads, modelc_get_num_threads and
// modelc_parallel_for: coverage of every index, chunking, empty ranges, nested
// and concurrent calls, and thread-count changes. No timing assertions; the
// only timeout is a generous guard that turns a hang into a failure.
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

namespace {

int onlineCores() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    return 1;
  return static_cast<int>(std::min<long>(n, MODELC_MAX_THREADS));
}

struct Chunk {
  int64_t begin, end;
  std::thread::id thread;
};

/// Records every call of the loop body; counts every index when `counts` is
/// set (ranges small enough to enumerate).
struct Recorder {
  int64_t base = 0;
  std::vector<std::atomic<int>> counts;
  std::mutex mutex;
  std::vector<Chunk> chunks;

  explicit Recorder(int64_t base = 0, size_t n = 0) : base(base), counts(n) {}

  static void body(void *ctx, int64_t begin, int64_t end) {
    auto *self = static_cast<Recorder *>(ctx);
    if (!self->counts.empty())
      for (int64_t i = begin; i < end; ++i)
        self->counts[static_cast<size_t>(i - self->base)].fetch_add(1);
    std::lock_guard<std::mutex> lock(self->mutex);
    self->chunks.push_back({begin, end, std::this_thread::get_id()});
  }
};

/// Checks that the recorded chunks are non-empty, at most `maxChunks` (the
/// thread count), and tile [begin, end) exactly; and, when counted, that every
/// index ran once.
void expectTiles(Recorder &r, int64_t begin, int64_t end, int maxChunks) {
  ASSERT_FALSE(r.chunks.empty());
  EXPECT_LE(r.chunks.size(), static_cast<size_t>(maxChunks));
  std::vector<Chunk> sorted = r.chunks;
  std::sort(sorted.begin(), sorted.end(),
            [](const Chunk &a, const Chunk &b) { return a.begin < b.begin; });
  EXPECT_EQ(sorted.front().begin, begin);
  EXPECT_EQ(sorted.back().end, end);
  for (size_t i = 0; i < sorted.size(); ++i) {
    EXPECT_LT(sorted[i].begin, sorted[i].end) << "empty chunk " << i;
    if (i + 1 < sorted.size()) {
      EXPECT_EQ(sorted[i].end, sorted[i + 1].begin) << "gap/overlap at " << i;
    }
  }
  // Current policy: min(threads, size) chunks whose sizes differ by <= 1.
  uint64_t size = uint64_t(end) - uint64_t(begin);
  EXPECT_EQ(r.chunks.size(), std::min<uint64_t>(uint64_t(maxChunks), size));
  uint64_t smallest = UINT64_MAX, largest = 0;
  for (const Chunk &c : sorted) {
    smallest = std::min(smallest, uint64_t(c.end) - uint64_t(c.begin));
    largest = std::max(largest, uint64_t(c.end) - uint64_t(c.begin));
  }
  EXPECT_LE(largest - smallest, 1u);
  for (size_t i = 0; i < r.counts.size(); ++i)
    ASSERT_EQ(r.counts[i].load(), 1) << "index " << (r.base + int64_t(i));
}

void runAndCheck(int64_t begin, int64_t end, int numThreads) {
  Recorder r(begin, static_cast<size_t>(end - begin));
  modelc_parallel_for(&Recorder::body, &r, begin, end);
  SCOPED_TRACE(::testing::Message() << "[" << begin << ", " << end << ") on "
                                    << numThreads << " threads");
  expectTiles(r, begin, end, numThreads);
}

class ThreadPoolTest : public ::testing::Test {
protected:
  // Release the workers so each test starts from a known state.
  void TearDown() override {
    EXPECT_EQ(modelc_set_num_threads(1), MODELC_STATUS_OK);
  }
};

TEST_F(ThreadPoolTest, SetAndGet) {
  for (int n : {1, 2, 3, 8, 1, 5}) {
    ASSERT_EQ(modelc_set_num_threads(n), MODELC_STATUS_OK) << n;
    EXPECT_EQ(modelc_get_num_threads(), n);
  }
}

TEST_F(ThreadPoolTest, InvalidCountsAreRejectedAndKeepTheCount) {
  ASSERT_EQ(modelc_set_num_threads(3), MODELC_STATUS_OK);
  for (int bad : {-1, -1000, INT32_MIN, MODELC_MAX_THREADS + 1, INT32_MAX}) {
    EXPECT_EQ(modelc_set_num_threads(bad), MODELC_STATUS_INVALID_ARGUMENT)
        << bad;
    EXPECT_EQ(modelc_get_num_threads(), 3);
  }
  runAndCheck(0, 100, 3);
}

TEST_F(ThreadPoolTest, ZeroRestoresDefaultFromEnvOrCores) {
  const char *saved = std::getenv("MODELC_NUM_THREADS");
  std::string savedValue = saved ? saved : "";

  ASSERT_EQ(setenv("MODELC_NUM_THREADS", "5", 1), 0);
  ASSERT_EQ(modelc_set_num_threads(0), MODELC_STATUS_OK);
  EXPECT_EQ(modelc_get_num_threads(), 5);
  runAndCheck(0, 50, 5);

  // Invalid or empty values are ignored: the default is the core count.
  for (const char *value : {"", "0", "-2", "abc", "4x", " "}) {
    ASSERT_EQ(modelc_set_num_threads(2), MODELC_STATUS_OK);
    ASSERT_EQ(setenv("MODELC_NUM_THREADS", value, 1), 0);
    ASSERT_EQ(modelc_set_num_threads(0), MODELC_STATUS_OK);
    EXPECT_EQ(modelc_get_num_threads(), onlineCores()) << "'" << value << "'";
  }
  ASSERT_EQ(unsetenv("MODELC_NUM_THREADS"), 0);
  ASSERT_EQ(modelc_set_num_threads(0), MODELC_STATUS_OK);
  EXPECT_EQ(modelc_get_num_threads(), onlineCores());
  runAndCheck(-10, 90, onlineCores());

  if (saved)
    setenv("MODELC_NUM_THREADS", savedValue.c_str(), 1);
}

TEST_F(ThreadPoolTest, EveryIndexExactlyOnce) {
  for (int n : {1, 2, 3, 4, 7, 8, 16}) {
    ASSERT_EQ(modelc_set_num_threads(n), MODELC_STATUS_OK);
    for (int64_t begin : {int64_t(0), int64_t(-7), int64_t(13)})
      for (int64_t size : {1, 2, 3, 5, 7, 8, 15, 16, 17, 100, 1000, 4099})
        runAndCheck(begin, begin + size, n);
  }
}

/// Adds each index's loop number to its slot, so that a chunk run twice,
/// skipped, or run with a previous loop's context shows up in the sums.
struct Accumulator {
  std::vector<std::atomic<int64_t>> sums;
  int64_t loop = 0;
  explicit Accumulator(size_t n) : sums(n) {}
  static void body(void *ctx, int64_t begin, int64_t end) {
    auto *self = static_cast<Accumulator *>(ctx);
    for (int64_t i = begin; i < end; ++i)
      self->sums[static_cast<size_t>(i)].fetch_add(self->loop);
  }
};

// Loops back to back, as a model runs them: workers that are still spinning
// on one loop take chunks of the next one, never a stale job.
TEST_F(ThreadPoolTest, ManyLoopsInARow) {
  for (int n : {2, 3, 4}) {
    ASSERT_EQ(modelc_set_num_threads(n), MODELC_STATUS_OK);
    const int64_t size = 7, loops = 20000;
    Accumulator a(size);
    for (int64_t l = 1; l <= loops; ++l) {
      a.loop = l;
      modelc_parallel_for(&Accumulator::body, &a, 0, l % 5 == 0 ? 1 : size);
    }
    int64_t all = loops * (loops + 1) / 2;
    int64_t fifths = 5 * (loops / 5) * (loops / 5 + 1) / 2;
    EXPECT_EQ(a.sums[0].load(), all) << n << " threads";
    for (int64_t i = 1; i < size; ++i)
      EXPECT_EQ(a.sums[static_cast<size_t>(i)].load(), all - fifths)
          << n << " threads, index " << i;
  }
}

TEST_F(ThreadPoolTest, UsesMinOfThreadsAndRangeChunks) {
  ASSERT_EQ(modelc_set_num_threads(4), MODELC_STATUS_OK);
  Recorder r;
  modelc_parallel_for(&Recorder::body, &r, 0, 3);
  expectTiles(r, 0, 3, 3);
  EXPECT_EQ(r.chunks.size(), 3u); // One index per chunk.
}

TEST_F(ThreadPoolTest, ExtremeBoundsDoNotOverflow) {
  ASSERT_EQ(modelc_set_num_threads(4), MODELC_STATUS_OK);
  const int64_t lo = INT64_MIN, hi = INT64_MAX;
  std::pair<int64_t, int64_t> ranges[] = {{lo, hi}, {lo, lo + 5}, {hi - 5, hi},
                                          {lo, 0},  {-1, hi},     {lo + 1, hi}};
  for (auto [begin, end] : ranges) {
    Recorder r; // Too big to count: check the tiling only.
    modelc_parallel_for(&Recorder::body, &r, begin, end);
    SCOPED_TRACE(::testing::Message() << "[" << begin << ", " << end << ")");
    expectTiles(r, begin, end, 4);
  }
}

TEST_F(ThreadPoolTest, EmptyRangeAndNullFnDoNothing) {
  for (int n : {1, 4}) {
    ASSERT_EQ(modelc_set_num_threads(n), MODELC_STATUS_OK);
    Recorder r;
    modelc_parallel_for(&Recorder::body, &r, 0, 0);
    modelc_parallel_for(&Recorder::body, &r, 5, 5);
    modelc_parallel_for(&Recorder::body, &r, 10, 3);
    modelc_parallel_for(&Recorder::body, &r, INT64_MAX, INT64_MIN);
    EXPECT_TRUE(r.chunks.empty());
    modelc_parallel_for(nullptr, &r, 0, 100);
  }
}

TEST_F(ThreadPoolTest, SingleThreadOrSingleIndexRunsOnCaller) {
  ASSERT_EQ(modelc_set_num_threads(1), MODELC_STATUS_OK);
  Recorder a;
  modelc_parallel_for(&Recorder::body, &a, 3, 1003);
  ASSERT_EQ(a.chunks.size(), 1u);
  EXPECT_EQ(a.chunks[0].begin, 3);
  EXPECT_EQ(a.chunks[0].end, 1003);
  EXPECT_EQ(a.chunks[0].thread, std::this_thread::get_id());

  ASSERT_EQ(modelc_set_num_threads(4), MODELC_STATUS_OK);
  Recorder b;
  modelc_parallel_for(&Recorder::body, &b, 41, 42);
  ASSERT_EQ(b.chunks.size(), 1u);
  EXPECT_EQ(b.chunks[0].begin, 41);
  EXPECT_EQ(b.chunks[0].end, 42);
  EXPECT_EQ(b.chunks[0].thread, std::this_thread::get_id());
}

TEST_F(ThreadPoolTest, CallerTakesPart) {
  ASSERT_EQ(modelc_set_num_threads(4), MODELC_STATUS_OK);
  Recorder r;
  modelc_parallel_for(&Recorder::body, &r, 0, 1000);
  bool callerRan = false;
  for (const Chunk &c : r.chunks)
    callerRan |= c.thread == std::this_thread::get_id();
  EXPECT_TRUE(callerRan);
}

/// Every chunk waits until all `expected` chunks run at the same time, which
/// only happens if the pool really runs them on distinct threads.
struct Rendezvous {
  std::mutex mutex;
  std::condition_variable cv;
  int arrived = 0, expected = 0;
  bool timedOut = false;
  std::vector<std::thread::id> threads;

  static void body(void *ctx, int64_t, int64_t) {
    auto *self = static_cast<Rendezvous *>(ctx);
    std::unique_lock<std::mutex> lock(self->mutex);
    self->threads.push_back(std::this_thread::get_id());
    if (++self->arrived == self->expected)
      self->cv.notify_all();
    // Hang guard only; a correct pool never gets near it. After one timeout
    // the remaining chunks do not wait.
    if (!self->cv.wait_for(lock, std::chrono::seconds(20), [self] {
          return self->timedOut || self->arrived >= self->expected;
        }))
      self->timedOut = true;
  }
};

TEST_F(ThreadPoolTest, ChunksRunConcurrentlyOnDistinctThreads) {
  for (int n : {2, 4, 8}) {
    ASSERT_EQ(modelc_set_num_threads(n), MODELC_STATUS_OK);
    Rendezvous r;
    r.expected = n;
    modelc_parallel_for(&Rendezvous::body, &r, 0, n);
    EXPECT_FALSE(r.timedOut) << n << " threads";
    std::sort(r.threads.begin(), r.threads.end());
    EXPECT_EQ(
        std::unique(r.threads.begin(), r.threads.end()) - r.threads.begin(), n);
  }
}

struct NestedCtx {
  std::atomic<int> outerChunks{0};
  std::atomic<int> badInner{0};
  std::atomic<int> setStatus{-1};
  std::atomic<int> getInside{0};
};

void nestedInner(void *ctx, int64_t begin, int64_t end) {
  auto *pair = static_cast<std::pair<Recorder *, std::thread::id> *>(ctx);
  if (std::this_thread::get_id() != pair->second)
    pair->first->counts[0].fetch_add(1000); // Ran on another thread: wrong.
  Recorder::body(pair->first, begin, end);
}

void nestedOuter(void *ctx, int64_t, int64_t) {
  auto *n = static_cast<NestedCtx *>(ctx);
  n->outerChunks.fetch_add(1);
  Recorder inner(0, 10);
  std::pair<Recorder *, std::thread::id> pair{&inner,
                                              std::this_thread::get_id()};
  modelc_parallel_for(&nestedInner, &pair, 0, 10);
  // Serial: exactly one call over the whole range, on this thread.
  if (inner.chunks.size() != 1 || inner.chunks[0].begin != 0 ||
      inner.chunks[0].end != 10 || inner.counts[0].load() != 1)
    n->badInner.fetch_add(1);
  n->setStatus.store(modelc_set_num_threads(2));
  n->getInside.store(modelc_get_num_threads());
}

TEST_F(ThreadPoolTest, NestedCallsRunSerially) {
  for (int n : {1, 2, 4}) {
    ASSERT_EQ(modelc_set_num_threads(n), MODELC_STATUS_OK);
    for (int64_t size : {1, 3, 4, 64}) {
      NestedCtx ctx;
      modelc_parallel_for(&nestedOuter, &ctx, 0, size);
      EXPECT_EQ(ctx.outerChunks.load(), std::min<int64_t>(n, size));
      EXPECT_EQ(ctx.badInner.load(), 0);
      // set_num_threads inside a loop body is refused; get works.
      EXPECT_EQ(ctx.setStatus.load(), MODELC_STATUS_INVALID_ARGUMENT);
      EXPECT_EQ(ctx.getInside.load(), n);
      EXPECT_EQ(modelc_get_num_threads(), n);
    }
  }
}

TEST_F(ThreadPoolTest, ConcurrentCallsFromApplicationThreads) {
  ASSERT_EQ(modelc_set_num_threads(3), MODELC_STATUS_OK);
  std::atomic<int> failures{0};
  std::vector<std::thread> apps;
  for (int t = 0; t < 4; ++t)
    apps.emplace_back([t, &failures] {
      for (int iter = 0; iter < 200; ++iter) {
        int64_t begin = t * 1000 - iter;
        int64_t size = 1 + (iter * 7 + t) % 97;
        Recorder r(begin, static_cast<size_t>(size));
        modelc_parallel_for(&Recorder::body, &r, begin, begin + size);
        for (auto &c : r.counts)
          if (c.load() != 1)
            failures.fetch_add(1);
        if (r.chunks.size() > 3)
          failures.fetch_add(1);
      }
    });
  for (std::thread &t : apps)
    t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(ThreadPoolTest, ThreadCountChangesBetweenCalls) {
  for (int n : {2, 5, 1, 3, 3, 8, 2, 1, 4}) {
    ASSERT_EQ(modelc_set_num_threads(n), MODELC_STATUS_OK);
    ASSERT_EQ(modelc_get_num_threads(), n);
    runAndCheck(0, 1000, n);
    runAndCheck(-3, 4, n);
  }
}

TEST_F(ThreadPoolTest, CountChangesWhileOtherThreadsRunLoops) {
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> apps;
  for (int t = 0; t < 3; ++t)
    apps.emplace_back([&] {
      while (!stop.load()) {
        Recorder r(0, 257);
        modelc_parallel_for(&Recorder::body, &r, 0, 257);
        for (auto &c : r.counts)
          if (c.load() != 1)
            failures.fetch_add(1);
      }
    });
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(modelc_set_num_threads(1 + i % 5), MODELC_STATUS_OK);
  stop.store(true);
  for (std::thread &t : apps)
    t.join();
  EXPECT_EQ(failures.load(), 0);
}

} // namespace
