/* The body tree: construction, editing with change marks, iteration. No
 * function here recurses: trees from scraped HTML can be very deep. */
#include "dom.h"

#include <string.h>

#include "serialize.h"

static np_node *new_node(np_dom *dom)
{
  return np_arena_calloc(dom->arena, 1, sizeof(np_node));
}

static np_slice copy_slice(np_dom *dom, np_slice s, bool *ok)
{
  char *p = np_arena_strndup(dom->arena, s.ptr ? s.ptr : "", s.len);
  *ok = p != NULL;
  return np_slice_from(p ? p : "", p ? s.len : 0);
}

np_status np_dom_init(np_dom *dom, np_arena *arena, np_slice file)
{
  *dom = (np_dom){.arena = arena, .file = file};
  dom->root = np_arena_calloc(arena, 1, sizeof(np_node));
  if (!dom->root) {
    return NP_ENOMEM;
  }
  dom->root->kind = NP_NODE_DOCUMENT;
  return NP_OK;
}

static np_node *new_with_text(np_dom *dom, np_node_kind kind, np_slice s)
{
  np_node *n = new_node(dom);
  if (!n) {
    return NULL;
  }
  bool ok;
  np_slice copy = copy_slice(dom, s, &ok);
  if (!ok) {
    return NULL;
  }
  n->kind = kind;
  if (kind == NP_NODE_ELEMENT) {
    n->name = copy;
  } else {
    n->text = copy;
  }
  return n;
}

np_node *np_dom_new_element(np_dom *dom, np_slice name)
{
  return new_with_text(dom, NP_NODE_ELEMENT, name);
}

np_node *np_dom_new_text(np_dom *dom, np_slice text)
{
  return new_with_text(dom, NP_NODE_TEXT, text);
}

np_node *np_dom_new_comment(np_dom *dom, np_slice text)
{
  return new_with_text(dom, NP_NODE_COMMENT, text);
}

/* ---- change marks ----------------------------------------------------- */

/* Marks `node` with `flag` and its ancestors as having a changed
 * descendant. Stops at an ancestor already marked: its own are too. */
static void touch(np_node *node, unsigned flag)
{
  node->flags |= flag;
  for (np_node *p = node->parent; p; p = p->parent) {
    if (p->flags & NP_NODE_DESCENDANT_CHANGED) {
      break;
    }
    p->flags |= NP_NODE_DESCENDANT_CHANGED;
  }
}

/* A Markdown block rewritten as HTML (an attribute set on it), or a new
 * block put among Markdown, must not leave the Markdown blockquote or list
 * it sits in: its lines would lose their "> " or indentation, and the
 * container would end before it. So the outermost Markdown-made block
 * around it is rewritten as HTML too, content and all: a larger change in
 * the file, the same document to a reader. */
static void rewrite_markdown_containers(np_node *node)
{
  np_node *outer = NULL;
  for (np_node *p = node->parent; p && p->kind == NP_NODE_ELEMENT;
       p = p->parent) {
    if ((p->flags & NP_NODE_MARKDOWN) && np_dom__is_html_block_name(p->name)) {
      outer = p;
    }
  }
  if (outer) {
    touch(outer, NP_NODE_SELF_CHANGED);
  }
}

static bool is_block_element(const np_node *node)
{
  return node->kind == NP_NODE_ELEMENT &&
         np_dom__is_html_block_name(node->name);
}

/* ---- links ------------------------------------------------------------ */

bool np_dom_contains(const np_node *a, const np_node *b)
{
  for (const np_node *p = b; p; p = p->parent) {
    if (p == a) {
      return true;
    }
  }
  return false;
}

void np_dom_remove(np_node *node)
{
  np_node *parent = node->parent;
  if (!parent) {
    return;
  }
  if (node->prev) {
    node->prev->next = node->next;
  } else {
    parent->first_child = node->next;
  }
  if (node->next) {
    node->next->prev = node->prev;
  } else {
    parent->last_child = node->prev;
  }
  node->parent = node->prev = node->next = NULL;
  touch(parent, NP_NODE_CHILDREN_CHANGED);
}

