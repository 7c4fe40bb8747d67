/* HTML serialisation with minimal diffs. Iterative: a stack of (node,
 * entering/leaving) pairs, so depth costs heap, not C stack. */
#include "serialize.h"

#include <stdlib.h>
#include <string.h>

#define CHANGED                                                                \
  (NP_NODE_SELF_CHANGED | NP_NODE_CHILDREN_CHANGED | NP_NODE_DESCENDANT_CHANGED)

typedef struct writer {
  np_buf *out;
  np_slice file;
  unsigned flags;
} writer;

static bool name_in(np_slice name, const char *const *list)
{
  for (size_t i = 0; list[i]; i++) {
    if (np_slice_eq_str(name, list[i])) {
      return true;
    }
  }
  return false;
}

bool np_html_is_void(np_slice name)
{
  static const char *const voids[] = {
      "area",  "base",   "basefont", "bgsound", "br",     "col",  "embed",
      "frame", "hr",     "img",      "input",   "keygen", "link", "meta",
      "param", "source", "track",    "wbr",     NULL};
  return name_in(name, voids);
}

/* Elements whose text children are written without escaping. */
static bool is_raw_text(const np_node *el)
{
  static const char *const raw[] = {"script",    "style",    "xmp",
                                    "iframe",    "noembed",  "noframes",
                                    "plaintext", "noscript", NULL};
  return el && el->kind == NP_NODE_ELEMENT && name_in(el->name, raw);
}

static np_status copy(writer *w, size_t start, size_t end)
{
  if (end <= start) {
    return NP_OK;
  }
  return np_buf_append(w->out, w->file.ptr + start, end - start);
}

/* The HTML standard's "escaping a string". */
static np_status escape(writer *w, np_slice s, bool attribute)
{
  np_status rc = NP_OK;
  size_t run = 0;
  for (size_t i = 0; rc == NP_OK && i < s.len; i++) {
    const char *rep = NULL;
    size_t skip = 1;
    switch (s.ptr[i]) {
    case '&':
      rep = "&amp;";
      break;
    case '"':
      rep = attribute ? "&quot;" : NULL;
      break;
    case '<':
      rep = attribute ? NULL : "&lt;";
      break;
    case '>':
      rep = attribute ? NULL : "&gt;";
      break;
    case '\xC2':
      if (i + 1 < s.len && s.ptr[i + 1] == '\xA0') {
        rep = "&nbsp;";
        skip = 2;
      }
      break;
    default:
      break;
    }
    if (rep) {
      rc = np_buf_append(w->out, s.ptr + run, i - run);
      if (rc == NP_OK) {
        rc = np_buf_append_str(w->out, rep);
      }
      i += skip - 1;
      run = i + 1;
    }
  }
  return rc == NP_OK ? np_buf_append(w->out, s.ptr + run, s.len - run) : rc;
}

static np_status fresh_start_tag(writer *w, const np_node *el)
{
  np_status rc = np_buf_append_char(w->out, '<');
  if (rc == NP_OK) {
    rc = np_buf_append_slice(w->out, el->name);
  }
  for (size_t i = 0; rc == NP_OK && i < el->nattrs; i++) {
    const np_attr *a = &el->attrs[i];
    rc = np_buf_append_char(w->out, ' ');
    if (rc < 0) {
      break;
    }
    if (a->span.end > a->span.start) {
      rc = copy(w, a->span.start, a->span.end); /* keeps its quoting */
      continue;
    }
    rc = np_buf_append_slice(w->out, a->name);
    if (rc == NP_OK) {
      rc = np_buf_append_str(w->out, "=\"");
    }
    if (rc == NP_OK) {
      rc = escape(w, a->value, true);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(w->out, '"');
    }
  }
  return rc == NP_OK ? np_buf_append_char(w->out, '>') : rc;
}

static bool whole_copy(const writer *w, const np_node *n)
{
  return (n->flags & NP_NODE_EXACT) && !(n->flags & CHANGED) &&
         !(w->flags & NP_SERIALIZE_NO_SUBTREE_COPY);
}

/* Elements written with a start tag of our making need an end tag too. */
static bool fresh_tags(const np_node *el)
{
  if (!(el->flags & NP_NODE_FROM_SOURCE)) {
    return true;
  }
  return !(el->flags & NP_NODE_OWN_START_TAG) &&
         (el->flags & NP_NODE_SELF_CHANGED);
}

typedef struct step {
  const np_node *node;
  bool leaving;
} step;

typedef struct stack {
  step *items;
  size_t len, cap;
} stack;

static bool push(stack *s, const np_node *n, bool leaving)
{
  if (s->len == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    step *p = realloc(s->items, cap * sizeof *p);
    if (!p) {
      return false;
    }
    s->items = p;
    s->cap = cap;
  }
  s->items[s->len].node = n;
  s->items[s->len].leaving = leaving;
  s->len++;
  return true;
}

