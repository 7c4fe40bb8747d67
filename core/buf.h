/* A growable byte buffer with a size cap, for output that outlives a post
 * (serialised files, JSON). Caller-owned struct: np_buf_init / np_buf_fini. */
#ifndef NP_BUF_H
#define NP_BUF_H

#include "common.h"

typedef struct np_buf {
  char *data; /**< owned; NUL-terminated after any successful append */
  size_t len;
  size_t cap;
  size_t limit; /**< appends that would pass it fail with NP_ELIMIT */
} np_buf;

/** An empty buffer capped at NP_MAX_POST_SIZE * 2. */
void np_buf_init(np_buf *buf);
void np_buf_fini(np_buf *buf);
/** Forgets the contents, keeps the memory. */
void np_buf_clear(np_buf *buf);
/** Keeps the first `len` bytes (no more than it holds), NUL-terminated. */
void np_buf_truncate(np_buf *buf, size_t len);

np_status np_buf_append(np_buf *buf, const void *data, size_t len);
np_status np_buf_append_slice(np_buf *buf, np_slice s);
np_status np_buf_append_str(np_buf *buf, const char *s);
np_status np_buf_append_char(np_buf *buf, char c);
np_status np_buf_printf(np_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static inline np_slice np_buf_slice(const np_buf *buf)
{
  np_slice s = {buf->data, buf->len};
  return s;
}

#endif
