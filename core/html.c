/* gumbo's tree → np_dom. gumbo hands back pointers into the buffer it
 * parsed, so spans come from pointer arithmetic; its parse flags say which
 * tags really are in the file (implied <tbody>, adoption-agency clones and
 * implicit end tags are not). Exactness of each subtree's bytes is then
 * verified rather than assumed. All walks are iterative. */
#include "html.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gumbo.h>

#include "html_int.h"
#include "serialize.h"
#include "source.h"

typedef struct converter {
  np_dom *dom;
  const char *base;      /* the text gumbo parsed (after our "<body>") */
  const char *keep_base; /* where the same bytes live as long as the tree,
                            or NULL (a Markdown rendering: see keep()) */
  size_t offset;         /* its offset in the file */
  const np_md_map *map;  /* for a Markdown rendering: rendering -> file */
  bool with_spans;
  size_t count;
  np_error *err;
} converter;

typedef struct frame {
  const GumboNode *g;
  np_node *parent;
} frame;

/* Where something starting (or ending, `is_end`) at `p` is in the file. */
static size_t file_pos(const converter *c, const char *p, bool is_end)
{
  size_t r = (size_t)(p - c->base);
  return c->map ? np_md_map_to_file(c->map, r, is_end) : c->offset + r;
}

static size_t file_offset(const converter *c, const char *p)
{
  return file_pos(c, p, false);
}

/* Is [p, p + n) the author's bytes, not markup the rendering made? */
static bool authored(const converter *c, const char *p, size_t n)
{
  return !c->map || np_md_map_is_verbatim(c->map, (size_t)(p - c->base), n);
}

/* Is `cp` one that gumbo turns into U+FFFD where the HTML standard keeps
 * it? C0 controls but tab, LF, FF and CR; DEL; C1 controls; noncharacters. */
