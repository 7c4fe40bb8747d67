/* Errors the caller owns: a status, a place in a post file and a message.
 * Fixed-size, so reporting out-of-memory never allocates. */
#ifndef NP_ERROR_H
#define NP_ERROR_H

#include "common.h"

#define NP_ERROR_MSG_SIZE 256

/** Where a failure happened and why. `line`/`column` are 1-based (column in
 * characters, see docs/front-matter.md); 0 when the failure has no place. */
typedef struct np_error {
  np_status status;
  const char *path; /**< borrowed; may be NULL */
  size_t offset;    /**< byte offset in the file, valid when line > 0 */
  size_t line;
  size_t column;
  char msg[NP_ERROR_MSG_SIZE];
} np_error;

#if defined(__GNUC__)
#define NP_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define NP_PRINTF_LIKE(f, a)
#endif

/** Called for each problem that does not stop a post (invalid UTF-8 in a
 * body, a front matter that is not a mapping...): the post is still read
 * and its bytes kept. `warning->status` is NP_OK. */
typedef void (*np_warning_fn)(void *payload, const np_error *warning);

/** Clears `err` (NULL is allowed everywhere an np_error * is taken). */
void np_error_clear(np_error *err);

/** Sets status and message, no position. Returns `status`. */
np_status np_error_set(np_error *err, np_status status, const char *fmt, ...)
    NP_PRINTF_LIKE(3, 4);

/** Sets status and message at byte `offset` of `text` (the whole file), whose
 * line and column are computed now. Returns `status`. */
np_status np_error_set_at(np_error *err, np_status status, np_slice text,
                          size_t offset, const char *fmt, ...)
    NP_PRINTF_LIKE(5, 6);

/** A short name for a status, for messages ("out of memory"). */
const char *np_status_name(np_status status);

#endif
