/* Runs numbered jobs on worker threads and hands their results to the
 * calling thread in job order, whatever the number of threads: a run's
 * output does not depend on -j. */
#ifndef NP_RUNNER_H
#define NP_RUNNER_H

#include <stdatomic.h>

#include "common.h"

typedef struct np_runner_jobs {
  /** jobs 0 .. count - 1; with `exists`, at most that many (SIZE_MAX: no
   * bound) */
  size_t count;
  size_t nworkers; /**< threads, at least 1 */
  /** At most this many finished results wait for the committer, so memory
   * stays bounded however slow the committer is (at least nworkers). */
  size_t window;
  /** Runs job `index` on worker thread `worker` (0 .. nworkers - 1), which
   * runs its jobs one at a time. Returns the result, owned by the caller
   * until passed to `commit`. */
  void *(*run)(void *payload, size_t worker, size_t index);
  /** Called on the calling thread for every job run, in index order. */
  void (*commit)(void *payload, size_t index, void *result);
  /** Called on the calling thread about every 100 ms (progress); may be
   * NULL. */
  void (*tick)(void *payload);
  void *payload;
  /** When it becomes non-zero, no job starts any more; those running
   * finish and are committed. May be NULL. Atomic, so that a signal
   * handler may set it while threads read it. */
  const atomic_int *stop;
  /** May be NULL. Else, called on a worker thread before job `index`
   * runs (by several at once, not always in index order): false when
   * there is no such job, and then for none after it; the jobs end at the
   * first. For inputs whose number is not known until they are read (a
   * stream on stdin). */
  bool (*exists)(void *payload, size_t index);
} np_runner_jobs;

/** Runs the jobs; `*committed` is how many were (all unless stopped).
 * Memory holds `window` results, however many jobs there are.
 * Fewer threads than asked run the jobs when the system refuses some.
 * NP_ENOMEM, or NP_EIO when no thread at all could be started. */
np_status np_runner_run(const np_runner_jobs *jobs, size_t *committed);

#endif