static bool replaced_by_gumbo(uint32_t cp)
{
  return (cp >= 0x01 && cp <= 0x1F && cp != '\t' && cp != '\n' && cp != '\f' &&
          cp != '\r') ||
         (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
         (cp & 0xFFFE) == 0xFFFE;
}

/* Puts back the characters gumbo replaced with U+FFFD in `decoded`, so the
 * tree holds what the standard says (text() then drops the controls, as a
 * reader sees none). Only when it is certain: the original holds exactly
 * one such character for each U+FFFD and nothing else that could have
 * become one (a U+FFFD itself, a character reference, invalid UTF-8, NUL).
 * Returns NULL when there is nothing to restore. */
static char *restore_replaced(converter *c, const char *decoded, size_t len,
                              GumboStringPiece orig, bool *ok)
{
  static const char fffd[] = "\xEF\xBF\xBD";
  size_t marks = 0;
  for (const char *p = decoded; (p = strstr(p, fffd)) != NULL; p += 3) {
    marks++;
  }
  np_slice o = np_slice_from(orig.data, orig.length);
  if (marks == 0 || np_utf8_find_invalid(o) != o.len ||
      memchr(o.ptr, '\0', o.len)) {
    return NULL;
  }
  for (size_t i = 0; i + 1 < o.len; i++) {
    if (o.ptr[i] == '&' && o.ptr[i + 1] == '#') {
      return NULL;
    }
  }
  size_t found = 0, extra = 0;
  for (size_t i = 0; i < o.len;) {
    const unsigned char *s = (const unsigned char *)o.ptr + i;
    size_t n = np_utf8_sequence_length(s, o.len - i);
    uint32_t cp = np_utf8_decode(s, n);
    if (cp == 0xFFFD) {
      return NULL;
    }
    if (replaced_by_gumbo(cp)) {
      found++;
      extra += n;
    }
    i += n;
  }
  if (found != marks) {
    return NULL;
  }
  char *out = np_arena_alloc(c->dom->arena, len - 3 * marks + extra + 1);
  if (!out) {
    *ok = false;
    return NULL;
  }
  size_t w = 0, at = 0; /* at: where to look for the next one in o */
  for (size_t r = 0; r < len;) {
    if (r + 3 > len || memcmp(decoded + r, fffd, 3) != 0) {
      out[w++] = decoded[r++];
      continue;
    }
    for (;;) {
      const unsigned char *s = (const unsigned char *)o.ptr + at;
      size_t n = np_utf8_sequence_length(s, o.len - at);
      at += n;
      if (replaced_by_gumbo(np_utf8_decode(s, n))) {
        memcpy(out + w, s, n);
        w += n;
        break;
      }
    }
    r += 3;
  }
  out[w] = '\0';
  return out;
}

/* gumbo's decoded strings die with its output. When the decoded text is
 * the same bytes as the original (no entity was decoded), point at those
 * bytes in the file (for a Markdown rendering, only where the rendering is
 * a verbatim copy of the file); copy into the arena otherwise. */
static np_slice keep(converter *c, const char *decoded, GumboStringPiece orig,
                     bool *ok)
{
  size_t len = strlen(decoded);
  for (size_t i = 0; i + len <= orig.length && i < 2; i++) {
    if (memcmp(orig.data + i, decoded, len) != 0) {
      continue; /* only an opening quote may precede the value */
    }
    const char *at = orig.data + i;
    if (!c->map) {
      return np_slice_from(c->keep_base + (at - c->base), len);
    }
    size_t r = (size_t)(at - c->base);
    if (len > 0 && np_md_map_is_verbatim(c->map, r, len)) {
      return np_slice_from(
          c->dom->file.ptr + np_md_map_to_file(c->map, r, false), len);
    }
    break;
  }
  char *p = restore_replaced(c, decoded, len, orig, ok);
  if (p) {
    return np_slice_from(p, strlen(p));
  }
  p = *ok ? np_arena_strndup(c->dom->arena, decoded, len) : NULL;
  if (!p) {
    *ok = false;
    return np_slice_from("", 0);
  }
  return np_slice_from(p, len);
}

/* An unknown element's name as the HTML tokenizer reads it: after '<', up
 * to HTML whitespace (tab, LF, FF, CR, space), '/' or '>', lower-cased.
 * (gumbo_tag_from_original_text stops at other whitespace too.) */
static np_slice tag_name(converter *c, GumboStringPiece tag, bool *ok)
{
  /* gumbo's original text of a tag starts at an ignored "</>" before it */
  size_t at = 0;
  while (tag.length - at >= 3 && memcmp(tag.data + at, "</>", 3) == 0) {
    at += 3;
  }
  size_t start = at < tag.length && tag.data[at] == '<' ? at + 1 : at;
  size_t end = start;
  while (end < tag.length) {
    char ch = tag.data[end];
    if (ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r' || ch == ' ' ||
        ch == '/' || ch == '>') {
      break;
    }
    end++;
  }
  size_t len = end - start;
  char *p = np_arena_alloc(c->dom->arena, len + 1);
  *ok = p != NULL;
  if (!p) {
    return np_slice_from("", 0);
  }
  for (size_t i = 0; i < len; i++) {
    char ch = tag.data[start + i];
    p[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
  }
  p[len] = '\0';
  return np_slice_from(p, len);
}

static np_status convert_attrs(converter *c, const GumboElement *e, np_node *n)
{
  if (e->attributes.length == 0) {
    return NP_OK;
  }
  n->attrs =
      np_arena_calloc(c->dom->arena, e->attributes.length, sizeof(np_attr));
  if (!n->attrs) {
    return NP_ENOMEM;
  }
  n->attrs_cap = e->attributes.length;
  for (unsigned i = 0; i < e->attributes.length; i++) {
    const GumboAttribute *a = e->attributes.data[i];
    np_attr *out = &n->attrs[n->nattrs++];
    bool ok = true;
    out->name = keep(c, a->name, a->original_name, &ok);
    out->value = keep(c, a->value, a->original_value, &ok);
    if (!ok) {
      return NP_ENOMEM;
    }
    if (c->with_spans && a->original_name.data &&
        authored(c, a->original_name.data, a->original_name.length)) {
      const char *end = a->original_value.data && a->original_value.length
                            ? a->original_value.data + a->original_value.length
                            : a->original_name.data + a->original_name.length;
      out->span.start = file_offset(c, a->original_name.data);
      out->span.end = file_pos(c, end, true);
    }
  }
  return NP_OK;
}

static np_node *convert_one(converter *c, const GumboNode *g, bool *ok)
{
  *ok = true;
  np_node *n = np_arena_calloc(c->dom->arena, 1, sizeof *n);
  if (!n) {
    *ok = false;
    return NULL;
  }
  switch (g->type) {
  case GUMBO_NODE_ELEMENT:
  case GUMBO_NODE_TEMPLATE: {
    const GumboElement *e = &g->v.element;
    n->kind = NP_NODE_ELEMENT;
    if (e->tag != GUMBO_TAG_UNKNOWN) {
      const char *name = gumbo_normalized_tagname(e->tag);
      n->name = np_slice_from(name, strlen(name));
    } else {
      n->name = tag_name(c, e->original_tag, ok);
    }
    if (*ok && convert_attrs(c, e, n) < 0) {
      *ok = false;
    }
    if (e->tag_namespace != GUMBO_NAMESPACE_HTML) {
      n->flags |= NP_NODE_FOREIGN;
    }
    if (c->with_spans) {
      n->flags |= NP_NODE_FROM_SOURCE;
      if (e->original_tag.length > 0 &&
          !(g->parse_flags & GUMBO_INSERTION_BY_PARSER)) {
        n->flags |= NP_NODE_OWN_START_TAG;
        n->span.start = file_offset(c, e->original_tag.data);
        /* a void element ends with its start tag: map it as an end */
        n->inner.start =
            file_pos(c, e->original_tag.data + e->original_tag.length,
                     np_node_is_void(n));
        if (!authored(c, e->original_tag.data, e->original_tag.length)) {
          n->flags |= NP_NODE_MARKDOWN;
        }
      }
      if (e->original_end_tag.length > 0 &&
          !(g->parse_flags & GUMBO_INSERTION_IMPLICIT_END_TAG)) {
        n->flags |= NP_NODE_OWN_END_TAG;
        n->inner.end = file_pos(c, e->original_end_tag.data, true);
        n->span.end = file_pos(
            c, e->original_end_tag.data + e->original_end_tag.length, true);
      }
    }
    return n;
  }
  case GUMBO_NODE_COMMENT:
    n->kind = NP_NODE_COMMENT;
    break;
  default: /* text, whitespace, CDATA */
    n->kind = NP_NODE_TEXT;
    break;
  }
  const GumboText *t = &g->v.text;
  n->text = keep(c, t->text, t->original_text, ok);
  if (!*ok) {
    return NULL;
  }
  if (c->with_spans && t->original_text.data) {
    n->flags |= NP_NODE_FROM_SOURCE;
    n->span.start = file_offset(c, t->original_text.data);
    n->span.end =
        file_pos(c, t->original_text.data + t->original_text.length, true);
    if (n->span.end < n->span.start) {
      n->span.end = n->span.start;
    }
  }
  return n;
}

static const GumboVector *children_of(const GumboNode *g)
{
  if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
    return &g->v.element.children;
  }
  if (g->type == GUMBO_NODE_DOCUMENT) {
    return &g->v.document.children;
  }
  return NULL;
}

static bool reserve(frame **stack, size_t *cap, size_t need)
{
  if (need <= *cap) {
    return true;
  }
  size_t ncap = need * 2;
  frame *s = realloc(*stack, ncap * sizeof *s);
  if (!s) {
    return false;
  }
  *stack = s;
  *cap = ncap;
  return true;
}

/* Pushes the children of `g` in reverse, so they pop in document order. */
static bool push_children(frame **stack, size_t *len, size_t *cap,
                          const GumboNode *g, np_node *parent)
{
  const GumboVector *v = children_of(g);
  if (!v) {
    return true;
  }
  if (!reserve(stack, cap, *len + v->length)) {
    return false;
  }
  for (unsigned i = v->length; i > 0; i--) {
    (*stack)[*len].g = v->data[i - 1];
    (*stack)[*len].parent = parent;
    (*len)++;
  }
  return true;
}

/* Converts the children of gumbo's fragment root (<html>) under `into`. */
static np_status convert_tree(converter *c, const GumboNode *root,
                              np_node *into)
{
  size_t cap = 0, len = 0;
  frame *stack = NULL;
  if (!push_children(&stack, &len, &cap, root, into)) {
    free(stack);
    return NP_ENOMEM;
  }
  np_status rc = NP_OK;
  while (len > 0) {
    frame f = stack[--len];
    bool ok;
    np_node *n = convert_one(c, f.g, &ok);
    if (!ok) {
      rc = NP_ENOMEM;
      break;
    }
    if (++c->count > NP_MAX_DOM_NODES) {
      rc = np_error_set(c->err, NP_ELIMIT, "body has more than %zu nodes",
                        NP_MAX_DOM_NODES);
      break;
    }
    np_dom__link_last(f.parent, n);
    n->source_parent = f.parent;
    if (!push_children(&stack, &len, &cap, f.g, n)) {
      rc = NP_ENOMEM;
      break;
    }
  }
  free(stack);
  return rc;
}

/* ---- spans, gaps and exactness ---------------------------------------- */

/* A byte range in the file that belongs to exactly one node: a text, a
 * comment, a start tag or an end tag. */
typedef struct range {
  size_t start, end;
} range;

typedef struct ranges {
  range *items;
  size_t len, cap;
} ranges;

static bool push_range(ranges *r, size_t start, size_t end)
{
  if (end <= start) {
    return true; /* claims no bytes (Markdown markup with no syntax) */
  }
  if (r->len == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 256;
    range *p = realloc(r->items, cap * sizeof *p);
    if (!p) {
      return false;
    }
    r->items = p;
    r->cap = cap;
  }
  r->items[r->len].start = start;
  r->items[r->len].end = end;
  r->len++;
  return true;
}

static int compare_ranges(const void *a, const void *b)
{
  size_t x = ((const range *)a)->start, y = ((const range *)b)->start;
  return x < y ? -1 : x > y;
}

/* Tags come in document order unless the parser moved nodes: most trees
 * need no sort. */
static bool sorted(const ranges *r)
{
  for (size_t i = 1; i < r->len; i++) {
    if (r->items[i].start < r->items[i - 1].start) {
      return false;
    }
  }
  return true;
}

/* Number of ranges starting in [start, end). */
static size_t count_in(const ranges *r, size_t start, size_t end)
{
  size_t lo = 0, hi = r->len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->items[mid].start < start) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  size_t first = lo;
  hi = r->len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->items[mid].start < end) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo - first;
}

