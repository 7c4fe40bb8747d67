/* np_meta: typing in context, spans, errors, editing and minimal-diff
 * write-back. */
#include <math.h>
#include <stdlib.h>

#include "buf.h"
#include "harness.h"
#include "post.h"
#include "source.h"

static np_post *parse(const char *text, np_error *err)
{
  np_post *post = NULL;
  np_error_clear(err);
  np_post_parse(&post, "t.md", np_slice_from(text, strlen(text)), NULL, NULL,
                err);
  return post;
}

static const np_value *get(np_post *post, const char *key)
{
  return np_meta_get(np_post_meta(post), np_slice_from(key, strlen(key)));
}

/* Serialises and compares with `want`; frees the post. */
static void expect_output(np_post *post, const char *want, const char *what)
{
  np_buf out;
  np_buf_init(&out);
  np_error err;
  np_error_clear(&err);
  np_status rc = np_post_serialize(post, &out, &err);
  OK(rc == NP_OK, what);
  if (rc < 0) {
    fprintf(stderr, "  serialize: %s\n", err.msg);
  }
  MEM_EQ(out.data, out.len, want);
  np_buf_fini(&out);
  np_post_free(post);
}

static np_value *str(np_post *post, const char *s)
{
  return np_value_new_string(np_post_arena(post), s, strlen(s));
}

static np_slice key(const char *k)
{
  return np_slice_from(k, strlen(k));
}

static const char seed[] =
    "---\n"
    "layout: post\n"
    "title: \"【G20】王毅会见拉夫罗夫\"\n"
    "date: 2022-11-16T01:12:00.000Z\n"
    "author: 联合早报\n"
    "from: https://www.zaobao.com/realtime/china/story20221116-1333670\n"
    "tags: [ 联合早报 ]\n"
    "comments: True\n"
    "categories: [ 联合早报 ]\n"
    "---\n"
    "<!--1668561120000-->\n"
    "body\n";

static void test_types(void)
{
  np_error err;
  np_post *post = parse(seed, &err);
  OK(post != NULL, "seed parses");
  if (!post) {
    return;
  }
  INT_EQ(np_meta_count(np_post_meta(post)), 8);
  const np_value *v = get(post, "title");
  INT_EQ(v->kind, NP_VALUE_STRING);
  INT_EQ(v->style, NP_STYLE_DOUBLE);
  MEM_EQ(v->as.string.ptr, v->as.string.len, "【G20】王毅会见拉夫罗夫");
  np_position p = np_source_position(np_post_source(post), v->span.start);
  INT_EQ(p.line, 3);
  INT_EQ(p.column, 8);
  v = get(post, "date");
  INT_EQ(v->kind, NP_VALUE_TIMESTAMP);
  INT_EQ(v->as.timestamp.seconds, 1668561120);
  INT_EQ(v->as.timestamp.offset, 0);
  v = get(post, "comments");
  INT_EQ(v->kind, NP_VALUE_BOOL);
  OK(v->as.boolean, "True is true");
  v = get(post, "tags");
  INT_EQ(v->kind, NP_VALUE_LIST);
  INT_EQ(v->as.list.len, 1);
  MEM_EQ(v->as.list.items[0]->as.string.ptr, v->as.list.items[0]->as.string.len,
         "联合早报");
  p = np_source_position(np_post_source(post), v->as.list.items[0]->span.start);
  INT_EQ(p.line, 7);
  INT_EQ(p.column, 9);
  np_post_free(post);

  post = parse("---\n"
               "a: 2020-03-31 10:25:07.000000000 +08:00\n"
               "b: '123'\n"
               "c: 123\n"
               "d: 1.5\n"
               "e: ~\n"
               "f:\n"
               "g: yes\n"
               "h: !!str 12\n"
               "i: 2022-11-16\n"
               "j:\n  k: [1, two]\n"
               "---\n",
               &err);
  OK(post != NULL, "mixed types parse");
  if (!post) {
    return;
  }
  v = get(post, "a");
  INT_EQ(v->kind, NP_VALUE_TIMESTAMP);
  INT_EQ(v->as.timestamp.offset, 8 * 3600);
  INT_EQ(v->as.timestamp.seconds, 1585621507);
  INT_EQ(get(post, "b")->kind, NP_VALUE_STRING);
  INT_EQ(get(post, "c")->kind, NP_VALUE_INT);
  INT_EQ(get(post, "c")->as.integer, 123);
  INT_EQ(get(post, "d")->kind, NP_VALUE_FLOAT);
  INT_EQ(get(post, "e")->kind, NP_VALUE_NULL);
  INT_EQ(get(post, "f")->kind, NP_VALUE_NULL);
  INT_EQ(get(post, "g")->kind, NP_VALUE_BOOL);
  INT_EQ(get(post, "h")->kind, NP_VALUE_STRING);
  INT_EQ(get(post, "i")->kind, NP_VALUE_TIMESTAMP);
  OK(get(post, "i")->as.timestamp.is_date, "a date alone");
  v = get(post, "j");
  INT_EQ(v->kind, NP_VALUE_MAP);
  v = np_value_map_get(v, key("k"));
  INT_EQ(v->kind, NP_VALUE_LIST);
  INT_EQ(v->as.list.items[0]->kind, NP_VALUE_INT);
  INT_EQ(v->as.list.items[1]->kind, NP_VALUE_STRING);
  np_post_free(post);
}

