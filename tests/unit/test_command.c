/* np_command_run: pipes both ways without deadlock, exit statuses, stderr,
 * a command that is missing, one that ignores its input (no SIGPIPE), one
 * that hangs (killed at the deadline, with what it started), one that
 * writes without end (stopped at the cap). */
#include <stdlib.h>
#include <time.h>

#include "command.h"
#include "harness.h"

typedef struct run {
  np_command_result result;
  np_buf out, err;
  np_error error;
  np_status rc;
  double seconds;
} run;

static void run_cmd(run *r, const char *const *argv, const char *input,
                    size_t len, double timeout)
{
  np_buf_init(&r->out);
  np_buf_init(&r->err);
  np_error_clear(&r->error);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  r->rc =
      np_command_run(&r->result, (char *const *)argv, np_slice_from(input, len),
                     timeout, &r->out, &r->err, &r->error);
  clock_gettime(CLOCK_MONOTONIC, &b);
  r->seconds = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

static void done(run *r)
{
  np_buf_fini(&r->out);
  np_buf_fini(&r->err);
}

static void test_round_trip(void)
{
  /* 4 MiB through cat: more than any pipe buffer, both ways at once */
  size_t len = (size_t)4 << 20;
  char *big = malloc(len);
  for (size_t i = 0; i < len; i++) {
    big[i] = (char)('a' + i % 26);
  }
  static const char *const cat[] = {"cat", NULL};
  run r;
  run_cmd(&r, cat, big, len, 30);
  INT_EQ(r.rc, NP_OK);
  INT_EQ(r.result.status, 0);
  OK(r.out.len == len && memcmp(r.out.data, big, len) == 0, "cat's output");
  done(&r);
  free(big);
}

static void test_status_and_stderr(void)
{
  static const char *const sh[] = {"/bin/sh", "-c",
                                   "read x; echo \"got $x\"; echo oops >&2; "
                                   "exit 3",
                                   NULL};
  run r;
  run_cmd(&r, sh, "hello\n", 6, 10);
  INT_EQ(r.rc, NP_OK);
  INT_EQ(r.result.status, 3);
  INT_EQ(r.result.timed_out, 0);
  MEM_EQ(r.out.data, r.out.len, "got hello\n");
  MEM_EQ(r.err.data, r.err.len, "oops\n");
  done(&r);
}

static void test_missing_command(void)
{
  static const char *const missing[] = {"newspipe-no-such-command", NULL};
  run r;
  run_cmd(&r, missing, "x", 1, 10);
  INT_EQ(r.rc, NP_EIO);
  STR_EQ(r.error.msg,
         "cannot run 'newspipe-no-such-command': No such file or directory");
  done(&r);
}

static void test_ignored_input(void)
{
  /* exits at once without reading: our write fails with EPIPE, and the
   * SIGPIPE it raises must not end this test program */
  size_t len = (size_t)1 << 20;
  char *big = calloc(1, len);
  static const char *const t[] = {"true", NULL};
  run r;
  run_cmd(&r, t, big, len, 10);
  INT_EQ(r.rc, NP_OK);
  INT_EQ(r.result.status, 0);
  done(&r);
  free(big);
}

static void test_timeout(void)
{
  /* the shell's background sleep holds stdout open: the whole group dies */
  static const char *const hang[] = {"/bin/sh", "-c", "sleep 30 & sleep 30",
                                     NULL};
  run r;
  run_cmd(&r, hang, "", 0, 0.3);
  INT_EQ(r.rc, NP_OK);
  INT_EQ(r.result.timed_out, 1);
  INT_EQ(r.result.signal, 9);
  OK(r.seconds < 10, "killed at the deadline");
  done(&r);
}

static void test_output_cap(void)
{
  static const char *const yes[] = {"yes", NULL};
  run r;
  run_cmd(&r, yes, "", 0, 60);
  INT_EQ(r.rc, NP_ELIMIT);
  STR_EQ(r.error.msg, "'yes' wrote more than 64 MiB; stopped it");
  done(&r);
}

int main(void)
{
  test_round_trip();
  test_status_and_stderr();
  test_missing_command();
  test_ignored_input();
  test_timeout();
  test_output_cap();
  return np_test_summary();
}
