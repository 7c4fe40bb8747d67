/* The removal property of the body tests: removing nodes from an exact
 * tree takes out exactly their bytes (each with its lead) and nothing
 * else. In a Markdown body the white space where the cuts meet may
 * differ: the writer keeps a blank line there exactly when the file had
 * one before the removed node (core/serialize_html.c, join()). */
#ifndef NP_TESTS_REMOVAL_H
#define NP_TESTS_REMOVAL_H

#include "common.h"

static inline bool removal_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether `got` is `want` but for the white space runs where they part. */
static inline bool removal_matches(np_slice got, np_slice want, bool markdown)
{
  if (!markdown) {
    return np_slice_eq(got, want);
  }
  size_t i = 0, j = 0;
  while (i < got.len || j < want.len) {
    if (i < got.len && j < want.len && got.ptr[i] == want.ptr[j]) {
      i++;
      j++;
      continue;
    }
    bool blank_got = i < got.len && removal_blank(got.ptr[i]);
    bool blank_want = j < want.len && removal_blank(want.ptr[j]);
    if (!blank_got && !blank_want) {
      return false;
    }
    while (i < got.len && removal_blank(got.ptr[i])) {
      i++;
    }
    while (j < want.len && removal_blank(want.ptr[j])) {
      j++;
    }
  }
  return true;
}

#endif