static bool own_ranges(const np_node *n, ranges *r)
{
  bool ok = true;
  if (n->kind == NP_NODE_ELEMENT) {
    if (n->flags & NP_NODE_OWN_START_TAG) {
      ok = push_range(r, n->span.start, n->inner.start);
    }
    if (ok && (n->flags & NP_NODE_OWN_END_TAG)) {
      ok = push_range(r, n->inner.end, n->span.end);
    }
  } else if (n->kind != NP_NODE_DOCUMENT && (n->flags & NP_NODE_FROM_SOURCE)) {
    ok = push_range(r, n->span.start, n->span.end);
  }
  return ok;
}

/* Completes an element (or the document) whose children are done: spans
 * of tags the parser implied, each child's leading gap, the tail, and
 * NP_NODE_EXACT when [inner.start, inner.end) is exactly gap, child, gap,
 * child, ..., tail with every child exact and no token in any gap. */
static void finish_container(np_node *x, const ranges *tokens)
{
  np_node *first = x->first_child, *last = x->last_child;
  if (x->kind == NP_NODE_ELEMENT) {
    if (!(x->flags & NP_NODE_OWN_START_TAG)) {
      x->span.start = x->inner.start = first ? first->span.start : 0;
    }
    if (!(x->flags & NP_NODE_OWN_END_TAG)) {
      x->inner.end = x->span.end = last ? last->span.end : x->inner.start;
    }
  }
  bool exact = x->span.start <= x->inner.start &&
               x->inner.start <= x->inner.end && x->inner.end <= x->span.end;
  size_t cursor = x->inner.start;
  for (np_node *ch = first; ch; ch = ch->next) {
    bool in_order = ch->span.start >= cursor;
    size_t lead = in_order ? cursor : ch->span.start;
    bool clean_gap = count_in(tokens, lead, ch->span.start) == 0;
    ch->lead = clean_gap ? lead : ch->span.start;
    exact = exact && in_order && clean_gap && (ch->flags & NP_NODE_EXACT);
    if (ch->span.end > cursor) {
      cursor = ch->span.end;
    }
  }
  bool clean_tail =
      cursor <= x->inner.end && count_in(tokens, cursor, x->inner.end) == 0;
  x->tail = clean_tail ? cursor : x->inner.end;
  if (exact && clean_tail) {
    x->flags |= NP_NODE_EXACT;
  }
}

