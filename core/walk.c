/* Folder walk with opendir/readdir and a stack of sorted folders, so a
 * walk can be listed whole (np_walk) or followed a path at a time
 * (np_walker); depth is bounded and each folder is identified by (device,
 * inode) so loops end. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 256

typedef struct dir_id {
  dev_t dev;
  ino_t ino;
} dir_id;

/* One folder being walked: its entries, sorted, and the next to visit. */
typedef struct frame {
  char *path;
  char **names;
  size_t len, next;
} frame;

struct np_walker {
  np_walk_error_fn on_error;
  void *payload;
  dir_id *seen;
  size_t nseen, seen_cap;
  frame *stack;
  size_t depth, cap;
  char *top;     /* the path given, until it is visited */
  char *current; /* the path np_walker_next gave last */
};

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

static size_t dir_slot(const dir_id *id, size_t mask)
{
  /* splitmix64's finaliser: inode numbers are often consecutive */
  uint64_t h = (uint64_t)id->ino * 0x9E3779B97F4A7C15u ^ (uint64_t)id->dev;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9u;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBu;
  return (size_t)(h ^ (h >> 31)) & mask;
}

/* Doubles the set of folders seen (open addressing, linear probing; a
 * slot with ino 0 is empty: no folder has inode 0). */
static bool grow_seen(np_walker *w)
{
  size_t cap = w->seen_cap ? w->seen_cap * 2 : 64;
  dir_id *slots = calloc(cap, sizeof *slots);
  if (!slots) {
    return false;
  }
  for (size_t i = 0; i < w->seen_cap; i++) {
    if (w->seen[i].ino != 0) {
      size_t j = dir_slot(&w->seen[i], cap - 1);
      while (slots[j].ino != 0) {
        j = (j + 1) & (cap - 1);
      }
      slots[j] = w->seen[i];
    }
  }
  free(w->seen);
  w->seen = slots;
  w->seen_cap = cap;
  return true;
}

/* True the first time the folder `st` is met; a hash set, so an archive
 * of a folder per post (page bundles) is walked in linear time. */
