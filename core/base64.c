/* Base64 by table, three bytes to four characters. */
#include "base64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

np_status np_base64_encode(np_buf *out, np_slice bytes)
{
  const unsigned char *p = (const unsigned char *)bytes.ptr;
  char quad[4];
  for (size_t i = 0; i < bytes.len; i += 3) {
    size_t n = bytes.len - i < 3 ? bytes.len - i : 3;
    uint32_t v = (uint32_t)p[i] << 16;
    v |= n > 1 ? (uint32_t)p[i + 1] << 8 : 0;
    v |= n > 2 ? p[i + 2] : 0;
    quad[0] = alphabet[v >> 18 & 63];
    quad[1] = alphabet[v >> 12 & 63];
    quad[2] = n > 1 ? alphabet[v >> 6 & 63] : '=';
    quad[3] = n > 2 ? alphabet[v & 63] : '=';
    np_status rc = np_buf_append(out, quad, 4);
    if (rc < 0) {
      return rc;
    }
  }
  return NP_OK;
}

static int sextet(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}

np_status np_base64_decode(np_buf *out, np_slice text, size_t *bad)
{
  *bad = 0;
  size_t len = text.len;
  size_t pad = 0;
  while (pad < 2 && len > 0 && text.ptr[len - 1] == '=') {
    len--;
    pad++;
  }
  if (len % 4 == 1 || (pad > 0 && (len + pad) % 4 != 0)) {
    *bad = text.len;
    return NP_ESYNTAX; /* ends early: a quad is incomplete */
  }
  uint32_t v = 0;
  int bits = 0;
  for (size_t i = 0; i < len; i++) {
    int s = sextet(text.ptr[i]);
    if (s < 0) {
      *bad = i;
      return NP_ESYNTAX;
    }
    v = v << 6 | (uint32_t)s;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      np_status rc = np_buf_append_char(out, (char)(v >> bits & 0xFF));
      if (rc < 0) {
        return rc;
      }
    }
  }
  return NP_OK;
}
