/* libFuzzer target for the round trip of a whole post: split, front matter
 * and body tree (Markdown or HTML by the first byte), written back
 * unedited, must be the input byte for byte. Then one attribute is set on
 * the first element that has its own start tag: when the tree is in
 * source order, the write-back must keep every byte before that tag; it
 * must read back with the same front matter and the attribute, or be
 * refused, with a place, by np_post_serialize's read-back checks. */
#include <stdlib.h>
#include <string.h>

#include "post.h"
#include "select.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static np_node *first_own_element(np_node *root)
{
  for (np_node *n = np_dom_next(root, root); n; n = np_dom_next(root, n)) {
    if (n->kind == NP_NODE_ELEMENT && (n->flags & NP_NODE_OWN_START_TAG)) {
      return n;
    }
  }
  return NULL;
}

static bool count(void *payload, np_node *el)
{
  (void)el;
  ++*(size_t *)payload;
  return true;
}

/* A <p> holding at most white space: it shows nothing, and the read-back
 * check counts it for nothing (core/markdown_check.c). */
static bool empty_paragraph(const np_node *n)
{
  if (n->kind != NP_NODE_ELEMENT || !np_slice_eq_str(n->name, "p")) {
    return false;
  }
  for (const np_node *c = n->first_child; c; c = c->next) {
    if (c->kind != NP_NODE_TEXT) {
      return false;
    }
    for (size_t i = 0; i < c->text.len; i++) {
      char ch = c->text.ptr[i];
      if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') {
        return false;
      }
    }
  }
  return true;
}

/* The element names of a tree in document order, one a line, empty
 * paragraphs left out. */
static void shape(const np_node *root, np_buf *out)
{
  for (const np_node *n = root; n; n = np_dom_next(root, n)) {
    if (n->kind == NP_NODE_ELEMENT && !empty_paragraph(n)) {
      np_buf_append_slice(out, n->name);
      np_buf_append_char(out, '\n');
    }
  }
}

/* The written post must read back with the same front matter and the new
 * attribute (on more than one element when the HTML parser clones a
 * misnested formatting element such as <a>); when the tree was exact, with
 * the same elements in the same order (an attribute changes no structure:
 * a paragraph must not fall out of its blockquote). */
static void check_reads_back(np_post *post, np_slice written, const char *path,
                             bool exact)
{
  np_post *back = NULL;
  np_error err;
  if (np_post_parse(&back, path, written, NULL, NULL, &err) < 0) {
    abort(); /* an edit made the post unreadable */
  }
  np_meta *a = np_post_meta(post), *b = np_post_meta(back);
  if (np_meta_count(a) != np_meta_count(b)) {
    abort();
  }
  for (size_t i = 0; i < np_meta_count(a); i++) {
    if (!np_slice_eq(np_meta_key_at(a, i), np_meta_key_at(b, i)) ||
        !np_value_equal(np_meta_value_at(a, i), np_meta_value_at(b, i))) {
      abort(); /* a body edit changed the front matter */
    }
  }
  np_dom *dom = NULL;
  if (np_post_body(back, &dom, &err) < 0) {
    abort(); /* the edit made the body too deep or too big */
  }
  np_selector *sel = NULL;
  size_t found = 0;
  if (np_selector_compile(&sel, np_slice_from("[data-np]", 9), &err) < 0) {
    abort();
  }
  np_selector_each(sel, dom->root, count, &found);
  if (found == 0) {
    abort(); /* the edited element is lost when read back */
  }
  np_selector_free(sel);
  if (exact) {
    np_dom *before = NULL;
    np_buf a_shape, b_shape;
    np_buf_init(&a_shape);
    np_buf_init(&b_shape);
    if (np_post_body(post, &before, &err) < 0) {
      abort();
    }
    shape(before->root, &a_shape);
    shape(dom->root, &b_shape);
    if (!np_slice_eq(np_buf_slice(&a_shape), np_buf_slice(&b_shape))) {
      abort(); /* the edit changed the document's structure */
    }
    np_buf_fini(&a_shape);
    np_buf_fini(&b_shape);
  }
  np_post_free(back);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
  /* the first byte picks the body's language, as the file name would */
  const char *path = size > 0 && (data[0] & 1) ? "fuzz.html" : "fuzz.md";
  np_slice input = np_slice_from((const char *)data, size);
  np_post *post = NULL;
  np_error err;
  np_error_clear(&err);
  if (np_post_parse(&post, path, input, NULL, NULL, &err) < 0) {
    return 0;
  }
  np_dom *dom = NULL;
  if (np_post_body(post, &dom, &err) < 0) {
    np_post_free(post);
    return 0; /* NP_ELIMIT: too deep or too big, refused with a message */
  }
  np_buf out;
  np_buf_init(&out);
  if (np_post_serialize(post, &out, &err) < 0 ||
      !np_slice_eq(np_buf_slice(&out), input)) {
    abort(); /* an unedited post comes back byte for byte */
  }
  np_node *el = first_own_element(dom->root);
  /* an exact tree is in source order (no node the HTML parser moved) */
  bool exact = dom->root->flags & NP_NODE_EXACT;
  if (el && np_dom_set_attr(dom, el, np_slice_from("data-np", 7),
                            np_slice_from("\"1\" & <2>", 9)) == NP_OK) {
    np_buf_clear(&out);
    np_status rc = np_post_serialize(post, &out, &err);
    if (rc == NP_EREFUSED) {
      /* a read-back check found the write unfaithful: the post is left
       * as it was, with a message; the refusals are counted on the corpus
       * (corpus.lua) */
      if (err.line == 0 || !strstr(err.msg, "would not read back")) {
        abort();
      }
      goto done;
    }
    if (rc < 0) {
      abort();
    }
    if (exact && (out.len < el->span.start ||
                  memcmp(out.data, data, el->span.start) != 0)) {
      abort(); /* bytes before the edited tag changed */
    }
    check_reads_back(post, np_buf_slice(&out), path, exact);
  }
done:
  np_buf_fini(&out);
  np_post_free(post);
  return 0;
}
