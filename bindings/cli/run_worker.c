/* A newspipe run's worker: one Lua state, its own run of the pipeline file
 * (stage setup happens once per worker), and the per-post work — read,
 * stages, exports rendered — under a time budget and a memory cap, so a
 * stage that loops or hoards fails its post, not the run. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lauxlib.h>

#include "diff.h"
#include "lnp.h"
#include "lua_host.h"

struct run_worker {
  const run_config *cfg;
  lua_State *L;
  int stages_ref;  /* registry: the pipeline's stages list */
  int exports_ref; /* registry: its exports list (files exports render) */
  /* the memory cap: what Lua has allocated, and the limit for a post */
  size_t used, limit;
  bool limit_on;
  /* the time budget of the current post */
  struct timespec deadline;
  bool timed_out;
  np_buf bytes; /* --incremental: the current post's file */
  /* the current post's arena: its tree and strings, which C allocates and
   * the Lua cap does not see; the hook checks it against the same cap */
  np_arena *arena;
  /* time waiting on external commands moves the deadline: the budget is
   * for the stages' own work */
  lnp_wait_hook wait_hook;
};

/* ---- limits ---- */

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
  run_worker *w = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    w->used -= old;
    return NULL;
  }
  if (w->limit_on && nsize > old && w->used - old + nsize > w->limit) {
    return NULL; /* Lua raises "not enough memory" in the stage */
  }
  void *p = realloc(ptr, nsize);
  if (p) {
    w->used = w->used - old + nsize;
  }
  return p;
}

static bool past(const struct timespec *t)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > t->tv_sec ||
         (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* Every 10,000 instructions: past the post's deadline, the stage fails
 * (and keeps failing, should it catch the error). */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
  (void)ar;
  run_worker *w = *(run_worker **)lua_getextraspace(L);
  if (w->arena && np_arena_used(w->arena) > w->cfg->memory) {
    luaL_error(L, "the post's document grew past %d MB (--memory)",
               (int)(w->cfg->memory >> 20));
  }
  if (w->timed_out || past(&w->deadline)) {
    w->timed_out = true;
    luaL_error(L, "stage ran longer than %f second%s (--timeout)",
               w->cfg->timeout, w->cfg->timeout == 1 ? "" : "s");
  }
}

static void extend_deadline(void *ud, double seconds)
{
  run_worker *w = ud;
  long ns =
      w->deadline.tv_nsec + (long)((seconds - (double)(long)seconds) * 1e9);
  w->deadline.tv_sec += (time_t)seconds + ns / 1000000000L;
  w->deadline.tv_nsec = ns % 1000000000L;
}

/* ---- setup ---- */

run_worker *run_worker_new(const run_config *cfg, char **problem)
{
  *problem = NULL;
  run_worker *w = calloc(1, sizeof *w);
  if (!w) {
    return NULL;
  }
  w->cfg = cfg;
  w->limit = cfg->memory;
  np_buf_init(&w->bytes);
  const char *why = NULL;
  w->L = np_lua_host_new(capped_alloc, w, &why);
  if (!w->L) {
    *problem = strdup(why);
    free(w);
    return NULL;
  }
  lua_State *L = w->L;
  *(run_worker **)lua_getextraspace(L) = w;
  w->wait_hook = (lnp_wait_hook){extend_deadline, w};
  lnp_set_wait_hook(L, &w->wait_hook);
  if (cfg->sandbox) {
    lnp_sandbox(L);
    if (lnp_sandbox_set_output(L, cfg->output) < 0) {
      *problem = strdup("--sandbox: the output folder cannot be resolved");
      run_worker_free(w);
      return NULL;
    }
  }
  if (luaL_loadfilex(L, cfg->pipeline, cfg->sandbox ? "t" : NULL) != LUA_OK ||
      np_lua_host_call(L, 0, 1) != LUA_OK) {
    *problem = strdup(lua_tostring(L, -1));
    run_worker_free(w);
    return NULL;
  }
  lua_getfield(L, -1, "stages");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
  }
  w->stages_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_getfield(L, -1, "exports");
  w->exports_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_settop(L, 0);
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, 10000);
  return w;
}

void run_worker_free(run_worker *w)
{
  if (w) {
    if (w->L) {
      lua_close(w->L);
    }
    np_buf_fini(&w->bytes);
    free(w);
  }
}

/* ---- one post ---- */

typedef struct job {
  run_worker *w;
  size_t index;
  run_result *r;
} job;

