/* Selectors, table-driven: each case's expected matches were worked out by
 * hand from the definitions in Selectors Level 4; invalid selectors give
 * the column of the problem. */
#include "buf.h"
#include "harness.h"
#include "html.h"
#include "select.h"

static const char fixture[] =
    "<div id=\"d1\" class=\"post main\" lang=\"en-US\" data-x=\"Foo Bar\">\n"
    "  <h1 id=\"h1\">Title</h1>\n"
    "  <p id=\"p1\" class=\"lead\">One <a id=\"a1\" "
    "href=\"https://example.com/x?utm_source=y\" rel=\"nofollow "
    "noopener\">link</a></p>\n"
    "  <p id=\"p2\">Two <img id=\"i1\" data-src=\"a.jpg\" class=\"img-fluid "
    "lazyload\"> <img id=\"i2\" src=\"b.png\"></p>\n"
    "  <section id=\"imu\"><div id=\"dfp-ad-imu1\"></div></section>\n"
    "  <p id=\"p3\"></p>\n"
    "  <ul id=\"u1\"><li id=\"l1\">a</li><li id=\"l2\" class=\"x\">b</li><li "
    "id=\"l3\">c</li><li id=\"l4\" class=\"x\">d</li><li "
    "id=\"l5\">e</li></ul>\n"
    "  <div id=\"d2\"><span id=\"s1\"></span><em id=\"e1\"></em><span "
    "id=\"s2\"> </span><!-- c --></div>\n"
    "  <figure id=\"f1\"><img id=\"i3\" data-src=\"c.jpg\"><figcaption "
    "id=\"c1\">cap</figcaption></figure>\n"
    "</div>\n"
    "<p id=\"p4\" title=\"x\">Tail</p>\n";

typedef struct match_case {
  const char *selector;
  const char *ids; /* matches in document order */
} match_case;

