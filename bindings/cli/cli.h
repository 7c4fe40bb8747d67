/* The newspipe command: shared pieces of its subcommands. Only this layer
 * writes to the terminal. */
#ifndef NP_CLI_H
#define NP_CLI_H

#include <stdio.h>

#include "error.h"
#include "walk.h"

/* Exit statuses, as the docs promise them. */
enum { NP_EXIT_OK = 0, NP_EXIT_FAILED = 1, NP_EXIT_USAGE = 2 };

/** Prints `path:line:col: <severity>: message` (the place omitted when
 * unknown) to `out`. */
void np_cli_report(FILE *out, const char *path, const np_error *e,
                   const char *severity);

/** Prints "newspipe: " + message to stderr. */
void np_cli_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/** Tells of what a walk met (np_walk_error_fn's arguments): a path passed
 * by as a warning, one that cannot be read as "newspipe: PATH: message".
 * True for the latter: posts may be missing, which the caller counts. */
bool np_cli_walk_problem(const char *path, np_walk_problem problem,
                         const char *message);

int np_cmd_check(int argc, char **argv);
int np_cmd_inspect(int argc, char **argv);
int np_cmd_lua(int argc, char **argv);
int np_cmd_pack(int argc, char **argv);
int np_cmd_query(int argc, char **argv);
int np_cmd_run(int argc, char **argv);
int np_cmd_search(int argc, char **argv);

#endif