static void on_warning(void *payload, const np_error *warning)
{
  job *j = payload;
  const char *path = run_input_path(&j->w->cfg->inputs, j->index);
  if (warning->line > 0) {
    np_buf_printf(&j->r->warnings, "%s:%zu:%zu: %s\n", path, warning->line,
                  warning->column, warning->msg);
  } else {
    np_buf_printf(&j->r->warnings, "%s: %s\n", path, warning->msg);
  }
}

static char *copy_string(lua_State *L, int idx)
{
  const char *s = lua_tostring(L, idx);
  return strdup(s ? s : "(error object is not a string)");
}

/* A failure about the post itself, raised by newspipe inside a stage
 * ("stage.lua:4: post.md:7:1: body: nested too deep..."), is reported as
 * one: at the post's line and column, with the stage's line as a note and
 * no traceback (the stage's code is not what is wrong). */
static void place_post_error(run_result *r, const char *path)
{
  char *msg = r->message;
  size_t n = strlen(path);
  char *at = strstr(msg, path);
  char *newline = strchr(msg, '\n');
  if (!at || at - msg < 2 || memcmp(at - 2, ": ", 2) != 0 ||
      (newline && newline < at) || (at[n] != ':')) {
    return;
  }
  char *p = at + n;
  unsigned long line = 0, column = 0;
  int used = 0;
  if (sscanf(p, ":%lu:%lu:%n", &line, &column, &used) == 2 && used > 0) {
    p += used;
  } else {
    line = column = 0;
    p++;
  }
  if (*p != ' ') {
    return;
  }
  char *end = strstr(p, "\nstack traceback:");
  int what_len = end ? (int)(end - p - 1) : (int)strlen(p + 1);
  int where_len = (int)(at - 2 - msg);
  size_t size = strlen(msg) + 16;
  char *placed = malloc(size);
  if (!placed) {
    return;
  }
  snprintf(placed, size, "%.*s (in %.*s)", what_len, p + 1, where_len, msg);
  r->place.line = line;
  r->place.column = column;
  free(r->message);
  r->message = placed;
}

/* --incremental: reads the post's bytes into w->bytes and hashes them;
 * true (and r set to RUN_SKIPPED) when the last run made this post from
 * the same bytes and its files are still there. */
static bool skip_if_cached(run_worker *w, size_t index, run_result *r)
{
  const run_config *cfg = w->cfg;
  const char *path = run_input_path(&cfg->inputs, index);
  w->bytes.len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    return false; /* reading it again reports why */
  }
  char chunk[65536];
  size_t n;
  bool ok = true;
  while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    ok = np_buf_append(&w->bytes, chunk, n) == NP_OK;
  }
  ok = ok && !ferror(f);
  fclose(f);
  r->hash = run_hash(np_buf_slice(&w->bytes), 0);
  const run_cache_entry *e =
      ok ? run_cache_find(&cfg->cache, path, r->hash) : NULL;
  for (size_t k = 0; e && k < cfg->nexports; k++) {
    const np_export *x = &cfg->exports[k];
    if (x->kind == NP_EXPORT_POSTS && !x->in_place && e->outcome == RUN_DONE) {
      size_t len =
          strlen(x->path) + strlen(run_input_relpath(&cfg->inputs, index)) + 2;
      char *target = malloc(len);
      struct stat st;
      if (!target) {
        return false;
      }
      snprintf(target, len, "%s/%s", x->path,
               run_input_relpath(&cfg->inputs, index));
      if (stat(target, &st) != 0) {
        e = NULL; /* its file is gone: make it again */
      }
      free(target);
    }
  }
  if (!e) {
    return false;
  }
  r->outcome = RUN_SKIPPED;
  r->cached = e;
  return true;
}

static void record_count(void *payload, np_slice group, np_slice key,
                         lua_Integer n)
{
  run_result *r = payload;
  if (run_counts_record(&r->counts, group, key, (int64_t)n) < 0) {
    r->counts_failed = true;
  }
}

/* An export the pipeline renders (the post is at stack slot 2): a files
 * export's `file(post, relpath)` gives the file's name and bytes, a feed's
 * `entry(post, relpath)` its sort key and entry, a records export's
 * `record(post, relpath)` its record. Raises on anything else, failing the
 * post. */