/* ---- Markdown inline syntax ------------------------------------------- */

/* md4c reports no positions, so the source map places the markup of an
 * inline element by the text around it: a start goes with what precedes
 * it, an end with what follows. Side by side ("[a](u)[b](v)", "_x_](u)_")
 * the same bytes then go to two elements, and written node by node they
 * come out twice. An inline element's syntax is in fact tight around its
 * content: its opening run just before its first child's bytes, and for
 * emphasis and code the same run just after its last child's. */
typedef struct inline_syntax {
  const char *name;
  const char *chars; /* what its opening (and closing) run is made of */
  size_t max;        /* the longest such run; 0: any */
  bool closes;       /* the closing run is the opening one again */
} inline_syntax;

static const inline_syntax inline_syntaxes[] = {
    {"a", "[", 1, false},  {"em", "*_", 1, true},  {"strong", "*_", 2, true},
    {"del", "~", 2, true}, {"code", "`", 0, true},
};

static const inline_syntax *syntax_of(const np_node *x)
{
  unsigned md = NP_NODE_MARKDOWN | NP_NODE_OWN_START_TAG;
  if (x->kind != NP_NODE_ELEMENT || (x->flags & md) != md) {
    return NULL;
  }
  for (size_t i = 0; i < sizeof inline_syntaxes / sizeof *inline_syntaxes;
       i++) {
    if (np_slice_eq_str(x->name, inline_syntaxes[i].name)) {
      return &inline_syntaxes[i];
    }
  }
  return NULL;
}

