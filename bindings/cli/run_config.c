/* newspipe run's settings: the command line, then the pipeline file, read
 * in a Lua state of its own before any post is; everything wrong with
 * them is reported here, with the pipeline's file:line, and exits 2. */
#include "run.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>

#include "cli.h"
#include "lnp.h"
#include "lua_host.h"

static const char usage[] =
    "Usage: newspipe run PIPELINE [PATH]... [OPTION]...\n"
    "Run a pipeline file (return np.pipeline { sources = ..., stages = ...,\n"
    "exports = ..., options = ... }) over its sources, or over the PATHs\n"
    "given instead, on all cores; outputs are in input order whatever -j.\n"
    "\n"
    "  -j, --jobs N       worker threads (default: the number of cores)\n"
    "  -o, --output DIR   the output folder (default: options.output, else\n"
    "                     'out' beside the pipeline file)\n"
    "      --timeout S    seconds of Lua per post before it fails (default "
    "10)\n"
    "      --memory MB    memory a post may take, in Lua and in its document,\n"
    "                     before it fails (default 1024)\n"
    "  -n, --dry-run      run everything, write nothing\n"
    "  -d, --diff         print what the posts export changes in each post, "
    "as\n"
    "                     a unified diff on stdout (with -n: a preview)\n"
    "  -i, --incremental  skip posts unchanged since the last run of this\n"
    "                     pipeline into the same output folder\n"
    "      --sandbox      run a pipeline from someone else: no programs\n"
    "                     (os.execute, io.popen, np.command), no binary\n"
    "                     chunks or C modules, no file written outside the\n"
    "                     output folder, no in-place export\n"
    "      --shard K/N    run the K-th of N slices of the posts (1 <= K <=\n"
    "                     N), the same slice on every machine: a post is\n"
    "                     in it when its path under its source hashes to K\n"
    "      --stream       read posts from standard input, one JSON object a\n"
    "                     line ({\"path\": ..., \"source\": the file}), and\n"
    "                     write a JSON line a post to standard output: its\n"
    "                     record, with \"source\" the post as written back\n"
    "  -q, --quiet        no progress, no warnings; errors and summary only\n"
    "  -v, --verbose      one line per post: written, unchanged or dropped\n"
    "  -h, --help         show this help\n"
    "\n"
    "Sources (in the pipeline or as PATHs): a folder (read recursively:\n"
    ".md .markdown .html .htm .txt), a file, a glob ('posts/2022-*.md'),\n"
    "@FILE (a file listing paths, one a line) or - (paths on standard input).\n"
    "Paths in the pipeline are relative to its folder; on the command line,\n"
    "to the current one.\n"
    "\n"
    "Exit status: 0 all posts done, 1 some failed, 2 the pipeline or the\n"
    "command line is wrong (nothing is read).\n";

/* ---- small helpers ---- */

static char *join_path(const char *dir, const char *path)
{
  if (path[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0) {
    return strdup(path);
  }
  size_t a = strlen(dir), b = strlen(path);
  char *s = malloc(a + b + 2);
  if (s) {
    memcpy(s, dir, a);
    s[a] = '/';
    memcpy(s + a + 1, path, b + 1);
  }
  return s;
}

static char *dir_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  if (!slash) {
    return strdup(".");
  }
  size_t n = slash == path ? 1 : (size_t)(slash - path);
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, path, n);
    d[n] = '\0';
  }
  return d;
}

static bool parse_count(const char *s, size_t *out)
{
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || v == 0 || v > 100000 || s[0] == '-') {
    return false;
  }
  *out = (size_t)v;
  return true;
}

/* "K/N", 1 <= K <= N. */
static bool parse_shard(const char *s, run_inputs *in)
{
  char *slash = strchr(s, '/');
  if (!slash || slash == s) {
    return false;
  }
  char k[24];
  size_t n = (size_t)(slash - s);
  if (n >= sizeof k) {
    return false;
  }
  memcpy(k, s, n);
  k[n] = '\0';
  size_t shard, shards;
  if (!parse_count(k, &shard) || !parse_count(slash + 1, &shards) ||
      shard > shards) {
    return false;
  }
  in->shard = shard;
  in->shards = shards;
  return true;
}

