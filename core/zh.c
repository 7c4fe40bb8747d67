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
