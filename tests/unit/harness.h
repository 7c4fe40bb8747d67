/* A tiny test harness (after cmark's api_test/harness.h): checks count,
 * failures print file:line and the values, and the run ends with
 * "N passed, N failed". */
#ifndef NP_TEST_HARNESS_H
#define NP_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int np_test_passed, np_test_failed;

#define OK(cond, ...)                                                          \
  np_test_check((cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

#define INT_EQ(got, want)                                                      \
  np_test_int_eq((long long)(got), (long long)(want), __FILE__, __LINE__, #got)

#define STR_EQ(got, want)                                                      \
  np_test_str_eq((got), (want), __FILE__, __LINE__, #got)

/* Compares a byte range with a string literal. */
#define MEM_EQ(ptr, len, want)                                                 \
  np_test_mem_eq((ptr), (len), (want), __FILE__, __LINE__, #ptr)

static inline void np_test_check(int cond, const char *file, int line,
                                 const char *expr, const char *msg)
{
  if (cond) {
    np_test_passed++;
  } else {
    np_test_failed++;
    fprintf(stderr, "%s:%d: FAIL: %s (%s)\n", file, line, msg, expr);
  }
}

static inline void np_test_int_eq(long long got, long long want,
                                  const char *file, int line, const char *e)
{
  if (got == want) {
    np_test_passed++;
  } else {
    np_test_failed++;
    fprintf(stderr, "%s:%d: FAIL: %s is %lld, want %lld\n", file, line, e, got,
            want);
  }
}

static inline void np_test_mem_eq(const char *got, size_t len, const char *want,
                                  const char *file, int line, const char *e)
{
  if ((got || len == 0) && len == strlen(want) &&
      (len == 0 || memcmp(got, want, len) == 0)) {
    np_test_passed++;
  } else {
    np_test_failed++;
    fprintf(stderr, "%s:%d: FAIL: %s is\n---\n%.*s\n---\nwant\n---\n%s\n---\n",
            file, line, e, got ? (int)len : 6, got ? got : "(null)", want);
  }
}

static inline void np_test_str_eq(const char *got, const char *want,
                                  const char *file, int line, const char *e)
{
  np_test_mem_eq(got, got ? strlen(got) : 0, want, file, line, e);
}

static inline int np_test_summary(void)
{
  printf("%d passed, %d failed\n", np_test_passed, np_test_failed);
  return np_test_failed ? 1 : 0;
}

#endif
