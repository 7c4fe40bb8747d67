/* Reading JSON text: the members of one object a line, as the posts a
 * stream brings (newspipe run --stream) are given. */
#ifndef NP_JSON_READ_H
#define NP_JSON_READ_H

#include "buf.h"
#include "error.h"

/** Reads `text`, which must be one JSON object (blanks around it are
 * allowed), strictly as RFC 8259 says: UTF-8, no control characters or
 * lone surrogates in strings, objects and arrays nested at most 64 deep.
 * For each member whose key is keys[i] and whose value is a string, that
 * string, decoded, is appended to values[i] (cleared first) and found[i]
 * set; a member with that key and another kind of value is an error.
 * Other members are checked and passed by. A key given twice: the last
 * wins. NP_ESYNTAX with the fault's offset in `text` (line 1, column as
 * np_error_set_at counts), or NP_ENOMEM / NP_ELIMIT from the buffers. */
np_status np_json_read_strings(np_slice text, const char *const *keys,
                               size_t nkeys, np_buf *values, bool *found,
                               np_error *err);

#endif
