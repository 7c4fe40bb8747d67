/* Ordered parallel jobs: workers take the next job number under a lock,
 * run it unlocked, and park the result in its slot of a ring of `window`;
 * the calling thread commits slots in order and lets workers run at most
 * `window` ahead, so slot index % window is free when job index parks. */
#include "runner.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct runner {
  const np_runner_jobs *jobs;
  pthread_mutex_t lock;
  pthread_cond_t ready; /* a result was parked, or the end found */
  pthread_cond_t space; /* a result was committed, or stop */
  void **results;       /* ring of `window` slots */
  bool *done;
  size_t next_job;    /* the next job to hand out */
  size_t next_commit; /* the next result to commit */
  size_t end;         /* no job from here on: count, or where exists said no */
  bool is_stopping;
} runner;

typedef struct worker_arg {
  runner *r;
  size_t worker;
} worker_arg;

static bool stop_asked(const runner *r)
{
  return r->jobs->stop && atomic_load(r->jobs->stop);
}

static void *worker_main(void *p)
{
  worker_arg *a = p;
  runner *r = a->r;
  const np_runner_jobs *j = r->jobs;
  pthread_mutex_lock(&r->lock);
  for (;;) {
    while (!r->is_stopping && !stop_asked(r) && r->next_job < r->end &&
           r->next_job >= r->next_commit + j->window) {
      pthread_cond_wait(&r->space, &r->lock);
    }
    if (r->is_stopping || stop_asked(r) || r->next_job >= r->end) {
      break;
    }
    size_t index = r->next_job++;
    pthread_mutex_unlock(&r->lock);
    bool exists = !j->exists || j->exists(j->payload, index);
    void *result = exists ? j->run(j->payload, a->worker, index) : NULL;
    pthread_mutex_lock(&r->lock);
    if (!exists) {
      if (index < r->end) {
        r->end = index;
      }
      pthread_cond_signal(&r->ready);
      continue;
    }
    r->results[index % j->window] = result;
    r->done[index % j->window] = true;
    /* wake the committer for a batch of results, not for each: a wake-up
     * a post (a futex call and a context switch) was ~4% of a one-worker
     * run. At the tail, every result wakes it. */
    if (index + 1 >= r->next_commit + j->window / 4 || r->next_job >= r->end ||
        j->exists) {
      pthread_cond_signal(&r->ready);
    }
  }
  pthread_mutex_unlock(&r->lock);
  return NULL;
}

/* Waits on `ready` for at most 100 ms. */
static void wait_a_tick(runner *r)
{
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_nsec += 100 * 1000 * 1000;
  if (until.tv_nsec >= 1000 * 1000 * 1000) {
    until.tv_sec++;
    until.tv_nsec -= 1000 * 1000 * 1000;
  }
  pthread_cond_timedwait(&r->ready, &r->lock, &until);
}

np_status np_runner_run(const np_runner_jobs *jobs, size_t *committed)
{
  *committed = 0;
  size_t n = jobs->nworkers ? jobs->nworkers : 1;
  np_runner_jobs fixed = *jobs;
  fixed.nworkers = n;
  if (fixed.window < n) {
    fixed.window = n;
  }
  runner r = {.jobs = &fixed, .end = fixed.count};
  r.results = calloc(fixed.window, sizeof *r.results);
  r.done = calloc(fixed.window, sizeof *r.done);
  pthread_t *threads = calloc(n, sizeof *threads);
  worker_arg *args = calloc(n, sizeof *args);
  if (!r.results || !r.done || !threads || !args) {
    free(r.results);
    free(r.done);
    free(threads);
    free(args);
    return NP_ENOMEM;
  }
  pthread_mutex_init(&r.lock, NULL);
  pthread_cond_init(&r.ready, NULL);
  pthread_cond_init(&r.space, NULL);
  size_t started = 0;
  for (size_t i = 0; i < n; i++) {
    args[i] = (worker_arg){&r, i};
    if (pthread_create(&threads[started], NULL, worker_main, &args[i]) != 0) {
      break;
    }
    started++;
  }
  np_status rc = started > 0 ? NP_OK : NP_EIO;

  pthread_mutex_lock(&r.lock);
  while (started > 0 && r.next_commit < r.end) {
    size_t slot = r.next_commit % fixed.window;
    if (r.done[slot]) {
      size_t index = r.next_commit;
      void *result = r.results[slot];
      r.done[slot] = false;
      pthread_mutex_unlock(&r.lock);
      fixed.commit(fixed.payload, index, result);
      pthread_mutex_lock(&r.lock);
      r.next_commit++;
      pthread_cond_broadcast(&r.space);
      continue;
    }
    if (stop_asked(&r) && r.next_commit >= r.next_job) {
      break; /* every job handed out is committed */
    }
    pthread_cond_broadcast(&r.space); /* let parked workers see a stop */
    wait_a_tick(&r);
    if (fixed.tick) {
      pthread_mutex_unlock(&r.lock);
      fixed.tick(fixed.payload);
      pthread_mutex_lock(&r.lock);
    }
  }
  r.is_stopping = true;
  pthread_cond_broadcast(&r.space);
  *committed = r.next_commit;
  pthread_mutex_unlock(&r.lock);
  for (size_t i = 0; i < started; i++) {
    pthread_join(threads[i], NULL);
  }
  pthread_cond_destroy(&r.space);
  pthread_cond_destroy(&r.ready);
  pthread_mutex_destroy(&r.lock);
  free(r.results);
  free(r.done);
  free(threads);
  free(args);
  return rc;
}