static void expect_error(const char *text, np_status st, size_t line,
                         size_t col, const char *needle)
{
  np_error err;
  np_post *post = parse(text, &err);
  OK(post == NULL, needle);
  INT_EQ(err.status, st);
  INT_EQ(err.line, line);
  INT_EQ(err.column, col);
  OK(strstr(err.msg, needle) != NULL, needle);
  if (!strstr(err.msg, needle)) {
    fprintf(stderr, "  message was: %s\n", err.msg);
  }
  np_post_free(post);
}

static void test_errors(void)
{
  expect_error("---\ntitle: a\ndate: 1\ntitle: b\n---\n", NP_ESYNTAX, 4, 1,
               "duplicate key 'title' (first on line 2)");
  expect_error("---\ntitle: Bad: idea\n---\n", NP_ESYNTAX, 2, 11,
               "must be quoted");
  expect_error("---\na: *nope\n---\n", NP_ESYNTAX, 2, 4, "undefined alias");
  expect_error("---\ntitle: \"王毅\x01\"\n---\n", NP_ESYNTAX, 2, 11,
               "control characters");
  /* an anchor bomb: 10 levels of 10 aliases = 10^10 values */
  char bomb[4096];
  size_t n = (size_t)snprintf(bomb, sizeof bomb, "---\na0: &a0 [x]\n");
  for (int i = 1; i <= 10; i++) {
    n += (size_t)snprintf(bomb + n, sizeof bomb - n,
                          "a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,"
                          "*a%d,*a%d]\n",
                          i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                          i - 1, i - 1, i - 1);
  }
  snprintf(bomb + n, sizeof bomb - n, "---\n");
  np_error err;
  np_post *post = parse(bomb, &err);
  OK(post == NULL, "anchor bomb rejected");
  INT_EQ(err.status, NP_ELIMIT);
  OK(strstr(err.msg, "expands to more than 100000 values") &&
         strstr(err.msg, "aliases"),
     err.msg);
  np_post_free(post);
  /* as many values without an alias: a plain limit, no talk of bombs */
  np_buf many;
  np_buf_init(&many);
  np_buf_append_str(&many, "---\n");
  for (int i = 0; i < 60000; i++) {
    np_buf_printf(&many, "k%d: %d\n", i, i);
  }
  np_buf_append_str(&many, "---\n");
  post = parse(many.data, &err);
  OK(post == NULL, "too many keys rejected");
  INT_EQ(err.status, NP_ELIMIT);
  INT_EQ(err.line, 50001);
  OK(strstr(err.msg, "holds more than 100000 values") != NULL, err.msg);
  np_post_free(post);
  np_buf_fini(&many);
  /* YAML's 1024-character limit on a plain key is named as such */
  char key[1200] = "---\n";
  memset(key + 4, 'k', 1100);
  strcpy(key + 1104, ": v\n---\n");
  expect_error(key, NP_ESYNTAX, 2, 1101, "a key longer than 1024 characters");
  /* deep nesting is a limit, not a stack overflow */
  char deep[400];
  memset(deep, 0, sizeof deep);
  strcpy(deep, "---\na: ");
  for (int i = 0; i < 100; i++) {
    strcat(deep, "[");
  }
  strcat(deep, "\n---\n");
  post = parse(deep, &err);
  OK(post == NULL, "deep nesting rejected");
  INT_EQ(err.status, NP_ELIMIT);
  np_post_free(post);
}

