/* np_post_split: delimiters, BOM, line ends, and the errors and warnings
 * that name line and column. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "post.h"

static np_layout layout;
static np_error err;
static int warnings;
static np_error last_warning;

static void on_warning(void *payload, const np_error *w)
{
  (void)payload;
  warnings++;
  last_warning = *w;
}

static np_status split(const char *text, size_t len)
{
  warnings = 0;
  np_error_clear(&err);
  return np_post_split(&layout, np_slice_from(text, len), on_warning, NULL,
                       &err);
}

#define SPLIT(lit) split((lit), sizeof(lit) - 1)

static void span_is(np_span s, size_t start, size_t end)
{
  INT_EQ(s.start, start);
  INT_EQ(s.end, end);
}

int main(void)
{
  INT_EQ(SPLIT("---\na: 1\n---\nbody\n"), NP_OK);
  OK(layout.has_front_matter, "front matter found");
  span_is(layout.open, 0, 4);
  span_is(layout.front_matter, 4, 9);
  span_is(layout.close, 9, 13);
  span_is(layout.body, 13, 18);
  STR_EQ(layout.eol, "\n");

  /* "..." closes too; trailing blanks on delimiter lines are allowed */
  INT_EQ(SPLIT("--- \t\na: 1\n... \nbody"), NP_OK);
  span_is(layout.front_matter, 6, 11);
  span_is(layout.body, 16, 20);

  /* BOM + CRLF */
  INT_EQ(SPLIT("\xEF\xBB\xBF---\r\na: 1\r\n---\r\nbody\r\n"), NP_OK);
  INT_EQ(layout.bom, 3);
  span_is(layout.front_matter, 8, 14);
  STR_EQ(layout.eol, "\r\n");

  /* lone CR line ends */
  INT_EQ(SPLIT("---\ra: 1\r---\rbody"), NP_OK);
  span_is(layout.front_matter, 4, 9);
  span_is(layout.body, 13, 17);
  STR_EQ(layout.eol, "\r");

  /* empty front matter; a closer at end of file without a line end */
  INT_EQ(SPLIT("---\n---\n"), NP_OK);
  span_is(layout.front_matter, 4, 4);
  span_is(layout.body, 8, 8);
  INT_EQ(SPLIT("---\na: 1\n---"), NP_OK);
  span_is(layout.body, 12, 12);

  /* not front matter: no "---" first, "----", "--- x", a BOM-less space */
  const char *bodies[] = {"# Title\n---\n", "----\na: 1\n----\n",
                          "--- x\na: 1\n---\n", " ---\na: 1\n---\n", ""};
  for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
    INT_EQ(split(bodies[i], strlen(bodies[i])), NP_OK);
    OK(!layout.has_front_matter, bodies[i]);
    span_is(layout.body, 0, strlen(bodies[i]));
  }
  /* "----" inside does not close; "---x" neither */
  INT_EQ(SPLIT("---\na: 1\n----\n---x\n---\nb"), NP_OK);
  span_is(layout.front_matter, 4, 19);

  /* never closed: the error names the opening line */
  INT_EQ(SPLIT("\n---\n"), NP_OK); /* a blank line first: no front matter */
  INT_EQ(SPLIT("---\ntitle: x\n\nbody text\n"), NP_ESYNTAX);
  INT_EQ(err.line, 1);
  INT_EQ(err.column, 1);
  OK(strstr(err.msg, "never closed") != NULL, err.msg);
  INT_EQ(SPLIT("\xEF\xBB\xBF---"), NP_ESYNTAX);
  INT_EQ(err.line, 1);

  /* files that are not UTF-8 text are refused whole; text in a legacy
   * encoding and text with a stray NUL are posts */
  INT_EQ(SPLIT("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"), NP_ESYNTAX);
  OK(strstr(err.msg, "a PNG image") != NULL, err.msg);
  INT_EQ(SPLIT("\xFF\xFE-\0-\0-\0\n\0"), NP_ESYNTAX);
  OK(strstr(err.msg, "UTF-16") != NULL, err.msg);
  INT_EQ(SPLIT("-\0-\0-\0\n\0t\0i\0t\0l\0e\0:\0"), NP_ESYNTAX);
  OK(strstr(err.msg, "UTF-16 without a BOM") != NULL, err.msg);
  /* UTF-32's BOM begins as UTF-16's does */
  INT_EQ(SPLIT("\xFF\xFE\0\0-\0\0\0-\0\0\0"), NP_ESYNTAX);
  OK(strstr(err.msg, "UTF-32") != NULL, err.msg);
  INT_EQ(SPLIT("\0\0\xFE\xFF\0\0\0-"), NP_ESYNTAX);
  OK(strstr(err.msg, "UTF-32") != NULL, err.msg);
  INT_EQ(SPLIT("SQLite format 3\0\x10\0\x01\x01"), NP_ESYNTAX);
  OK(strstr(err.msg, "an SQLite database") != NULL, err.msg);
  /* Hugo's TOML front matter is body, with a warning at 1:1 */
  INT_EQ(SPLIT("+++\ntitle = \"x\"\n+++\nbody\n"), NP_OK);
  INT_EQ(warnings, 1);
  INT_EQ(last_warning.line, 1);
  OK(strstr(last_warning.msg, "TOML front matter") != NULL, last_warning.msg);
  OK(!layout.has_front_matter && layout.body.start == 0, "all of it is body");
  INT_EQ(SPLIT("\x01\x9A\0\xF3\xC8\x11\xFE\x80\x80\x07\xE1\0\xAB\x9C\x8D\xC0"),
         NP_ESYNTAX);
  OK(strstr(err.msg, "NUL or invalid UTF-8") != NULL, err.msg);
  INT_EQ(SPLIT("---\ntitle: x\n---\n\xB1\xB1\xBE\xA9\xCA\xD0\xD5\xFE\xB8\xAE"
               "\xB9\xAB\xB2\xBC\n"),
         NP_OK); /* GBK: invalid UTF-8, no NUL */
  INT_EQ(SPLIT("---\ntitle: x\n---\n<p>a\0b</p>\n"), NP_OK);

  /* NUL and invalid UTF-8 in front matter: errors at line:column */
  INT_EQ(SPLIT("---\ntitle: ab\0c\n---\n"), NP_ESYNTAX);
  INT_EQ(err.line, 2);
  INT_EQ(err.column, 10);
  OK(strstr(err.msg, "NUL") != NULL, err.msg);
  INT_EQ(SPLIT("---\ntitle: 王\x93\n---\n"), NP_ESYNTAX);
  INT_EQ(err.line, 2);
  INT_EQ(err.column, 9); /* characters, not bytes: 王 is one column */
  OK(strstr(err.msg, "0x93") != NULL, err.msg);
  OK(strstr(err.msg, "iconv") != NULL, err.msg); /* a legacy encoding */
  INT_EQ(SPLIT("---\ntitle: 王国 caf\xe9 王国\n---\n"), NP_ESYNTAX);
  OK(strstr(err.msg, "the rest is UTF-8") != NULL, err.msg); /* a stray byte */

  /* ... in the body: warnings, the post still splits */
  INT_EQ(SPLIT("---\na: 1\n---\nok\r\nbad \x92 and \x92\n"), NP_OK);
  INT_EQ(warnings, 1);
  INT_EQ(last_warning.line, 5);
  INT_EQ(last_warning.column, 5);
  OK(strstr(last_warning.msg, "2 bad bytes") != NULL, last_warning.msg);
  INT_EQ(SPLIT("body\0\0 here"), NP_OK);
  INT_EQ(warnings, 1);
  INT_EQ(last_warning.column, 5);
  OK(strstr(last_warning.msg, "2 in all") != NULL, last_warning.msg);

  /* reading leniently: front-matter problems become warnings */
  {
    char dir[] = "/tmp/np_post_XXXXXX";
    OK(mkdtemp(dir) != NULL, "temp dir");
    char p1[64], p2[64];
    snprintf(p1, sizeof p1, "%s/unclosed.md", dir);
    snprintf(p2, sizeof p2, "%s/bad.md", dir);
    FILE *f = fopen(p1, "w");
    fputs("---\ntitle: x\n\n<p>body</p>\n", f);
    fclose(f);
    f = fopen(p2, "w");
    fputs("---\ntitle: Bad: colon\n---\n<p>body</p>\n", f);
    fclose(f);
    np_post *lp = NULL;
    warnings = 0;
    INT_EQ(np_post_read_lenient(&lp, p1, on_warning, NULL, &err), NP_OK);
    INT_EQ(warnings, 1);
    OK(strstr(last_warning.msg, "never closed") &&
           strstr(last_warning.msg, "read as body"),
       last_warning.msg);
    OK(lp && !np_post_layout(lp)->has_front_matter, "no front matter");
    INT_EQ(np_post_layout(lp)->body.start, 0);
    np_post_free(lp);
    warnings = 0;
    INT_EQ(np_post_read_lenient(&lp, p2, on_warning, NULL, &err), NP_OK);
    INT_EQ(warnings, 1);
    INT_EQ(last_warning.line, 2);
    OK(strstr(last_warning.msg, "read as no keys") != NULL, last_warning.msg);
    INT_EQ(np_meta_count(np_post_meta(lp)), 0);
    np_buf b;
    np_buf_init(&b);
    INT_EQ(np_post_serialize(lp, &b, &err), NP_OK);
    MEM_EQ(b.data, b.len, "---\ntitle: Bad: colon\n---\n<p>body</p>\n");
    np_meta_set(np_post_meta(lp), np_slice_from("t", 1),
                np_value_new_int(np_post_arena(lp), 1));
    np_buf_clear(&b);
    INT_EQ(np_post_serialize(lp, &b, &err), NP_EINVAL);
    np_buf_fini(&b);
    np_post_free(lp);
    INT_EQ(np_post_read(&lp, p2, NULL, NULL, &err), NP_ESYNTAX); /* strict */
    remove(p1);
    remove(p2);
    rmdir(dir);
  }

  /* a whole post through np_post_parse, errors carry the path */
  np_post *post = NULL;
  const char bad[] = "---\nt: [\n---\n";
  INT_EQ(np_post_parse(&post, "x/y.md", np_slice_from(bad, sizeof bad - 1),
                       NULL, NULL, &err),
         NP_ESYNTAX);
  OK(post == NULL, "no post on failure");
  STR_EQ(err.path, "x/y.md");
  INT_EQ(np_post_read(&post, "/nonexistent/newspipe.md", NULL, NULL, &err),
         NP_EIO);
  OK(strstr(err.msg, "No such file") != NULL, err.msg);

  /* the post keeps its own copy of the path (Lua frees its string) */
  char *path = strdup("posts/kept.md");
  const char good[] = "---\nt: 1\n---\nbody\n";
  INT_EQ(np_post_parse(&post, path, np_slice_from(good, sizeof good - 1), NULL,
                       NULL, &err),
         NP_OK);
  path[0] = 'X';
  free(path);
  STR_EQ(np_post_path(post), "posts/kept.md");
  np_post_free(post);

  /* an edit is not written when the post would then read as binary: here
   * removing a comment leaves mostly NUL bytes */
  char mostly_text[240];
  size_t n = 0;
  n += (size_t)sprintf(mostly_text, "---\nt: 1\n---\n<p>");
  memset(mostly_text + n, 0, 60);
  n += 60;
  n += (size_t)sprintf(mostly_text + n, "</p><!--%0150d-->", 0);
  INT_EQ(np_post_parse(&post, "a.html", np_slice_from(mostly_text, n), NULL,
                       NULL, &err),
         NP_OK);
  np_dom *dom = NULL;
  INT_EQ(np_post_body(post, &dom, &err), NP_OK);
  np_dom_remove(dom->root->last_child);
  np_buf out;
  np_buf_init(&out);
  INT_EQ(np_post_serialize(post, &out, &err), NP_EREFUSED);
  INT_EQ(out.len, 0);
  OK(strstr(err.msg, "the edited post would not read back (not a text post") ==
         err.msg,
     err.msg);
  np_buf_fini(&out);
  np_post_free(post);
  return np_test_summary();
}