static void render_by_lua(lua_State *L, const job *j, size_t k)
{
  run_worker *w = j->w;
  run_result *r = j->r;
  np_export_kind kind = w->cfg->exports[k].kind;
  /* files: name, bytes; feeds: key ("" when undated), entry; records */
  bool two = kind == NP_EXPORT_FILES || kind == NP_EXPORT_FEED;
  const char *fn = kind == NP_EXPORT_FILES  ? "file"
                   : kind == NP_EXPORT_FEED ? "entry"
                                            : "record";
  lua_rawgeti(L, LUA_REGISTRYINDEX, w->exports_ref);
  lua_rawgeti(L, -1, (lua_Integer)k + 1);
  lua_getfield(L, -1, fn);
  lua_pushvalue(L, 2);
  lua_pushstring(L, run_input_relpath(&w->cfg->inputs, j->index));
  lua_call(L, 2, 2);
  size_t nlen = 0, clen;
  const char *name = two ? lua_tolstring(L, -2, &nlen) : "";
  const char *content = lua_tolstring(L, two ? -1 : -2, &clen);
  if (!name || !content) {
    luaL_error(L, "export %d: its %s function must return %s", (int)k + 1, fn,
               two ? "two strings" : "the record's text");
  }
  if (np_buf_append(&r->names[k], name, nlen) < 0 ||
      np_buf_append(&r->outputs[k], content, clen) < 0) {
    luaL_error(L, "out of memory");
  }
  lua_pop(L, 4);
}

/* Runs under lua_pcall: reads the post (pushed, and kept at stack slot 2
 * so the caller can close it whatever happens), runs every stage, renders
 * every export. */
static int process(lua_State *L)
{
  job *j = lua_touserdata(L, 1);
  run_worker *w = j->w;
  run_result *r = j->r;
  const run_config *cfg = w->cfg;
  const char *path = run_input_path(&cfg->inputs, j->index);
  np_error err;
  np_error_clear(&err);
  np_status read;
  const np_error *not_a_post;
  const np_buf *given = run_input_bytes(&cfg->inputs, j->index, &not_a_post);
  if (not_a_post) {
    r->outcome = RUN_FAILED;
    r->place = *not_a_post;
    r->message = strdup(not_a_post->msg);
    return 0;
  }
  if (given) {
    np_buf bytes = *given; /* read, not taken: np_post_parse copies */
    read = lnp_parse_post(L, path, bytes, on_warning, j, &err);
  } else if (cfg->incremental) {
    if (skip_if_cached(w, j->index, r)) {
      return 0;
    }
    read = lnp_parse_post(L, path, w->bytes, on_warning, j, &err);
  } else {
    read = lnp_read_post(L, path, on_warning, j, &err);
  }
  if (read < 0) {
    r->outcome = RUN_FAILED;
    r->place = err;
    r->place.path = NULL;
    r->message = strdup(err.msg);
    return 0;
  }
  np_post *post = lnp_check_post(L, 2)->post;
  w->arena = np_post_arena(post);
  /* the body's parse is refused up front rather than let past --memory */
  np_post_set_memory_limit(post, cfg->memory);
  lua_pushvalue(L, 2); /* for run_worker_process to close, come what may */
  lua_rawsetp(L, LUA_REGISTRYINDEX, w);
  lua_rawgeti(L, LUA_REGISTRYINDEX, w->stages_ref);
  lua_Integer nstages = (lua_Integer)lua_rawlen(L, 3);
  for (lua_Integer i = 1; i <= nstages; i++) {
    lua_rawgeti(L, 3, i);
    lua_pushvalue(L, 2);
    lua_call(L, 1, 1);
    bool dropped_by_return = lua_isboolean(L, -1) && !lua_toboolean(L, -1);
    lua_pop(L, 1);
    const char *reason = lnp_post_drop_reason(L, 2);
    if (reason || dropped_by_return) {
      r->outcome = RUN_DROPPED;
      r->message =
          reason ? strdup(reason)
                 : strdup(lua_pushfstring(L, "stage %I returned false", i));
      return 0;
    }
  }
  np_buf *data = lnp_push_buf(L);
  lnp_post_data_json(L, 2, data);
  lnp_doc *doc = lnp_check_post(L, 2);
  r->outputs = calloc(cfg->nexports ? cfg->nexports : 1, sizeof *r->outputs);
  if (!r->outputs) {
    return luaL_error(L, "out of memory");
  }
  r->names = calloc(cfg->nexports ? cfg->nexports : 1, sizeof *r->names);
  if (!r->names) {
    return luaL_error(L, "out of memory");
  }
  for (size_t k = 0; k < cfg->nexports; k++) {
    np_buf_init(&r->outputs[k]);
    np_buf_init(&r->names[k]);
    if (cfg->stream && k != cfg->stream_record && k != cfg->stream_source) {
      continue; /* not written */
    }
    if (cfg->exports[k].kind == NP_EXPORT_FILES ||
        cfg->exports[k].kind == NP_EXPORT_FEED || cfg->exports[k].by_lua) {
      render_by_lua(L, j, k);
      continue;
    }
    if (np_export_render(&cfg->exports[k], doc->post, np_buf_slice(data),
                         &r->outputs[k], &err) < 0) {
      r->outcome = RUN_FAILED;
      r->place = err;
      r->place.path = NULL;
      r->message = strdup(err.msg);
      return 0;
    }
  }
  for (size_t k = 0; cfg->diff && k < cfg->nexports; k++) {
    if (cfg->exports[k].kind == NP_EXPORT_POSTS) {
      char *a = malloc(strlen(path) + 3), *b = malloc(strlen(path) + 3);
      np_status rc = a && b ? NP_OK : NP_ENOMEM;
      if (rc == NP_OK) {
        sprintf(a, "a/%s", path);
        sprintf(b, "b/%s", path);
        rc = np_diff_unified(&r->diff, a, b, np_post_source(doc->post),
                             np_buf_slice(&r->outputs[k]), 3);
      }
      free(a);
      free(b);
      if (rc < 0) {
        return luaL_error(L, "out of memory");
      }
      break; /* one diff: the first posts export's */
    }
  }
  for (size_t k = 0; k < cfg->nexports; k++) {
    if (cfg->exports[k].kind == NP_EXPORT_POSTS && cfg->exports[k].in_place) {
      /* what the file holds after this run is what the next one reads */
      r->hash = run_hash(np_buf_slice(&r->outputs[k]), 0);
    }
  }
  lnp_post_counts(L, 2, record_count, r);
  if (r->counts_failed) {
    return luaL_error(L, "out of memory");
  }
  r->outcome = RUN_DONE;
  return 0;
}

