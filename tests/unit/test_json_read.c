/* np_json_read_strings: the members asked for, decoded; everything else
 * checked strictly, faults at their column; np_json_string's output reads
 * back as what it wrote. Base64 both ways. */
#include <stdlib.h>

#include "base64.h"
#include "harness.h"
#include "json.h"
#include "json_read.h"

static const char *const keys[] = {"path", "source"};
static np_buf values[2];
static bool found[2];
static np_error err;

static np_status read(const char *text)
{
  np_error_clear(&err);
  return np_json_read_strings(np_slice_from(text, strlen(text)), keys, 2,
                              values, found, &err);
}

static void fails_at(const char *text, size_t column, const char *needle)
{
  INT_EQ(read(text), NP_ESYNTAX);
  INT_EQ(err.column, column);
  OK(strstr(err.msg, needle) != NULL, err.msg);
}

int main(void)
{
  np_buf_init(&values[0]);
  np_buf_init(&values[1]);

  INT_EQ(read("{\"path\":\"a.md\",\"source\":\"---\\ntitle: x\\n---\\n\"}"),
         NP_OK);
  OK(found[0] && found[1], "both found");
  STR_EQ(values[0].data, "a.md");
  STR_EQ(values[1].data, "---\ntitle: x\n---\n");

  /* other members of every kind are passed by; order does not matter */
  INT_EQ(read(" { \"meta\": {\"a\": [1, -2.5e3, true, false, null, {}]},"
              " \"source\" : \"x\", \"n\": 0, \"path\": \"p\" } \n"),
         NP_OK);
  STR_EQ(values[0].data, "p");
  STR_EQ(values[1].data, "x");
  INT_EQ(read("{\"path\":\"p\"}"), NP_OK);
  OK(found[0] && !found[1], "source absent");
  OK(values[1].len == 0, "absent is empty");
  INT_EQ(read("{}"), NP_OK);
  OK(!found[0], "nothing found");
  INT_EQ(read("{\"path\":\"a\",\"path\":\"b\"}"), NP_OK);
  STR_EQ(values[0].data, "b"); /* the last wins */

  /* escapes, surrogate pairs, raw UTF-8 */
  INT_EQ(read("{\"path\":\"\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\u738b "
              "\\ud83d\\ude00 渡轮\"}"),
         NP_OK);
  STR_EQ(values[0].data, "\" \\ / \b\f\n\r\t é 王 😀 渡轮");
  INT_EQ(read("{\"path\":\"nul\\u0000x\"}"), NP_OK);
  INT_EQ(values[0].len, 5);

  /* what np_json_string writes reads back as it was (valid UTF-8) */
  const char *texts[] = {"plain", "q\"b\\\n\t\r", "\x01\x7f", "王毅 & <x>",
                         "a\0b"};
  size_t lens[] = {5, 7, 2, 12, 3};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    np_buf line;
    np_buf_init(&line);
    np_buf_append_str(&line, "{\"source\":");
    np_json_string(&line, np_slice_from(texts[i], lens[i]));
    np_buf_append_str(&line, "}");
    INT_EQ(read(line.data), NP_OK);
    OK(values[1].len == lens[i] &&
           memcmp(values[1].data, texts[i], lens[i]) == 0,
       texts[i]);
    np_buf_fini(&line);
  }

  /* faults, at their column */
  fails_at("", 1, "expected an object");
  fails_at("[1]", 1, "expected an object");
  fails_at("{\"path\":1}", 9, "\"path\" must be a string");
  fails_at("{\"path\":\"a\"", 12, "expected ',' or '}'");
  fails_at("{\"path\":\"a}", 12, "unterminated string");
  fails_at("{\"path\":\"a\tb\"}", 11, "control character");
  fails_at("{\"path\":\"\\x\"}", 10, "invalid escape");
  fails_at("{\"path\":\"\\ud800\"}", 10, "lone UTF-16 surrogate");
  fails_at("{\"path\":\"\\udc00\"}", 10, "lone UTF-16 surrogate");
  fails_at("{\"path\":\"\xff\"}", 10, "invalid UTF-8");
  fails_at("{\"a\":01}", 7, "expected ','"); /* 0, then 1: no leading 0s */
  fails_at("{\"a\":+1}", 6, "invalid number");
  fails_at("{\"a\":1.}", 6, "invalid number");
  fails_at("{\"a\":tru}", 6, "expected a value");
  fails_at("{\"a\":}", 6, "invalid number");
  fails_at("{\"a\" 1}", 6, "expected ':'");
  fails_at("{a:1}", 2, "member's name");
  fails_at("{} x", 4, "text after the object");
  fails_at("{\"a\":[1,]}", 9, "invalid number");
  /* deep nesting is refused, not recursed into */
  char deep[300] = "{\"a\":";
  for (int i = 0; i < 100; i++) {
    strcat(deep, "[");
  }
  INT_EQ(read(deep), NP_ESYNTAX);
  OK(strstr(err.msg, "nested more than 64 deep") != NULL, err.msg);

  /* base64 */
  np_buf b;
  np_buf_init(&b);
  const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char *coded[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                         "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (size_t i = 0; i < 7; i++) {
    np_buf_clear(&b);
    INT_EQ(np_base64_encode(&b, np_slice_from(plain[i], strlen(plain[i]))),
           NP_OK);
    MEM_EQ(b.data ? b.data : "", b.len, coded[i]);
    np_buf_clear(&b);
    size_t bad;
    INT_EQ(
        np_base64_decode(&b, np_slice_from(coded[i], strlen(coded[i])), &bad),
        NP_OK);
    MEM_EQ(b.data ? b.data : "", b.len, plain[i]);
  }
  size_t bad;
  np_buf_clear(&b);
  INT_EQ(np_base64_decode(&b, np_slice_from("Zm9vYg", 6), &bad), NP_OK);
  MEM_EQ(b.data, b.len, "foob"); /* padding may be left out */
  INT_EQ(np_base64_decode(&b, np_slice_from("Zm9*", 4), &bad), NP_ESYNTAX);
  INT_EQ(bad, 3);
  INT_EQ(np_base64_decode(&b, np_slice_from("Zm9vY", 5), &bad), NP_ESYNTAX);
  INT_EQ(bad, 5);
  unsigned char all[256];
  for (int i = 0; i < 256; i++) {
    all[i] = (unsigned char)i;
  }
  np_buf_clear(&b);
  np_base64_encode(&b, np_slice_from((const char *)all, 256));
  np_buf back;
  np_buf_init(&back);
  INT_EQ(np_base64_decode(&back, np_buf_slice(&b), &bad), NP_OK);
  OK(back.len == 256 && memcmp(back.data, all, 256) == 0, "every byte");
  np_buf_fini(&back);
  np_buf_fini(&b);

  np_buf_fini(&values[0]);
  np_buf_fini(&values[1]);
  return np_test_summary();
}
