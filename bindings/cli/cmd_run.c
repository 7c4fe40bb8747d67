/* newspipe run: the pipeline over every input on all cores. Workers run the
 * stages and render the exports; this thread commits results in input
 * order (so -j never changes an output), reports, and draws progress. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base64.h"
#include "cli.h"
#include "json.h"
#include "run.h"
#include "runner.h"
#include "source.h"

/* Set by SIGINT/SIGTERM, read by the workers: an atomic, which a handler
 * may store to (a lock-free atomic_int is async-signal-safe). */
static atomic_int stop_requested;

static void on_signal(int sig)
{
  (void)sig;
  int saved = errno; /* the interrupted code may be reading errno */
  atomic_store(&stop_requested, 1);
  errno = saved;
}

typedef struct run_state {
  run_config *cfg;
  run_worker **workers;
  np_export report; /* report.jsonl */
  bool has_report;
  np_export cache; /* --incremental: the cache for the next run */
  bool has_cache;
  run_range *ranges; /* per export: where this post's records went */
  size_t done, written, unchanged, skipped, dropped, failed;
  run_counts counts; /* post:count, over the posts written */
  bool show_progress, progress_drawn;
  struct timespec start, last_draw;
} run_state;

static double seconds_since(const struct timespec *t)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

/* ---- progress ---- */

static void clear_progress(run_state *s)
{
  if (s->progress_drawn) {
    fputs("\r\033[K", stderr);
    s->progress_drawn = false;
  }
}

static void draw_progress(run_state *s, bool force)
{
  if (!s->show_progress || (!force && seconds_since(&s->last_draw) < 0.1)) {
    return;
  }
  clock_gettime(CLOCK_MONOTONIC, &s->last_draw);
  size_t total = s->cfg->inputs.count;
  double elapsed = seconds_since(&s->start);
  double rate = elapsed > 0 ? (double)s->done / elapsed : 0;
  if (total == SIZE_MAX) { /* a stream: how many is not known */
    fprintf(stderr, "\r\033[K%zu posts  %.0f/s  %zu failed", s->done, rate,
            s->failed);
    s->progress_drawn = true;
    return;
  }
  double eta = rate > 0 ? (double)(total - s->done) / rate : 0;
  fprintf(stderr, "\r\033[K%zu/%zu posts  %.0f/s  ETA %d:%02d  %zu failed",
          s->done, total, rate, (int)(eta / 60), (int)fmod(eta, 60), s->failed);
  s->progress_drawn = true;
}

static void tick(void *payload)
{
  draw_progress(payload, false);
}

/* ---- the report ---- */

static void report_line(run_state *s, const char *path, const char *severity,
                        const np_error *place, const char *message)
{
  if (!s->has_report) {
    return;
  }
  np_buf b;
  np_buf_init(&b);
  np_buf_append_str(&b, "{\"path\":");
  np_json_string(&b, np_slice_from(path, strlen(path)));
  if (place && place->line > 0) {
    np_buf_printf(&b, ",\"line\":%zu,\"column\":%zu", place->line,
                  place->column);
  }
  np_buf_printf(&b, ",\"severity\":\"%s\",\"message\":", severity);
  np_json_string(&b, np_slice_from(message, strlen(message)));
  np_buf_append_str(&b, "}\n");
  bool touched;
  np_error err;
  np_error_clear(&err);
  if (np_export_commit(&s->report, path, "", np_buf_slice(&b), false, &touched,
                       &err) < 0) {
    np_cli_fail("%s", err.msg);
  }
  np_buf_fini(&b);
}

/* Warning lines are "path:line:col: message"; the report gets them whole. */
static void report_warnings(run_state *s, const char *path, np_buf *w)
{
  const char *p = w->data, *end = p + w->len;
  while (p && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    char *line = strndup(p, (size_t)(nl - p));
    if (line) {
      if (!s->cfg->quiet) {
        clear_progress(s);
        const char *msg = strstr(line + strlen(path), ": ");
        fprintf(stderr, "%.*s: warning: %s\n", (int)(msg - line), line,
                msg + 2);
      }
      report_line(s, path, "warning", NULL, line);
      free(line);
    }
    p = nl + 1;
  }
}