static bool parse_seconds(const char *s, double *out)
{
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !(v > 0 && v < 1e6)) {
    return false;
  }
  *out = v;
  return true;
}

/* Whether an export's path would leave the output folder: absolute, or
 * with a ".." component. */
static bool escapes(const char *path)
{
  if (path[0] == '/') {
    return true;
  }
  for (const char *p = path; *p;) {
    size_t n = strcspn(p, "/");
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      return true;
    }
    p += n + (p[n] == '/');
  }
  return false;
}

/* ---- inputs ---- */

typedef struct inputs {
  run_config *cfg;
  size_t relcap;
  bool is_bad;
  const char *where; /* "examples/pipeline.lua:3: " or "" for the CLI */
} inputs;

/* A folder (or what may be one) the walk cannot read: the run goes on
 * without it, and fails at the end (its posts are missing). A folder met
 * again loses nothing. A source that cannot be read at all stops the run
 * before it starts (add_one, stream_folder). */
static void on_walk_error(void *payload, const char *path,
                          np_walk_problem problem, const char *message)
{
  inputs *in = payload;
  if (problem == NP_WALK_SKIPPED) {
    fprintf(stderr, "%s: warning: %s\n", path, message);
    return;
  }
  fprintf(stderr, "%s: error: %s%s; the posts under it are not in this run\n",
          path, in->where, message);
  in->cfg->inputs.unreadable++;
}

/* Records relpaths for inputs [from, len): relative to `root` for a
 * folder's; for a file named directly, its path when it is relative and
 * stays inside the current folder, else its file name. */
static bool add_relpaths(inputs *in, size_t from, const char *root)
{
  run_inputs *all = &in->cfg->inputs;
  if (all->list.len > in->relcap) {
    size_t cap = all->list.cap;
    const char **r = realloc(all->relpaths, cap * sizeof *r);
    if (!r) {
      return false;
    }
    all->relpaths = r;
    in->relcap = cap;
  }
  for (size_t i = from; i < all->list.len; i++) {
    const char *p = all->list.paths[i];
    const char *rel;
    if (root) {
      rel = p + strlen(root);
      while (*rel == '/') {
        rel++;
      }
    } else if (p[0] != '/' && strncmp(p, "../", 3) != 0 && !strstr(p, "/../")) {
      rel = p; /* relative and inside: kept as given */
      while (strncmp(rel, "./", 2) == 0) {
        rel += 2;
      }
    } else {
      rel = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
    }
    all->relpaths[i] = rel; /* a tail of the path: no copy */
  }
  return true;
}

static void add_one(inputs *in, const char *path);

/* A file listing paths, one a line (relative to the current folder). */
static void add_list(inputs *in, FILE *f, const char *name)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) >= 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
      line[--n] = '\0';
    }
    if (n > 0) {
      add_one(in, line);
    }
  }
  if (ferror(f)) {
    np_cli_fail("%scannot read %s: %s", in->where, name, strerror(errno));
    in->is_bad = true;
  }
  free(line);
}

static void add_one(inputs *in, const char *path)
{
  run_config *cfg = in->cfg;
  size_t from = cfg->inputs.list.len;
  struct stat st;
  if (stat(path, &st) != 0) {
    np_cli_fail("%ssource '%s' does not exist", in->where, path);
    in->is_bad = true;
    return;
  }
  if (np_walk(&cfg->inputs.list, path, on_walk_error, in) < 0) {
    in->is_bad = true;
    return;
  }
  if (!add_relpaths(in, from, S_ISDIR(st.st_mode) ? path : NULL)) {
    np_cli_fail("out of memory");
    in->is_bad = true;
  }
}

