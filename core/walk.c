/* Recursive folder walk with opendir/readdir; depth is bounded and each
 * folder is identified by (device, inode) so loops end. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 256

typedef struct dir_id {
  dev_t dev;
  ino_t ino;
} dir_id;

typedef struct walker {
  np_pathlist *out;
  np_walk_error_fn on_error;
  void *payload;
  dir_id *seen;
  size_t nseen, seen_cap;
} walker;

void np_pathlist_init(np_pathlist *list)
{
  list->paths = NULL;
  list->len = list->cap = 0;
}

void np_pathlist_fini(np_pathlist *list)
{
  for (size_t i = 0; i < list->len; i++) {
    free(list->paths[i]);
  }
  free(list->paths);
  np_pathlist_init(list);
}

static np_status push(np_pathlist *list, const char *path)
{
  if (list->len == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 64;
    char **p = realloc(list->paths, cap * sizeof *p);
    if (!p) {
      return NP_ENOMEM;
    }
    list->paths = p;
    list->cap = cap;
  }
  char *copy = strdup(path);
  if (!copy) {
    return NP_ENOMEM;
  }
  list->paths[list->len++] = copy;
  return NP_OK;
}

static bool ends_with_nocase(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  if (n < m) {
    return false;
  }
  for (size_t i = 0; i < m; i++) {
    char c = s[n - m + i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c - 'A' + 'a');
    }
    if (c != suffix[i]) {
      return false;
    }
  }
  return true;
}

bool np_path_is_post(const char *path)
{
  static const char *const exts[] = {".md", ".markdown", ".html", ".htm",
                                     ".txt"};
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
    if (ends_with_nocase(path, exts[i])) {
      return true;
    }
  }
  return false;
}

static int compare_names(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool first_visit(walker *w, const struct stat *st, bool *oom)
{
  for (size_t i = 0; i < w->nseen; i++) {
    if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino) {
      return false;
    }
  }
  if (w->nseen == w->seen_cap) {
    size_t cap = w->seen_cap ? w->seen_cap * 2 : 32;
    dir_id *p = realloc(w->seen, cap * sizeof *p);
    if (!p) {
      *oom = true;
      return false;
    }
    w->seen = p;
    w->seen_cap = cap;
  }
  w->seen[w->nseen].dev = st->st_dev;
  w->seen[w->nseen].ino = st->st_ino;
  w->nseen++;
  return true;
}

static char *join(const char *dir, const char *name)
{
  size_t n = strlen(dir), m = strlen(name);
  bool slash = n > 0 && dir[n - 1] == '/';
  char *p = malloc(n + m + 2);
  if (p) {
    memcpy(p, dir, n);
    if (!slash) {
      p[n++] = '/';
    }
    memcpy(p + n, name, m + 1);
  }
  return p;
}

static np_status walk_dir(walker *w, const char *path, size_t depth);

static np_status visit(walker *w, const char *path, size_t depth, bool top)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    if (w->on_error) {
      w->on_error(w->payload, path, strerror(errno));
    }
    return top ? NP_EIO : NP_OK;
  }
  if (S_ISDIR(st.st_mode)) {
    bool oom = false;
    if (!first_visit(w, &st, &oom)) {
      if (oom) {
        return NP_ENOMEM;
      }
      if (w->on_error) {
        w->on_error(w->payload, path,
                    "folder already visited (symlink loop?); skipped");
      }
      return NP_OK;
    }
    if (depth >= MAX_DEPTH) {
      if (w->on_error) {
        w->on_error(w->payload, path, "folders nested too deep; skipped");
      }
      return NP_OK;
    }
    return walk_dir(w, path, depth + 1);
  }
  if (top || (S_ISREG(st.st_mode) && np_path_is_post(path))) {
    return push(w->out, path);
  }
  return NP_OK;
}

static np_status walk_dir(walker *w, const char *path, size_t depth)
{
  DIR *d = opendir(path);
  if (!d) {
    if (w->on_error) {
      w->on_error(w->payload, path, strerror(errno));
    }
    return NP_OK;
  }
  char **names = NULL;
  size_t len = 0, cap = 0;
  np_status rc = NP_OK;
  struct dirent *de;
  while (rc == NP_OK && (de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') {
      continue; /* ".", "..", and hidden files such as .git */
    }
    if (len == cap) {
      cap = cap ? cap * 2 : 32;
      char **p = realloc(names, cap * sizeof *p);
      if (!p) {
        rc = NP_ENOMEM;
        break;
      }
      names = p;
    }
    names[len] = strdup(de->d_name);
    if (!names[len]) {
      rc = NP_ENOMEM;
      break;
    }
    len++;
  }
  closedir(d);
  if (rc == NP_OK) {
    qsort(names, len, sizeof *names, compare_names);
  }
  for (size_t i = 0; i < len; i++) {
    if (rc == NP_OK) {
      char *child = join(path, names[i]);
      rc = child ? visit(w, child, depth, false) : NP_ENOMEM;
      free(child);
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

np_status np_walk(np_pathlist *out, const char *path, np_walk_error_fn on_error,
                  void *payload)
{
  walker w = {out, on_error, payload, NULL, 0, 0};
  np_status rc = visit(&w, path, 0, true);
  free(w.seen);
  return rc;
}