static bool first_visit(np_walker *w, const struct stat *st, bool *oom)
{
  if ((w->nseen + 1) * 2 > w->seen_cap && !grow_seen(w)) {
    *oom = true;
    return false;
  }
  dir_id id = {st->st_dev, st->st_ino ? st->st_ino : (ino_t)-1};
  size_t mask = w->seen_cap - 1;
  size_t i = dir_slot(&id, mask);
  while (w->seen[i].ino != 0) {
    if (w->seen[i].dev == id.dev && w->seen[i].ino == id.ino) {
      return false;
    }
    i = (i + 1) & mask;
  }
  w->seen[i] = id;
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

static void report(np_walker *w, const char *path, np_walk_problem problem,
                   const char *message)
{
  if (w->on_error) {
    w->on_error(w->payload, path, problem, message);
  }
}

/* Reads the folder `path` (owned from here) onto the stack; an unreadable
 * folder is reported and skipped. */
static np_status push_folder(np_walker *w, char *path)
{
  DIR *d = opendir(path);
  if (!d) {
    report(w, path, NP_WALK_UNREADABLE, strerror(errno));
    free(path);
    return NP_OK;
  }
  frame f = {path, NULL, 0, 0};
  size_t cap = 0;
  np_status rc = NP_OK;
  struct dirent *de;
  while (rc == NP_OK && (de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') {
      continue; /* ".", "..", and hidden files such as .git */
    }
    if (f.len == cap) {
      cap = cap ? cap * 2 : 32;
      char **p = realloc(f.names, cap * sizeof *p);
      if (!p) {
        rc = NP_ENOMEM;
        break;
      }
      f.names = p;
    }
    f.names[f.len] = strdup(de->d_name);
    if (!f.names[f.len]) {
      rc = NP_ENOMEM;
      break;
    }
    f.len++;
  }
  closedir(d);
  if (rc == NP_OK && w->depth == w->cap) {
    size_t n = w->cap ? w->cap * 2 : 8;
    frame *p = realloc(w->stack, n * sizeof *p);
    if (p) {
      w->stack = p;
      w->cap = n;
    } else {
      rc = NP_ENOMEM;
    }
  }
  if (rc < 0) {
    for (size_t i = 0; i < f.len; i++) {
      free(f.names[i]);
    }
    free(f.names);
    free(path);
    return rc;
  }
  if (f.len > 1) { /* an empty folder has no array to sort */
    qsort(f.names, f.len, sizeof *f.names, compare_names);
  }
  w->stack[w->depth++] = f;
  return NP_OK;
}

static void pop_folder(np_walker *w)
{
  frame *f = &w->stack[--w->depth];
  for (size_t i = f->next; i < f->len; i++) {
    free(f->names[i]);
  }
  free(f->names);
  free(f->path);
}

np_status np_walker_open(np_walker **out, const char *path,
                         np_walk_error_fn on_error, void *payload)
{
  np_walker *w = calloc(1, sizeof *w);
  if (!w || !(w->top = strdup(path))) {
    free(w);
    *out = NULL;
    return NP_ENOMEM;
  }
  w->on_error = on_error;
  w->payload = payload;
  *out = w;
  return NP_OK;
}

np_status np_walker_next(np_walker *w, const char **path_out)
{
  *path_out = NULL;
  free(w->current);
  w->current = NULL;
  for (;;) {
    char *path;
    bool top = w->top != NULL;
    if (top) {
      path = w->top;
      w->top = NULL;
    } else if (w->depth == 0) {
      return NP_OK;
    } else {
      frame *f = &w->stack[w->depth - 1];
      if (f->next == f->len) {
        pop_folder(w);
        continue;
      }
      char *name = f->names[f->next++];
      path = join(f->path, name);
      free(name);
      if (!path) {
        return NP_ENOMEM;
      }
    }
    struct stat st;
    if (stat(path, &st) != 0) {
      if (!top && np_path_is_post(path)) {
        w->current = path; /* reading it says what is wrong */
        *path_out = path;
        return NP_OK;
      }
      int error = errno;
      struct stat link;
      if (!top && lstat(path, &link) == 0 && S_ISLNK(link.st_mode)) {
        char why[96];
        snprintf(why, sizeof why, "a symlink to nothing (%s); skipped",
                 strerror(error));
        report(w, path, NP_WALK_SKIPPED, why);
      } else {
        report(w, path, NP_WALK_UNREADABLE, strerror(error));
      }
      free(path);
      if (top) {
        return NP_EIO;
      }
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      bool oom = false;
      if (!first_visit(w, &st, &oom)) {
        if (!oom) {
          report(w, path, NP_WALK_SKIPPED,
                 "folder already visited (symlink loop?); skipped");
        }
        free(path);
        if (oom) {
          return NP_ENOMEM;
        }
        continue;
      }
      if (w->depth >= MAX_DEPTH) {
        report(w, path, NP_WALK_UNREADABLE, "folders nested too deep; skipped");
        free(path);
        continue;
      }
      np_status rc = push_folder(w, path);
      if (rc < 0) {
        return rc;
      }
      continue;
    }
    if (top || (S_ISREG(st.st_mode) && np_path_is_post(path))) {
      w->current = path;
      *path_out = path;
      return NP_OK;
    }
    if (np_path_is_post(path)) { /* reading it could wait for ever */
      report(w, path, NP_WALK_SKIPPED,
             S_ISFIFO(st.st_mode)   ? "a named pipe, not a file; skipped"
             : S_ISSOCK(st.st_mode) ? "a socket, not a file; skipped"
                                    : "a device, not a file; skipped");
    }
    free(path);
  }
}

void np_walker_close(np_walker *w)
{
  if (!w) {
    return;
  }
  while (w->depth > 0) {
    pop_folder(w);
  }
  free(w->stack);
  free(w->seen);
  free(w->top);
  free(w->current);
  free(w);
}

np_status np_walk(np_pathlist *out, const char *path, np_walk_error_fn on_error,
                  void *payload)
{
  np_walker *w;
  np_status rc = np_walker_open(&w, path, on_error, payload);
  const char *p;
  while (rc == NP_OK && (rc = np_walker_next(w, &p)) == NP_OK && p) {
    rc = push(out, p);
  }
  np_walker_close(w);
  return rc;
}
