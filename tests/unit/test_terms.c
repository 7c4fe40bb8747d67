/* np_terms: leftmost-longest matching in one pass, whole words, and
 * agreement with a brute-force matcher on random terms and texts. */
#include <stdlib.h>

#include "harness.h"
#include "terms.h"

static np_terms *make(unsigned flags, const char *const *list)
{
  np_terms *t = np_terms_new(flags);
  for (uint32_t i = 0; list[i]; i++) {
    uint32_t index;
    INT_EQ(
        np_terms_add(&index, t, np_slice_from(list[i], strlen(list[i])), NULL),
        NP_OK);
  }
  return t;
}

/* Every match in `text`, as "start-end:index " pairs. */
static void matches_are(const np_terms *t, const char *text, const char *want)
{
  char got[512] = "";
  np_slice s = np_slice_from(text, strlen(text));
  np_span span;
  uint32_t index;
  size_t from = 0;
  while (np_terms_find(&span, &index, t, s, from)) {
    snprintf(got + strlen(got), sizeof got - strlen(got), "%zu-%zu:%u ",
             span.start, span.end, (unsigned)index);
    from = span.end;
  }
  STR_EQ(got, want);
}

static void test_longest_leftmost(void)
{
  static const char *const list[] = {"香港", "香港人", "港人", "a",
                                     "ab",   "abc",    "bcd",  NULL};
  np_terms *t = make(0, list);
  INT_EQ(np_terms_count(t), 7);
  matches_are(t, "香港人", "0-9:1 ");
  matches_are(t, "香港港人", "0-6:0 6-12:2 ");
  matches_are(t, "abcd", "0-3:5 ");
  matches_are(t, "xbcdab", "1-4:6 4-6:4 ");
  matches_are(t, "", "");
  uint32_t index;
  INT_EQ(np_terms_add(&index, t, np_slice_from("ab", 2), NULL), NP_OK);
  INT_EQ(index, 4); /* added before: its old index */
  INT_EQ(np_terms_count(t), 7);
  np_error err;
  INT_EQ(np_terms_add(&index, t, np_slice_from("", 0), &err), NP_EINVAL);
  STR_EQ(err.msg, "a term cannot be empty");
  INT_EQ(np_terms_add(&index, t, np_slice_from("\xe6\xb8", 2), &err),
         NP_EINVAL);
  STR_EQ(err.msg, "a term must be valid UTF-8");
  np_terms_free(t);
  np_terms_free(NULL);
}

static void test_whole_words(void)
{
  static const char *const list[] = {"cat",  "Hong Kong", "港",
                                     "café", "-ed",       NULL};
  np_terms *t = make(NP_TERMS_WHOLE_WORDS, list);
  matches_are(t, "concatenate cat, cats", "12-15:0 ");
  matches_are(t, "Hong Kong's Hong Kongers", "0-9:1 ");
  matches_are(t, "香港人", "3-6:2 ");      /* Han has no word breaks */
  matches_are(t, "cafés café", "7-12:3 "); /* é is a letter */
  matches_are(t, "tire-ed x-edx -ed", "4-7:4 14-17:4 "); /* '-' is no letter */
  matches_are(t, "Ωcat cat9 xcat", "");
  np_terms_free(t);
}

/* The first leftmost-longest match by trying every start and length. */
static bool brute_find(np_span *span, uint32_t *index, const char **list,
                       size_t n, const char *text, size_t from)
{
  size_t len = strlen(text);
  for (size_t start = from; start < len; start++) {
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
      size_t l = strlen(list[i]);
      if (l > best && start + l <= len &&
          memcmp(text + start, list[i], l) == 0) {
        best = l;
        *index = (uint32_t)i;
      }
    }
    if (best) {
      span->start = start;
      span->end = start + best;
      return true;
    }
  }
  return false;
}

static void test_random_against_brute_force(void)
{
  static const char *const pieces[] = {"a", "b", "é", "港"};
  srand(7);
  for (int round = 0; round < 300; round++) {
    char terms[8][16];
    const char *list[8];
    size_t n = 1 + (size_t)rand() % 8, distinct = 0;
    np_terms *t = np_terms_new(0);
    for (size_t i = 0; i < n; i++) {
      terms[i][0] = '\0';
      for (int k = 0, l = 1 + rand() % 3; k < l; k++) {
        strcat(terms[i], pieces[rand() % 4]);
      }
      bool seen = false;
      for (size_t j = 0; j < distinct; j++) {
        seen |= strcmp(list[j], terms[i]) == 0;
      }
      if (!seen) {
        list[distinct++] = terms[i];
        uint32_t index;
        INT_EQ(np_terms_add(&index, t,
                            np_slice_from(terms[i], strlen(terms[i])), NULL),
               NP_OK);
      }
    }
    char text[64] = "";
    for (int k = 0, l = rand() % 12; k < l; k++) {
      strcat(text, pieces[rand() % 4]);
    }
    np_slice s = np_slice_from(text, strlen(text));
    size_t from = 0, from_brute = 0;
    for (;;) {
      np_span got, want;
      uint32_t gi = 0, wi = 0;
      bool g = np_terms_find(&got, &gi, t, s, from);
      bool w = brute_find(&want, &wi, list, distinct, text, from_brute);
      INT_EQ(g, w);
      if (!g || !w) {
        break;
      }
      INT_EQ(got.start, want.start);
      INT_EQ(got.end, want.end);
      INT_EQ(gi, wi);
      from = got.end;
      from_brute = want.end;
    }
    np_terms_free(t);
  }
}

int main(void)
{
  test_longest_leftmost();
  test_whole_words();
  test_random_against_brute_force();
  return np_test_summary();
}
