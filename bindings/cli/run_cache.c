/* newspipe run --incremental: what the last run made of each post, kept in
 * the output folder, so a post whose bytes and pipeline are unchanged is
 * not run again — its JSONL records are copied from the last run's file.
 *
 * The cache is text, written like every output (temporary file, renamed):
 *   newspipe-cache 1 <pipeline hash>
 *   <post hash> <d|x> <offset>,<length> ... <path>     (tab-separated)
 *   end <size of each export's file>
 * d: done, x: dropped; one offset,length per export (JSONL records; "-"
 * for the posts export). It is used only when the pipeline hash matches
 * and every JSONL export's file still has the size the trailer says. */
#include "run.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

uint64_t run_hash(np_slice bytes, uint64_t h)
{
  /* FNV-1a, 64 bits: for noticing change, not for security */
  if (h == 0) {
    h = 14695981039346656037ULL;
  }
  const unsigned char *p = (const unsigned char *)bytes.ptr;
  for (size_t i = 0; i < bytes.len; i++) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static uint64_t hash_file(const char *path, uint64_t h)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    return h;
  }
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    h = run_hash(np_slice_from(chunk, n), h);
  }
  fclose(f);
  return h;
}

uint64_t run_pipeline_hash(lua_State *L, const char *pipeline)
{
  uint64_t h = run_hash(np_slice_from(NP_VERSION, strlen(NP_VERSION)), 0);
  h = hash_file(pipeline, h);
  /* every Lua module the pipeline loaded from a file, in name order */
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "loaded");
  size_t n = 0, cap = 16;
  char **names = malloc(cap * sizeof *names);
  lua_pushnil(L);
  while (names && lua_next(L, -2)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      if (n == cap) {
        char **more = realloc(names, (cap *= 2) * sizeof *names);
        if (!more) {
          break;
        }
        names = more;
      }
      names[n++] = strdup(lua_tostring(L, -1));
    }
  }
  lua_pop(L, 1);
  for (size_t i = 1; i < n; i++) { /* insertion sort: a few names */
    for (size_t j = i; j > 0 && names[j] && names[j - 1] &&
                       strcmp(names[j - 1], names[j]) > 0;
         j--) {
      char *t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  }
  lua_getfield(L, -1, "path");
  const char *path = lua_tostring(L, -1);
  for (size_t i = 0; i < n; i++) {
    if (names[i] && path) {
      lua_getglobal(L, "package");
      lua_getfield(L, -1, "searchpath");
      lua_pushstring(L, names[i]);
      lua_pushstring(L, path);
      if (lua_pcall(L, 2, 1, 0) == LUA_OK && lua_isstring(L, -1)) {
        h = run_hash(np_slice_from(names[i], strlen(names[i])), h);
        h = hash_file(lua_tostring(L, -1), h);
      }
      lua_pop(L, 2);
    }
    free(names[i]);
  }
  free(names);
  lua_pop(L, 2);
  return h;
}

/* ---- reading ---- */

static int by_path(const void *a, const void *b)
{
  return strcmp(((const run_cache_entry *)a)->path,
                ((const run_cache_entry *)b)->path);
}

static char *cache_path(const run_config *cfg)
{
  size_t len = strlen(cfg->output) + sizeof "/.newspipe-cache";
  char *p = malloc(len);
  if (p) {
    snprintf(p, len, "%s/.newspipe-cache", cfg->output);
  }
  return p;
}

/* Parses one entry line; false when it is not one. */
static bool parse_entry(char *line, size_t nexports, run_cache_entry *e)
{
  char *save = NULL;
  char *tok = strtok_r(line, "\t", &save);
  if (!tok) {
    return false;
  }
  e->hash = strtoull(tok, NULL, 16);
  tok = strtok_r(NULL, "\t", &save);
  if (!tok || (tok[0] != 'd' && tok[0] != 'x')) {
    return false;
  }
  e->outcome = tok[0] == 'd' ? RUN_DONE : RUN_DROPPED;
  e->ranges = calloc(nexports ? nexports : 1, sizeof *e->ranges);
  if (!e->ranges) {
    return false;
  }
  for (size_t k = 0; k < nexports; k++) {
    tok = strtok_r(NULL, "\t", &save);
    if (!tok) {
      return false;
    }
    if (tok[0] != '-') {
      char *comma;
      e->ranges[k].offset = strtoull(tok, &comma, 10);
      e->ranges[k].length = *comma == ',' ? strtoull(comma + 1, NULL, 10) : 0;
    }
  }
  tok = strtok_r(NULL, "\n", &save);
  e->path = tok ? strdup(tok) : NULL;
  return e->path != NULL;
}

