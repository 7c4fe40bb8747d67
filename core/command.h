/* Running an external command (a translator) safely from a worker thread:
 * argv, never a shell; stdin fed and stdout/stderr read through pipes at
 * once (no deadlock on large outputs); a deadline after which the command
 * and everything it started are killed. */
#ifndef NP_COMMAND_H
#define NP_COMMAND_H

#include "buf.h"
#include "error.h"

typedef struct np_command_result {
  int status;     /**< exit status, or -1 when killed by a signal */
  int signal;     /**< the signal that ended it, or 0 */
  bool timed_out; /**< killed at the deadline */
} np_command_result;

/** Largest stdout or stderr kept: 64 MiB. More fails the call. */
#define NP_COMMAND_MAX_OUTPUT ((size_t)64 << 20)

/** Runs argv[0] (looked up in PATH when it has no '/') with `argv`
 * (NULL-terminated; borrowed), writing `input` to its stdin and appending
 * its stdout and stderr to `out` and `errout`. `timeout` > 0 is seconds
 * from the start; at the deadline the command's process group is killed.
 * Returns NP_OK when the command ran (whatever its exit status: see
 * `*result`); NP_EIO when it could not be started (err names the command
 * and why), NP_ELIMIT when an output exceeds NP_COMMAND_MAX_OUTPUT, NP_ENOMEM.
 * Never raises SIGPIPE in the caller, and leaves no child behind. */
np_status np_command_run(np_command_result *result, char *const argv[],
                         np_slice input, double timeout, np_buf *out,
                         np_buf *errout, np_error *err);

#endif
