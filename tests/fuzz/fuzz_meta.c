/* libFuzzer target for YAML -> meta: the input is front matter text (what
 * lies between the "---" lines). Unedited it must write back byte for
 * byte; each value must write as JSON; then every key is renamed, so every
 * entry is emitted afresh in its old style, and the write-back's read-back
 * check must never fail. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "meta.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
  np_slice text = np_slice_from((const char *)data, size);
  np_arena *arena = np_arena_new();
  np_meta *meta = NULL;
  np_error err;
  np_error_clear(&err);
  if (np_meta_parse(&meta, arena, text, (np_span){0, size}, "\n", NULL, NULL,
                    &err) < 0) {
    if (err.msg[0] == '\0') {
      abort(); /* a refusal always says why */
    }
    np_arena_free(arena);
    return 0;
  }
  np_buf out;
  np_buf_init(&out);
  if (np_meta_write(meta, &out, &err) < 0 ||
      !np_slice_eq(np_buf_slice(&out), text)) {
    abort(); /* unedited front matter comes back byte for byte */
  }
  size_t n = np_meta_count(meta);
  for (size_t i = 0; i < n; i++) {
    np_buf_clear(&out);
    if (np_json_value(&out, np_meta_value_at(meta, i)) < 0) {
      abort();
    }
  }
  for (size_t i = 0; i < n; i++) {
    np_slice key = np_meta_key_at(meta, i);
    char *renamed = np_arena_alloc(np_meta_arena(meta), key.len + 2);
    memcpy(renamed, key.ptr, key.len);
    memcpy(renamed + key.len, "~", 2);
    np_meta_rename(meta, key, np_slice_from(renamed, key.len + 1), &err);
  }
  np_buf_clear(&out);
  if (np_meta_write(meta, &out, &err) == NP_EINTERNAL) {
    abort(); /* the write-back self-check caught a wrong rewrite */
  }
  np_buf_fini(&out);
  np_arena_free(arena);
  return 0;
}