static np_status check_insert(const np_node *parent, const np_node *node,
                              np_error *err)
{
  if (parent->kind != NP_NODE_ELEMENT && parent->kind != NP_NODE_DOCUMENT) {
    return np_error_set(err, NP_EINVAL, "a %s node cannot have children",
                        parent->kind == NP_NODE_TEXT ? "text" : "comment");
  }
  if (node->kind == NP_NODE_DOCUMENT) {
    return np_error_set(err, NP_EINVAL, "the document node cannot be moved");
  }
  if (parent->kind == NP_NODE_ELEMENT && np_node_is_void(parent)) {
    return np_error_set(err, NP_EINVAL, "a <%.*s> element cannot have children",
                        (int)parent->name.len, parent->name.ptr);
  }
  if (np_dom_contains(node, parent)) {
    return np_error_set(err, NP_EINVAL,
                        "cannot insert a node into itself or its descendants");
  }
  return NP_OK;
}

/* Links `node` under `parent` before `ref` (NULL: at the end). */
static np_status insert(np_node *parent, np_node *ref, np_node *node,
                        np_error *err)
{
  np_status rc = check_insert(parent, node, err);
  if (rc < 0) {
    return rc;
  }
  if (node == ref) {
    return NP_OK;
  }
  np_dom_remove(node);
  node->parent = parent;
  node->next = ref;
  node->prev = ref ? ref->prev : parent->last_child;
  if (node->prev) {
    node->prev->next = node;
  } else {
    parent->first_child = node;
  }
  if (ref) {
    ref->prev = node;
  } else {
    parent->last_child = node;
  }
  touch(parent, NP_NODE_CHILDREN_CHANGED);
  if (is_block_element(node)) {
    rewrite_markdown_containers(node);
  }
  return NP_OK;
}

static np_status need_parent(const np_node *node, np_error *err)
{
  if (!node->parent) {
    return np_error_set(err, NP_EINVAL, "the node is not in a tree");
  }
  return NP_OK;
}

np_status np_dom_append_child(np_dom *dom, np_node *parent, np_node *child,
                              np_error *err)
{
  (void)dom;
  return insert(parent, NULL, child, err);
}

np_status np_dom_prepend_child(np_dom *dom, np_node *parent, np_node *child,
                               np_error *err)
{
  (void)dom;
  return insert(parent, parent->first_child, child, err);
}

np_status np_dom_insert_before(np_dom *dom, np_node *ref, np_node *node,
                               np_error *err)
{
  (void)dom;
  np_status rc = need_parent(ref, err);
  return rc < 0 ? rc : insert(ref->parent, ref, node, err);
}

np_status np_dom_insert_after(np_dom *dom, np_node *ref, np_node *node,
                              np_error *err)
{
  (void)dom;
  np_status rc = need_parent(ref, err);
  return rc < 0 ? rc : insert(ref->parent, ref->next, node, err);
}

np_status np_dom_replace(np_dom *dom, np_node *old, np_node *node,
                         np_error *err)
{
  if (old == node) {
    return NP_OK;
  }
  np_status rc = np_dom_insert_before(dom, old, node, err);
  if (rc == NP_OK) {
    np_dom_remove(old);
  }
  return rc;
}

np_status np_dom_unwrap(np_dom *dom, np_node *node, np_error *err)
{
  np_status rc = need_parent(node, err);
  if (rc < 0) {
    return rc;
  }
  while (node->first_child) {
    rc = np_dom_insert_before(dom, node, node->first_child, err);
    if (rc < 0) {
      return rc;
    }
  }
  np_dom_remove(node);
  return NP_OK;
}

np_status np_dom_wrap(np_dom *dom, np_node *node, np_node *wrapper,
                      np_error *err)
{
  if (wrapper->kind != NP_NODE_ELEMENT) {
    return np_error_set(err, NP_EINVAL, "can only wrap with an element");
  }
  np_status rc = need_parent(node, err);
  if (rc == NP_OK) {
    rc = np_dom_insert_before(dom, node, wrapper, err);
  }
  if (rc < 0) {
    return rc;
  }
  np_node *target = wrapper;
  for (;;) {
    np_node *c = target->first_child;
    while (c && c->kind != NP_NODE_ELEMENT) {
      c = c->next;
    }
    if (!c) {
      break;
    }
    target = c;
  }
  return insert(target, NULL, node, err);
}

/* ---- attributes and text ---------------------------------------------- */

static ptrdiff_t find_attr(const np_node *el, np_slice name)
{
  for (size_t i = 0; i < el->nattrs; i++) {
    if (np_slice_eq(el->attrs[i].name, name)) {
      return (ptrdiff_t)i;
    }
  }
  return -1;
}

const np_slice *np_dom_get_attr(const np_node *el, np_slice name)
{
  ptrdiff_t i = el->kind == NP_NODE_ELEMENT ? find_attr(el, name) : -1;
  return i < 0 ? NULL : &el->attrs[i].value;
}