/* ---- committing, in input order ---- */

static void *run_job(void *payload, size_t worker, size_t index)
{
  run_state *s = payload;
  return run_worker_process(s->workers[worker], index);
}

static bool job_exists(void *payload, size_t index)
{
  run_state *s = payload;
  return run_input_exists(&s->cfg->inputs, index);
}

static void fail_post(run_state *s, const char *path, const np_error *place,
                      const char *message)
{
  s->failed++;
  clear_progress(s);
  np_cli_report(stderr, path, place, "error");
  report_line(s, path, "error", place, message);
}

/* --incremental: notes what this run made of the post for the next. */
static void remember(run_state *s, const char *path, uint64_t hash,
                     run_outcome outcome)
{
  if (!s->has_cache) {
    return;
  }
  np_error err;
  np_error_clear(&err);
  size_t n = s->cfg->nexports;
  for (size_t k = 0; k < n; k++) {
    if (outcome != RUN_DONE || s->cfg->exports[k].kind != NP_EXPORT_RECORDS) {
      s->ranges[k] = (run_range){0, 0};
    }
  }
  if (run_cache_add(&s->cache, path, hash, outcome, s->ranges, n, &err) < 0) {
    np_cli_fail("%s", err.msg);
    s->has_cache = false;
  }
}

/* A post unchanged since the last run: its records are copied from the
 * last run's JSONL, its posts file is already there. */
static void commit_skipped(run_state *s, size_t index, run_result *r)
{
  run_config *cfg = s->cfg;
  const char *path = run_input_path(&cfg->inputs, index);
  const run_cache_entry *e = r->cached;
  np_error err;
  np_error_clear(&err);
  for (size_t k = 0; k < cfg->nexports; k++) {
    np_export *x = &cfg->exports[k];
    s->ranges[k] = (run_range){x->bytes, 0};
    if (x->kind != NP_EXPORT_RECORDS || e->outcome != RUN_DONE) {
      continue;
    }
    np_buf b;
    np_buf_init(&b);
    bool touched;
    np_status rc = run_cache_copy(&cfg->cache, k, e, &b);
    if (rc == NP_OK) {
      s->ranges[k].length = b.len;
      rc = np_export_commit(x, path, run_input_relpath(&cfg->inputs, index),
                            np_buf_slice(&b), false, &touched, &err);
    }
    np_buf_fini(&b);
    if (rc < 0) {
      fail_post(s, path, &err, err.status ? err.msg : "cannot read the cache");
      return;
    }
  }
  s->skipped++;
  remember(s, path, r->hash, e->outcome);
  if (cfg->verbose) {
    clear_progress(s);
    fprintf(stderr, "%s: skipped (unchanged since the last run)\n", path);
  }
}

/* --stream: the post's JSON line on stdout. A failed or dropped post gets
 * one too, so what reads the stream knows of every post. */
