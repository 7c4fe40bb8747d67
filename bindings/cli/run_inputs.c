/* The posts of a run, by number. Several sources are listed up front (to
 * find overlaps and name clashes); one folder, the usual case, is walked a
 * post at a time as workers ask for them, so memory holds a window of
 * paths whatever the archive's size. Workers run at most `window` posts
 * ahead of the commit, so post k's slot in the ring is reused (by post
 * k + window) only after post k is committed. */
#include "run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct run_stream {
  pthread_mutex_t lock; /* the walk and the ring */
  np_walker *walker;
  char *folder; /* as given: every path starts with it */
  char **ring;  /* the paths of the posts in flight */
  size_t ring_size, produced;
};

void run_inputs_init(run_inputs *in)
{
  memset(in, 0, sizeof *in);
  np_pathlist_init(&in->list);
}

np_status run_inputs_stream(run_inputs *in, const char *folder,
                            np_walk_error_fn on_error, void *payload)
{
  np_walker *w;
  np_status rc = np_walker_open(&w, folder, on_error, payload);
  const char *p;
  size_t n = 0;
  while (rc == NP_OK && (rc = np_walker_next(w, &p)) == NP_OK && p) {
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

bool run_inputs_start(run_inputs *in, size_t window)
{
  run_stream *s = in->stream;
  if (!s) {
    return true;
  }
  s->ring_size = window ? window : 1;
  s->ring = calloc(s->ring_size, sizeof *s->ring);
  if (s->ring && pthread_mutex_init(&s->lock, NULL) != 0) {
    free(s->ring);
    s->ring = NULL;
  }
  return s->ring != NULL;
}

/* Walks on to post `index` (under the lock). A post the walk no longer
 * finds (the folder changed since it was counted) gets a path that names
 * the problem and fails to read. */
static void produce_up_to(run_stream *s, size_t index)
{
  while (s->produced <= index) {
    const char *p = NULL;
    if (np_walker_next(s->walker, &p) < 0) {
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

const char *run_input_path(const run_inputs *in, size_t index)
{
  run_stream *s = in->stream;
  if (!s) {
    return in->list.paths[index];
  }
  pthread_mutex_lock(&s->lock);
  produce_up_to(s, index);
  const char *p = s->ring[index % s->ring_size];
  pthread_mutex_unlock(&s->lock);
  return p ? p : "(out of memory)";
}

const char *run_input_relpath(const run_inputs *in, size_t index)
{
  if (!in->stream) {
    return in->relpaths[index];
  }
  const char *p = run_input_path(in, index);
  size_t n = strlen(in->stream->folder);
  p = strncmp(p, in->stream->folder, n) == 0 ? p + n : p;
  while (*p == '/') {
    p++;
  }
  return p;
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
  free(in->relpaths);
  np_pathlist_fini(&in->list);
  run_inputs_init(in);
}
