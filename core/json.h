/* Writing JSON text: strings (invalid UTF-8 becomes U+FFFD, on purpose)
 * and front-matter values with their types mapped to JSON's. */
#ifndef NP_JSON_H
#define NP_JSON_H

#include "buf.h"
#include "value.h"

/** Appends `s` as a JSON string literal. Bytes that are not UTF-8 are
 * written as U+FFFD; control characters are escaped. */
np_status np_json_string(np_buf *out, np_slice s);

/** Appends `v` as compact JSON: null, true/false, numbers (non-finite
 * floats as null), strings, timestamps as ISO 8601 strings, lists as
 * arrays, maps as objects in order. */
np_status np_json_value(np_buf *out, const np_value *v);

/** Appends a double so that it reads back the same (null if not finite). */
np_status np_json_number(np_buf *out, double d);

#endif
