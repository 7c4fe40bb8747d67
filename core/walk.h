/* Finding posts under the paths a user names: folders recursively, in a
 * fixed (byte) order, each folder once however symlinks loop. */
#ifndef NP_WALK_H
#define NP_WALK_H

#include "common.h"

typedef struct np_pathlist {
  char **paths; /**< owned, each malloc'd */
  size_t len, cap;
} np_pathlist;

void np_pathlist_init(np_pathlist *list);
void np_pathlist_fini(np_pathlist *list);

typedef enum np_walk_problem {
  /** A folder that cannot be read or lies too deep, or an entry that is
   * neither a folder nor a post file and cannot be looked at: posts under
   * it may be missing from the walk. */
  NP_WALK_UNREADABLE,
  /** Passed by with nothing missing: a folder met again (a symlink loop,
   * or two links to one folder), whose posts come once, where it was
   * first met; a symlink to nothing, not named like a post; or a named
   * pipe, socket or device named like a post. */
  NP_WALK_SKIPPED
} np_walk_problem;

/** Called for a path the walk could not take as it is (with strerror's
 * message or why). */
typedef void (*np_walk_error_fn)(void *payload, const char *path,
                                 np_walk_problem problem, const char *message);

/** True for the extensions newspipe reads: .md .markdown .html .htm .txt
 * (any case). */
bool np_path_is_post(const char *path);

/** Appends to `out` the posts found at `path`: a file is taken whatever its
 * extension; a folder is walked recursively, entries sorted bytewise,
 * names starting with '.' skipped, symlinks followed, each folder visited
 * once. An entry named like a post that cannot be looked at (a dangling
 * or looping symlink, no permission) is taken as a post: reading it gives
 * the error, for that post alone. Other problems go to `on_error` and the
 * walk goes on.
 * Returns NP_ENOMEM, or NP_EIO when `path` itself cannot be read (also
 * reported to `on_error`). */
np_status np_walk(np_pathlist *out, const char *path, np_walk_error_fn on_error,
                  void *payload);

/** The same walk a path at a time: memory holds the folders being walked,
 * not the posts found. */
typedef struct np_walker np_walker;

/** NP_ENOMEM, or NP_OK with `*out` owned (np_walker_close). */
np_status np_walker_open(np_walker **out, const char *path,
                         np_walk_error_fn on_error, void *payload);

/** Sets `*path_out` to the next post (valid until the next call) or NULL
 * at the end. Errors as np_walk's. */
np_status np_walker_next(np_walker *w, const char **path_out);

void np_walker_close(np_walker *w);

#endif
