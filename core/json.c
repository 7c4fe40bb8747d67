/* Compact JSON output for values and strings. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "source.h"

np_status np_json_string(np_buf *out, np_slice s)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s.ptr;
  np_status rc = np_buf_append_char(out, '"');
  size_t run = 0; /* start of bytes that need no escaping */
  for (size_t i = 0; rc == NP_OK && i < s.len;) {
    unsigned char c = p[i];
    const char *esc = NULL;
    char ubuf[7];
    size_t n = 1;
    if (c >= 0x80) {
      n = np_utf8_sequence_length(p + i, s.len - i);
      if (n > 0) {
        i += n;
        continue;
      }
      esc = "\xEF\xBF\xBD"; /* U+FFFD */
      n = 1;
    } else if (c == '"') {
      esc = "\\\"";
    } else if (c == '\\') {
      esc = "\\\\";
    } else if (c == '\n') {
      esc = "\\n";
    } else if (c == '\r') {
      esc = "\\r";
    } else if (c == '\t') {
      esc = "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      ubuf[0] = '\\';
      ubuf[1] = 'u';
      ubuf[2] = '0';
      ubuf[3] = '0';
      ubuf[4] = hex[c >> 4];
      ubuf[5] = hex[c & 15];
      ubuf[6] = '\0';
      esc = ubuf;
    } else {
      i++;
      continue;
    }
    rc = np_buf_append(out, p + run, i - run);
    if (rc == NP_OK) {
      rc = np_buf_append_str(out, esc);
    }
    i += n;
    run = i;
  }
  if (rc == NP_OK && run < s.len) { /* an empty slice's pointer may be NULL */
    rc = np_buf_append(out, p + run, s.len - run);
  }
  if (rc == NP_OK) {
    rc = np_buf_append_char(out, '"');
  }
  return rc;
}

np_status np_json_number(np_buf *out, double d)
{
  if (!isfinite(d)) {
    return np_buf_append_str(out, "null");
  }
  char buf[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (strtod(buf, NULL) == d) {
      break;
    }
  }
  return np_buf_append_str(out, buf);
}

np_status np_json_value(np_buf *out, const np_value *v)
{
  np_status rc = NP_OK;
  switch (v->kind) {
  case NP_VALUE_NULL:
    return np_buf_append_str(out, "null");
  case NP_VALUE_BOOL:
    return np_buf_append_str(out, v->as.boolean ? "true" : "false");
  case NP_VALUE_INT:
    return np_buf_printf(out, "%lld", (long long)v->as.integer);
  case NP_VALUE_FLOAT:
    return np_json_number(out, v->as.number);
  case NP_VALUE_STRING:
    return np_json_string(out, v->as.string);
  case NP_VALUE_TIMESTAMP:
    rc = np_buf_append_char(out, '"');
    if (rc == NP_OK) {
      rc = np_timestamp_format_iso(out, &v->as.timestamp);
    }
    return rc == NP_OK ? np_buf_append_char(out, '"') : rc;
  case NP_VALUE_LIST:
    rc = np_buf_append_char(out, '[');
    for (size_t i = 0; rc == NP_OK && i < v->as.list.len; i++) {
      if (i > 0) {
        rc = np_buf_append_char(out, ',');
      }
      if (rc == NP_OK) {
        rc = np_json_value(out, v->as.list.items[i]);
      }
    }
    return rc == NP_OK ? np_buf_append_char(out, ']') : rc;
  case NP_VALUE_MAP:
    rc = np_buf_append_char(out, '{');
    for (size_t i = 0; rc == NP_OK && i < v->as.map.len; i++) {
      if (i > 0) {
        rc = np_buf_append_char(out, ',');
      }
      if (rc == NP_OK) {
        rc = np_json_string(out, v->as.map.entries[i].key);
      }
      if (rc == NP_OK) {
        rc = np_buf_append_char(out, ':');
      }
      if (rc == NP_OK) {
        rc = np_json_value(out, v->as.map.entries[i].value);
      }
    }
    return rc == NP_OK ? np_buf_append_char(out, '}') : rc;
  }
  return NP_EINVAL;
}
