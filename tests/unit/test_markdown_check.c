/* The read-back check of edited Markdown bodies: a written body must read
 * back as the tree it was written from, white space aside; else the first
 * difference is named, with its place in the file. */
#include <stdlib.h>

#include "markdown.h"
#include "markdown_check.h"
#include "markdown_fixture.h"
#include "post.h"
#include "serialize.h"

/* The tree of `md` checked against `written`: NP_OK or the message. */
static void check_is(const char *md, const char *written, const char *want)
{
  load(md);
  np_error_clear(&err);
  np_status rc = np_markdown_check(&dom, s(written), &err);
  if (!want) {
    INT_EQ(rc, NP_OK);
    return;
  }
  INT_EQ(rc, NP_EREFUSED);
  STR_EQ(err.msg, want);
}

int main(void)
{
  /* a body reads back as its own tree */
  const char *post = "# T\n\nHello *world*, [a](u \"t\").\n\n> - x\n\n"
                     "<div class=\"ad\">\n<p>raw</p>\n</div>\n";
  check_is(post, post, NULL);
  /* white space aside: runs count as one, none at a run's edges */
  check_is("Hello *world*\n", "Hello   *world*   \n", NULL);
  check_is("a\n\nb\n", "<p>a</p>\n<p>b</p>\n", NULL);

  /* structure: the first element that differs */
  check_is("> q\n", "q\n",
           "the edited Markdown body would not read back as edited: "
           "<blockquote> would be read as <p>; the post is not written");
  check_is("- a\n", "- a\n- b\n",
           "the edited Markdown body would not read back as edited: "
           "</ul> would be read as <li>; the post is not written");
  check_is("a\n", "",
           "the edited Markdown body would not read back as edited: "
           "<p> would be read as the end of the body; the post is not "
           "written");
  /* attributes, comments */
  check_is("[a](u)\n", "[a](v)\n",
           "the edited Markdown body would not read back as edited: <a> "
           "would be read with other attributes, as <a>; the post is not "
           "written");
  check_is("<!-- x -->\n", "<!-- y -->\n",
           "the edited Markdown body would not read back as edited: a "
           "comment would be read as a comment; the post is not written");
  /* text: from a little before where the two part */
  check_is("The quick brown fox jumps over the lazy dog today\n",
           "The quick brown fox jumps over the lazy cat today\n",
           "the edited Markdown body would not read back as edited: text "
           "'...er the lazy dog today' would be read as text '...er "
           "the lazy cat today'; the post is not written");

  /* empty paragraphs count for nothing: md4c reads "<h3>" as inline, so
   * the HTML parser makes an empty <p> on each side of the heading, and
   * removing them (clean does) changes no byte */
  load("text\n\n<h3 id=\"s\"><em>More:</em></h3>\n");
  for (np_node *n = dom.root->first_child, *next; n; n = next) {
    next = n->next;
    if (n->kind == NP_NODE_ELEMENT && !n->first_child) {
      np_dom_remove(n);
    }
  }
  OK(find("p", 1) == NULL, "the empty paragraphs are gone");
  INT_EQ(np_markdown_check(
             &dom, s("text\n\n<h3 id=\"s\"><em>More:</em></h3>\n"), &err),
         NP_OK);
  check_is("a\n", "a\n\n<p> </p>\n", NULL);

  /* the place is the element's, or its nearest ancestor's from the file */
  load("intro\n\n> quoted\n");
  np_node *p = np_dom_new_element(&dom, s("p"));
  np_dom_append_child(&dom, p, np_dom_new_text(&dom, s("new")), &err);
  np_dom_append_child(&dom, find("p", 1), p, &err); /* a <p> in a <p> */
  np_buf out;
  np_buf_init(&out);
  INT_EQ(np_html_serialize(&out, &dom, dom.root, 0), NP_OK);
  INT_EQ(np_markdown_check(&dom, np_buf_slice(&out), &err), NP_EREFUSED);
  INT_EQ(err.line, 3);
  INT_EQ(err.column, 1);

  /* a post is not written at all when its body would not read back */
  np_post *doc = NULL;
  const char *file = "---\ntitle: x\n---\nintro\n\n> quoted\n";
  INT_EQ(np_post_parse(&doc, "a.md", s(file), NULL, NULL, &err), NP_OK);
  np_dom *body = NULL;
  INT_EQ(np_post_body(doc, &body, &err), NP_OK);
  np_node *quote = body->root->first_child;
  while (quote && !np_slice_eq_str(quote->name, "blockquote")) {
    quote = quote->next;
  }
  OK(quote != NULL, "a blockquote");
  np_dom_append_child(body, quote, np_dom_new_element(body, s("td")), &err);
  np_buf_clear(&out);
  np_buf_append_str(&out, "kept");
  INT_EQ(np_post_serialize(doc, &out, &err), NP_EREFUSED);
  MEM_EQ(out.data, out.len, "kept");
  STR_EQ(err.path, "a.md");
  INT_EQ(err.line, 6);
  np_post_free(doc);
  np_buf_fini(&out);
  np_arena_free(arena);
  return np_test_summary();
}