/* One source as written: "-", "@list", a glob, a folder or a file. */
static void add_source(inputs *in, const char *base, const char *source)
{
  if (strcmp(source, "-") == 0) {
    add_list(in, stdin, "standard input");
    return;
  }
  char *path = join_path(base, source[0] == '@' ? source + 1 : source);
  if (!path) {
    in->is_bad = true;
    return;
  }
  if (source[0] == '@') {
    FILE *f = fopen(path, "r");
    if (!f) {
      np_cli_fail("%scannot read the list %s: %s", in->where, path,
                  strerror(errno));
      in->is_bad = true;
    } else {
      add_list(in, f, path);
      fclose(f);
    }
  } else if (strpbrk(source, "*?[")) {
    glob_t g;
    int rc = glob(path, GLOB_ERR, NULL, &g);
    if (rc == GLOB_NOMATCH) {
      np_cli_fail("%sno file matches '%s'", in->where, path);
      in->is_bad = true;
    } else if (rc != 0) {
      np_cli_fail("%scannot expand '%s'", in->where, path);
      in->is_bad = true;
    } else {
      for (size_t i = 0; i < g.gl_pathc; i++) {
        add_one(in, g.gl_pathv[i]);
      }
    }
    if (rc == 0) {
      globfree(&g);
    }
  } else {
    add_one(in, path);
  }
  free(path);
}

/* The only source, when it is a folder, is walked as the run goes
 * (run_inputs.c) rather than listed: true when it was taken so. */
static bool stream_folder(inputs *in, const char *base, const char *source)
{
  if (strcmp(source, "-") == 0 || source[0] == '@' || strpbrk(source, "*?[")) {
    return false;
  }
  char *path = join_path(base, source);
  struct stat st;
  bool folder = path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
  if (folder) {
    np_status rc = run_inputs_stream(&in->cfg->inputs, path, on_walk_error, in);
    if (rc == NP_ENOMEM) {
      np_cli_fail("out of memory");
    }
    in->is_bad = in->is_bad || rc < 0;
  }
  free(path);
  return folder;
}

/* qsort helpers over input numbers: by path, or by relpath (then number,
 * so the first occurrence wins and the order is stable). */
static const char *const *sort_keys;

static int by_key(const void *a, const void *b)
{
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  int c = strcmp(sort_keys[x], sort_keys[y]);
  return c ? c : (x > y) - (x < y);
}

/* The same file twice (two sources overlap) runs once, where it first
 * came; two files that would be written to the same place are an error.
 * Runs before any thread starts (sort_keys is the file's only state). */
static bool dedupe(run_config *cfg)
{
  run_inputs *all = &cfg->inputs;
  size_t n = all->list.len;
  size_t *order = malloc((n ? n : 1) * sizeof *order);
  bool *drop = calloc(n ? n : 1, sizeof *drop);
  if (!order || !drop) {
    free(order);
    free(drop);
    np_cli_fail("out of memory");
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    order[i] = i;
  }
  sort_keys = (const char *const *)all->list.paths;
  qsort(order, n, sizeof *order, by_key);
  for (size_t i = 1; i < n; i++) {
    if (strcmp(sort_keys[order[i]], sort_keys[order[i - 1]]) == 0) {
      drop[order[i]] = true;
    }
  }
  bool ok = true;
  sort_keys = all->relpaths;
  qsort(order, n, sizeof *order, by_key);
  size_t prev = SIZE_MAX;
  for (size_t i = 0; i < n && ok; i++) {
    if (drop[order[i]]) {
      continue;
    }
    if (prev != SIZE_MAX &&
        strcmp(all->relpaths[order[i]], all->relpaths[prev]) == 0) {
      np_cli_fail("%s and %s would both be written as %s: run them "
                  "separately, or give their common parent folder",
                  all->list.paths[prev], all->list.paths[order[i]],
                  all->relpaths[prev]);
      ok = false;
    }
    prev = order[i];
  }
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (drop[i]) {
      free(all->list.paths[i]);
      continue;
    }
    all->list.paths[kept] = all->list.paths[i];
    all->relpaths[kept] = all->relpaths[i];
    kept++;
  }
  all->list.len = kept;
  all->count = kept;
  free(order);
  free(drop);
  return ok;
}