static int warnings;
static np_error last_warning;

static void on_warning(void *payload, const np_error *w)
{
  (void)payload;
  warnings++;
  last_warning = *w;
}

/* Valid YAML that is not a mapping: a warning, no keys, bytes kept, and
 * edits refused rather than overwriting what is there. */
static void test_not_a_mapping(void)
{
  const char *texts[] = {"---\n- a\n- b\n---\nbody\n",
                         "---\nThis is a draft\n---\nbody\n"};
  const char *what[] = {"is a list", "is plain text"};
  for (int i = 0; i < 2; i++) {
    np_post *post = NULL;
    np_error err;
    warnings = 0;
    np_status rc =
        np_post_parse(&post, "t.md", np_slice_from(texts[i], strlen(texts[i])),
                      on_warning, NULL, &err);
    INT_EQ(rc, NP_OK);
    INT_EQ(warnings, 1);
    INT_EQ(last_warning.line, 2);
    OK(strstr(last_warning.msg, what[i]) != NULL, last_warning.msg);
    INT_EQ(np_meta_count(np_post_meta(post)), 0);
    np_buf out;
    np_buf_init(&out);
    INT_EQ(np_post_serialize(post, &out, &err), NP_OK);
    MEM_EQ(out.data, out.len, texts[i]);
    np_meta_set(np_post_meta(post), key("title"), str(post, "x"));
    np_buf_clear(&out);
    INT_EQ(np_post_serialize(post, &out, &err), NP_EINVAL);
    OK(strstr(err.msg, "cannot edit") != NULL, err.msg);
    np_buf_fini(&out);
    np_post_free(post);
  }
}

static void test_aliases(void)
{
  np_error err;
  np_post *post = parse("---\nbase: &b [x, y]\nother: *b\n---\n", &err);
  OK(post != NULL, "aliases resolve");
  if (!post) {
    return;
  }
  OK(np_value_equal(get(post, "base"), get(post, "other")), "alias = anchor");
  /* an anchor name redefined inside its own node: each alias gets the
   * anchor complete when it is read, and the outer anchor its own value */
  np_post *nested = parse("---\na: &x [1, &x 2, *x]\nb: *x\n---\n", &err);
  OK(nested != NULL, "redefined anchor parses");
  if (nested) {
    INT_EQ(get(nested, "a")->as.list.items[2]->as.integer, 2);
    INT_EQ(get(nested, "b")->kind, NP_VALUE_INT);
    np_post_free(nested);
  }
  /* changing the anchor's entry writes the alias out expanded */
  np_meta_set(np_post_meta(post), key("base"), str(post, "z"));
  expect_output(post, "---\nbase: z\nother: [x, y]\n---\n", "anchor edit");
}

static void test_untouched(void)
{
  const char *inputs[] = {
      seed,
      "\xEF\xBB\xBF---\r\na: 1 # c\r\n\r\nb: [x]\r\n---\r\nbody\r\n",
      "---\ra: 1\rb: 2\r---\rbody",
      "---\n---\n",
      "---\n# only a comment\n...\nbody",
      "no front matter\n",
      "",
  };
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    np_error err;
    np_post *post = parse(inputs[i], &err);
    OK(post != NULL, "parses");
    if (post) {
      /* reading a value mutably without changing it changes nothing */
      np_meta_get_mut(np_post_meta(post), key("a"));
      expect_output(post, inputs[i], "unedited round trip");
    }
  }
}

