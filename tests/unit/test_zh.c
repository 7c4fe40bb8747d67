/* np_zh: OpenCC by config name, the Han check that lets text without
 * ideographs skip OpenCC, NUL bytes, and a clear error for a bad config. */
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

int main(void)
{
  test_configs();
  test_bad_config();
  test_has_han();
  return np_test_summary();
}