static void stream_line(run_state *s, const char *path, run_result *r)
{
  run_config *cfg = s->cfg;
  np_buf b;
  np_buf_init(&b);
  np_slice name = np_slice_from(path, strlen(path));
  np_status rc = NP_OK;
  if (r->outcome != RUN_DONE) {
    np_buf_append_str(&b, "{\"path\":");
    np_json_string(&b, name);
    np_buf_append_str(&b, r->outcome == RUN_DROPPED ? ",\"dropped\":"
                                                    : ",\"error\":");
    np_json_string(&b, np_slice_from(r->message, strlen(r->message)));
    if (r->outcome == RUN_FAILED && r->place.line > 0) {
      np_buf_printf(&b, ",\"line\":%zu,\"column\":%zu", r->place.line,
                    r->place.column);
    }
    rc = np_buf_append_str(&b, "}\n");
  } else {
    np_slice record = np_buf_slice(&r->outputs[cfg->stream_record]);
    if (cfg->stream_source == SIZE_MAX) {
      rc = np_buf_append_slice(&b, record);
    } else if (record.len < 2 || record.ptr[0] != '{' ||
               memcmp(record.ptr + record.len - 2, "}\n", 2) != 0) {
      np_error err;
      np_error_set(&err, NP_EUSER,
                   "--stream: export %zu's record is not a JSON object, so "
                   "the post cannot go with it",
                   cfg->stream_record + 1);
      fail_post(s, path, &err, err.msg);
      np_buf_fini(&b);
      return;
    } else {
      /* the record, with the post as written back: text when it is
       * UTF-8, else base64 (JSON strings are Unicode) */
      np_slice post = np_buf_slice(&r->outputs[cfg->stream_source]);
      bool text = np_utf8_find_invalid(post) == post.len;
      np_buf_append(&b, record.ptr, record.len - 2);
      np_buf_append_str(&b, record.len > 3 ? "," : "");
      np_buf_append_str(&b, text ? "\"source\":" : "\"source_base64\":\"");
      rc = text ? np_json_string(&b, post) : np_base64_encode(&b, post);
      np_buf_append_str(&b, text ? "" : "\"");
      rc = rc < 0 ? rc : np_buf_append_str(&b, "}\n");
    }
  }
  if (rc < 0 || fwrite(b.data, 1, b.len, stdout) != b.len) {
    np_error err;
    np_error_set(&err, NP_EIO, "cannot write standard output: %s",
                 rc < 0 ? np_status_name(rc) : strerror(errno));
    fail_post(s, path, &err, err.msg);
  } else if (r->outcome == RUN_DONE) {
    s->written++;
  }
  np_buf_fini(&b);
}

static void commit(void *payload, size_t index, void *result)
{
  run_state *s = payload;
  run_config *cfg = s->cfg;
  run_result *r = result;
  const char *path = run_input_path(&cfg->inputs, index);
  s->done++;
  np_error err;
  np_error_clear(&err);
  if (!r) {
    np_error_set(&err, NP_ENOMEM, "out of memory");
    fail_post(s, path, &err, err.msg);
    return;
  }
  report_warnings(s, path, &r->warnings);
  if (cfg->stream) {
    if (r->outcome == RUN_FAILED) {
      err = r->place;
      err.status = NP_EUSER;
      snprintf(err.msg, sizeof err.msg, "%s", r->message);
      fail_post(s, path, &err, r->message);
    } else if (r->outcome == RUN_DROPPED) {
      s->dropped++;
    }
    stream_line(s, path, r);
    run_result_free(r, cfg->nexports);
    draw_progress(s, false);
    return;
  }
  if (r->outcome == RUN_FAILED) {
    err = r->place;
    err.status = NP_EUSER;
    snprintf(err.msg, sizeof err.msg, "%s", r->message);
    if (strlen(r->message) >= sizeof err.msg) {
      /* a Lua error with its traceback: print it whole */
      s->failed++;
      clear_progress(s);
      fprintf(stderr, "%s: error: %s\n", path, r->message);
      report_line(s, path, "error", NULL, r->message);
    } else {
      fail_post(s, path, &err, r->message);
    }
  } else if (r->outcome == RUN_SKIPPED) {
    commit_skipped(s, index, r);
  } else if (r->outcome == RUN_DROPPED) {
    s->dropped++;
    remember(s, path, r->hash, RUN_DROPPED);
    if (cfg->verbose) {
      clear_progress(s);
      fprintf(stderr, "%s: dropped: %s\n", path, r->message);
    }
    report_line(s, path, "dropped", NULL, r->message);
  } else {
    bool any_posts = false, any_touched = false, ok = true;
    for (size_t k = 0; k < cfg->nexports && ok; k++) {
      bool touched = false;
      np_export *e = &cfg->exports[k];
      if (s->ranges) {
        s->ranges[k] = (run_range){e->bytes, r->outputs[k].len};
      }
      const char *relpath = run_input_relpath(&cfg->inputs, index);
      np_buf name;
      np_buf_init(&name);
      if (e->kind == NP_EXPORT_FILES) {
        if (np_export_file_name(e, np_buf_slice(&r->names[k]), &name, &err) <
            0) {
          np_buf_fini(&name);
          fail_post(s, path, &err, err.msg);
          ok = false;
          break;
        }
        relpath = name.data;
      }
      np_status rc =
          e->kind == NP_EXPORT_FEED
              ? (cfg->dry_run
                     ? NP_OK
                     : np_export_feed_add(e, np_buf_slice(&r->names[k]),
                                          np_buf_slice(&r->outputs[k]), &err))
              : np_export_commit(e, path, relpath, np_buf_slice(&r->outputs[k]),
                                 cfg->dry_run, &touched, &err);
      np_buf_fini(&name);
      if (rc < 0) {
        fail_post(s, path, &err, err.msg);
        ok = false;
      }
      if (e->kind == NP_EXPORT_POSTS || e->kind == NP_EXPORT_FILES) {
        any_posts = true;
        any_touched = any_touched || touched;
      }
    }
    if (ok && r->diff.len > 0) {
      clear_progress(s);
      fwrite(r->diff.data, 1, r->diff.len, stdout);
    }
    if (ok && run_counts_merge(&s->counts, np_buf_slice(&r->counts)) < 0) {
      np_error_set(&err, NP_ENOMEM, "out of memory");
      fail_post(s, path, &err, err.msg);
      ok = false;
    }
    if (ok) {
      remember(s, path, r->hash, RUN_DONE);
      bool same = any_posts && !any_touched;
      s->unchanged += same;
      s->written += !same;
      if (cfg->verbose) {
        clear_progress(s);
        fprintf(stderr, "%s: %s\n", path, same ? "unchanged" : "written");
      }
    }
  }
  run_result_free(r, cfg->nexports);
  draw_progress(s, false);
}

