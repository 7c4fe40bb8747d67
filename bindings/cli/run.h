/* newspipe run: the pieces of a run shared by its files — the settings
 * from the command line and the pipeline file (run_config.c), the workers
 * that run stages on posts (run_worker.c), and the command (cmd_run.c). */
#ifndef NP_RUN_H
#define NP_RUN_H

#include <lua.h>

#include "buf.h"
#include "error.h"
#include "export.h"
#include "walk.h"

typedef struct run_config {
  const char *pipeline; /**< the pipeline file, as given */
  char *pipeline_dir;   /**< owned: paths in the pipeline are relative to it */
  char *output;         /**< owned: the output folder */
  np_pathlist inputs;   /**< the posts, in run order */
  char **relpaths;      /**< owned, parallel to inputs: path under its source */
  np_export *exports;   /**< owned */
  size_t nexports;
  size_t jobs;
  double timeout; /**< seconds of Lua per post */
  size_t memory;  /**< bytes of Lua memory per worker */
  bool dry_run, diff, quiet, verbose;
} run_config;

/** Reads the command line (argv[0] is "run") and the pipeline it names.
 * Returns 0 when the run can start, -1 when --help was printed (exit 0),
 * else the exit status (2: usage or a wrong pipeline, told on stderr). */
int run_config_load(run_config *cfg, int argc, char **argv);
void run_config_fini(run_config *cfg);

typedef enum run_outcome { RUN_DONE, RUN_DROPPED, RUN_FAILED } run_outcome;

/** What a worker made of one post, for the committer. */
typedef struct run_result {
  run_outcome outcome;
  char *message;   /**< owned: the drop reason, or the failure */
  np_error place;  /**< failure's file position when it has one */
  np_buf warnings; /**< "path:line:col: message\n" lines */
  np_buf *outputs; /**< owned: one per export when RUN_DONE */
  np_buf diff; /**< --diff: the post as read -> as the posts export has it */
} run_result;

void run_result_free(run_result *r, size_t nexports);

typedef struct run_worker run_worker;

/** A worker with its own Lua state that has run the pipeline file (so its
 * stages' setup runs once per worker). NULL and *problem (owned) set when
 * the pipeline fails to load there. */
run_worker *run_worker_new(const run_config *cfg, char **problem);
void run_worker_free(run_worker *w);

/** Runs the stages on input `index`, and renders the exports. Never NULL
 * unless out of memory. */
run_result *run_worker_process(run_worker *w, size_t index);

#endif