/* ---- the pipeline file ---- */

/* A records or feed export's header (CSV's column names, the feed's head),
 * a feed's limit and a JSONL's fields. */
static void read_export_extras(lua_State *L, int spec, np_export *e)
{
  if (lua_getfield(L, spec, "header") == LUA_TSTRING) {
    e->header = strdup(lua_tostring(L, -1));
  }
  lua_pop(L, 1);
  if (lua_getfield(L, spec, "fts") != LUA_TNIL) {
    e->fts = lua_toboolean(L, -1);
  }
  lua_pop(L, 1);
  e->is_json =
      lua_getfield(L, spec, "json") == LUA_TBOOLEAN && lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (lua_getfield(L, spec, "limit") == LUA_TNUMBER) {
    lua_Integer limit = lua_tointeger(L, -1);
    e->limit = limit > 0 ? (size_t)limit : 0;
  }
  lua_pop(L, 1);
  if (lua_getfield(L, spec, "fields") == LUA_TTABLE) {
    size_t n = (size_t)lua_rawlen(L, -1);
    e->fields = calloc(n ? n : 1, sizeof *e->fields);
    for (size_t i = 0; e->fields && i < n; i++) {
      lua_rawgeti(L, -1, (lua_Integer)i + 1);
      const char *name = lua_tostring(L, -1);
      e->fields[e->nfields++] = strdup(name ? name : "");
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

/* --stream writes one JSON line a post: the record of the first JSON
 * Lines export (or newspipe's record, when there is none), with the post
 * as the first posts export writes it. The other exports are told of and
 * left out: their files need the whole run. */
static bool choose_stream_exports(run_config *cfg, const char *where)
{
  cfg->stream_record = cfg->stream_source = SIZE_MAX;
  for (size_t k = 0; k < cfg->nexports; k++) {
    np_export *e = &cfg->exports[k];
    if (e->kind == NP_EXPORT_RECORDS && e->is_json &&
        cfg->stream_record == SIZE_MAX) {
      cfg->stream_record = k;
    } else if (e->kind == NP_EXPORT_POSTS && cfg->stream_source == SIZE_MAX) {
      cfg->stream_source = k;
    } else if (!cfg->quiet) {
      fprintf(stderr,
              "%swarning: export %zu is not written with --stream (only "
              "the first export.jsonl and export.posts are, as JSON lines "
              "on standard output)\n",
              where, k + 1);
    }
  }
  if (cfg->stream_record == SIZE_MAX) {
    np_export *more =
        realloc(cfg->exports, (cfg->nexports + 1) * sizeof *cfg->exports);
    if (!more) {
      np_cli_fail("out of memory");
      return false;
    }
    cfg->exports = more;
    np_export *e = &cfg->exports[cfg->nexports];
    memset(e, 0, sizeof *e);
    e->kind = NP_EXPORT_RECORDS;
    e->is_json = true;
    e->path = strdup("-");
    cfg->stream_record = cfg->nexports++;
  }
  return true;
}

/* Reads the pipeline table at the top of L's stack into cfg. `where` is
 * "file:line: " of the np.pipeline call. */
static bool read_pipeline(lua_State *L, run_config *cfg, const char *where,
                          char **cli_paths, size_t ncli)
{
  int t = lua_gettop(L);
  bool ok = true;
  if (lua_getfield(L, t, "options") == LUA_TTABLE) {
    if (lua_getfield(L, -1, "jobs") == LUA_TNUMBER && cfg->jobs == 0) {
      cfg->jobs = (size_t)lua_tonumber(L, -1);
    }
    if (lua_getfield(L, -2, "timeout") == LUA_TNUMBER && cfg->timeout == 0) {
      cfg->timeout = lua_tonumber(L, -1);
    }
    if (lua_getfield(L, -3, "memory") == LUA_TNUMBER && cfg->memory == 0) {
      cfg->memory = (size_t)(lua_tonumber(L, -1) * 1024 * 1024);
    }
    if (lua_getfield(L, -4, "output") == LUA_TSTRING && !cfg->output) {
      cfg->output = join_path(cfg->pipeline_dir, lua_tostring(L, -1));
    }
    lua_pop(L, 4);
  }
  lua_pop(L, 1);
  if (!cfg->output) {
    cfg->output = join_path(cfg->pipeline_dir, "out");
  }

  lua_getfield(L, t, "exports");
  size_t n = lua_istable(L, -1) ? (size_t)lua_rawlen(L, -1) : 0;
  cfg->exports = calloc(n ? n : 1, sizeof *cfg->exports);
  for (size_t i = 0; cfg->exports && i < n; i++) {
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    lua_getfield(L, -1, "kind");
    const char *kind = lua_tostring(L, -1);
    bool is_jsonl = strcmp(kind, "jsonl") == 0;
    bool is_feed = strcmp(kind, "feed") == 0;
    bool is_sqlite = strcmp(kind, "sqlite") == 0;
    bool by_lua = strcmp(kind, "records") == 0;
    lua_getfield(L, -2,
                 is_jsonl || by_lua || is_feed || is_sqlite ? "path" : "dir");
    lua_getfield(L, -3, "in_place");
    np_export *e = &cfg->exports[cfg->nexports++];
    e->kind = is_jsonl || by_lua           ? NP_EXPORT_RECORDS
              : is_feed                    ? NP_EXPORT_FEED
              : is_sqlite                  ? NP_EXPORT_SQLITE
              : strcmp(kind, "files") == 0 ? NP_EXPORT_FILES
                                           : NP_EXPORT_POSTS;
    e->by_lua = by_lua;
    read_export_extras(L, lua_absindex(L, -4), e);
    e->is_json = is_jsonl || e->is_json;
    if ((e->kind == NP_EXPORT_FILES || e->kind == NP_EXPORT_FEED) &&
        cfg->incremental) {
      np_cli_fail("%sexport %zu: --incremental does not work with a "
                  "file-per-post export (markdown, html, text) or a feed "
                  "yet: run without it",
                  where, i + 1);
      ok = false;
    }
    e->in_place = lua_toboolean(L, -1);
    const char *path = lua_tostring(L, -2);
    if (cfg->sandbox && (e->in_place || (path && escapes(path)))) {
      np_cli_fail("%sexport %zu: %s: not allowed under --sandbox (exports "
                  "write inside the output folder)",
                  where, i + 1,
                  e->in_place ? "in_place = true writes over the sources"
                              : path);
      ok = false;
    }
    e->path = path ? join_path(cfg->output, path) : strdup(".");
    lua_pop(L, 4);
  }
  lua_pop(L, 1);

  inputs in = {cfg, 0, false, where};
  if (cfg->stream) {
    ok = ok && choose_stream_exports(cfg, where);
    if (run_inputs_read_stdin(&cfg->inputs) < 0) {
      np_cli_fail("out of memory");
      ok = false;
    }
    return ok && cfg->exports;
  }
  if (ncli > 0) {
    in.where = "";
    for (size_t i = 0; i < ncli; i++) {
      if (ncli > 1 || !stream_folder(&in, NULL, cli_paths[i])) {
        add_source(&in, NULL, cli_paths[i]);
      }
    }
  } else {
    lua_getfield(L, t, "sources");
    size_t ns = lua_istable(L, -1) ? (size_t)lua_rawlen(L, -1) : 0;
    if (ns == 0) {
      np_cli_fail("%spipeline: no sources (give them in the pipeline's "
                  "sources, or as PATHs after it)",
                  where);
      in.is_bad = true;
    }
    for (size_t i = 0; i < ns; i++) {
      lua_rawgeti(L, -1, (lua_Integer)i + 1);
      const char *source = lua_tostring(L, -1);
      if (ns > 1 || !stream_folder(&in, cfg->pipeline_dir, source)) {
        add_source(&in, cfg->pipeline_dir, source);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  ok = ok && !in.is_bad && cfg->exports && (cfg->inputs.stream || dedupe(cfg));
  if (ok && !cfg->inputs.stream) {
    run_inputs_keep_shard(&cfg->inputs);
  }
  return ok;
}

/* Runs the pipeline file in a scratch state to check it and read it. */
static bool load_pipeline(run_config *cfg, char **cli_paths, size_t ncli)
{
  const char *problem = NULL;
  lua_State *L = np_lua_host_new(NULL, NULL, &problem);
  if (!L) {
    np_cli_fail("%s", problem);
    return false;
  }
  bool ok = false;
  if (cfg->sandbox) {
    lnp_sandbox(L); /* no output folder yet: no writes while it loads */
  }
  if (luaL_loadfilex(L, cfg->pipeline, cfg->sandbox ? "t" : NULL) != LUA_OK ||
      lua_pcall(L, 0, 1, 0) != LUA_OK) {
    np_cli_fail("%s", lua_tostring(L, -1));
  } else if (!lnp_is_pipeline(L, -1)) {
    np_cli_fail("%s: the pipeline file must return np.pipeline { ... } (it "
                "returned a %s)",
                cfg->pipeline, luaL_typename(L, -1));
  } else {
    lnp_pipeline_where(L, -1);
    char *where = strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    ok = where && read_pipeline(L, cfg, where, cli_paths, ncli);
    free(where);
    lua_settop(L, 0);
    cfg->pipeline_hash = run_pipeline_hash(L, cfg->pipeline);
  }
  lua_close(L);
  return ok;
}

/* ---- the command line ---- */

int run_config_load(run_config *cfg, int argc, char **argv)
{
  memset(cfg, 0, sizeof *cfg);
  run_inputs_init(&cfg->inputs);
  char **paths = calloc((size_t)argc, sizeof *paths);
  size_t npaths = 0;
  const char *output = NULL;
  if (!paths) {
    np_cli_fail("out of memory");
    return NP_EXIT_USAGE;
  }
  int status = 0;
  for (int i = 1; i < argc && status == 0; i++) {
    const char *a = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    bool takes = false;
    /* attached values: -j4, -oDIR, --jobs=4 */
    char flag[32];
    bool attached = false;
    const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
    if (eq && (size_t)(eq - a) < sizeof flag) {
      snprintf(flag, sizeof flag, "%.*s", (int)(eq - a), a);
      a = flag;
      value = eq + 1;
      attached = true;
    } else if ((a[0] == '-' && (a[1] == 'j' || a[1] == 'o')) && a[2]) {
      snprintf(flag, sizeof flag, "-%c", a[1]);
      value = argv[i] + 2;
      a = flag;
      attached = true;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      status = -1;
    } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
      takes = true;
      if (!value || !parse_count(value, &cfg->jobs)) {
        np_cli_fail("run: %s needs a number of threads (1 or more)", a);
        status = NP_EXIT_USAGE;
      }
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
      takes = true;
      output = value;
      if (!value) {
        np_cli_fail("run: %s needs a folder", a);
        status = NP_EXIT_USAGE;
      }
    } else if (strcmp(a, "--timeout") == 0) {
      takes = true;
      if (!value || !parse_seconds(value, &cfg->timeout)) {
        np_cli_fail("run: --timeout needs a number of seconds");
        status = NP_EXIT_USAGE;
      }
    } else if (strcmp(a, "--memory") == 0) {
      takes = true;
      size_t mb = 0;
      if (!value || !parse_count(value, &mb)) {
        np_cli_fail("run: --memory needs a number of megabytes");
        status = NP_EXIT_USAGE;
      }
      cfg->memory = mb * 1024 * 1024;
    } else if (strcmp(a, "-n") == 0 || strcmp(a, "--dry-run") == 0) {
      cfg->dry_run = true;
    } else if (strcmp(a, "--sandbox") == 0) {
      cfg->sandbox = true;
    } else if (strcmp(a, "--stream") == 0) {
      cfg->stream = true;
    } else if (strcmp(a, "--shard") == 0) {
      takes = true;
      if (!value || !parse_shard(value, &cfg->inputs)) {
        np_cli_fail("run: --shard needs K/N, the K-th of N slices, with 1 "
                    "<= K <= N (e.g. --shard 1/4)");
        status = NP_EXIT_USAGE;
      }
    } else if (strcmp(a, "-i") == 0 || strcmp(a, "--incremental") == 0) {
      cfg->incremental = true;
    } else if (strcmp(a, "-d") == 0 || strcmp(a, "--diff") == 0) {
      cfg->diff = true;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      cfg->quiet = true;
    } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
      cfg->verbose = true;
    } else if (a[0] == '-' && a[1] != '\0') {
      np_cli_fail("run: unknown option '%s' (try 'newspipe run --help')", a);
      status = NP_EXIT_USAGE;
    } else if (!cfg->pipeline) {
      cfg->pipeline = a;
    } else {
      paths[npaths++] = argv[i];
    }
    if (status == 0 && attached && !takes) {
      np_cli_fail("run: %s takes no value", a);
      status = NP_EXIT_USAGE;
    }
    i += takes && !attached;
  }
  if (status == 0 && !cfg->pipeline) {
    fputs(usage, stderr);
    status = NP_EXIT_USAGE;
  }
  if (status == 0 && cfg->stream) {
    const char *clash = npaths > 0           ? "PATHs (posts come on stdin)"
                        : cfg->inputs.shards ? "--shard (split the input "
                                               "instead)"
                        : cfg->incremental   ? "--incremental"
                        : cfg->diff          ? "--diff"
                                             : NULL;
    if (clash) {
      np_cli_fail("run: --stream does not take %s", clash);
      status = NP_EXIT_USAGE;
    }
  }
  if (status == 0) {
    cfg->pipeline_dir = dir_of(cfg->pipeline);
    cfg->output = output ? strdup(output) : NULL;
    if (!load_pipeline(cfg, paths, npaths)) {
      status = NP_EXIT_USAGE;
    }
  }
  free(paths);
  if (status == 0) {
    if (cfg->jobs == 0) {
      long n = sysconf(_SC_NPROCESSORS_ONLN);
      cfg->jobs = n > 0 ? (size_t)n : 1;
    }
    if (cfg->timeout == 0) {
      cfg->timeout = 10;
    }
    if (cfg->memory == 0) {
      cfg->memory = (size_t)1024 * 1024 * 1024;
    }
    if (cfg->incremental && !cfg->dry_run &&
        !run_cache_load(&cfg->cache, cfg, cfg->pipeline_hash) && cfg->verbose) {
      fprintf(stderr, "newspipe: no usable cache in %s: running every post\n",
              cfg->output);
    }
  }
  return status;
}

void run_config_fini(run_config *cfg)
{
  run_cache_fini(&cfg->cache);
  run_inputs_fini(&cfg->inputs);
  for (size_t i = 0; i < cfg->nexports; i++) {
    np_export *e = &cfg->exports[i];
    free(e->path);
    free(e->header);
    for (size_t f = 0; f < e->nfields; f++) {
      free(e->fields[f]);
    }
    free(e->fields);
  }
  free(cfg->exports);
  free(cfg->pipeline_dir);
  free(cfg->output);
}
