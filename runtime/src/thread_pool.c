//===- thread_pool.c - Thread pool for parallel loops ---------------------===//
//
// One process-wide pool of N - 1 worker threads (N = modelc_get_num_threads())
// that, with the calling thread, runs the chunks of modelc_parallel_for.
//
// - g_dispatch serializes loops from different application threads and pool
//   (re-)creation, so at most one job is on the pool at a time.
// - A job is `num_chunks` chunks. Its fields are written before `claim`
//   publishes it: `claim` packs the job's generation, the next chunk to
//   claim and the chunk count, and a thread takes a chunk by advancing it
//   with a compare-and-swap. A thread reads the job's fields only after it
//   has claimed a chunk of it, and the caller rewrites them only once every
//   chunk is done, so a late worker never runs a stale job.
// - The caller publishes the job with its first chunk taken, runs it, claims
//   more, then waits (spinning) until `done_chunks` reaches the count.
// - An idle worker spins on `claim` for a while (a model runs one loop after
//   another: waking a sleeping thread costs more than most loops), then
//   sleeps on `work_cv`. `sleepers` counts the sleeping workers: the caller
//   takes the mutex and wakes them only when there are some.
// - t_in_parallel marks threads running a loop body (workers always), so a
//   nested call runs serially instead of waiting on g_dispatch.
//
//===----------------------------------------------------------------------===//

#define _POSIX_C_SOURCE 200809L

#include "modelc/runtime.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

// The chunk fields of `claim`: generation (32 bits), next chunk (16 bits),
// chunk count (16 bits).
#define CLAIM_NEXT_SHIFT 16
#define CLAIM_GEN_SHIFT 32
#define CLAIM_FIELD_MASK 0xffffu

// How long an idle worker, and a caller waiting for the workers' chunks,
// spin before they sleep or yield: CPU relax instructions (some tens of
// microseconds).
#define SPIN_ITERATIONS 4096

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  __asm__ __volatile__("yield");
#endif
}

typedef struct modelc_pool {
  pthread_mutex_t mutex;
  pthread_cond_t work_cv; // Workers: a job is published, or shutdown.
  atomic_int shutdown;
  atomic_uint_fast64_t claim; // Generation, next chunk, chunk count.
  atomic_int done_chunks;     // Chunks of the current job finished.
  atomic_int sleepers;        // Workers waiting on work_cv.
  // The current job: written by the caller before `claim` publishes it.
  modelc_parallel_fn fn;
  void *ctx;
  int64_t begin;
  uint64_t size;
  int num_workers;
  pthread_t workers[]; // num_workers entries.
} modelc_pool;

static pthread_mutex_t g_dispatch = PTHREAD_MUTEX_INITIALIZER;
static modelc_pool *g_pool;             // Guarded by g_dispatch.
static atomic_int g_num_threads;        // 0 until the default is computed.
static _Thread_local int t_in_parallel; // Inside a loop body, or a worker.

static int claimable(uint64_t claim) {
  return ((claim >> CLAIM_NEXT_SHIFT) & CLAIM_FIELD_MASK) <
         (claim & CLAIM_FIELD_MASK);
}

// Runs chunk I of the N chunks of the current job and counts it done.
static void run_chunk(modelc_pool *p, uint64_t i, uint64_t n) {
  uint64_t q = p->size / n, r = p->size % n;
  uint64_t lo = i * q + (i < r ? i : r);
  uint64_t hi = lo + q + (i < r ? 1 : 0);
  // Two's-complement wrap-around; the results lie in [begin, end].
  int64_t chunk_begin = (int64_t)((uint64_t)p->begin + lo);
  int64_t chunk_end = (int64_t)((uint64_t)p->begin + hi);
  p->fn(p->ctx, chunk_begin, chunk_end);
  atomic_fetch_add_explicit(&p->done_chunks, 1, memory_order_release);
}