/* Narrows the syntax of `x` to the runs around its content, where they
 * are found. Children first: an inner element's end bounds an outer's. */
static void tighten_inline(np_node *x, np_slice file)
{
  const inline_syntax *sx = syntax_of(x);
  np_node *first = x->first_child, *last = x->last_child;
  if (!sx || !first || !(first->flags & NP_NODE_FROM_SOURCE) ||
      !(last->flags & NP_NODE_FROM_SOURCE)) {
    return;
  }
  bool code = sx->chars[0] == '`';
  size_t content = first->span.start, open = content;
  if (code && open > x->span.start && file.ptr[open - 1] == ' ') {
    open--; /* "`` `x` ``": one space pads the content */
  }
  size_t pad = content - open;
  while (open > x->span.start && file.ptr[open - 1] != '\0' &&
         strchr(sx->chars, file.ptr[open - 1]) &&
         (sx->max == 0 || content - pad - open < sx->max)) {
    open--;
  }
  size_t run = content - pad - open;
  if (run == 0 || last->span.end > x->span.end) {
    return; /* no syntax where it should be: keep the map's guess */
  }
  x->span.start = open;
  x->inner.start = content;
  if (!sx->closes) {
    if (x->inner.end > last->span.end) {
      x->inner.end = last->span.end; /* "](url)": the end tag's */
    }
    return;
  }
  size_t close = last->span.end + pad, end = close;
  while (end < file.len && end - close < run &&
         file.ptr[end] == file.ptr[open]) {
    end++;
  }
  if (end - close == run && end <= x->span.end) {
    x->inner.end = last->span.end;
    x->span.end = end;
  }
}

/* An inline element's end stops where the next one's syntax starts. */
static void cut_at_next(np_node *x)
{
  np_node *prev = x->prev;
  if (syntax_of(x) && prev && syntax_of(prev) &&
      prev->span.end > x->span.start && x->span.start >= prev->inner.end) {
    prev->span.end = x->span.start;
  }
}

