/* np_runner_run: every job runs once, results arrive in order whatever the
 * thread count, a stop lets the jobs in flight finish. */
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "runner.h"

typedef struct state {
  size_t next_expected;
  size_t out_of_order;
  size_t stop_at;
  atomic_int stop;
} state;

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
    state s = {0, 0, 0, 0};
    atomic_init(&s.stop, 0);
    np_runner_jobs jobs = {500, threads, 16, run, commit, NULL, &s, &s.stop};
    size_t committed = 0;
    INT_EQ(np_runner_run(&jobs, &committed), NP_OK);
    INT_EQ(committed, 500);
    INT_EQ(s.next_expected, 500);
    INT_EQ(s.out_of_order, 0);
  }
  /* stopped after 100: what was handed out is committed, nothing after */
  state s = {0, 0, 100, 0};
  atomic_init(&s.stop, 0);
  np_runner_jobs jobs = {500, 4, 8, run, commit, NULL, &s, &s.stop};
  size_t committed = 0;
  INT_EQ(np_runner_run(&jobs, &committed), NP_OK);
  OK(committed >= 100 && committed <= 100 + 8 + 4, "stops soon after");
  INT_EQ(s.next_expected, committed);
  INT_EQ(s.out_of_order, 0);
  /* no jobs at all */
  state e = {0, 0, 0, 0};
  atomic_init(&e.stop, 0);
  np_runner_jobs none = {0, 3, 0, run, commit, NULL, &e, NULL};
  INT_EQ(np_runner_run(&none, &committed), NP_OK);
  INT_EQ(committed, 0);
  return np_test_summary();
}
