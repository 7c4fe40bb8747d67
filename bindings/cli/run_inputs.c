/* The posts of a run, by number. Several sources are listed up front (to
 * find overlaps and name clashes); one folder, the usual case, is walked a
 * post at a time as workers ask for them; posts on standard input (--stream)
 * are read a line at a time likewise. Either way memory holds a window of
 * posts whatever the archive's size: workers run at most `window` posts
 * ahead of the commit, so post k's slot in the ring is reused (by post
 * k + window) only after post k is committed. --shard keeps the posts
 * whose path hashes to the shard. */
#include "run.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "json_read.h"

struct run_stream {
  pthread_mutex_t lock; /* the walk and the ring */
  np_walker *walker;
  char *folder; /* as given: every path starts with it */
  char **ring;  /* the paths of the posts in flight */
  size_t ring_size, produced;
};

/* A post read from standard input, or why its line is not one. */
typedef struct stdin_post {
  char *path;
  np_buf bytes;
  np_error problem; /* status < 0: the line is not a post */
} stdin_post;

struct run_stdin {
  pthread_mutex_t lock; /* the reading and the ring */
  stdin_post *ring;
  size_t ring_size, produced;
  size_t line;      /* lines of input read */
  bool ended;       /* the input is read to its end */
  np_buf values[3]; /* path, source, source_base64: reused a line */
  char *text;       /* the line being read, getline's */
  size_t text_cap;
};

void run_inputs_init(run_inputs *in)
{
  memset(in, 0, sizeof *in);
  np_pathlist_init(&in->list);
}

/* ---- --shard ---- */

bool run_inputs_in_shard(const run_inputs *in, const char *relpath)
{
  if (in->shards == 0) {
    return true;
  }
  /* FNV-1a's low bits follow only the low bits of each byte, so paths
   * like copy01..copy40 would fall into shards by pattern: SplitMix64's
   * finaliser mixes every bit into every other first */
  uint64_t h = run_hash(np_slice_from(relpath, strlen(relpath)), 0);
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9u;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBu;
  h ^= h >> 31;
  return h % in->shards == in->shard - 1;
}

/* A folder's post's path under the folder. */
static const char *under(const char *path, const char *folder)
{
  size_t n = strlen(folder);
  const char *p = strncmp(path, folder, n) == 0 ? path + n : path;
  while (*p == '/') {
    p++;
  }
  return p;
}

void run_inputs_keep_shard(run_inputs *in)
{
  size_t kept = 0;
  for (size_t i = 0; i < in->list.len; i++) {
    if (!run_inputs_in_shard(in, in->relpaths[i])) {
      free(in->list.paths[i]);
      continue;
    }
    in->list.paths[kept] = in->list.paths[i];
    in->relpaths[kept] = in->relpaths[i];
    kept++;
  }
  in->list.len = kept;
  in->count = kept;
}

/* The walker's next post in the shard, or NULL at the end. */
static np_status next_in_shard(const run_inputs *in, np_walker *w,
                               const char *folder, const char **path)
{
  np_status rc;
  while ((rc = np_walker_next(w, path)) == NP_OK && *path &&
         !run_inputs_in_shard(in, under(*path, folder))) {
  }
  return rc;
}

/* ---- one folder, walked as the run goes ---- */

np_status run_inputs_stream(run_inputs *in, const char *folder,
                            np_walk_error_fn on_error, void *payload)
{
  np_walker *w;
  np_status rc = np_walker_open(&w, folder, on_error, payload);
  const char *p;
  size_t n = 0;
  while (rc == NP_OK && (rc = next_in_shard(in, w, folder, &p)) == NP_OK && p) {
    n++;
  }
  np_walker_close(w);
  if (rc < 0) {
    return rc;
  }
  run_stream *s = calloc(1, sizeof *s);
  if (!s) {
    return NP_ENOMEM;
  }
  in->stream = s;
  /* the second walk meets the same problems: told once is enough */
  if (np_walker_open(&s->walker, folder, NULL, NULL) < 0 ||
      !(s->folder = strdup(folder))) {
    return NP_ENOMEM;
  }
  in->count = n;
  return NP_OK;
}

