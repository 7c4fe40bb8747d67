/* Base64 (RFC 4648, with padding), for post files that are not UTF-8 and
 * so cannot be JSON strings (newspipe pack, run --stream). */
#ifndef NP_BASE64_H
#define NP_BASE64_H

#include "buf.h"

/** Appends `bytes` to `out` as base64. NP_ENOMEM, NP_ELIMIT. */
np_status np_base64_encode(np_buf *out, np_slice bytes);

/** Appends the bytes `text` encodes to `out`; blanks are not allowed, the
 * '=' padding may be left out. NP_ESYNTAX (with `*bad` the offset of the first
 * byte that is not base64, or text.len when it ends early), NP_ENOMEM,
 * NP_ELIMIT. */
np_status np_base64_decode(np_buf *out, np_slice text, size_t *bad);

#endif