bool run_cache_load(run_cache *c, const run_config *cfg, uint64_t pipeline)
{
  memset(c, 0, sizeof *c);
  char *path = cache_path(cfg);
  FILE *f = path ? fopen(path, "r") : NULL;
  free(path);
  if (!f) {
    return false;
  }
  char *line = NULL;
  size_t cap = 0, entries_cap = 0;
  bool ok = getline(&line, &cap, f) > 0;
  char header[64];
  snprintf(header, sizeof header, "newspipe-cache\t1\t%016" PRIx64 "\n",
           pipeline);
  ok = ok && strcmp(line, header) == 0;
  bool ended = false;
  while (ok && !ended && getline(&line, &cap, f) > 0) {
    if (strncmp(line, "end\t", 4) == 0) {
      /* the JSONL files must be the ones these offsets point into */
      char *p = line + 4;
      for (size_t k = 0; ok && k < cfg->nexports; k++) {
        uint64_t size = strtoull(p, &p, 10);
        p += *p == '\t';
        struct stat st;
        if (cfg->exports[k].kind == NP_EXPORT_RECORDS) {
          ok = stat(cfg->exports[k].path, &st) == 0 &&
               (uint64_t)st.st_size == size;
        }
      }
      ended = true;
      break;
    }
    if (c->n == entries_cap) {
      entries_cap = entries_cap ? entries_cap * 2 : 256;
      run_cache_entry *more =
          realloc(c->entries, entries_cap * sizeof *c->entries);
      if (!more) {
        ok = false;
        break;
      }
      c->entries = more;
    }
    memset(&c->entries[c->n], 0, sizeof *c->entries);
    ok = parse_entry(line, cfg->nexports, &c->entries[c->n]);
    c->n++;
  }
  free(line);
  fclose(f);
  ok = ok && ended;
  c->old = calloc(cfg->nexports ? cfg->nexports : 1, sizeof *c->old);
  for (size_t k = 0; ok && c->old && k < cfg->nexports; k++) {
    if (cfg->exports[k].kind == NP_EXPORT_RECORDS) {
      c->old[k] = fopen(cfg->exports[k].path, "rb");
      ok = c->old[k] != NULL;
    }
  }
  c->nexports = cfg->nexports;
  if (!ok || !c->old) {
    run_cache_fini(c);
    return false;
  }
  if (c->n > 1) { /* an empty cache has no array to sort */
    qsort(c->entries, c->n, sizeof *c->entries, by_path);
  }
  return true;
}

const run_cache_entry *run_cache_find(const run_cache *c, const char *path,
                                      uint64_t hash)
{
  if (!c->entries) {
    return NULL;
  }
  run_cache_entry key = {.path = (char *)path};
  const run_cache_entry *e =
      bsearch(&key, c->entries, c->n, sizeof key, by_path);
  return e && e->hash == hash ? e : NULL;
}

np_status run_cache_copy(const run_cache *c, size_t k, const run_cache_entry *e,
                         np_buf *out)
{
  size_t len = (size_t)e->ranges[k].length;
  if (len == 0 || !c->old[k]) {
    return NP_OK;
  }
  char *p = malloc(len);
  np_status rc = p ? NP_OK : NP_ENOMEM;
  if (rc == NP_OK &&
      (fseeko(c->old[k], (off_t)e->ranges[k].offset, SEEK_SET) != 0 ||
       fread(p, 1, len, c->old[k]) != len)) {
    rc = NP_EIO;
  }
  if (rc == NP_OK) {
    rc = np_buf_append(out, p, len);
  }
  free(p);
  return rc;
}

void run_cache_fini(run_cache *c)
{
  for (size_t i = 0; i < c->n; i++) {
    free(c->entries[i].path);
    free(c->entries[i].ranges);
  }
  free(c->entries);
  for (size_t k = 0; c->old && k < c->nexports; k++) {
    if (c->old[k]) {
      fclose(c->old[k]);
    }
  }
  free(c->old);
  memset(c, 0, sizeof *c);
}

/* ---- writing ---- */

np_status run_cache_open(np_export *out, const run_config *cfg,
                         uint64_t pipeline, np_error *err)
{
  memset(out, 0, sizeof *out);
  out->kind = NP_EXPORT_RECORDS;
  out->path = cache_path(cfg);
  if (!out->path) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  np_status rc = np_export_open(out, false, err);
  if (rc == NP_OK) {
    char header[64];
    int n = snprintf(header, sizeof header,
                     "newspipe-cache\t1\t%016" PRIx64 "\n", pipeline);
    bool touched;
    rc = np_export_commit(out, "", "", np_slice_from(header, (size_t)n), false,
                          &touched, err);
  }
  return rc;
}

np_status run_cache_add(np_export *out, const char *path, uint64_t hash,
                        run_outcome outcome, const run_range *ranges,
                        size_t nexports, np_error *err)
{
  if (strpbrk(path, "\t\n")) {
    return NP_OK; /* such a path is simply run again next time */
  }
  np_buf b;
  np_buf_init(&b);
  np_status rc = np_buf_printf(&b, "%016" PRIx64 "\t%c", hash,
                               outcome == RUN_DONE ? 'd' : 'x');
  for (size_t k = 0; rc == NP_OK && k < nexports; k++) {
    rc = ranges[k].length || ranges[k].offset
             ? np_buf_printf(&b, "\t%" PRIu64 ",%" PRIu64, ranges[k].offset,
                             ranges[k].length)
             : np_buf_append_str(&b, "\t-");
  }
  if (rc == NP_OK) {
    rc = np_buf_printf(&b, "\t%s\n", path);
  }
  bool touched;
  if (rc == NP_OK) {
    rc = np_export_commit(out, "", "", np_buf_slice(&b), false, &touched, err);
  }
  np_buf_fini(&b);
  return rc;
}

np_status run_cache_close(np_export *out, const run_config *cfg, np_error *err)
{
  np_buf b;
  np_buf_init(&b);
  np_status rc = np_buf_append_str(&b, "end");
  for (size_t k = 0; rc == NP_OK && k < cfg->nexports; k++) {
    rc = np_buf_printf(&b, "\t%" PRIu64, cfg->exports[k].bytes);
  }
  if (rc == NP_OK) {
    rc = np_buf_append_char(&b, '\n');
  }
  bool touched;
  if (rc == NP_OK) {
    rc = np_export_commit(out, "", "", np_buf_slice(&b), false, &touched, err);
  }
  np_buf_fini(&b);
  np_status rc2 = np_export_close(out, rc == NP_OK, err);
  free(out->path);
  out->path = NULL;
  return rc < 0 ? rc : rc2;
}