static void test_edits(void)
{
  const char *doc = "---\n"
                    "# the title\n"
                    "title: \"Old\"   # keep me\n"
                    "tags:\n"
                    "- a\n"
                    "- b\n"
                    "\n"
                    "date: 2020-03-31 10:25:07.000000000 +08:00\n"
                    "draft: True\n"
                    "---\n"
                    "body\n";
  np_error err;
  np_post *post = parse(doc, &err);
  np_meta_set(np_post_meta(post), key("title"), str(post, "新标题: 王毅"));
  expect_output(post,
                "---\n# the title\ntitle: \"新标题: 王毅\"\ntags:\n- a\n- b\n\n"
                "date: 2020-03-31 10:25:07.000000000 +08:00\ndraft: True\n"
                "---\nbody\n",
                "set keeps quotes and comments of others");

  post = parse(doc, &err);
  np_meta_remove(np_post_meta(post), key("tags"));
  expect_output(post,
                "---\n# the title\ntitle: \"Old\"   # keep me\n\n"
                "date: 2020-03-31 10:25:07.000000000 +08:00\ndraft: True\n"
                "---\nbody\n",
                "delete removes only its lines");

  post = parse(doc, &err);
  np_meta_remove(np_post_meta(post), key("title"));
  expect_output(post,
                "---\ntags:\n- a\n- b\n\n"
                "date: 2020-03-31 10:25:07.000000000 +08:00\ndraft: True\n"
                "---\nbody\n",
                "delete takes its attached comment");

  post = parse(doc, &err);
  OK(np_meta_rename(np_post_meta(post), key("draft"), key("published"), &err) ==
         NP_OK,
     "rename");
  expect_output(
      post,
      "---\n# the title\ntitle: \"Old\"   # keep me\ntags:\n- a\n- b\n"
      "\ndate: 2020-03-31 10:25:07.000000000 +08:00\n"
      "published: True\n---\nbody\n",
      "rename rewrites one line");

  post = parse(doc, &err);
  np_value *tags = np_meta_get_mut(np_post_meta(post), key("tags"));
  np_value_list_append(np_post_arena(post), tags, str(post, "c d"));
  expect_output(
      post,
      "---\n# the title\ntitle: \"Old\"   # keep me\ntags:\n- a\n- b\n"
      "- c d\n\ndate: 2020-03-31 10:25:07.000000000 +08:00\n"
      "draft: True\n---\nbody\n",
      "nested edit keeps the list style");

  post = parse(doc, &err);
  np_meta_set(np_post_meta(post), key("summary"),
              str(post, "第一行\nsecond line\n"));
  np_meta_set(np_post_meta(post), key("url"), str(post, "https://x.y/a?b=c"));
  np_meta_set(np_post_meta(post), key("count"),
              np_value_new_int(np_post_arena(post), 42));
  np_meta_set(np_post_meta(post), key("ratio"),
              np_value_new_float(np_post_arena(post), 1e20));
  np_meta_set(np_post_meta(post), key("flag"), str(post, "yes"));
  np_meta_set(np_post_meta(post), key("lead"), str(post, "- not a list"));
  expect_output(
      post,
      "---\n# the title\ntitle: \"Old\"   # keep me\ntags:\n- a\n- b\n"
      "\ndate: 2020-03-31 10:25:07.000000000 +08:00\ndraft: True\n"
      "summary: |\n  第一行\n  second line\n"
      "url: https://x.y/a?b=c\n"
      "count: 42\n"
      "ratio: 1.0e+20\n"
      "flag: \"yes\"\n"
      "lead: \"- not a list\"\n"
      "---\nbody\n",
      "new keys append, typed and quoted as needed");

  post = parse(doc, &err);
  np_meta_set(np_post_meta(post), key("draft"),
              np_value_new_bool(np_post_arena(post), false));
  np_timestamp ts = get(post, "date")->as.timestamp;
  ts.seconds += 3600;
  np_meta_set(np_post_meta(post), key("date"),
              np_value_new_timestamp(np_post_arena(post), &ts));
  expect_output(
      post,
      "---\n# the title\ntitle: \"Old\"   # keep me\ntags:\n- a\n- b\n"
      "\ndate: 2020-03-31 11:25:07.000000000 +08:00\ndraft: False\n"
      "---\nbody\n",
      "bool and timestamp keep their spelling");

  /* CRLF front matter gets CRLF lines */
  post = parse("---\r\na: 1\r\n---\r\nbody\r\n", &err);
  np_meta_set(np_post_meta(post), key("b"), str(post, "x"));
  expect_output(post, "---\r\na: 1\r\nb: x\r\n---\r\nbody\r\n", "CRLF kept");

  /* a stray U+FEFF before the first key is a column to libyaml: new keys
   * line up with the key, not with the BOM (found by fuzzing) */
  post = parse("---\n\xEF\xBB\xBF title: a\n---\n", &err);
  np_meta_set(np_post_meta(post), key("added"),
              np_value_new_int(np_post_arena(post), 7));
  expect_output(post, "---\n\xEF\xBB\xBF title: a\n  added: 7\n---\n",
                "indentation after a stray BOM");

  /* explicit keys ("? key" / ": value") are rewritten as "key: value";
   * an empty explicit key is the key "" (found by fuzzing) */
  post = parse("---\n? a\n: 1\nb: 2\n---\n", &err);
  np_meta_set(np_post_meta(post), key("a"), str(post, "x"));
  expect_output(post, "---\na: x\nb: 2\n---\n", "explicit key rewritten");
  post = parse("---\n?\n  k\n: 1\nb: |\n  ?\nc: 2\n---\n", &err);
  np_meta_set(np_post_meta(post), key("k"), str(post, "x"));
  np_meta_set(np_post_meta(post), key("c"), str(post, "y"));
  expect_output(post, "---\nk: x\nb: |\n  ?\nc: y\n---\n",
                "explicit key on the line after its '?'");
  post = parse("---\n# c\n?  # why\n\n# more\n k\n: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("k"), str(post, "x"));
  expect_output(post, "---\n# c\nk: x\n---\n",
                "explicit key with comments between '?' and key");
  post = parse("---\n?\r\nname: n\n---\n", &err);
  OK(post != NULL, "empty explicit key parses");
  np_meta_set(np_post_meta(post), key(""), str(post, "v"));
  expect_output(post, "---\n\"\": v\nname: n\n---\n", "empty key rewritten");

  /* found by fuzzing: a mapping indented past 32 columns, and a key that
   * quoting makes longer than libyaml's 1024-character implicit keys */
  post =
      parse("---\n                                        t: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("t"), str(post, "2 3"));
  np_meta_set(np_post_meta(post), key("u"), str(post, "v"));
  expect_output(post,
                "---\n                                        t: 2 3\n"
                "                                        u: v\n---\n",
                "deep indentation kept");
  {
    /* a plain key of 1,004 characters: past the 1,000 we allow implicit keys,
     * so it is written as "? key" / ": value" */
    static char text[2200], want[2400], longkey[1100];
    memset(longkey, 'k', 1004);
    memcpy(longkey + 500, "\\\\\\\\", 4);
    longkey[1004] = '\0';
    snprintf(text, sizeof text, "---\n%s: 1\n---\n", longkey);
    post = parse(text, &err);
    OK(post != NULL, "long plain key parses");
    np_meta_set(np_post_meta(post), key("added"), str(post, "x"));
    np_meta_set(np_post_meta(post), key(longkey), str(post, "a b"));
    snprintf(want, sizeof want, "---\n? %s\n: a b\nadded: x\n---\n", longkey);
    expect_output(post, want, "long key written as an explicit key");
  }

  /* a keep-chomping block scalar owns its trailing blank lines: new keys
   * go after them (found by fuzzing) */
  post = parse("---\na: 1\nm: |+\n  text\n\n---\n", &err);
  np_meta_set(np_post_meta(post), key("added"), str(post, "x"));
  expect_output(post, "---\na: 1\nm: |+\n  text\n\nadded: x\n---\n",
                "keep chomping keeps its lines");

  /* found by fuzzing: a line of only U+FEFF between '?' and its key, and a
   * multi-line string whose first line starts with a tab */
  post = parse("---\n?\n\n\xEF\xBB\xBF\n k\n: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("k"), str(post, "x"));
  expect_output(post, "---\nk: x\n---\n", "BOM line inside an explicit key");
  post = parse("---\na: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("a"), str(post, "\tx\ny\n"));
  expect_output(post, "---\na: \"\\tx\\ny\\n\"\n---\n",
                "leading tab: quoted, not a block");

  /* a literal block's last line of spaces beyond its indentation is
   * content too (found by fuzzing) */
  post = parse("---\na: |\n x\n  \n---\n", &err);
  np_meta_set(np_post_meta(post), key("b"), str(post, "y"));
  expect_output(post, "---\na: |\n x\n  \nb: y\n---\n",
                "blank content line kept with its block");

  /* lines between entries after a rewritten or removed one lose their
   * indentation: tabs were legal only inside the old plain value, and a
   * rewritten literal block would take indented lines as content; after a
   * removal, blank lines go (a "|+" block above would take them) (all
   * found by fuzzing) */
  post = parse("---\na: x\n \t\n \t# note\nb: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("a"), str(post, "new: 1"));
  expect_output(post, "---\na: \"new: 1\"\n\n# note\nb: 1\n---\n",
                "tabs after a rewritten value dropped");
  post = parse("---\na: x\nb: y\n \t\n \t# note\nc: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("a"), str(post, "new: 1"));
  np_meta_remove(np_post_meta(post), key("b"));
  expect_output(post, "---\na: \"new: 1\"\n\n# note\nc: 1\n---\n",
                "tabs after a removed value dropped");
  post = parse("---\na: x\n \t\nb: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("b"), str(post, "2"));
  expect_output(post, "---\na: x\n \t\nb: \"2\"\n---\n",
                "tabs after an unchanged value kept");
  post = parse("---\na: x\n\n  - c\n  # note\nb: 1\n---\n", &err);
  OK(np_meta_rename(np_post_meta(post), key("a"), key("z"), &err) == NP_OK,
     "rename");
  expect_output(post, "---\nz: |-\n  x\n  - c\n# note\nb: 1\n---\n",
                "a comment after a rewritten block stays a comment");
  post = parse("---\na: |+\n  x\n\nb: 1\n\nc: 2\n---\n", &err);
  np_meta_remove(np_post_meta(post), key("b"));
  expect_output(post, "---\na: |+\n  x\n\nc: 2\n---\n",
                "no blank line joins a keep block");

  /* a post without front matter gains one */
  post = parse("just a body\n", &err);
  np_meta_set(np_post_meta(post), key("title"), str(post, "T"));
  expect_output(post, "---\ntitle: T\n---\njust a body\n",
                "front matter added");

  /* strings that cannot be YAML are refused, never written mangled */
  post = parse("---\na: 1\n---\n", &err);
  np_meta_set(np_post_meta(post), key("a"), str(post, "bad \xFF byte"));
  np_buf out;
  np_buf_init(&out);
  OK(np_post_serialize(post, &out, &err) == NP_EINVAL, "invalid UTF-8 refused");
  OK(strstr(err.msg, "invalid UTF-8") != NULL, err.msg);
  np_buf_fini(&out);
  np_post_free(post);
}

int main(void)
{
  test_types();
  test_errors();
  test_aliases();
  test_not_a_mapping();
  test_untouched();
  test_edits();
  return np_test_summary();
}
