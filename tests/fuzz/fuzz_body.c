/* libFuzzer target for bodies: the input is parsed as Markdown and as HTML;
 * each tree must pass the invariant check, write back byte for byte, and,
 * when exact, lose exactly the removed nodes' bytes (removal.h); the fresh HTML
 * and text writers must not fail. The first line is also compiled as a selector
 * and matched. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "markdown.h"
#include "select.h"
#include "serialize.h"

#include "removal.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check_body(const char *text, size_t size, bool markdown)
{
  np_arena *arena = np_arena_new();
  np_dom dom;
  np_error err;
  np_slice file = np_slice_from(text, size);
  np_dom_init(&dom, arena, file);
  np_status rc = markdown
                     ? np_markdown_parse_body(&dom, (np_span){0, size}, &err)
                     : np_html_parse_body(&dom, (np_span){0, size}, &err);
  if (rc < 0) {
    np_arena_free(arena);
    return;
  }
  if (!np_dom_check(dom.root, &err)) {
    abort();
  }
  np_buf out;
  np_buf_init(&out);
  if (np_html_serialize(&out, &dom, dom.root, 0) < 0 ||
      !np_slice_eq(np_buf_slice(&out), file)) {
    abort(); /* unedited bodies come back byte for byte */
  }
  bool exact = dom.root->flags & NP_NODE_EXACT;
  if (exact) {
    np_buf_clear(&out);
    np_html_serialize(&out, &dom, dom.root, NP_SERIALIZE_NO_SUBTREE_COPY);
    if (!np_slice_eq(np_buf_slice(&out), file)) {
      abort(); /* node by node, an exact tree gives its bytes too */
    }
  }
  np_buf_clear(&out);
  np_html_serialize(&out, &dom, dom.root, NP_SERIALIZE_FRESH);
  np_buf_clear(&out);
  np_text_serialize(&out, dom.root);
  /* remove every second top-level element: exactly their bytes go */
  if (exact) {
    np_buf want;
    np_buf_init(&want);
    size_t at = 0, k = 0;
    np_node *n = dom.root->first_child;
    while (n) {
      np_node *next = n->next;
      if (n->kind == NP_NODE_ELEMENT && k++ % 2 == 1) {
        np_buf_append(&want, text + at, n->lead - at);
        at = n->span.end;
        np_dom_remove(n);
      }
      n = next;
    }
    np_buf_append(&want, text + at, size - at);
    np_buf_clear(&out);
    np_html_serialize(&out, &dom, dom.root, 0);
    if (!removal_matches(np_buf_slice(&out), np_buf_slice(&want), markdown)) {
      abort();
    }
    np_buf_fini(&want);
  }
  np_buf_fini(&out);
  np_arena_free(arena);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
  const char *text = (const char *)data;
  check_body(text, size, true);
  check_body(text, size, false);
  const char *nl = memchr(text, '\n', size);
  size_t len = nl ? (size_t)(nl - text) : size;
  np_selector *sel = NULL;
  np_error err;
  if (np_selector_compile(&sel, np_slice_from(text, len), &err) == NP_OK) {
    np_arena *arena = np_arena_new();
    np_dom dom;
    np_dom_init(&dom, arena, np_slice_from(text, size));
    if (np_html_parse_body(&dom, (np_span){0, size}, &err) == NP_OK) {
      for (np_node *n = dom.root; n; n = np_dom_next(dom.root, n)) {
        np_selector_matches(sel, n);
      }
    }
    np_arena_free(arena);
    np_selector_free(sel);
  }
  return 0;
}
