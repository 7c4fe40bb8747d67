/* newspipe run: the pieces of a run shared by its files — the settings
 * from the command line and the pipeline file (run_config.c), the workers
 * that run stages on posts (run_worker.c), and the command (cmd_run.c). */
#ifndef NP_RUN_H
#define NP_RUN_H

#include <stdio.h>

#include <lua.h>

#include "buf.h"
#include "error.h"
#include "export.h"
#include "walk.h"

typedef enum run_outcome {
  RUN_DONE,
  RUN_DROPPED,
  RUN_FAILED,
  RUN_SKIPPED /**< --incremental: unchanged since the last run */
} run_outcome;

/* ---- --incremental (run_cache.c) ---- */

typedef struct run_range {
  uint64_t offset, length; /**< a post's records in a JSONL export */
} run_range;

typedef struct run_cache_entry {
  char *path;
  uint64_t hash; /**< of the post's bytes (in place: as written) */
  run_outcome outcome;
  run_range *ranges; /**< one per export */
} run_cache_entry;

/** The last run's cache, read-only once loaded (workers share it). */
typedef struct run_cache {
  run_cache_entry *entries; /**< sorted by path */
  size_t n;
  FILE **old; /**< per export: the last run's JSONL, for copying records */
  size_t nexports;
} run_cache;

/* ---- the posts of a run (run_inputs.c) ---- */

/** The posts a run reads, by number in run order: listed up front when
 * there are several sources, walked as workers ask for one folder, or
 * read from standard input as JSON lines (--stream); the last two keep a
 * window of posts in memory whatever the archive's size. */
typedef struct run_stream run_stream;
typedef struct run_stdin run_stdin;

typedef struct run_inputs {
  size_t count;          /**< SIZE_MAX on standard input: not known */
  size_t unreadable;     /**< paths the walk could not read (posts missing) */
  np_pathlist list;      /**< listed */
  const char **relpaths; /**< listed: into list's strings */
  run_stream *stream;    /**< one folder walked as workers ask, or NULL */
  run_stdin *posts_in;   /**< posts on standard input, or NULL */
  size_t shard, shards;  /**< --shard K/N: K (1..N) and N; 0: all posts */
} run_inputs;

void run_inputs_init(run_inputs *in);
/** Counts the posts under `folder` (problems go to on_error) and makes
 * `in` walk it a post at a time, taking only the shard's posts. NP_ENOMEM,
 * or NP_EIO when the folder cannot be read. */
np_status run_inputs_stream(run_inputs *in, const char *folder,
                            np_walk_error_fn on_error, void *payload);
/** Makes `in` read its posts from standard input, one JSON object a line:
 * {"path": "...", "source": "the file"} or "source_base64". NP_ENOMEM. */
np_status run_inputs_read_stdin(run_inputs *in);
/** --shard for listed inputs: keeps the shard's posts, in order. */
void run_inputs_keep_shard(run_inputs *in);
/** Whether the post at `relpath` (its path under its source) is in the
 * run's shard: FNV-1a (64 bits) of relpath, mixed by SplitMix64's
 * finaliser, modulo N, is K - 1. */
bool run_inputs_in_shard(const run_inputs *in, const char *relpath);
/** Before workers start; they run at most `window` posts ahead of the
 * commit. False when out of memory. */
bool run_inputs_start(run_inputs *in, size_t window);
/** Whether post `index` exists: always, but on standard input, where it is
 * read to know (blocking until its line comes, or the input ends). */
bool run_input_exists(const run_inputs *in, size_t index);
/** Post `index`'s path, and its path under its source: for a streamed
 * folder or standard input, valid until the post is committed. */
const char *run_input_path(const run_inputs *in, size_t index);
const char *run_input_relpath(const run_inputs *in, size_t index);
/** On standard input: post `index`'s bytes (valid until it is committed),
 * or NULL with *problem saying why its line is not a post (its line and
 * column in the input). NULL and *problem NULL for a post in a file. */
const np_buf *run_input_bytes(const run_inputs *in, size_t index,
                              const np_error **problem);
void run_inputs_fini(run_inputs *in);

