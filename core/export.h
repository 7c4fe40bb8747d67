/* Where a run's posts go: the `posts` export (each post written back, into
 * a folder or in place), the `jsonl` export (one JSON object a post), and
 * `files` exports (a file a post, rendered by the pipeline: Markdown, HTML,
 * text).
 * Rendering happens on worker threads; committing, in input order, on
 * one thread. Every file is written to a temporary name and renamed, so
 * an output is complete or absent, never half written; files replacing
 * source posts (in place) are also flushed to disk before the rename. */
#ifndef NP_EXPORT_H
#define NP_EXPORT_H

#include <stdio.h>

#include "buf.h"
#include "error.h"
#include "post.h"

typedef enum np_export_kind {
  NP_EXPORT_POSTS,   /**< each post written back */
  NP_EXPORT_RECORDS, /**< one file, a record a post: JSONL, CSV */
  NP_EXPORT_FILES,   /**< a file a post, named and rendered by the pipeline */
  NP_EXPORT_FEED,    /**< one file of the newest posts' entries (Atom) */
  NP_EXPORT_SQLITE   /**< a database: posts, tags, full-text index */
} np_export_kind;

/** A feed's entry, kept until the feed is written. */
typedef struct np_feed_entry {
  int64_t key;   /**< Unix seconds: newest first */
  size_t seq;    /**< input order, for equal keys */
  char *updated; /**< owned: the key as RFC 3339 text */
  char *xml;     /**< owned */
  size_t len;
} np_feed_entry;

/** The names a FILES export has given out in this run. */
typedef struct np_name_set {
  char **slots; /**< open addressing; NULL is empty */
  size_t count, cap;
} np_name_set;

typedef struct np_export {
  np_export_kind kind;
  char *path;    /**< owned: posts and files: the folder; jsonl: the file */
  bool in_place; /**< posts: write over the source files instead */
  /** records: rendered by the pipeline's Lua `record` function (CSV)
   * rather than as newspipe's JSONL */
  bool by_lua;
  bool is_json;  /**< records: JSON Lines (JSONL's, not CSV's) */
  char *header;  /**< owned, may be NULL: records: the file's first bytes */
  char **fields; /**< owned, may be NULL: JSONL: the meta keys to keep */
  size_t nfields;
  /* state while open */
  FILE *file;               /**< jsonl: the temporary file */
  char *tmp_path;           /**< jsonl: its name */
  char *last_dir;           /**< posts: the folder last made sure of */
  size_t written;           /**< files written (posts) or records (jsonl) */
  uint64_t bytes;           /**< jsonl: bytes written so far */
  unsigned new_file_mode;   /**< for files made anew: 0666 less the umask */
  np_name_set names;        /**< files: the names given out */
  struct np_sqlite_out *db; /**< sqlite: the open database */
  bool fts;                 /**< sqlite: with the full-text index */
  np_feed_entry *entries;   /**< feed: the newest so far, newest first */
  size_t nentries, limit, seq;
} np_export;

/** Prepares `e` for commits (call before starting threads: it reads the
 * umask, which can only be read by setting it): creates the posts folder (and
 * parents), opens the JSONL's temporary file. With `dry_run`, checks nothing
 * and writes nothing. NP_EIO with a message naming the path. */
np_status np_export_open(np_export *e, bool dry_run, np_error *err);

/** What `e` will write for `post` (a worker's part): posts: the whole file
 * as it now is; JSONL records: one line, {"path", "meta", "text", "data"}
 * where `data_json` is a JSON object's text (or empty for none), meta
 * limited to `fields` when given. (Files and Lua-rendered records are
 * rendered by the pipeline, not here.) */
np_status np_export_render(const np_export *e, np_post *post,
                           np_slice data_json, np_buf *out, np_error *err);

/** Writes what np_export_render made for the post read from `path`
 * (`relpath` under its source folder). Posts: writes `bytes` to
 * dir/relpath, or over `path` in place — only when they differ from what
 * is there, atomically, keeping the file's mode. Sets `*touched` when a
 * file was written. NP_EIO naming the file. */
np_status np_export_commit(np_export *e, const char *path, const char *relpath,
                           np_slice bytes, bool dry_run, bool *touched,
                           np_error *err);

/** What a FILES export calls a post's file, from the `name` its pipeline
 * gave (borrowed): made safe — no absolute path, no ".." or "." parts, no
 * part starting with "." (no hidden files), control characters, "\\" and
 * invalid UTF-8 as "_", parts cut to 255 bytes keeping the extension,
 * "untitled" for nothing — and unique in this run: a name given out
 * before gets "-2", "-3"... before its extension. Called in input order,
 * so the same run names the same files. Appends it to `out`. NP_ENOMEM. */
np_status np_export_file_name(np_export *e, np_slice name, np_buf *out,
                              np_error *err);

/** Offers a feed entry: `key` is "UNIX\tRFC3339" (the entry's updated
 * time), or empty for a post that has none (it is left out); `xml` the
 * <entry> element. Only the `limit` newest are kept (equal times: the
 * earlier input first), so memory stays bounded. NP_ENOMEM, NP_EINVAL for
 * a malformed key. */
np_status np_export_feed_add(np_export *e, np_slice key, np_slice xml,
                             np_error *err);

/** Finishes `e`: a feed writes its header, the newest entry's time as its
 * <updated>, its entries and "</feed>"; `complete` renames a records or
 * feed file into place; otherwise the temporary file is removed and no
 * file appears. Frees what open made. */
np_status np_export_close(np_export *e, bool complete, np_error *err);

#endif