np_status np_dom_set_attr(np_dom *dom, np_node *el, np_slice name,
                          np_slice value)
{
  bool ok;
  np_slice v = copy_slice(dom, value, &ok);
  if (!ok) {
    return NP_ENOMEM;
  }
  ptrdiff_t i = find_attr(el, name);
  if (i >= 0) {
    if (np_slice_eq(el->attrs[i].value, value)) {
      return NP_OK;
    }
    el->attrs[i].value = v;
    el->attrs[i].span.start = el->attrs[i].span.end = 0;
  } else {
    if (el->nattrs == el->attrs_cap) {
      size_t cap = el->attrs_cap ? el->attrs_cap * 2 : 4;
      np_attr *a =
          np_arena_grow(dom->arena, el->attrs, el->nattrs, cap, sizeof *a);
      if (!a) {
        return NP_ENOMEM;
      }
      el->attrs = a;
      el->attrs_cap = cap;
    }
    np_slice n = copy_slice(dom, name, &ok);
    if (!ok) {
      return NP_ENOMEM;
    }
    np_attr *a = &el->attrs[el->nattrs++];
    a->name = n;
    a->value = v;
    a->span.start = a->span.end = 0;
  }
  touch(el, NP_NODE_SELF_CHANGED);
  if ((el->flags & NP_NODE_MARKDOWN) && is_block_element(el)) {
    rewrite_markdown_containers(el);
  }
  return NP_OK;
}

bool np_dom_remove_attr(np_node *el, np_slice name)
{
  ptrdiff_t i = find_attr(el, name);
  if (i < 0) {
    return false;
  }
  memmove(el->attrs + i, el->attrs + i + 1,
          (el->nattrs - (size_t)i - 1) * sizeof *el->attrs);
  el->nattrs--;
  touch(el, NP_NODE_SELF_CHANGED);
  if ((el->flags & NP_NODE_MARKDOWN) && is_block_element(el)) {
    rewrite_markdown_containers(el);
  }
  return true;
}

np_status np_dom_set_text(np_dom *dom, np_node *node, np_slice text,
                          np_error *err)
{
  if (node->kind == NP_NODE_TEXT || node->kind == NP_NODE_COMMENT) {
    if (np_slice_eq(node->text, text)) {
      return NP_OK;
    }
    bool ok;
    np_slice t = copy_slice(dom, text, &ok);
    if (!ok) {
      return NP_ENOMEM;
    }
    node->text = t;
    touch(node, NP_NODE_SELF_CHANGED);
    return NP_OK;
  }
  np_node *t = text.len > 0 ? np_dom_new_text(dom, text) : NULL;
  if (text.len > 0 && !t) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  /* checked before anything changes: <img> takes no text */
  np_status rc = t ? check_insert(node, t, err) : NP_OK;
  if (rc < 0) {
    return rc;
  }
  while (node->first_child) {
    np_dom_remove(node->first_child);
  }
  return t ? insert(node, NULL, t, err) : NP_OK;
}

/* ---- copies, iteration, checks ---------------------------------------- */

static np_node *copy_one(np_dom *dom, const np_node *src)
{
  np_node *c = np_arena_alloc(dom->arena, sizeof *c);
  if (!c) {
    return NULL;
  }
  *c = *src;
  c->parent = c->first_child = c->last_child = c->prev = c->next = NULL;
  c->source_parent = NULL;
  c->flags &= ~(unsigned)NP_NODE_CHANGED;
  if (src->nattrs > 0) {
    c->attrs = np_arena_calloc(dom->arena, src->nattrs, sizeof(np_attr));
    if (!c->attrs) {
      return NULL;
    }
    memcpy(c->attrs, src->attrs, src->nattrs * sizeof(np_attr));
    c->attrs_cap = src->nattrs;
  }
  return c;
}

bool np_dom__name_in(np_slice name, const char *const *names)
{
  if (name.len == 0) {
    return false;
  }
  /* the first byte rules out most names before a strlen: text extraction
   * asks this of every element */
  for (size_t i = 0; names[i]; i++) {
    if (names[i][0] == name.ptr[0] && strlen(names[i]) == name.len &&
        memcmp(names[i], name.ptr, name.len) == 0) {
      return true;
    }
  }
  return false;
}

