/* np_diff_unified: the diff applied to a gives b, it is minimal (as many
 * changed lines as an LCS table says), and it reads as diff -u's. */
#include <stdlib.h>

#include "diff.h"
#include "harness.h"

static void diff_is(const char *a, const char *b, const char *want)
{
  np_buf out;
  np_buf_init(&out);
  INT_EQ(np_diff_unified(&out, "a", "b", np_slice_from(a, strlen(a)),
                         np_slice_from(b, strlen(b)), 3),
         NP_OK);
  MEM_EQ(out.data ? out.data : "", out.len, want);
  np_buf_fini(&out);
}

/* Applies a unified diff (as np_diff_unified writes them) to `a`. */
static char *apply(const char *a, const char *diff)
{
  size_t alen = strlen(a);
  char *res = malloc(alen + strlen(diff) + 1);
  size_t r = 0;
  const char *ap = a; /* next unread line of a */
  size_t aline = 1;   /* its number */
  const char *d = strchr(diff, '\n') + 1;
  d = strchr(d, '\n') + 1; /* past --- and +++ */
  while (*d) {
    size_t start = strtoul(d + 4, NULL, 10);
    if (start == 0) {
      start = 1;
    }
    const char *comma = strchr(d + 4, ',');
    const char *space = strchr(d + 4, ' ');
    if (comma && comma < space && strtoul(comma + 1, NULL, 10) == 0) {
      start++; /* "-4,0": insert after line 4 */
    }
    while (aline < start) { /* copy untouched lines */
      const char *nl = strchr(ap, '\n');
      size_t n = nl ? (size_t)(nl - ap) + 1 : strlen(ap);
      memcpy(res + r, ap, n);
      r += n;
      ap += n;
      aline++;
    }
    d = strchr(d, '\n') + 1;
    while (*d && *d != '@') {
      const char *nl = strchr(d, '\n');
      size_t n = (size_t)(nl - d); /* without the \n */
      bool no_eol = nl[1] == '\\';
      if (*d == ' ' || *d == '-') {
        const char *anl = strchr(ap, '\n');
        ap += anl ? (size_t)(anl - ap) + 1 : strlen(ap);
        aline++;
      }
      if (*d == ' ' || *d == '+') {
        memcpy(res + r, d + 1, n - 1);
        r += n - 1;
        if (!no_eol) {
          res[r++] = '\n';
        }
      }
      d = nl + 1;
      if (no_eol) {
        d = strchr(d, '\n') + 1;
      }
    }
  }
  size_t rest = strlen(ap);
  memcpy(res + r, ap, rest);
  res[r + rest] = '\0';
  return res;
}

/* The fewest changed lines: n + m - 2 * LCS over lines of one char. */
static size_t min_changes(const char *a, const char *b)
{
  size_t n = strlen(a) / 2, m = strlen(b) / 2; /* "x\n" lines */
  size_t t[16][16] = {{0}};
  for (size_t i = 1; i <= n; i++) {
    for (size_t j = 1; j <= m; j++) {
      t[i][j] = a[2 * (i - 1)] == b[2 * (j - 1)]
                    ? t[i - 1][j - 1] + 1
                    : (t[i - 1][j] > t[i][j - 1] ? t[i - 1][j] : t[i][j - 1]);
    }
  }
  return n + m - 2 * t[n][m];
}

int main(void)
{
  diff_is("a\nb\n", "a\nb\n", "");
  diff_is("a\nb\nc\n", "a\nB\nc\n",
          "--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  diff_is("x\n", "y",
          "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n"
          "\\ No newline at end of file\n");
  diff_is("", "new\n", "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
  /* far apart changes: two hunks */
  diff_is("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
          "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n",
          "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n"
          "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n");

  /* random texts over three lines: applying gives b, and minimally */
  srand(7);
  for (int round = 0; round < 3000; round++) {
    char a[32], b[32];
    size_t n = (size_t)rand() % 15, m = (size_t)rand() % 15;
    for (size_t i = 0; i < n; i++) {
      a[2 * i] = (char)('a' + rand() % 3);
      a[2 * i + 1] = '\n';
    }
    a[2 * n] = '\0';
    for (size_t i = 0; i < m; i++) {
      b[2 * i] = (char)('a' + rand() % 3);
      b[2 * i + 1] = '\n';
    }
    b[2 * m] = '\0';
    np_buf out;
    np_buf_init(&out);
    INT_EQ(np_diff_unified(&out, "a", "b", np_slice_from(a, 2 * n),
                           np_slice_from(b, 2 * m), 3),
           NP_OK);
    if (out.len == 0) {
      STR_EQ(a, b);
    } else {
      char *got = apply(a, out.data);
      STR_EQ(got, b);
      free(got);
      size_t changes = 0;
      for (const char *p = out.data; *p; p = strchr(p, '\n') + 1) {
        changes += (*p == '-' || *p == '+') && p[1] != '-' && p[1] != '+';
      }
      INT_EQ(changes, min_changes(a, b));
    }
    np_buf_fini(&out);
  }
  return np_test_summary();
}