static np_status finish_spans(np_dom *dom, np_span body)
{
  ranges tokens = {NULL, 0, 0};
  size_t n = 0, cap = 1024;
  np_node **order = malloc(cap * sizeof *order);
  np_status rc = order ? NP_OK : NP_ENOMEM;
  dom->root->flags |= NP_NODE_FROM_SOURCE;
  dom->root->span = dom->root->inner = body;
  for (np_node *x = dom->root; rc == NP_OK && x;
       x = np_dom_next(dom->root, x)) {
    if (n == cap) {
      cap *= 2;
      np_node **p = realloc(order, cap * sizeof *p);
      if (!p) {
        rc = NP_ENOMEM;
        break;
      }
      order = p;
    }
    order[n++] = x;
  }
  if (dom->is_markdown) {
    for (size_t i = n; i > 0; i--) {
      tighten_inline(order[i - 1], dom->file);
    }
    for (size_t i = 0; i < n; i++) {
      cut_at_next(order[i]);
    }
  }
  for (size_t i = 0; rc == NP_OK && i < n; i++) {
    if (!own_ranges(order[i], &tokens)) {
      rc = NP_ENOMEM;
    }
  }
  if (rc == NP_OK && !sorted(&tokens)) {
    qsort(tokens.items, tokens.len, sizeof *tokens.items, compare_ranges);
  }
  /* reverse document order reaches every node after its descendants */
  for (size_t i = n; rc == NP_OK && i > 0; i--) {
    np_node *x = order[i - 1];
    if (x->kind == NP_NODE_ELEMENT || x->kind == NP_NODE_DOCUMENT) {
      finish_container(x, &tokens);
    } else if (x->flags & NP_NODE_FROM_SOURCE) {
      x->flags |= NP_NODE_EXACT;
    }
  }
  free(order);
  free(tokens.items);
  return rc;
}

/* ---- entry points ----------------------------------------------------- */

/* gumbo allocates and frees a great many small pieces (a fifth of the
 * parse's time was malloc and free); instead, a parse takes its memory
 * from a pool of chunks that goes at once after conversion, and gumbo's
 * frees (and its tree walk in gumbo_destroy_output) do nothing. Chunks stay
 * under malloc's mmap threshold, so the next post reuses the heap's pages
 * rather than asking the kernel for fresh ones. */
typedef struct pool_chunk {
  struct pool_chunk *next;
  size_t size, used;
  max_align_t data[];
} pool_chunk;

enum { POOL_CHUNK = 64 * 1024 - 64 };

static void *pool_alloc(void *userdata, size_t n)
{
  pool_chunk **head = userdata;
  pool_chunk *c = *head;
  n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  if (!c || c->size - c->used < n) {
    size_t size = n > POOL_CHUNK ? n : POOL_CHUNK;
    pool_chunk *fresh = malloc(sizeof *fresh + size);
    if (!fresh) {
      return NULL;
    }
    fresh->size = size;
    fresh->used = 0;
    if (n > POOL_CHUNK && c) { /* a big piece: keep filling the current one */
      fresh->next = c->next;
      c->next = fresh;
      fresh->used = n;
      return fresh->data;
    }
    fresh->next = c;
    *head = c = fresh;
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  return p;
}

static void pool_free(void *userdata, void *p)
{
  (void)userdata, (void)p;
}

static void pool_destroy(pool_chunk *c)
{
  while (c) {
    pool_chunk *next = c->next;
    free(c);
    c = next;
  }
}

static const char body_tag[] = "<body>";
#define BODY_TAG_LEN (sizeof body_tag - 1)

/* Parses `text` as the content of <body>, in document mode after a
 * "<body>" of ours: what a browser does with a page's body. (gumbo 0.10.1's
 * fragment mode reads uninitialised memory on tables.) `*buf` receives the
 * malloc'd copy gumbo parsed, to free after conversion. */
static GumboOutput *parse(const char *text, size_t len, pool_chunk **pool,
                          char **buf)
{
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0; /* we do not report HTML parse errors */
  opts.allocator = pool_alloc;
  opts.deallocator = pool_free;
  opts.userdata = pool;
  *buf = malloc(BODY_TAG_LEN + len + 1);
  if (!*buf) {
    return NULL;
  }
  memcpy(*buf, body_tag, BODY_TAG_LEN);
  if (len > 0) {
    memcpy(*buf + BODY_TAG_LEN, text, len);
  }
  (*buf)[BODY_TAG_LEN + len] = '\0';
  GumboOutput *out = gumbo_parse_with_options(&opts, *buf, BODY_TAG_LEN + len);
  if (!out) {
    free(*buf);
    *buf = NULL;
  }
  return out;
}

/* The <body> element gumbo built (it is always there). */
static const GumboNode *body_of(const GumboOutput *out)
{
  const GumboVector *kids = &out->root->v.element.children;
  for (unsigned i = 0; i < kids->length; i++) {
    const GumboNode *n = kids->data[i];
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BODY) {
      return n;
    }
  }
  return out->root;
}

