/* Unified diffs of two texts, line by line (Myers' algorithm), for
 * `newspipe run --diff`: what an export would change, as `diff -u` shows
 * it. */
#ifndef NP_DIFF_H
#define NP_DIFF_H

#include "buf.h"

/** Appends the unified diff turning `a` into `b` ("--- name_a", "+++
 * name_b", hunks with `context` lines around each change); nothing when
 * they are equal. A last line without a line end is marked as diff marks
 * it. NP_ENOMEM. */
np_status np_diff_unified(np_buf *out, const char *name_a, const char *name_b,
                          np_slice a, np_slice b, size_t context);

#endif
