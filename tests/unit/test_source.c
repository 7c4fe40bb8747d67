/* Positions and UTF-8 checks. */
#include "harness.h"
#include "source.h"

static void pos_is(const char *text, size_t off, size_t line, size_t col)
{
  np_position p = np_source_position(np_slice_from(text, strlen(text)), off);
  INT_EQ(p.line, line);
  INT_EQ(p.column, col);
}

/* The index gives what the walk from the start gives, at every offset. */
static void test_line_index(void)
{
  static const char *const texts[] = {"",
                                      "a",
                                      "\n",
                                      "ab\ncd\n",
                                      "a\r\nb\rc\n\nd",
                                      "\r\n\r\n",
                                      "\xe4\xb8\xad\xe6\x96\x87\nx\xffy\r",
                                      "no end"};
  for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
    np_slice text = {texts[t], strlen(texts[t])};
    np_arena *arena = np_arena_new();
    np_line_index index;
    INT_EQ(np_line_index_build(&index, arena, text), NP_OK);
    for (size_t off = 0; off <= text.len; off++) {
      np_position a = np_source_position(text, off);
      np_position b = np_line_index_position(&index, text, off);
      INT_EQ(b.line, a.line);
      INT_EQ(b.column, a.column);
    }
    np_arena_free(arena);
  }
}

int main(void)
{
  test_line_index();
  pos_is("ab\ncd", 0, 1, 1);
  pos_is("ab\ncd", 3, 2, 1);
  pos_is("ab\ncd", 5, 2, 3);
  pos_is("ab\r\ncd", 4, 2, 1);
  pos_is("ab\r\ncd", 3, 1, 3); /* inside the CRLF: the CR's column */
  pos_is("ab\rcd\re", 6, 3, 1);
  pos_is("王毅x", 6, 1, 3); /* columns count characters */
  pos_is("a\xFF"
         "b",
         2, 1, 3); /* an invalid byte counts one */
  pos_is("", 0, 1, 1);

  const unsigned char ok[] = "a\xC3\xA9\xE7\x8E\x8B\xF0\x9F\x98\x80";
  INT_EQ(np_utf8_find_invalid(np_slice_from((const char *)ok, sizeof ok - 1)),
         sizeof ok - 1);
  const char *bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                       "\xE7\x8E", "\x80",         "\xF8\x88\x80\x80\x80"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    INT_EQ(np_utf8_find_invalid(np_slice_from(bad[i], strlen(bad[i]))), 0);
  }
  np_slice t = np_slice_from("a\r\nb\rc\nd", 8);
  INT_EQ(np_line_end_length(t, 1), 2);
  INT_EQ(np_line_end_length(t, 4), 1);
  INT_EQ(np_next_line_start(t, 0), 3);
  INT_EQ(np_next_line_start(t, 3), 5);
  INT_EQ(np_line_start(t, 4), 3);
  INT_EQ(np_line_start(t, 3), 3);
  INT_EQ(np_line_start(t, 7), 7);
  return np_test_summary();
}
