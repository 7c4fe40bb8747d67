/* libFuzzer target: split + front matter + unedited write-back must give
 * the input back; then edits (the first key changed, the second removed,
 * one added) must serialise or fail with an error, never crash or write
 * something that reads back wrong (np_meta_write verifies that itself). */
#include <stdlib.h>
#include <string.h>

#include "post.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
  np_post *post = NULL;
  np_error err;
  np_error_clear(&err);
  if (np_post_parse(&post, "fuzz.md", np_slice_from((const char *)data, size),
                    NULL, NULL, &err) < 0) {
    return 0;
  }
  np_buf out;
  np_buf_init(&out);
  if (np_post_serialize(post, &out, &err) < 0 ||
      !np_slice_eq(np_buf_slice(&out),
                   np_slice_from((const char *)data, size))) {
    abort(); /* an unedited post must come back byte for byte */
  }
  np_meta *meta = np_post_meta(post);
  if (np_meta_count(meta) > 0) {
    np_slice key = np_meta_key_at(meta, 0);
    np_value *v = np_meta_get_mut(meta, key);
    if (v && v->kind == NP_VALUE_LIST) {
      np_value_list_append(np_post_arena(post), v,
                           np_value_new_string(np_post_arena(post), "x y", 3));
    } else {
      np_meta_set(
          meta, key,
          np_value_new_string(np_post_arena(post), "新 value: 1\n", 14));
    }
    if (np_meta_count(meta) > 2) {
      np_meta_remove(meta, np_meta_key_at(meta, 1));
    }
    np_meta_set(meta, np_slice_from("added", 5),
                np_value_new_int(np_post_arena(post), 7));
    np_buf_clear(&out);
    np_status rc = np_post_serialize(post, &out, &err);
    if (rc == NP_EINTERNAL) {
      abort(); /* the write-back self-check caught a wrong rewrite */
    }
  }
  np_buf_fini(&out);
  np_post_free(post);
  return 0;
}
