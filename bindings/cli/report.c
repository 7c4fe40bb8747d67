/* Diagnostics in the compilers' form, so editors can jump to them. */
#include "cli.h"

#include <stdarg.h>

void np_cli_report(FILE *out, const char *path, const np_error *e,
                   const char *severity)
{
  if (e->line > 0) {
    fprintf(out, "%s:%zu:%zu: %s: %s\n", path, e->line, e->column, severity,
            e->msg);
  } else {
    fprintf(out, "%s: %s: %s\n", path, severity, e->msg);
  }
}

void np_cli_fail(const char *fmt, ...)
{
  va_list ap;
  fputs("newspipe: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

bool np_cli_walk_problem(const char *path, np_walk_problem problem,
                         const char *message)
{
  if (problem == NP_WALK_SKIPPED) {
    fprintf(stderr, "%s: warning: %s\n", path, message);
    return false;
  }
  np_cli_fail("%s: %s", path, message);
  return true;
}