/* Refuses, with where and why, what gumbo would take quadratic time on. */
static np_status refuse_quadratic(converter *c, const char *text, size_t len)
{
  np_html_limit hit;
  np_status rc = np_html_check_limits(np_slice_from(text, len), &hit);
  size_t cost = np_html_parse_cost(&hit, len);
  if (rc == NP_OK && c->dom->memory_limit && cost > c->dom->memory_limit) {
    return np_error_set(c->err, NP_ELIMIT,
                        "reading it would take about %zu MB, over the "
                        "post's memory limit of %zu MB (--memory)",
                        cost >> 20, c->dom->memory_limit >> 20);
  }
  if (rc != NP_ELIMIT) {
    return rc == NP_ENOMEM ? np_error_set(c->err, rc, "out of memory") : rc;
  }
  char what[160];
  if (hit.kind == NP_HTML_TOO_DEEP) {
    snprintf(what, sizeof what,
             "elements nested more than %d deep: not read (the HTML parser's "
             "time grows with the square of the depth)",
             NP_HTML_MAX_DEPTH);
  } else {
    snprintf(what, sizeof what,
             "a tag with %zu attributes: not read (at most %d; the HTML "
             "parser's time grows with their square)",
             hit.count, NP_HTML_MAX_ATTRIBUTES);
  }
  if (!c->with_spans) {
    return np_error_set(c->err, NP_ELIMIT, "%s", what);
  }
  c->base = text;
  return np_error_set_at(c->err, NP_ELIMIT, c->dom->file,
                         file_offset(c, text + hit.offset), "%s", what);
}

/* Parses `text` and converts it under `into`; `c` says where positions
 * and kept strings point. */
static np_status parse_into(converter *c, const char *text, size_t len,
                            np_node *into)
{
  np_status rc = refuse_quadratic(c, text, len);
  if (rc < 0) {
    return rc;
  }
  pool_chunk *pool = NULL;
  char *buf = NULL;
  GumboOutput *out = parse(text, len, &pool, &buf);
  if (!out) {
    pool_destroy(pool);
    return np_error_set(c->err, NP_ENOMEM, "out of memory parsing HTML");
  }
  c->base = buf + BODY_TAG_LEN;
  rc = convert_tree(c, body_of(out), into);
  pool_destroy(pool); /* all of gumbo's output */
  free(buf);
  if (rc == NP_ENOMEM) {
    np_error_set(c->err, NP_ENOMEM, "out of memory parsing HTML");
  }
  return rc;
}

np_status np_html_parse_body(np_dom *dom, np_span body, np_error *err)
{
  const char *text = dom->file.ptr + body.start;
  converter c = {dom, NULL, text, body.start, NULL, true, 0, err};
  np_status rc = parse_into(&c, text, body.end - body.start, dom->root);
  return rc == NP_OK ? finish_spans(dom, body) : rc;
}

np_status np_html_parse_fragment(np_dom *dom, np_slice html, np_node **out,
                                 np_error *err)
{
  *out = NULL;
  char *copy = np_arena_strndup(dom->arena, html.ptr, html.len);
  np_node *holder = np_arena_calloc(dom->arena, 1, sizeof *holder);
  if (!copy || !holder) {
    return np_error_set(err, NP_ENOMEM, "out of memory parsing HTML");
  }
  holder->kind = NP_NODE_DOCUMENT;
  converter c = {dom, NULL, copy, 0, NULL, false, 0, err};
  np_status rc = parse_into(&c, copy, html.len, holder);
  if (rc == NP_OK) {
    *out = holder;
  }
  return rc;
}

np_status np_html__parse_mapped(np_dom *dom, np_span body, np_slice rendered,
                                const np_md_map *map, np_error *err)
{
  converter c = {dom, NULL, NULL, 0, map, true, 0, err};
  np_status rc =
      parse_into(&c, rendered.ptr ? rendered.ptr : "", rendered.len, dom->root);
  return rc == NP_OK ? finish_spans(dom, body) : rc;
}
