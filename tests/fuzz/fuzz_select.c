/* libFuzzer target for the selector parser: the input is compiled as a CSS
 * selector. A refusal must say where (a column within the input); a
 * selector must find, through np_selector_each, exactly the elements that
 * np_selector_matches accepts one by one, over a body with the shapes
 * scraped posts have. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "select.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char body[] =
    "<div class=\"ad-slot top\" id=\"ad1\" data-ad=\"x\"><ins></ins></div>\n"
    "<p>第一段 <a href=\"https://example.com/a?b=1\" rel=\"nofollow\">link</a>"
    "&nbsp;</p>\n"
    "<figure><img src=\"data:image/gif;base64,R0lG\" data-src=\"/i/1.jpg\" "
    "alt=\"\"><figcaption>Cap</figcaption></figure>\n"
    "<!-- comment --><p class=\"paywall\" hidden></p>\n"
    "<ul><li>a</li><li class=A>b</li><li lang=zh-Hant>c</li></ul>\n"
    "<table><tr><td>1<td>2</table><section><p></p><p>x</p><span></span>"
    "</section>\n<script>var a = 1;</script><noscript><img src=x></noscript>\n";

static np_arena *arena;
static np_dom dom;

static void load_body(void)
{
  np_error err;
  arena = np_arena_new();
  np_slice file = np_slice_from(body, sizeof body - 1);
  np_dom_init(&dom, arena, file);
  if (np_html_parse_body(&dom, (np_span){0, file.len}, &err) < 0) {
    abort();
  }
}

static bool count(void *payload, np_node *el)
{
  (void)el;
  ++*(size_t *)payload;
  return true;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
  if (!arena) {
    load_body();
  }
  np_selector *sel = NULL;
  np_error err;
  np_error_clear(&err);
  if (np_selector_compile(&sel, np_slice_from((const char *)data, size), &err) <
      0) {
    if (err.msg[0] == '\0' || err.column < 1 || err.column > size + 1) {
      abort(); /* a refusal says what and where */
    }
    return 0;
  }
  size_t found = 0, matched = 0;
  np_selector_each(sel, dom.root, count, &found);
  for (const np_node *n = np_dom_next(dom.root, dom.root); n;
       n = np_dom_next(dom.root, n)) {
    matched += np_selector_matches(sel, n);
  }
  if (found != matched) {
    abort(); /* the walk and the one-by-one match disagree */
  }
  np_selector_free(sel);
  return 0;
}