static const match_case matches[] = {
    {"p", "p1 p2 p3 p4"},
    {"P", "p1 p2 p3 p4"},
    {"*", "d1 h1 p1 a1 p2 i1 i2 imu dfp-ad-imu1 p3 u1 l1 l2 l3 l4 l5 d2 s1 "
          "e1 s2 f1 i3 c1 p4"},
    {"#p1", "p1"},
    {".lead", "p1"},
    {".LEAD", ""},
    {"p.lead", "p1"},
    {".post.main", "d1"},
    {".post.other", ""},
    {"[href]", "a1"},
    {"[HREF]", "a1"},
    {"[rel~=noopener]", "a1"},
    {"[rel~=noo]", ""},
    {"[rel~='']", ""},
    {"[rel~='a b']", ""},
    {"[lang|=en]", "d1"},
    {"[lang|=en-US]", "d1"},
    {"[lang|=e]", ""},
    {"[href^='https://']", "a1"},
    {"[href$='=y']", "a1"},
    {"[href*='utm_']", "a1"},
    {"[href^='']", ""},
    {"[href$='']", ""},
    {"[href*='']", ""},
    {"[data-x='foo bar' i]", "d1"},
    {"[data-x='foo bar']", ""},
    {"[data-x='Foo Bar' s]", "d1"},
    {"[data-x=\"Foo Bar\"]", "d1"},
    {"[data-x^='FOO' i]", "d1"},
    {"[id^=dfp-ad]", "dfp-ad-imu1"},
    {"[id^=\"dfp-ad\"]", "dfp-ad-imu1"},
    {"[class*=lazy]", "i1"},
    {"[class~=lazyload]", "i1"},
    {"img[data-src]", "i1 i3"},
    {"div p", "p1 p2 p3"},
    {"div > p", "p1 p2 p3"},
    {"div a", "a1"},
    {"div > a", ""},
    {"p > a", "a1"},
    {"h1 + p", "p1"},
    {"h1 ~ p", "p1 p2 p3"},
    {"p + p", "p2"},
    {"p ~ p", "p2 p3"},
    {"section + p", "p3"},
    {"li + li", "l2 l3 l4 l5"},
    {"li ~ .x", "l2 l4"},
    {"ul > li:first-child", "l1"},
    {"li:last-child", "l5"},
    {"li:only-child", ""},
    {"a:only-child", "a1"},
    {":only-child", "a1 dfp-ad-imu1"},
    {"li:nth-child(2)", "l2"},
    {"li:nth-child(odd)", "l1 l3 l5"},
    {"li:nth-child(even)", "l2 l4"},
    {"li:nth-child(ODD)", "l1 l3 l5"},
    {"li:nth-child(2n+1)", "l1 l3 l5"},
    {"li:nth-child(-n+3)", "l1 l2 l3"},
    {"li:nth-child(n)", "l1 l2 l3 l4 l5"},
    {"li:nth-child(0n+4)", "l4"},
    {"li:nth-child(3n)", "l3"},
    {"li:nth-child(n+4)", "l4 l5"},
    {"li:nth-child(0)", ""},
    {"li:nth-child(-1)", ""},
    {"li:nth-last-child(1)", "l5"},
    {"li:nth-last-child(2n)", "l2 l4"},
    {"li:nth-child(2 of .x)", "l4"},
    {"li:nth-child(1 of .x)", "l2"},
    {"li:nth-last-child(1 of .x)", "l4"},
    {"li:nth-child(odd of :not(.x))", "l1 l5"},
    {"p:nth-of-type(2)", "p2"},
    {"p:first-of-type", "p1 p4"},
    {"p:last-of-type", "p3 p4"},
    {"p:only-of-type", "p4"},
    {"img:first-of-type", "i1 i3"},
    {"img:nth-last-of-type(1)", "i2 i3"},
    {"span:nth-of-type(2)", "s2"},
    {"span:nth-last-of-type(2)", "s1"},
    {"h1:only-of-type", "h1"},
    {":empty", "i1 i2 dfp-ad-imu1 p3 s1 e1 s2 i3"},
    {"p:empty", "p3"},
    {":root", "d1 p4"},
    {"#d1:root", "d1"},
    {"div:not(.post)", "dfp-ad-imu1 d2"},
    {"li:not(.x)", "l1 l3 l5"},
    {"li:not(.x, :first-child)", "l3 l5"},
    {"li:not(:nth-child(odd))", "l2 l4"},
    {"*:not(*)", ""},
    {"img:not([src])", "i1 i3"},
    {"img:not([data-src]):not([src])", ""},
    {":is(h1, figcaption)", "h1 c1"},
    {":where(h1, figcaption)", "h1 c1"},
    {"div :is(a, em)", "a1 e1"},
    {":is(section, figure) > :is(div, img)", "dfp-ad-imu1 i3"},
    {"li:is(.x)", "l2 l4"},
    {":is(ul li.x)", "l2 l4"},
    {"p:has(img)", "p2"},
    {"p:has(> a)", "p1"},
    {"div:has(> img)", ""},
    {"figure:has(> img)", "f1"},
    {"section:has(> div[id^=dfp])", "imu"},
    {"div:has(img)", "d1"},
    {"h1:has(+ p)", "h1"},
    {"h1:has(~ ul)", "h1"},
    {"li:has(+ .x)", "l1 l3"},
    {"p:has(+ section)", "p2"},
    {":has(> li.x)", "u1"},
    {"div:has(span + em)", "d1 d2"},
    {"div:has(> span + em)", "d2"},
    {"div:has(> em + span)", "d2"},
    {"div:has(> em + em)", ""},
    {"p:not(:has(img))", "p1 p3 p4"},
    {":has(> :empty)", "d1 p2 imu d2 f1"},
    {"ul:has(li:nth-child(5))", "u1"},
    {"h1:has(~ section div)", "h1"},
    {"ul li.x", "l2 l4"},
    {"div div", "dfp-ad-imu1 d2"},
    {"div > div", "d2"},
    {"div div div", ""},
    {"* > img", "i1 i2 i3"},
    {"p > img + img", "i2"},
    {"a, h1", "h1 a1"},
    {"h1, a, h1", "h1 a1"},
    {"#d2 > *", "s1 e1 s2"},
    {"#d2 > :last-child", "s2"},
    {"#d2 > :first-child", "s1"},
    {"#u1 > li:nth-child(2) + li", "l3"},
    {"[title]", "p4"},
    {"[title=x]", "p4"},
    {"[title=X]", ""},
    {"[title=X i]", "p4"},
    {"[src$='.png']", "i2"},
    {"#dfp-ad-imu1", "dfp-ad-imu1"},
    {"#\\64 2", "d2"},
    {"[id='p\\31']", "p1"},
    {"#p\\31", "p1"},
    {".img-fluid.lazyload", "i1"},
    {"li:nth-child( 2n + 1 )", "l1 l3 l5"},
    {"li:nth-child(+3)", "l3"},
    {"li:nth-child(-2n+5)", "l1 l3 l5"},
    {"li:NTH-CHILD(2)", "l2"},
    {"LI.x", "l2 l4"},
    {"div   >   p", "p1 p2 p3"},
    {"div\n p", "p1 p2 p3"},
    {"section div:only-child", "dfp-ad-imu1"},
    {"p:first-child", ""},
    {"h1:first-child", "h1"},
    {"em:empty", "e1"},
    {"span:empty", "s1 s2"},
    {"figure > figcaption:last-child", "c1"},
    {"a[rel='nofollow noopener']", "a1"},
    {"a[rel|=nofollow]", ""},
    {"li:nth-child(n+2):nth-child(-n+4)", "l2 l3 l4"},
    {"ul > li ~ li.x", "l2 l4"},
    {"h1 ~ *:not(p)", "imu u1 d2 f1"},
};

