/* OpenCC's C API: opencc_open returns (opencc_t)-1 on failure, and its
 * error text lives in one static string, so opening (rare) is serialised;
 * converting with separate converters needs no lock. */
#include "zh.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "source.h"

struct np_zh {
  opencc_t cc;
};

static pthread_mutex_t opencc_lock = PTHREAD_MUTEX_INITIALIZER;

/* "s2t" -> "s2t.json"; names with a '/' or ending ".json" are kept. */
static bool config_file(char *out, size_t size, const char *config)
{
  size_t len = strlen(config);
  bool has_json = len >= 5 && strcmp(config + len - 5, ".json") == 0;
  if (strchr(config, '/') || has_json) {
    return (size_t)snprintf(out, size, "%s", config) < size;
  }
  return (size_t)snprintf(out, size, "%s.json", config) < size;
}

np_status np_zh_open(np_zh **out, const char *config, np_error *err)
{
  *out = NULL;
  char file[4096];
  if (!config[0] || !config_file(file, sizeof file, config)) {
    return np_error_set(err, NP_EINVAL, "'%s' is not an OpenCC config name",
                        config);
  }
  np_zh *zh = malloc(sizeof *zh);
  if (!zh) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  pthread_mutex_lock(&opencc_lock);
  zh->cc = opencc_open(file);
  bool failed = zh->cc == (opencc_t)-1;
  if (failed) {
    np_error_set(err, NP_EINVAL,
                 "cannot load OpenCC config '%s' (%s); Debian's configs: "
                 "hk2s hk2t jp2t s2hk s2t s2tw s2twp t2hk t2jp t2s t2tw "
                 "tw2s tw2sp tw2t",
                 config, opencc_error());
  }
  pthread_mutex_unlock(&opencc_lock);
  if (failed) {
    free(zh);
    return NP_EINVAL;
  }
  *out = zh;
  return NP_OK;
}

void np_zh_free(np_zh *zh)
{
  if (zh) {
    opencc_close(zh->cc);
    free(zh);
  }
}

bool np_zh_has_han(np_slice text)
{
  const unsigned char *s = (const unsigned char *)text.ptr;
  for (size_t i = 0; i < text.len; i++) {
    /* every ideograph's UTF-8 starts with E3..E9, EF (U+F900-FAFF) or F0 */
    if (s[i] < 0xE3) {
      continue;
    }
    size_t n = np_utf8_sequence_length(s + i, text.len - i);
    if (n < 3) {
      continue;
    }
    uint32_t c = np_utf8_decode(s + i, n);
    if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F)) {
      return true;
    }
    i += n - 1;
  }
  return false;
}

/* Converts one piece without NUL bytes (OpenCC's result is a C string). */
static np_status convert_piece(np_zh *zh, np_buf *out, np_slice piece,
                               np_error *err)
{
  if (!np_zh_has_han(piece)) {
    return np_buf_append_slice(out, piece) < 0
               ? np_error_set(err, NP_ENOMEM, "out of memory")
               : NP_OK;
  }
  char *converted = opencc_convert_utf8(zh->cc, piece.ptr, piece.len);
  if (!converted) {
    /* OpenCC reports allocation failures and bad input alike here */
    return np_error_set(err, NP_EINVAL, "OpenCC: %s", opencc_error());
  }
  np_status rc = np_buf_append_str(out, converted);
  opencc_convert_utf8_free(converted);
  return rc < 0 ? np_error_set(err, NP_ENOMEM, "out of memory") : NP_OK;
}

np_status np_zh_convert(np_zh *zh, np_buf *out, np_slice text, np_error *err)
{
  size_t start = 0;
  for (;;) {
    const char *nul = memchr(text.ptr + start, '\0', text.len - start);
    size_t end = nul ? (size_t)(nul - text.ptr) : text.len;
    np_status rc = convert_piece(
        zh, out, np_slice_from(text.ptr + start, end - start), err);
    if (rc < 0) {
      return rc;
    }
    if (!nul) {
      return NP_OK;
    }
    if (np_buf_append_char(out, '\0') < 0) {
      return np_error_set(err, NP_ENOMEM, "out of memory");
    }
    start = end + 1;
  }
}

/* ---- prose: URLs and protected terms kept ------------------------------ */

static bool is_alnum(unsigned char c)
{
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static bool is_alpha(unsigned char c)
{
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Where a URL starting at `i` ends (exclusive): at a blank or control
 * character, an ASCII quote or bracket no URL ends with, or CJK
 * punctuation (U+3000-303F, U+FF00-FF65: "，。「」（）" end a link in
 * Chinese prose); trailing sentence punctuation is not part of it. */
static size_t url_end(np_slice t, size_t i)
{
  const unsigned char *s = (const unsigned char *)t.ptr;
  while (i < t.len) {
    unsigned char b = s[i];
    if (b < 0x80) {
      if (b <= 0x20 || b == '"' || b == '<' || b == '>' || b == '`' ||
          b == 0x7F) {
        break;
      }
      i++;
      continue;
    }
    unsigned char b2 = i + 1 < t.len ? s[i + 1] : 0;
    unsigned char b3 = i + 2 < t.len ? s[i + 2] : 0;
    if ((b == 0xE3 && b2 == 0x80) ||
        (b == 0xEF && (b2 == 0xBC || (b2 == 0xBD && b3 <= 0xA5)))) {
      break;
    }
    i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  }
  if (i > t.len) {
    i = t.len;
  }
  while (i > 0 && strchr(".,;:!?)", s[i - 1]) && s[i - 1] != '\0') {
    i--;
  }
  return i;
}

bool np_zh_find_url(np_span *out, np_slice text, size_t from)
{
  const unsigned char *s = (const unsigned char *)text.ptr;
  for (size_t i = from; i < text.len; i++) {
    /* a word's start: a letter after something that is no letter or digit */
    if (!is_alpha(s[i]) || (i > 0 && is_alnum(s[i - 1]))) {
      continue;
    }
    size_t j = i;
    while (j < text.len &&
           (is_alnum(s[j]) || s[j] == '+' || s[j] == '.' || s[j] == '-')) {
      j++;
    }
    size_t rest = text.len - j;
    if (rest >= 3 && memcmp(s + j, "://", 3) == 0) {
      *out = (np_span){i, url_end(text, j + 3)};
      return true;
    }
    if (text.len - i >= 4 && memcmp(s + i, "www.", 4) == 0) {
      *out = (np_span){i, url_end(text, i + 4)};
      return true;
    }
  }
  return false;
}

np_status np_zh_convert_text(np_zh *zh, np_buf *out, np_slice text,
                             const np_terms *protect, np_error *err)
{
  if (!np_zh_has_han(text)) {
    return np_buf_append_slice(out, text) < 0
               ? np_error_set(err, NP_ENOMEM, "out of memory")
               : NP_OK;
  }
  size_t pos = 0;
  for (;;) {
    np_span keep;
    bool found = np_zh_find_url(&keep, text, pos);
    np_span term;
    uint32_t index;
    if (protect && np_terms_find(&term, &index, protect, text, pos) &&
        (!found || term.start < keep.start)) {
      keep = term;
      found = true;
    }
    size_t end = found ? keep.start : text.len;
    np_status rc =
        np_zh_convert(zh, out, np_slice_from(text.ptr + pos, end - pos), err);
    if (rc < 0 || !found) {
      return rc;
    }
    if (np_buf_append(out, text.ptr + keep.start, keep.end - keep.start) < 0) {
      return np_error_set(err, NP_ENOMEM, "out of memory");
    }
    pos = keep.end;
  }
}
