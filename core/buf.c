/* np_buf: append-only growth with overflow and cap checks. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void np_buf_init(np_buf *buf)
{
  buf->data = NULL;
  buf->len = 0;
  buf->cap = 0;
  buf->limit = NP_MAX_POST_SIZE * 2;
}

void np_buf_fini(np_buf *buf)
{
  free(buf->data);
  buf->data = NULL;
  buf->len = 0;
  buf->cap = 0;
}

void np_buf_clear(np_buf *buf)
{
  np_buf_truncate(buf, 0);
}

void np_buf_truncate(np_buf *buf, size_t len)
{
  if (len < buf->len) {
    buf->len = len;
  }
  if (buf->data) {
    buf->data[buf->len] = '\0';
  }
}

static np_status reserve(np_buf *buf, size_t extra)
{
  if (extra > buf->limit || buf->len > buf->limit - extra) {
    return NP_ELIMIT;
  }
  size_t need = buf->len + extra + 1; /* room for the NUL */
  if (need <= buf->cap) {
    return NP_OK;
  }
  size_t cap = buf->cap ? buf->cap : 256;
  while (cap < need) {
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  }
  char *p = realloc(buf->data, cap);
  if (!p) {
    return NP_ENOMEM;
  }
  buf->data = p;
  buf->cap = cap;
  return NP_OK;
}

np_status np_buf_append(np_buf *buf, const void *data, size_t len)
{
  np_status rc = reserve(buf, len);
  if (rc < 0) {
    return rc;
  }
  if (len > 0) {
    memcpy(buf->data + buf->len, data, len);
  }
  buf->len += len;
  buf->data[buf->len] = '\0';
  return NP_OK;
}

np_status np_buf_append_slice(np_buf *buf, np_slice s)
{
  return np_buf_append(buf, s.ptr, s.len);
}

np_status np_buf_append_str(np_buf *buf, const char *s)
{
  return np_buf_append(buf, s, strlen(s));
}

np_status np_buf_append_char(np_buf *buf, char c)
{
  return np_buf_append(buf, &c, 1);
}

np_status np_buf_printf(np_buf *buf, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    return NP_EINVAL;
  }
  np_status rc = reserve(buf, (size_t)n);
  if (rc < 0) {
    return rc;
  }
  va_start(ap, fmt);
  vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf->len += (size_t)n;
  return NP_OK;
}
