/* A strict JSON reader for one object: a recursive-descent pass over the
 * text that decodes the string members asked for and checks the rest.
 * Depth is capped, so the C stack is bounded whatever the input. */
#include "json_read.h"

#include <string.h>

#include "source.h"

#define MAX_DEPTH 64

typedef struct reader {
  np_slice text;
  size_t at;
  np_error *err;
} reader;

static np_status fail(reader *r, size_t at, const char *what)
{
  return np_error_set_at(r->err, NP_ESYNTAX, r->text, at, "JSON: %s", what);
}

static void skip_blanks(reader *r)
{
  while (r->at < r->text.len) {
    char c = r->text.ptr[r->at];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      break;
    }
    r->at++;
  }
}

static int peek(const reader *r)
{
  return r->at < r->text.len ? (unsigned char)r->text.ptr[r->at] : -1;
}

static np_status put_code_point(np_buf *out, uint32_t cp)
{
  char b[4];
  size_t n;
  if (cp < 0x80) {
    b[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    b[0] = (char)(0xC0 | cp >> 6);
    b[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xE0 | cp >> 12);
    b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = (char)(0xF0 | cp >> 18);
    b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return out ? np_buf_append(out, b, n) : NP_OK;
}

/* Four hex digits at r->at into *cp. */
static bool hex4(reader *r, uint32_t *cp)
{
  if (r->text.len - r->at < 4) {
    return false;
  }
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    char c = r->text.ptr[r->at + (size_t)i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= (uint32_t)(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= (uint32_t)(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= (uint32_t)(c - 'A' + 10);
    } else {
      return false;
    }
  }
  r->at += 4;
  *cp = v;
  return true;
}

/* A string at r->at (its opening quote), decoded into `out` when it is
 * not NULL. */
static np_status read_string(reader *r, np_buf *out)
{
  r->at++; /* the quote */
  for (;;) {
    size_t start = r->at;
    while (r->at < r->text.len) {
      unsigned char c = (unsigned char)r->text.ptr[r->at];
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
        break;
      }
      r->at++;
    }
    if (out && r->at > start &&
        np_buf_append(out, r->text.ptr + start, r->at - start) < 0) {
      return NP_ENOMEM;
    }
    int c = peek(r);
    if (c < 0) {
      return fail(r, r->at, "unterminated string");
    }
    if (c == '"') {
      r->at++;
      return NP_OK;
    }
    if (c < 0x20) {
      return fail(r, r->at,
                  "a control character in a string must be "
                  "escaped (\\n, \\t, \\u0000)");
    }
    if (c >= 0x80) {
      size_t n = np_utf8_sequence_length(
          (const unsigned char *)r->text.ptr + r->at, r->text.len - r->at);
      if (n == 0) {
        return fail(r, r->at, "invalid UTF-8 in a string");
      }
      if (out && np_buf_append(out, r->text.ptr + r->at, n) < 0) {
        return NP_ENOMEM;
      }
      r->at += n;
      continue;
    }
    size_t esc = r->at++; /* the backslash */
    c = peek(r);
    r->at++;
    const char *simple = strchr("\"\\/bfnrt", c > 0 ? c : 'x');
    if (c > 0 && simple) {
      static const char decoded[] = "\"\\/\b\f\n\r\t";
      char d = decoded[simple - "\"\\/bfnrt"];
      if (out && np_buf_append_char(out, d) < 0) {
        return NP_ENOMEM;
      }
      continue;
    }
    uint32_t cp;
    if (c != 'u' || !hex4(r, &cp)) {
      return fail(r, esc, "invalid escape in a string");
    }
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return fail(r, esc, "a lone UTF-16 surrogate (\\uDC00-\\uDFFF)");
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low;
      if (r->text.len - r->at < 6 || r->text.ptr[r->at] != '\\' ||
          r->text.ptr[r->at + 1] != 'u') {
        return fail(r, esc, "a lone UTF-16 surrogate (\\uD800-\\uDBFF)");
      }
      r->at += 2;
      if (!hex4(r, &low) || low < 0xDC00 || low > 0xDFFF) {
        return fail(r, esc, "a lone UTF-16 surrogate (\\uD800-\\uDBFF)");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (put_code_point(out, cp) < 0) {
      return NP_ENOMEM;
    }
  }
}

static np_status read_number(reader *r)
{
  size_t start = r->at;
  const char *p = r->text.ptr;
  size_t n = r->text.len;
  size_t i = r->at;
  if (i < n && p[i] == '-') {
    i++;
  }
  if (i < n && p[i] == '0') {
    i++;
  } else if (i < n && p[i] >= '1' && p[i] <= '9') {
    while (i < n && p[i] >= '0' && p[i] <= '9') {
      i++;
    }
  } else {
    return fail(r, start, "invalid number");
  }
  if (i < n && p[i] == '.') {
    i++;
    if (i >= n || p[i] < '0' || p[i] > '9') {
      return fail(r, start, "invalid number");
    }
    while (i < n && p[i] >= '0' && p[i] <= '9') {
      i++;
    }
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < n && (p[i] == '+' || p[i] == '-')) {
      i++;
    }
    if (i >= n || p[i] < '0' || p[i] > '9') {
      return fail(r, start, "invalid number");
    }
    while (i < n && p[i] >= '0' && p[i] <= '9') {
      i++;
    }
  }
  r->at = i;
  return NP_OK;
}

static np_status read_value(reader *r, int depth);

/* An object or array at r->at (its opening bracket). In the outermost
 * object (`keys` not NULL) the string members asked for are decoded. */
static np_status read_container(reader *r, int depth, const char *const *keys,
                                size_t nkeys, np_buf *values, bool *found)
{
  bool object = r->text.ptr[r->at] == '{';
  char close = object ? '}' : ']';
  if (depth >= MAX_DEPTH) {
    return fail(r, r->at, "nested more than 64 deep");
  }
  r->at++;
  skip_blanks(r);
  if (peek(r) == close) {
    r->at++;
    return NP_OK;
  }
  np_buf key;
  np_buf_init(&key);
  np_status rc = NP_OK;
  for (;;) {
    ptrdiff_t wanted = -1;
    if (object) {
      skip_blanks(r);
      if (peek(r) != '"') {
        rc = fail(r, r->at, "expected a member's name (a string)");
        break;
      }
      np_buf_clear(&key);
      if ((rc = read_string(r, keys ? &key : NULL)) < 0) {
        break;
      }
      for (size_t i = 0; keys && i < nkeys; i++) {
        if (key.len == strlen(keys[i]) &&
            memcmp(key.data, keys[i], key.len) == 0) {
          wanted = (ptrdiff_t)i;
        }
      }
      skip_blanks(r);
      if (peek(r) != ':') {
        rc = fail(r, r->at, "expected ':' after a member's name");
        break;
      }
      r->at++;
    }
    skip_blanks(r);
    if (wanted >= 0) {
      if (peek(r) != '"') {
        rc = np_error_set_at(r->err, NP_ESYNTAX, r->text, r->at,
                             "JSON: \"%s\" must be a string", keys[wanted]);
        break;
      }
      np_buf_clear(&values[wanted]);
      if ((rc = read_string(r, &values[wanted])) < 0) {
        break;
      }
      found[wanted] = true;
    } else if ((rc = read_value(r, depth + 1)) < 0) {
      break;
    }
    skip_blanks(r);
    int c = peek(r);
    if (c == close) {
      r->at++;
      break;
    }
    if (c != ',') {
      rc = fail(r, r->at,
                object ? "expected ',' or '}' in an object"
                       : "expected ',' or ']' in an array");
      break;
    }
    r->at++;
  }
  np_buf_fini(&key);
  return rc;
}

static bool literal(reader *r, const char *word)
{
  size_t n = strlen(word);
  if (r->text.len - r->at >= n && memcmp(r->text.ptr + r->at, word, n) == 0) {
    r->at += n;
    return true;
  }
  return false;
}

static np_status read_value(reader *r, int depth)
{
  switch (peek(r)) {
  case '{':
  case '[':
    return read_container(r, depth, NULL, 0, NULL, NULL);
  case '"':
    return read_string(r, NULL);
  case 't':
  case 'f':
  case 'n':
    if (literal(r, "true") || literal(r, "false") || literal(r, "null")) {
      return NP_OK;
    }
    return fail(r, r->at, "expected a value");
  case -1:
    return fail(r, r->at, "the text ends where a value should be");
  default:
    return read_number(r);
  }
}

np_status np_json_read_strings(np_slice text, const char *const *keys,
                               size_t nkeys, np_buf *values, bool *found,
                               np_error *err)
{
  reader r = {text, 0, err};
  for (size_t i = 0; i < nkeys; i++) {
    found[i] = false;
    np_buf_clear(&values[i]);
  }
  skip_blanks(&r);
  if (peek(&r) != '{') {
    return fail(&r, r.at, "expected an object ('{')");
  }
  np_status rc = read_container(&r, 0, keys, nkeys, values, found);
  if (rc < 0) {
    return rc;
  }
  skip_blanks(&r);
  return r.at < text.len ? fail(&r, r.at, "text after the object") : NP_OK;
}
