//===- thread_pool.c - Thread pool for parallel loops ---------------------===//
//
// One process-wide pool of N - 1 worker threads (N = modelc_get_num_threads())
// that, with the calling thread, runs the chunks of modelc_parallel_for.
//
// - g_dispatch serializes loops from different application threads and pool
//   (re-)creation, so at most one job is on the pool at a time.
// - A job is `num_chunks` chunks; each thread claims the next chunk index under
//   the pool mutex, runs it unlocked, and counts it done under the mutex. The
//   caller claims first and keeps claiming, so the loop finishes even if no
//   worker wakes up in time. The job's fields only change once every chunk is
//   done, so a late worker never sees a stale job.
// - Idle workers block on `work_cv`; the caller blocks on `done_cv`.
// - t_in_parallel marks threads running a loop body (workers always), so a
//   nested call runs serially instead of waiting on g_dispatch.
//
//===----------------------------------------------------------------------===//

#define _POSIX_C_SOURCE 200809L

#include "modelc/runtime.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct modelc_pool {
  pthread_mutex_t mutex;
  pthread_cond_t work_cv; // Workers: a chunk is available, or shutdown.
  pthread_cond_t done_cv; // Caller: every chunk of the job is done.
  int shutdown;
  // The current job, guarded by `mutex`.
  modelc_parallel_fn fn;
  void *ctx;
  int64_t begin;
  uint64_t size;
  int num_chunks, next_chunk, done_chunks;
  int num_workers;
  pthread_t workers[]; // num_workers entries.
} modelc_pool;

static pthread_mutex_t g_dispatch = PTHREAD_MUTEX_INITIALIZER;
static modelc_pool *g_pool;             // Guarded by g_dispatch.
static atomic_int g_num_threads;        // 0 until the default is computed.
static _Thread_local int t_in_parallel; // Inside a loop body, or a worker.

// Claims the next chunk of the job and runs it. Called and returns with
// p->mutex held; p->next_chunk < p->num_chunks on entry.
static void run_next_chunk_locked(modelc_pool *p) {
  uint64_t i = (uint64_t)p->next_chunk++;
  uint64_t n = (uint64_t)p->num_chunks;
  uint64_t q = p->size / n, r = p->size % n;
  uint64_t lo = i * q + (i < r ? i : r);
  uint64_t hi = lo + q + (i < r ? 1 : 0);
  modelc_parallel_fn fn = p->fn;
  void *ctx = p->ctx;
  // Two's-complement wrap-around; the results lie in [begin, end].
  int64_t chunk_begin = (int64_t)((uint64_t)p->begin + lo);
  int64_t chunk_end = (int64_t)((uint64_t)p->begin + hi);
  pthread_mutex_unlock(&p->mutex);
  fn(ctx, chunk_begin, chunk_end);
  pthread_mutex_lock(&p->mutex);
  if (++p->done_chunks == p->num_chunks)
    pthread_cond_signal(&p->done_cv);
}

static void *worker_main(void *arg) {
  modelc_pool *p = arg;
  t_in_parallel = 1;
  pthread_mutex_lock(&p->mutex);
  for (;;) {
    while (!p->shutdown && p->next_chunk >= p->num_chunks)
      pthread_cond_wait(&p->work_cv, &p->mutex);
    if (p->shutdown)
      break;
    run_next_chunk_locked(p);
  }
  pthread_mutex_unlock(&p->mutex);
  return NULL;
}

// Stops and joins the first `num_started` workers, then frees the pool.
static void pool_destroy(modelc_pool *p, int num_started) {
  if (!p)
    return;
  pthread_mutex_lock(&p->mutex);
  p->shutdown = 1;
  pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mutex);
  for (int i = 0; i < num_started; ++i)
    pthread_join(p->workers[i], NULL);
  pthread_cond_destroy(&p->done_cv);
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
  if (pthread_cond_init(&p->done_cv, NULL) != 0) {
    pthread_cond_destroy(&p->work_cv);
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
  pthread_mutex_lock(&p->mutex);
  p->fn = fn;
  p->ctx = ctx;
  p->begin = begin;
  p->size = size;
  p->num_chunks = size < (uint64_t)num_threads ? (int)size : num_threads;
  p->next_chunk = 0;
  p->done_chunks = 0;
  if (p->num_chunks - 1 >= p->num_workers)
    pthread_cond_broadcast(&p->work_cv);
  else
    for (int i = 1; i < p->num_chunks; ++i)
      pthread_cond_signal(&p->work_cv);
  while (p->next_chunk < p->num_chunks)
    run_next_chunk_locked(p);
  while (p->done_chunks < p->num_chunks)
    pthread_cond_wait(&p->done_cv, &p->mutex);
  pthread_mutex_unlock(&p->mutex);
  t_in_parallel = 0;
  pthread_mutex_unlock(&g_dispatch);
}