/* Walks on to post `index` (under the lock). A post the walk no longer
 * finds (the folder changed since it was counted) gets a path that names
 * the problem and fails to read. */
static void produce_up_to(const run_inputs *in, run_stream *s, size_t index)
{
  while (s->produced <= index) {
    const char *p = NULL;
    if (next_in_shard(in, s->walker, s->folder, &p) < 0) {
      p = NULL;
    }
    char **slot = &s->ring[s->produced % s->ring_size];
    free(*slot);
    if (p) {
      *slot = strdup(p);
    } else {
      size_t len = strlen(s->folder) + 64;
      *slot = malloc(len);
      if (*slot) {
        snprintf(*slot, len, "%s/(post %zu: gone since the run began)",
                 s->folder, s->produced + 1);
      }
    }
    s->produced++;
  }
}

/* ---- posts on standard input ---- */

np_status run_inputs_read_stdin(run_inputs *in)
{
  run_stdin *s = calloc(1, sizeof *s);
  if (!s) {
    return NP_ENOMEM;
  }
  for (size_t i = 0; i < 3; i++) {
    np_buf_init(&s->values[i]);
  }
  in->posts_in = s;
  in->count = SIZE_MAX;
  return NP_OK;
}

static void set_problem(stdin_post *p, size_t line, size_t column,
                        const char *msg)
{
  np_error_clear(&p->problem);
  p->problem.status = NP_ESYNTAX;
  p->problem.line = line;
  p->problem.column = column;
  snprintf(p->problem.msg, sizeof p->problem.msg, "%s", msg);
}

/* Makes the JSON line `text` (line number `line`) the post in `p`. */
static void take_line(run_stdin *s, stdin_post *p, np_slice text, size_t line)
{
  static const char *const keys[] = {"path", "source", "source_base64"};
  bool found[3];
  np_error err;
  np_error_clear(&err);
  np_buf_clear(&p->bytes);
  free(p->path);
  p->path = NULL;
  np_error_clear(&p->problem);
  np_status rc = np_json_read_strings(text, keys, 3, s->values, found, &err);
  if (rc < 0) {
    set_problem(p, line, err.line > 0 ? err.column : 0,
                rc == NP_ESYNTAX ? err.msg : "out of memory");
    return;
  }
  if (!found[0]) {
    set_problem(p, line, 1, "a post needs \"path\" (a string)");
    return;
  }
  if (found[1] == found[2]) {
    set_problem(p, line, 1,
                "a post needs \"source\" (the file as a string) or "
                "\"source_base64\", one of them");
    return;
  }
  size_t bad = 0;
  rc = found[1]
           ? np_buf_append_slice(&p->bytes, np_buf_slice(&s->values[1]))
           : np_base64_decode(&p->bytes, np_buf_slice(&s->values[2]), &bad);
  if (rc == NP_ESYNTAX) {
    char msg[96];
    snprintf(msg, sizeof msg,
             "\"source_base64\" is not base64 (at its byte %zu)", bad + 1);
    set_problem(p, line, 1, msg);
    return;
  }
  if (rc < 0) {
    set_problem(p, line, 1,
                rc == NP_ELIMIT ? "the post is larger than newspipe reads"
                                : "out of memory");
    return;
  }
  p->path =
      strndup(s->values[0].data ? s->values[0].data : "", s->values[0].len);
  if (!p->path) {
    set_problem(p, line, 1, "out of memory");
  }
}

/* Reads lines on to post `index` (under the lock); blank lines are passed
 * by. Sets `ended` at the end of the input. */
static void read_up_to(run_stdin *s, size_t index)
{
  while (!s->ended && s->produced <= index) {
    errno = 0;
    ssize_t n = getline(&s->text, &s->text_cap, stdin);
    char *line = s->text;
    if (n < 0) {
      if (errno != 0 && ferror(stdin)) {
        /* a read error ends the input; the run says so */
        stdin_post *p = &s->ring[s->produced % s->ring_size];
        free(p->path);
        p->path = NULL;
        set_problem(p, s->line + 1, 0, strerror(errno));
        s->produced++;
      }
      s->ended = true;
      break;
    }
    s->line++;
    size_t len = (size_t)n;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
      len--;
    }
    size_t blank = strspn(line, " \t");
    if (blank >= len) {
      continue;
    }
    take_line(s, &s->ring[s->produced % s->ring_size], np_slice_from(line, len),
              s->line);
    s->produced++;
  }
}