// Claims a chunk of the published job and runs it; returns 0 when every
// chunk is claimed.
static int run_a_chunk(modelc_pool *p) {
  uint64_t claim = atomic_load_explicit(&p->claim, memory_order_acquire);
  do {
    if (!claimable(claim))
      return 0;
  } while (!atomic_compare_exchange_weak_explicit(
      &p->claim, &claim, claim + ((uint64_t)1 << CLAIM_NEXT_SHIFT),
      memory_order_acq_rel, memory_order_acquire));
  // The job cannot finish before this chunk does: its fields are stable.
  run_chunk(p, (claim >> CLAIM_NEXT_SHIFT) & CLAIM_FIELD_MASK,
            claim & CLAIM_FIELD_MASK);
  return 1;
}

static void *worker_main(void *arg) {
  modelc_pool *p = arg;
  t_in_parallel = 1;
  for (;;) {
    if (run_a_chunk(p))
      continue;
    // Nothing to claim: spin a while, then sleep until a job is published.
    int spins = 0;
    while (spins < SPIN_ITERATIONS &&
           !claimable(atomic_load_explicit(&p->claim, memory_order_relaxed)) &&
           !atomic_load_explicit(&p->shutdown, memory_order_relaxed)) {
      cpu_relax();
      ++spins;
    }
    if (spins == SPIN_ITERATIONS) {
      pthread_mutex_lock(&p->mutex);
      atomic_fetch_add(&p->sleepers, 1);
      while (!claimable(atomic_load(&p->claim)) && !atomic_load(&p->shutdown))
        pthread_cond_wait(&p->work_cv, &p->mutex);
      atomic_fetch_sub(&p->sleepers, 1);
      pthread_mutex_unlock(&p->mutex);
    }
    if (atomic_load(&p->shutdown))
      break;
  }
  return NULL;
}

// Stops and joins the first `num_started` workers, then frees the pool.
static void pool_destroy(modelc_pool *p, int num_started) {
  if (!p)
    return;
  pthread_mutex_lock(&p->mutex);
  atomic_store(&p->shutdown, 1);
  pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mutex);
  for (int i = 0; i < num_started; ++i)
    pthread_join(p->workers[i], NULL);
  pthread_cond_destroy(&p->work_cv);
  pthread_mutex_destroy(&p->mutex);
  free(p);
}

// At exit (or dlclose of a shared object holding the runtime), stops an idle
// pool so no worker outlives the code; later loops run serially. A pool that
// is busy, e.g. exit() called from a loop body, is left alone.
static void pool_at_exit(void) {
  if (pthread_mutex_trylock(&g_dispatch) != 0)
    return;
  pool_destroy(g_pool, g_pool ? g_pool->num_workers : 0);
  g_pool = NULL;
  atomic_store(&g_num_threads, 1);
  pthread_mutex_unlock(&g_dispatch);
}

static void register_at_exit(void) { atexit(pool_at_exit); }

static modelc_status pool_create(int num_threads, modelc_pool **out_pool) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, register_at_exit);
  *out_pool = NULL;
  int num_workers = num_threads - 1;
  modelc_pool *p =
      calloc(1, sizeof(*p) + (size_t)num_workers * sizeof(pthread_t));
  if (!p)
    return MODELC_STATUS_OUT_OF_MEMORY;
  if (pthread_mutex_init(&p->mutex, NULL) != 0) {
    free(p);
    return MODELC_STATUS_INTERNAL;
  }
  if (pthread_cond_init(&p->work_cv, NULL) != 0) {
    pthread_mutex_destroy(&p->mutex);
    free(p);
    return MODELC_STATUS_INTERNAL;
  }
  p->num_workers = num_workers;
  // Workers inherit a fully blocked signal mask: signals go to app threads.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int started = 0;
  while (started < num_workers &&
         pthread_create(&p->workers[started], NULL, worker_main, p) == 0)
    ++started;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (started < num_workers) {
    pool_destroy(p, started);
    return MODELC_STATUS_INTERNAL;
  }
  *out_pool = p;
  return MODELC_STATUS_OK;
}

static int default_num_threads(void) {
  const char *env = getenv("MODELC_NUM_THREADS");
  if (env && *env) {
    char *end = NULL;
    long n = strtol(env, &end, 10);
    if (*end == '\0' && n >= 1)
      return n > MODELC_MAX_THREADS ? MODELC_MAX_THREADS : (int)n;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1)
    return 1;
  return cores > MODELC_MAX_THREADS ? MODELC_MAX_THREADS : (int)cores;
}