run_result *run_worker_process(run_worker *w, size_t index)
{
  run_result *r = calloc(1, sizeof *r);
  if (!r) {
    return NULL;
  }
  np_buf_init(&r->warnings);
  np_buf_init(&r->diff);
  np_buf_init(&r->counts);
  job j = {w, index, r};
  lua_State *L = w->L;
  clock_gettime(CLOCK_MONOTONIC, &w->deadline);
  double whole = (double)(long)w->cfg->timeout;
  w->deadline.tv_sec += (time_t)whole;
  w->deadline.tv_nsec += (long)((w->cfg->timeout - whole) * 1e9);
  if (w->deadline.tv_nsec >= 1000000000L) {
    w->deadline.tv_sec++;
    w->deadline.tv_nsec -= 1000000000L;
  }
  w->timed_out = false;
  /* the cap counts from what the worker holds between posts */
  w->limit = w->used + w->cfg->memory;
  w->limit_on = true;
  lua_settop(L, 0);
  lua_pushcfunction(L, process);
  lua_pushlightuserdata(L, &j);
  int rc = np_lua_host_call(L, 1, LUA_MULTRET);
  w->limit_on = false;
  if (rc != LUA_OK) {
    r->outcome = RUN_FAILED;
    free(r->message);
    r->message = copy_string(L, -1);
    memset(&r->place, 0, sizeof r->place);
    if (r->message) {
      place_post_error(r, run_input_path(&w->cfg->inputs, j.index));
    }
  }
  /* Free the post now, failed or not: Lua's collector does not see its C
   * memory, so waiting for it would let posts pile up. */
  w->arena = NULL;
  lua_settop(L, 0);
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, w) != LUA_TNIL) {
    lnp_close_post(L, -1);
  }
  lua_pushnil(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, w);
  lua_settop(L, 0);
  return r;
}

void run_result_free(run_result *r, size_t nexports)
{
  if (!r) {
    return;
  }
  if (r->outputs) {
    for (size_t k = 0; k < nexports; k++) {
      np_buf_fini(&r->outputs[k]);
    }
    free(r->outputs);
  }
  if (r->names) {
    for (size_t k = 0; k < nexports; k++) {
      np_buf_fini(&r->names[k]);
    }
    free(r->names);
  }
  np_buf_fini(&r->warnings);
  np_buf_fini(&r->diff);
  np_buf_fini(&r->counts);
  free(r->message);
  free(r);
}
