/* libFuzzer target for the JSON lines newspipe run --stream reads: the
 * input is one line. A refusal says why, at a column inside the line; an
 * object read writes its strings back (np_json_string) as text that reads
 * back as the same strings; base64 decodes what it encodes. */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "json.h"
#include "json_read.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *const keys[] = {"path", "source", "source_base64"};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
  np_slice text = np_slice_from((const char *)data, size);
  np_buf values[3], again[3], line;
  bool found[3], found_again[3];
  for (int i = 0; i < 3; i++) {
    np_buf_init(&values[i]);
    np_buf_init(&again[i]);
  }
  np_buf_init(&line);
  np_error err;
  np_error_clear(&err);
  np_status rc = np_json_read_strings(text, keys, 3, values, found, &err);
  if (rc < 0) {
    if (rc != NP_ESYNTAX || err.msg[0] == '\0' || err.line == 0 ||
        err.offset > size) {
      abort(); /* a refusal says why, and where in the line */
    }
  } else {
    np_buf_append_char(&line, '{');
    for (int i = 0; i < 3; i++) {
      if (!found[i]) {
        continue;
      }
      if (np_utf8_find_invalid(np_buf_slice(&values[i])) != values[i].len) {
        abort(); /* a decoded string is UTF-8 */
      }
      np_buf_append_str(&line, line.len > 1 ? ",\"" : "\"");
      np_buf_append_str(&line, keys[i]);
      np_buf_append_str(&line, "\":");
      np_json_string(&line, np_buf_slice(&values[i]));
    }
    np_buf_append_char(&line, '}');
    if (np_json_read_strings(np_buf_slice(&line), keys, 3, again, found_again,
                             &err) < 0) {
      abort(); /* what newspipe writes, it reads */
    }
    for (int i = 0; i < 3; i++) {
      if (found[i] != found_again[i] ||
          !np_slice_eq(np_buf_slice(&values[i]), np_buf_slice(&again[i]))) {
        abort();
      }
    }
    if (found[2]) {
      np_buf bytes, coded;
      np_buf_init(&bytes);
      np_buf_init(&coded);
      size_t bad;
      if (np_base64_decode(&bytes, np_buf_slice(&values[2]), &bad) == NP_OK) {
        np_buf back;
        np_buf_init(&back);
        np_base64_encode(&coded, np_buf_slice(&bytes));
        if (np_base64_decode(&back, np_buf_slice(&coded), &bad) != NP_OK ||
            !np_slice_eq(np_buf_slice(&back), np_buf_slice(&bytes))) {
          abort();
        }
        np_buf_fini(&back);
      } else if (bad > values[2].len) {
        abort();
      }
      np_buf_fini(&bytes);
      np_buf_fini(&coded);
    }
  }
  for (int i = 0; i < 3; i++) {
    np_buf_fini(&values[i]);
    np_buf_fini(&again[i]);
  }
  np_buf_fini(&line);
  return 0;
}