bool np_dom__is_html_block_name(np_slice name)
{
  /* CommonMark 0.30, HTML blocks: condition 1, then condition 6 */
  static const char *const names[] = {
      "pre",    "script",   "style",    "textarea",   "address",  "article",
      "aside",  "base",     "basefont", "blockquote", "body",     "caption",
      "center", "col",      "colgroup", "dd",         "details",  "dialog",
      "dir",    "div",      "dl",       "dt",         "fieldset", "figcaption",
      "figure", "footer",   "form",     "frame",      "frameset", "h1",
      "h2",     "h3",       "h4",       "h5",         "h6",       "head",
      "header", "hr",       "html",     "iframe",     "legend",   "li",
      "link",   "main",     "menu",     "menuitem",   "nav",      "noframes",
      "ol",     "optgroup", "option",   "p",          "param",    "section",
      "source", "summary",  "table",    "tbody",      "td",       "tfoot",
      "th",     "thead",    "title",    "tr",         "track",    "ul",
      NULL};
  return np_dom__name_in(name, names);
}

bool np_dom__named(const np_node *n, const char *const *names)
{
  return n->kind == NP_NODE_ELEMENT && np_dom__name_in(n->name, names);
}

void np_dom__link_last(np_node *parent, np_node *child)
{
  child->parent = parent;
  child->prev = parent->last_child;
  if (parent->last_child) {
    parent->last_child->next = child;
  } else {
    parent->first_child = child;
  }
  parent->last_child = child;
}

np_node *np_dom_clone(np_dom *dom, const np_node *node, bool deep)
{
  np_node *top = copy_one(dom, node);
  if (!top || !deep) {
    if (top) {
      top->first_child = top->last_child = NULL;
    }
    return top;
  }
  const np_node *s = node;
  np_node *d = top;
  for (;;) {
    const np_node *from_parent;
    np_node *to_parent;
    if (s->first_child) {
      from_parent = s;
      to_parent = d;
      s = s->first_child;
    } else {
      while (s != node && !s->next) {
        s = s->parent;
        d = d->parent;
      }
      if (s == node) {
        break;
      }
      from_parent = s->parent;
      to_parent = d->parent;
      s = s->next;
    }
    np_node *k = copy_one(dom, s);
    if (!k) {
      return NULL;
    }
    k->source_parent = s->source_parent == from_parent ? to_parent : NULL;
    np_dom__link_last(to_parent, k);
    d = k;
  }
  return top;
}

/* Points `s` at a copy of its bytes in `dom`'s arena. */
static bool own_slice(np_dom *dom, np_slice *s)
{
  bool ok;
  *s = copy_slice(dom, *s, &ok);
  return ok;
}

np_node *np_dom_import(np_dom *dom, const np_node *node)
{
  np_node *top = np_dom_clone(dom, node, true);
  for (np_node *n = top; n; n = np_dom_next(top, n)) {
    /* Spans and gaps point into the other file: forget them. */
    n->flags &=
        ~(unsigned)(NP_NODE_FROM_SOURCE | NP_NODE_OWN_START_TAG |
                    NP_NODE_OWN_END_TAG | NP_NODE_EXACT | NP_NODE_MARKDOWN);
    n->source_parent = NULL;
    n->span = n->inner = (np_span){0, 0};
    n->lead = n->tail = 0;
    if (!own_slice(dom, &n->name) || !own_slice(dom, &n->text)) {
      return NULL;
    }
    for (size_t i = 0; i < n->nattrs; i++) {
      n->attrs[i].span = (np_span){0, 0};
      if (!own_slice(dom, &n->attrs[i].name) ||
          !own_slice(dom, &n->attrs[i].value)) {
        return NULL;
      }
    }
  }
  return top;
}

np_node *np_dom_next(const np_node *root, const np_node *node)
{
  if (node->first_child) {
    return node->first_child;
  }
  while (node != root) {
    if (node->next) {
      return node->next;
    }
    node = node->parent;
  }
  return NULL;
}

bool np_dom_check(const np_node *root, np_error *err)
{
  for (const np_node *n = root; n; n = np_dom_next(root, n)) {
    const np_node *prev = NULL;
    for (const np_node *c = n->first_child; c; c = c->next) {
      if (c->parent != n || c->prev != prev || c == root) {
        np_error_set(err, NP_EINTERNAL, "broken links under a <%.*s>",
                     (int)n->name.len, n->name.ptr);
        return false;
      }
      if ((n->kind == NP_NODE_TEXT || n->kind == NP_NODE_COMMENT) ||
          c->kind == NP_NODE_DOCUMENT) {
        np_error_set(err, NP_EINTERNAL, "a child where none may be");
        return false;
      }
      prev = c;
    }
    if (n->last_child != prev) {
      np_error_set(err, NP_EINTERNAL, "last_child does not end the list");
      return false;
    }
  }
  return true;
}
