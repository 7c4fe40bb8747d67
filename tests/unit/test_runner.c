/* np_runner_run: every job runs once, results arrive in order whatever the
 * thread count, a stop lets the jobs in flight finish, and jobs whose
 * number is found as they are read (exists) end where it says. */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "runner.h"

typedef struct state {
  size_t next_expected;
  size_t out_of_order;
  size_t stop_at;
  atomic_int stop;
  size_t last; /* exists: jobs 0 .. last - 1 */
  atomic_size_t asked_past;
} state;

static bool exists(void *payload, size_t index)
{
  state *s = payload;
  if (index > s->last) {
    atomic_fetch_add(&s->asked_past, 1); /* only the first no is needed */
  }
  return index < s->last;
}

static void *run(void *payload, size_t worker, size_t index)
{
  (void)payload;
  (void)worker;
  /* uneven work, so threads finish out of order */
  struct timespec ns = {0, (long)((index * 7919) % 13) * 10000};
  nanosleep(&ns, NULL);
  size_t *r = malloc(sizeof *r);
  *r = index * 2;
  return r;
}

static void commit(void *payload, size_t index, void *result)
{
  state *s = payload;
  size_t *r = result;
  if (index != s->next_expected || *r != index * 2) {
    s->out_of_order++;
  }
  s->next_expected = index + 1;
  if (index + 1 == s->stop_at) {
    atomic_store(&s->stop, 1);
  }
  free(r);
}

int main(void)
{
  for (size_t threads = 1; threads <= 8; threads *= 2) {
    state s = {.stop_at = 0};
    atomic_init(&s.stop, 0);
    np_runner_jobs jobs = {.count = 500,
                           .nworkers = threads,
                           .window = 16,
                           .run = run,
                           .commit = commit,
                           .payload = &s,
                           .stop = &s.stop};
    size_t committed = 0;
    INT_EQ(np_runner_run(&jobs, &committed), NP_OK);
    INT_EQ(committed, 500);
    INT_EQ(s.next_expected, 500);
    INT_EQ(s.out_of_order, 0);
  }
  /* stopped after 100: what was handed out is committed, nothing after */
  state s = {.stop_at = 100};
  atomic_init(&s.stop, 0);
  np_runner_jobs jobs = {.count = 500,
                         .nworkers = 4,
                         .window = 8,
                         .run = run,
                         .commit = commit,
                         .payload = &s,
                         .stop = &s.stop};
  size_t committed = 0;
  INT_EQ(np_runner_run(&jobs, &committed), NP_OK);
  OK(committed >= 100 && committed <= 100 + 8 + 4, "stops soon after");
  INT_EQ(s.next_expected, committed);
  INT_EQ(s.out_of_order, 0);
  /* no jobs at all */
  state e = {.stop_at = 0};
  atomic_init(&e.stop, 0);
  np_runner_jobs none = {
      .count = 0, .nworkers = 3, .run = run, .commit = commit, .payload = &e};
  INT_EQ(np_runner_run(&none, &committed), NP_OK);
  INT_EQ(committed, 0);
  /* an unknown number of jobs (SIZE_MAX), ended by exists; more jobs than
   * the window holds results, so slots are reused */
  for (size_t last = 0; last <= 300; last += 150) {
    state x = {.last = last};
    atomic_init(&x.stop, 0);
    atomic_init(&x.asked_past, 0);
    np_runner_jobs open = {.count = SIZE_MAX,
                           .nworkers = 4,
                           .window = 8,
                           .run = run,
                           .commit = commit,
                           .payload = &x,
                           .exists = exists};
    INT_EQ(np_runner_run(&open, &committed), NP_OK);
    INT_EQ(committed, last);
    INT_EQ(x.next_expected, last);
    INT_EQ(x.out_of_order, 0);
    /* each worker asks past the end at most once, then stops */
    OK(atomic_load(&x.asked_past) <= 4, "asks past the end at most once each");
  }
  return np_test_summary();
}