int modelc_get_num_threads(void) {
  int n = atomic_load(&g_num_threads);
  if (n != 0)
    return n;
  int expected = 0;
  atomic_compare_exchange_strong(&g_num_threads, &expected,
                                 default_num_threads());
  return atomic_load(&g_num_threads);
}

modelc_status modelc_set_num_threads(int num_threads) {
  if (num_threads < 0 || num_threads > MODELC_MAX_THREADS || t_in_parallel)
    return MODELC_STATUS_INVALID_ARGUMENT;
  pthread_mutex_lock(&g_dispatch);
  int target = num_threads ? num_threads : default_num_threads();
  modelc_pool *pool = g_pool;
  int current = pool ? pool->num_workers + 1 : 1;
  if (target != current) {
    modelc_pool *new_pool = NULL;
    if (target > 1) {
      modelc_status status = pool_create(target, &new_pool);
      if (status != MODELC_STATUS_OK) {
        pthread_mutex_unlock(&g_dispatch);
        return status;
      }
    }
    pool_destroy(pool, pool ? pool->num_workers : 0);
    g_pool = new_pool;
  }
  atomic_store(&g_num_threads, target);
  pthread_mutex_unlock(&g_dispatch);
  return MODELC_STATUS_OK;
}

static void run_serially(modelc_parallel_fn fn, void *ctx, int64_t begin,
                         int64_t end) {
  int was_in_parallel = t_in_parallel;
  t_in_parallel = 1;
  fn(ctx, begin, end);
  t_in_parallel = was_in_parallel;
}

void modelc_parallel_for(modelc_parallel_fn fn, void *ctx, int64_t begin,
                         int64_t end) {
  if (!fn || end <= begin)
    return;
  uint64_t size = (uint64_t)end - (uint64_t)begin;
  if (t_in_parallel || size == 1 || modelc_get_num_threads() == 1) {
    run_serially(fn, ctx, begin, end);
    return;
  }
  pthread_mutex_lock(&g_dispatch);
  if (!g_pool) {
    int n = modelc_get_num_threads();
    if (n > 1 && pool_create(n, &g_pool) != MODELC_STATUS_OK)
      atomic_store(&g_num_threads, 1); // Run serially from now on.
  }
  modelc_pool *p = g_pool;
  if (!p) {
    pthread_mutex_unlock(&g_dispatch);
    run_serially(fn, ctx, begin, end);
    return;
  }
  int num_threads = p->num_workers + 1;
  t_in_parallel = 1;
  uint64_t num_chunks =
      size < (uint64_t)num_threads ? size : (uint64_t)num_threads;
  p->fn = fn;
  p->ctx = ctx;
  p->begin = begin;
  p->size = size;
  atomic_store_explicit(&p->done_chunks, 0, memory_order_relaxed);
  uint64_t generation =
      (atomic_load_explicit(&p->claim, memory_order_relaxed) >>
       CLAIM_GEN_SHIFT) + 1;
  // Publishes the job with its first chunk claimed: the caller runs it,
  // whatever the workers take (sequentially consistent, against a worker
  // that counts itself a sleeper and then checks `claim`).
  atomic_store(&p->claim, (generation << CLAIM_GEN_SHIFT) |
                              ((uint64_t)1 << CLAIM_NEXT_SHIFT) | num_chunks);
  if (atomic_load(&p->sleepers) > 0) {
    pthread_mutex_lock(&p->mutex);
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mutex);
  }
  run_chunk(p, 0, num_chunks);
  while (run_a_chunk(p))
    ;
  // The workers' chunks: short waits, spinning; yield if one is long.
  for (int spins = 0; atomic_load_explicit(&p->done_chunks,
                                           memory_order_acquire) <
                      (int)num_chunks;) {
    if (spins < SPIN_ITERATIONS) {
      cpu_relax();
      ++spins;
    } else {
      sched_yield();
    }
  }
  t_in_parallel = 0;
  pthread_mutex_unlock(&g_dispatch);
}