typedef struct run_config {
  const char *pipeline; /**< the pipeline file, as given */
  char *pipeline_dir;   /**< owned: paths in the pipeline are relative to it */
  char *output;         /**< owned: the output folder */
  run_inputs inputs;    /**< the posts, in run order */
  np_export *exports;   /**< owned */
  size_t nexports;
  size_t jobs;
  double timeout; /**< seconds of Lua per post */
  size_t memory;  /**< bytes of Lua memory per worker */
  bool dry_run, diff, quiet, verbose, incremental;
  bool sandbox; /**< --sandbox: lnp_sandbox in every Lua state */
  /** --stream: posts from stdin, a JSON line each to stdout: export
   * `stream_record`'s record, with the post as export `stream_source` (a
   * posts export; SIZE_MAX: none) writes it as "source". Other exports
   * are not written. */
  bool stream;
  size_t stream_record, stream_source;
  uint64_t pipeline_hash; /**< the pipeline file and the modules it loads */
  run_cache cache;        /**< --incremental: the last run's, maybe empty */
} run_config;

/** Reads the command line (argv[0] is "run") and the pipeline it names.
 * Returns 0 when the run can start, -1 when --help was printed (exit 0),
 * else the exit status (2: usage or a wrong pipeline, told on stderr). */
int run_config_load(run_config *cfg, int argc, char **argv);
void run_config_fini(run_config *cfg);

/** What a worker made of one post, for the committer. */
typedef struct run_result {
  run_outcome outcome;
  char *message;   /**< owned: the drop reason, or the failure */
  np_error place;  /**< failure's file position when it has one */
  np_buf warnings; /**< "path:line:col: message\n" lines */
  np_buf *outputs; /**< owned: one per export when RUN_DONE */
  np_buf *names;   /**< owned, one per export: files exports' file names */
  /** --diff: the post as read -> as the posts export has it */
  np_buf diff;
  /** --incremental: the post's hash, for the next run's cache */
  uint64_t hash;
  /** RUN_DONE: the post's post:count tallies (run_counts_record) */
  np_buf counts;
  bool counts_failed; /**< out of memory recording them */
  /** RUN_SKIPPED: what the last run made of the post */
  const run_cache_entry *cached;
} run_result;

void run_result_free(run_result *r, size_t nexports);

/* ---- post:count tallies (run_counts.c) ---- */

typedef struct run_count {
  char *text; /**< owned: the group's bytes, then the key's, then NUL */
  size_t group_len, key_len;
  uint64_t hash;
  int64_t n;
} run_count;

/** The sums over a run, for its summary. Zeroed is empty. */
typedef struct run_counts {
  run_count *items;
  size_t n;
  size_t *slots; /**< hash table of indexes into items */
  size_t nslots;
} run_counts;

/** Appends one count to a run_result's `counts` records. NP_ENOMEM. */
np_status run_counts_record(np_buf *out, np_slice group, np_slice key,
                            int64_t n);

/** Adds every record of a run_result's `counts` to `c`. NP_ENOMEM. */
np_status run_counts_merge(run_counts *c, np_slice records);

/** Prints one line per group: its total, then its keys by count (the first
 * `top`, or all when `all`). NP_ENOMEM. */
np_status run_counts_print(FILE *out, const run_counts *c, bool all,
                           size_t top);
void run_counts_fini(run_counts *c);

typedef struct run_worker run_worker;

/** A worker with its own Lua state that has run the pipeline file (so its
 * stages' setup runs once per worker). NULL and *problem (owned) set when
 * the pipeline fails to load there. */
run_worker *run_worker_new(const run_config *cfg, char **problem);
void run_worker_free(run_worker *w);

/** Runs the stages on input `index`, and renders the exports. Never NULL
 * unless out of memory. */
run_result *run_worker_process(run_worker *w, size_t index);

/** FNV-1a over `bytes`, continuing from `h` (0 to start). */
uint64_t run_hash(np_slice bytes, uint64_t h);

/** Hash of the pipeline file and every Lua module loaded from a file in
 * L (the state that ran it), with newspipe's version. */
uint64_t run_pipeline_hash(lua_State *L, const char *pipeline);

/** Reads the output folder's cache when it was made by this pipeline and
 * its JSONL files are intact; false (and an empty cache) otherwise. */
bool run_cache_load(run_cache *c, const run_config *cfg, uint64_t pipeline);
const run_cache_entry *run_cache_find(const run_cache *c, const char *path,
                                      uint64_t hash);
/** Appends export k's records of `e` from the last run's file. */
np_status run_cache_copy(const run_cache *c, size_t k, const run_cache_entry *e,
                         np_buf *out);
void run_cache_fini(run_cache *c);

/** The cache this run writes, through `out` (a JSONL-like export). */
np_status run_cache_open(np_export *out, const run_config *cfg,
                         uint64_t pipeline, np_error *err);
np_status run_cache_add(np_export *out, const char *path, uint64_t hash,
                        run_outcome outcome, const run_range *ranges,
                        size_t nexports, np_error *err);
np_status run_cache_close(np_export *out, const run_config *cfg, np_error *err);

#endif