static np_status enter(writer *w, stack *s, const np_node *n,
                       const np_node *top)
{
  np_status rc = NP_OK;
  if (n != top && (n->flags & NP_NODE_FROM_SOURCE) &&
      n->source_parent == n->parent) {
    rc = copy(w, n->lead, n->span.start);
  }
  if (rc < 0 || (n->kind != NP_NODE_DOCUMENT && whole_copy(w, n))) {
    return rc < 0 ? rc : copy(w, n->span.start, n->span.end);
  }
  bool from_source = n->flags & NP_NODE_FROM_SOURCE;
  bool self_changed = n->flags & NP_NODE_SELF_CHANGED;
  switch (n->kind) {
  case NP_NODE_TEXT:
    if (from_source && !self_changed) {
      return copy(w, n->span.start, n->span.end);
    }
    if (is_raw_text(n->parent)) {
      return np_buf_append_slice(w->out, n->text);
    }
    return escape(w, n->text, false);
  case NP_NODE_COMMENT:
    if (from_source && !self_changed) {
      return copy(w, n->span.start, n->span.end);
    }
    rc = np_buf_append_str(w->out, "<!--");
    if (rc == NP_OK) {
      rc = np_buf_append_slice(w->out, n->text);
    }
    return rc == NP_OK ? np_buf_append_str(w->out, "-->") : rc;
  case NP_NODE_ELEMENT:
    if ((n->flags & NP_NODE_OWN_START_TAG) && !self_changed) {
      rc = copy(w, n->span.start, n->inner.start);
    } else if ((n->flags & NP_NODE_OWN_START_TAG) || fresh_tags(n)) {
      rc = fresh_start_tag(w, n);
    }
    if (rc < 0 || np_html_is_void(n->name)) {
      return rc;
    }
    break;
  case NP_NODE_DOCUMENT:
    break;
  }
  if (!push(s, n, true)) {
    return NP_ENOMEM;
  }
  for (const np_node *c = n->last_child; c; c = c->prev) {
    if (!push(s, c, false)) {
      return NP_ENOMEM;
    }
  }
  return NP_OK;
}

static np_status leave(writer *w, const np_node *n)
{
  np_status rc = NP_OK;
  if (n->flags & NP_NODE_FROM_SOURCE) {
    rc = copy(w, n->tail, n->inner.end);
  }
  if (rc < 0 || n->kind != NP_NODE_ELEMENT) {
    return rc;
  }
  if (n->flags & NP_NODE_OWN_END_TAG) {
    return copy(w, n->inner.end, n->span.end);
  }
  if (fresh_tags(n)) {
    rc = np_buf_append_str(w->out, "</");
    if (rc == NP_OK) {
      rc = np_buf_append_slice(w->out, n->name);
    }
    return rc == NP_OK ? np_buf_append_char(w->out, '>') : rc;
  }
  return NP_OK; /* the file closed it implicitly; so will a reader */
}

static np_status run(writer *w, const np_node *top, bool inner_only)
{
  stack s = {NULL, 0, 0};
  np_status rc = NP_OK;
  if (inner_only) {
    for (const np_node *c = top->last_child; c && rc == NP_OK; c = c->prev) {
      rc = push(&s, c, false) ? NP_OK : NP_ENOMEM;
    }
  } else {
    rc = push(&s, top, false) ? NP_OK : NP_ENOMEM;
  }
  while (rc == NP_OK && s.len > 0) {
    step st = s.items[--s.len];
    rc = st.leaving ? leave(w, st.node) : enter(w, &s, st.node, top);
  }
  if (rc == NP_OK && inner_only && (top->flags & NP_NODE_FROM_SOURCE)) {
    rc = copy(w, top->tail, top->inner.end);
  }
  free(s.items);
  return rc;
}

np_status np_html_serialize(np_buf *out, const np_dom *dom, const np_node *node,
                            unsigned flags)
{
  writer w = {out, dom->file, flags};
  /* An unchanged document is its body's bytes, whatever the parser moved
   * inside it (foster parenting, adoption agency). */
  if (node->kind == NP_NODE_DOCUMENT && (node->flags & NP_NODE_FROM_SOURCE) &&
      !(node->flags & CHANGED) &&
      !(flags & NP_SERIALIZE_NO_SUBTREE_COPY &&
        (node->flags & NP_NODE_EXACT))) {
    return copy(&w, node->span.start, node->span.end);
  }
  return run(&w, node, false);
}

np_status np_html_serialize_inner(np_buf *out, const np_dom *dom,
                                  const np_node *node, unsigned flags)
{
  writer w = {out, dom->file, flags};
  return run(&w, node, true);
}
