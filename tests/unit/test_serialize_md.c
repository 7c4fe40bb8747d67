/* np_markdown_serialize: HTML in, Markdown out; what Markdown cannot say
 * stays HTML. */
#include "harness.h"
#include "html.h"
#include "markdown.h"
#include "serialize.h"

/* The Markdown of the body of `html` (`first`: of the first node under its
 * first element alone, a text or a comment). */
static void markdown_is(const char *html, bool first, const char *want)
{
  np_arena *arena = np_arena_new();
  np_dom dom;
  np_error err;
  np_dom_init(&dom, arena, np_slice_from(html, strlen(html)));
  np_html_parse_body(&dom, (np_span){0, strlen(html)}, &err);
  np_buf out;
  np_buf_init(&out);
  const np_node *node = first ? dom.root->first_child->first_child : dom.root;
  INT_EQ(np_markdown_serialize(&out, &dom, node), NP_OK);
  MEM_EQ(out.data, out.len, want);
  np_buf_fini(&out);
  np_arena_free(arena);
}

static void md_is(const char *html, const char *want)
{
  markdown_is(html, false, want);
}

static void first_md_is(const char *html, const char *want)
{
  markdown_is(html, true, want);
}

int main(void)
{
  /* a <br> that ends a paragraph is no hard break (a lone "\\" there
   * reads back as a backslash); an escaped backslash stays */
  /* emphasis only where CommonMark reads it: not two runs in a row, not
   * ending in a no-break space or CJK punctuation */
  md_is("<p>总理<strong>以色列</strong><strong>内塔</strong>图</p>",
        "总理**以色列**<strong>内塔</strong>图\n");
  md_is("<p><i>立场。\xc2\xa0</i>x</p><p><i>立场。</i>好</p>",
        "<i>立场。\xc2\xa0</i>x\n\n<i>立场。</i>好\n");
  md_is("<p>a<br></p><p>b<br>c<br> </p><p>x\\<br></p>",
        "a\n\nb\\\nc\n\nx\\\\\n");
  /* a text node alone is escaped as it is inside a paragraph */
  first_md_is("<p>a *b* c</p>", "a \\*b\\* c\n");
  first_md_is("<p><!--note--> after</p>", "<!--note-->\n");
  /* a blank before a comment stays */
  md_is("<p>a <!--c--> d</p>", "a <!--c--> d\n");

  md_is("<h2>Title</h2><p>Hello <em>big</em> <strong>world</strong>.</p>",
        "## Title\n\nHello *big* **world**.\n");
  md_is("<p>a <a href=\"https://x.y/a b\" title='T \"q\"'>link</a> and "
        "<img src=\"i.png\" alt=\"pic\"></p>",
        "a [link](<https://x.y/a b> \"T \\\"q\\\"\") and ![pic](i.png)\n");
  md_is("<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>"
        "<ol start=\"3\"><li>three</li><li>four</li></ol>",
        "- one\n- two\n\n  - deep\n\n3. three\n4. four\n");
  md_is("<blockquote><p>quoted</p><p>twice</p></blockquote>",
        "> quoted\n>\n> twice\n");
  md_is(
      "<pre><code class=\"language-js\">if (a < b) {\n  x();\n}\n</code></pre>",
      "```js\nif (a < b) {\n  x();\n}\n```\n");
  md_is("<p>use <code>a`b</code> here</p>", "use ``a`b`` here\n");
  md_is("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td><em>2</em></td>"
        "</tr></table>",
        "| a | b |\n| --- | --- |\n| 1 | *2* |\n");
  md_is("<p>line<br>break</p><hr><p>~~x~~ <del>gone</del></p>",
        "line\\\nbreak\n\n---\n\n\\~\\~x\\~\\~ ~~gone~~\n");
  /* text that would be markup is escaped */
  md_is("<p>*not em* [x] &lt;tag&gt; #1 a_b &amp;copy;</p>",
        "\\*not em\\* \\[x\\] \\<tag\\> \\#1 a\\_b \\&copy;\n");
  /* what Markdown cannot say stays HTML */
  md_is("<div class=\"box\"><p>in a <b>div</b></p></div>",
        "<div class=\"box\"><p>in a <b>div</b></p></div>\n");
  md_is("<p class=\"lead\">classy</p><p>plain <span class=\"x\">span</span> "
        "<sup>2</sup></p>",
        "<p class=\"lead\">classy</p>\n\nplain <span class=\"x\">span</span> "
        "<sup>2</sup>\n");
  md_is("<figure><img src=\"a.jpg\"><figcaption>cap</figcaption></figure>",
        "<figure><img src=\"a.jpg\"><figcaption>cap</figcaption></figure>\n");
  md_is("<p>a&nbsp;b   c\n d</p>", "a\xC2\xA0"
                                   "b c d\n");
  md_is("<table><tr><td><p>block</p></td></tr></table>",
        "<table><tbody><tr><td><p>block</p></td></tr></tbody></table>\n");
  md_is("text before<p>para</p>tail", "text before\n\npara\n\ntail\n");
  md_is("", "");
  return np_test_summary();
}
