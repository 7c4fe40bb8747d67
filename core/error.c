/* np_error: filling in the caller's error record. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "source.h"

bool np_slice_eq(np_slice a, np_slice b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool np_slice_eq_str(np_slice a, const char *lit)
{
  return np_slice_eq(a, np_slice_from(lit, strlen(lit)));
}

void np_error_clear(np_error *err)
{
  if (err) {
    memset(err, 0, sizeof *err);
  }
}

static void set_message(np_error *err, const char *fmt, va_list ap)
{
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

np_status np_error_set(np_error *err, np_status status, const char *fmt, ...)
{
  if (err) {
    va_list ap;
    err->status = status;
    err->offset = 0;
    err->line = 0;
    err->column = 0;
    va_start(ap, fmt);
    set_message(err, fmt, ap);
    va_end(ap);
  }
  return status;
}

np_status np_error_set_at(np_error *err, np_status status, np_slice text,
                          size_t offset, const char *fmt, ...)
{
  if (err) {
    va_list ap;
    np_position pos = np_source_position(text, offset);
    err->status = status;
    err->offset = offset;
    err->line = pos.line;
    err->column = pos.column;
    va_start(ap, fmt);
    set_message(err, fmt, ap);
    va_end(ap);
  }
  return status;
}

const char *np_status_name(np_status status)
{
  switch (status) {
  case NP_OK:
    return "ok";
  case NP_ENOMEM:
    return "out of memory";
  case NP_EIO:
    return "input/output error";
  case NP_ESYNTAX:
    return "syntax error";
  case NP_ELIMIT:
    return "limit exceeded";
  case NP_EINVAL:
    return "invalid argument";
  case NP_EUSER:
    return "stage failed";
  case NP_EINTERNAL:
    return "internal error";
  case NP_EREFUSED:
    return "edit refused";
  }
  return "unknown error";
}
