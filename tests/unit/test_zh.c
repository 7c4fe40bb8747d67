/* np_zh: OpenCC by config name, the Han check that lets text without
 * ideographs skip OpenCC, NUL bytes, and a clear error for a bad config. */
#include <string.h>

#include "harness.h"
#include "zh.h"

static void converts(np_zh *zh, const char *in, size_t len, const char *want)
{
  np_buf out;
  np_buf_init(&out);
  np_error err;
  np_error_clear(&err);
  INT_EQ(np_zh_convert(zh, &out, np_slice_from(in, len), &err), NP_OK);
  MEM_EQ(out.data ? out.data : "", out.len, want);
  np_buf_fini(&out);
}

static void test_configs(void)
{
  np_zh *s2t, *t2s, *s2twp;
  np_error err;
  INT_EQ(np_zh_open(&s2t, "s2t", &err), NP_OK);
  INT_EQ(np_zh_open(&t2s, "t2s.json", &err), NP_OK);
  INT_EQ(np_zh_open(&s2twp, "/usr/share/opencc/s2twp.json", &err), NP_OK);
  converts(s2t, "汉字和头发", 15, "漢字和頭髮");
  converts(t2s, "漢字和頭髮", 15, "汉字和头发");
  converts(s2twp, "鼠标和软件", 15, "滑鼠和軟體");
  converts(s2t, "", 0, "");
  converts(s2t, "plain ASCII, no Han", 19, "plain ASCII, no Han");
  np_buf out;
  np_buf_init(&out);
  INT_EQ(np_zh_convert(s2t, &out, np_slice_from("发\0发", 7), &err), NP_OK);
  OK(out.len == 7 && memcmp(out.data, "發\0發", 7) == 0, "NUL kept");
  np_buf_fini(&out);
  np_zh_free(s2t);
  np_zh_free(t2s);
  np_zh_free(s2twp);
  np_zh_free(NULL);
}

static void test_bad_config(void)
{
  np_zh *zh = (np_zh *)1;
  np_error err;
  np_error_clear(&err);
  INT_EQ(np_zh_open(&zh, "s2x", &err), NP_EINVAL);
  OK(zh == NULL, "no converter");
  OK(strstr(err.msg, "cannot load OpenCC config 's2x'") != NULL, err.msg);
  OK(strstr(err.msg, "s2twp") != NULL, "lists the configs");
  INT_EQ(np_zh_open(&zh, "", &err), NP_EINVAL);
}

static void test_has_han(void)
{
  OK(np_zh_has_han(np_slice_from("abc 汉", 7)), "U+6C49");
  OK(np_zh_has_han(np_slice_from("\xe3\x90\x80", 3)), "U+3400");
  OK(np_zh_has_han(np_slice_from("\xf0\xa0\x80\x80", 4)), "U+20000");
  OK(np_zh_has_han(np_slice_from("\xef\xa4\x80", 3)), "U+F900");
  OK(!np_zh_has_han(np_slice_from("「」，。ひらがな한국어", 33)),
     "no ideograph");
  OK(!np_zh_has_han(np_slice_from("\xe4\xb8", 2)), "a cut sequence");
  OK(!np_zh_has_han(np_slice_from("", 0)), "empty");
}

static void url_is(const char *text, const char *want)
{
  np_span at;
  np_slice t = np_slice_from(text, strlen(text));
  if (!want) {
    OK(!np_zh_find_url(&at, t, 0), text);
    return;
  }
  OK(np_zh_find_url(&at, t, 0), text);
  MEM_EQ(text + at.start, at.end - at.start, want);
}

static void test_urls(void)
{
  url_is("见https://example.com/a?b=1。后", "https://example.com/a?b=1");
  url_is("(see http://x.org/a).", "http://x.org/a");
  url_is("来源：www.rfi.fr，更多", "www.rfi.fr");
  url_is("git+ssh://h/r \"x\"", "git+ssh://h/r");
  url_is("1http://x", NULL); /* a scheme starts a word */
  url_is("xwww.y", NULL);
  url_is("无链接", NULL);

  np_zh *s2t;
  np_error err;
  INT_EQ(np_zh_open(&s2t, "s2t", &err), NP_OK);
  np_terms *keep = np_terms_new(0);
  uint32_t index;
  INT_EQ(np_terms_add(&index, keep, np_slice_from("中国", 6), &err), NP_OK);
  np_buf out;
  np_buf_init(&out);
  const char *in = "中国发展 http://x.cn/发展 发展";
  INT_EQ(
      np_zh_convert_text(s2t, &out, np_slice_from(in, strlen(in)), keep, &err),
      NP_OK);
  MEM_EQ(out.data, out.len, "中国發展 http://x.cn/发展 發展");
  np_buf_fini(&out);
  np_terms_free(keep);
  np_zh_free(s2t);
}

int main(void)
{
  test_urls();
  test_configs();
  test_bad_config();
  test_has_han();
  return np_test_summary();
}