typedef struct error_case {
  const char *selector;
  size_t column;
  const char *message;
} error_case;

static const error_case errors[] = {
    {"", 1, "expected a selector"},
    {"p,", 3, "expected a selector"},
    {",p", 1, "expected a selector"},
    {"p >", 4, "found the end"},
    {"> p", 1, "needs a selector before it"},
    {"[", 2, "expected an attribute name"},
    {"[href", 6, "expected ']' or an operator"},
    {"[href=", 7, "expected a value"},
    {"[href='x", 7, "unterminated string"},
    {"[href=x", 8, "expected ']'"},
    {"p:foo", 3, "unknown pseudo-class ':foo'"},
    {"p::before", 2, "pseudo-elements"},
    {":not(", 6, "found the end"},
    {":not(p", 7, "missing ')'"},
    {":nth-child()", 12, "expected An+B"},
    {":nth-child(x)", 12, "expected An+B"},
    {":first-child(1)", 2, "takes no argument"},
    {":not", 2, "needs an argument"},
    {"p)", 2, "unexpected ')'"},
    {"div..a", 5, "expected a class name after '.'"},
    {"#", 2, "expected an id"},
    {"p[a=b]span", 7, "must come first"},
    {"a b >", 6, "found the end"},
    {"[a~~=b]", 3, "expected ']' or an operator"},
    {":has()", 6, "found ')'"},
    {"p:nth-child(2n+)", 16, "expected a number in An+B"},
    {"王毅 p!", 5, "unexpected '!'"},
    {":is(p,)", 7, "found ')'"},
    {"[href='x' z]", 11, "expected ']'"},
    {"a:not(b", 8, "missing ')'"},
};

static bool collect(void *payload, np_node *el)
{
  np_buf *b = payload;
  const np_slice *id = np_dom_get_attr(el, np_slice_from("id", 2));
  if (b->len > 0) {
    np_buf_append_char(b, ' ');
  }
  if (id) {
    np_buf_append_slice(b, *id);
  } else {
    np_buf_append_str(b, "?");
  }
  return true;
}

int main(void)
{
  np_arena *arena = np_arena_new();
  np_dom dom;
  np_error err;
  np_dom_init(&dom, arena, np_slice_from(fixture, sizeof fixture - 1));
  np_html_parse_body(&dom, (np_span){0, sizeof fixture - 1}, &err);
  size_t nmatch = sizeof matches / sizeof *matches;
  size_t nerror = sizeof errors / sizeof *errors;
  for (size_t i = 0; i < nmatch; i++) {
    np_selector *sel = NULL;
    const char *css = matches[i].selector;
    np_status rc =
        np_selector_compile(&sel, np_slice_from(css, strlen(css)), &err);
    if (rc < 0) {
      np_test_failed++;
      fprintf(stderr, "'%s' does not compile: %s (column %zu)\n", css, err.msg,
              err.column);
      continue;
    }
    np_buf got;
    np_buf_init(&got);
    np_selector_each(sel, dom.root, collect, &got);
    if (!np_slice_eq_str(np_buf_slice(&got), matches[i].ids)) {
      np_test_failed++;
      fprintf(stderr, "'%s' matched [%.*s], want [%s]\n", css, (int)got.len,
              got.data ? got.data : "", matches[i].ids);
    } else {
      np_test_passed++;
    }
    np_buf_fini(&got);
    np_selector_free(sel);
  }
  for (size_t i = 0; i < nerror; i++) {
    np_selector *sel = NULL;
    const char *css = errors[i].selector;
    np_error_clear(&err);
    np_status rc =
        np_selector_compile(&sel, np_slice_from(css, strlen(css)), &err);
    if (rc != NP_ESYNTAX || err.column != errors[i].column ||
        !strstr(err.msg, errors[i].message)) {
      np_test_failed++;
      fprintf(stderr,
              "'%s': got rc %d, column %zu, \"%s\"; want column %zu, "
              "\"%s\"\n",
              css, rc, err.column, err.msg, errors[i].column,
              errors[i].message);
    } else {
      np_test_passed++;
    }
    np_selector_free(sel);
  }
  printf("%zu selector cases, %zu invalid selectors\n", nmatch, nerror);
  np_arena_free(arena);
  return np_test_summary();
}