/* ---- the command ---- */

static bool open_outputs(run_state *s)
{
  run_config *cfg = s->cfg;
  np_error err;
  if (cfg->stream) {
    return true; /* everything goes to stdout */
  }
  for (size_t k = 0; k < cfg->nexports; k++) {
    np_error_clear(&err);
    if (np_export_open(&cfg->exports[k], cfg->dry_run, &err) < 0) {
      np_cli_fail("%s", err.msg);
      return false;
    }
  }
  if (!cfg->dry_run) {
    size_t len = strlen(cfg->output) + sizeof "/report.jsonl";
    s->report.kind = NP_EXPORT_RECORDS;
    s->report.path = malloc(len);
    if (!s->report.path) {
      return false;
    }
    snprintf(s->report.path, len, "%s/report.jsonl", cfg->output);
    np_error_clear(&err);
    if (np_export_open(&s->report, false, &err) < 0) {
      np_cli_fail("%s", err.msg);
      return false;
    }
    s->has_report = true;
  }
  if (cfg->incremental && !cfg->dry_run) {
    s->ranges = calloc(cfg->nexports ? cfg->nexports : 1, sizeof *s->ranges);
    np_error_clear(&err);
    if (!s->ranges ||
        run_cache_open(&s->cache, cfg, cfg->pipeline_hash, &err) < 0) {
      np_cli_fail("%s", s->ranges ? err.msg : "out of memory");
      return false;
    }
    s->has_cache = true;
  }
  return true;
}

static void close_outputs(run_state *s, bool *ok)
{
  np_error err;
  if (s->cfg->stream) {
    if (fflush(stdout) != 0 || ferror(stdout)) {
      np_cli_fail("cannot write standard output: %s", strerror(errno));
      *ok = false;
    }
    return;
  }
  for (size_t k = 0; k < s->cfg->nexports; k++) {
    np_error_clear(&err);
    if (np_export_close(&s->cfg->exports[k], true, &err) < 0) {
      np_cli_fail("%s", err.msg);
      *ok = false;
    }
  }
  if (s->has_report) {
    np_error_clear(&err);
    if (np_export_close(&s->report, true, &err) < 0) {
      np_cli_fail("%s", err.msg);
      *ok = false;
    }
  }
  free(s->report.path);
  if (s->has_cache) {
    np_error_clear(&err);
    if (run_cache_close(&s->cache, s->cfg, &err) < 0) {
      np_cli_fail("%s", err.msg);
      *ok = false;
    }
  }
  free(s->ranges);
}