/* ---- by number ---- */

bool run_inputs_start(run_inputs *in, size_t window)
{
  size_t size = window ? window : 1;
  if (in->stream) {
    run_stream *s = in->stream;
    s->ring_size = size;
    s->ring = calloc(size, sizeof *s->ring);
    if (s->ring && pthread_mutex_init(&s->lock, NULL) != 0) {
      free(s->ring);
      s->ring = NULL;
    }
    return s->ring != NULL;
  }
  if (in->posts_in) {
    run_stdin *s = in->posts_in;
    s->ring_size = size;
    s->ring = calloc(size, sizeof *s->ring);
    for (size_t i = 0; s->ring && i < size; i++) {
      np_buf_init(&s->ring[i].bytes);
    }
    if (s->ring && pthread_mutex_init(&s->lock, NULL) != 0) {
      free(s->ring);
      s->ring = NULL;
    }
    return s->ring != NULL;
  }
  return true;
}

bool run_input_exists(const run_inputs *in, size_t index)
{
  run_stdin *s = in->posts_in;
  if (!s) {
    return index < in->count;
  }
  pthread_mutex_lock(&s->lock);
  read_up_to(s, index);
  bool exists = index < s->produced;
  pthread_mutex_unlock(&s->lock);
  return exists;
}

const char *run_input_path(const run_inputs *in, size_t index)
{
  if (in->posts_in) {
    run_stdin *s = in->posts_in;
    pthread_mutex_lock(&s->lock);
    const char *p = s->ring[index % s->ring_size].path;
    pthread_mutex_unlock(&s->lock);
    return p ? p : "<stdin>";
  }
  run_stream *s = in->stream;
  if (!s) {
    return in->list.paths[index];
  }
  pthread_mutex_lock(&s->lock);
  produce_up_to(in, s, index);
  const char *p = s->ring[index % s->ring_size];
  pthread_mutex_unlock(&s->lock);
  return p ? p : "(out of memory)";
}

const char *run_input_relpath(const run_inputs *in, size_t index)
{
  if (in->posts_in) {
    return run_input_path(in, index);
  }
  if (!in->stream) {
    return in->relpaths[index];
  }
  return under(run_input_path(in, index), in->stream->folder);
}

const np_buf *run_input_bytes(const run_inputs *in, size_t index,
                              const np_error **problem)
{
  *problem = NULL;
  if (!in->posts_in) {
    return NULL;
  }
  run_stdin *s = in->posts_in;
  pthread_mutex_lock(&s->lock);
  const stdin_post *p = &s->ring[index % s->ring_size];
  pthread_mutex_unlock(&s->lock);
  if (p->problem.status < 0) {
    *problem = &p->problem;
    return NULL;
  }
  return &p->bytes;
}

void run_inputs_fini(run_inputs *in)
{
  run_stream *s = in->stream;
  if (s) {
    if (s->ring) {
      for (size_t i = 0; i < s->ring_size; i++) {
        free(s->ring[i]);
      }
      free(s->ring);
      pthread_mutex_destroy(&s->lock);
    }
    np_walker_close(s->walker);
    free(s->folder);
    free(s);
  }
  run_stdin *t = in->posts_in;
  if (t) {
    if (t->ring) {
      for (size_t i = 0; i < t->ring_size; i++) {
        free(t->ring[i].path);
        np_buf_fini(&t->ring[i].bytes);
      }
      free(t->ring);
      pthread_mutex_destroy(&t->lock);
    }
    for (size_t i = 0; i < 3; i++) {
      np_buf_fini(&t->values[i]);
    }
    free(t->text);
    free(t);
  }
  free(in->relpaths);
  np_pathlist_fini(&in->list);
  run_inputs_init(in);
}