int np_cmd_run(int argc, char **argv)
{
  run_config cfg;
  int status = run_config_load(&cfg, argc, argv);
  if (status != 0) {
    run_config_fini(&cfg);
    return status < 0 ? NP_EXIT_OK : status;
  }
  run_state s = {.cfg = &cfg};
  clock_gettime(CLOCK_MONOTONIC, &s.start);
  s.show_progress = !cfg.quiet && isatty(STDERR_FILENO);
  size_t nworkers = cfg.jobs < cfg.inputs.count ? cfg.jobs : cfg.inputs.count;
  nworkers = nworkers ? nworkers : 1;
  s.workers = calloc(nworkers, sizeof *s.workers);
  status = s.workers ? 0 : NP_EXIT_FAILED;
  for (size_t i = 0; status == 0 && i < nworkers; i++) {
    char *problem = NULL;
    s.workers[i] = run_worker_new(&cfg, &problem);
    if (!s.workers[i]) {
      np_cli_fail("%s", problem ? problem : "out of memory");
      free(problem);
      status = NP_EXIT_USAGE;
    }
  }
  /* workers run up to 64 posts each ahead of the commit, so one big post
   * (the corpus has 400 KB ones) leaves the others busy: at 4, -j2 was
   * 1.68x -j1, at 64 1.82x, for 1 MB more memory (bench/) */
  size_t window = nworkers * 64;
  if (status == 0 && !run_inputs_start(&cfg.inputs, window)) {
    np_cli_fail("out of memory");
    status = NP_EXIT_FAILED;
  }
  bool ok = status == 0 && open_outputs(&s);
  size_t committed = 0;
  if (ok) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART; /* a commit's write() goes on */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    np_runner_jobs jobs = {.count = cfg.inputs.count,
                           .nworkers = nworkers,
                           .window = window,
                           .run = run_job,
                           .commit = commit,
                           .tick = tick,
                           .payload = &s,
                           .stop = &stop_requested,
                           .exists = cfg.stream ? job_exists : NULL};
    if (np_runner_run(&jobs, &committed) < 0) {
      np_cli_fail("cannot start worker threads");
      ok = false;
    }
    close_outputs(&s, &ok);
    clear_progress(&s);
    char skipped[64] = "";
    if (cfg.incremental) {
      snprintf(skipped, sizeof skipped, ", %zu skipped", s.skipped);
    }
    char unreadable[64] = "";
    if (cfg.inputs.unreadable > 0) {
      ok = false; /* posts are missing from the run */
      snprintf(unreadable, sizeof unreadable, ", %zu path%s unreadable",
               cfg.inputs.unreadable, cfg.inputs.unreadable == 1 ? "" : "s");
    }
    fprintf(stderr,
            "%zu post%s in %.1f s: %zu written, %zu unchanged%s, %zu dropped, "
            "%zu failed%s%s%s\n",
            s.done, s.done == 1 ? "" : "s", seconds_since(&s.start), s.written,
            s.unchanged, skipped, s.dropped, s.failed, unreadable,
            atomic_load(&stop_requested)
                ? " (stopped early: the outputs hold the posts "
                  "before the stop)"
                : "",
            cfg.dry_run ? " (dry run: nothing written)" : "");
    if (run_counts_print(stderr, &s.counts, cfg.verbose, 10) < 0) {
      np_cli_fail("out of memory");
      ok = false;
    }
    run_counts_fini(&s.counts);
  } else if (status == 0) {
    status = NP_EXIT_USAGE;
  }
  for (size_t i = 0; s.workers && i < nworkers; i++) {
    run_worker_free(s.workers[i]);
  }
  free(s.workers);
  run_config_fini(&cfg);
  if (status != 0) {
    return status;
  }
  if (atomic_load(&stop_requested)) {
    return 130;
  }
  return !ok || s.failed > 0 ? NP_EXIT_FAILED : NP_EXIT_OK;
}
