/* The read-back check: both trees become a list of events (an element
 * opens or closes, a comment, a run of text), compared one by one. */
#include "markdown_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "markdown.h"

typedef enum event_kind { EV_OPEN, EV_CLOSE, EV_COMMENT, EV_TEXT } event_kind;

typedef struct event {
  event_kind kind;
  const np_node *node; /* the element or comment; a text run's first node */
  size_t text, len;    /* EV_TEXT, EV_COMMENT: bytes in the list's text */
} event;

typedef struct events {
  event *items;
  size_t len, cap;
  np_buf text;           /* the runs of text, normalised, one after another */
  size_t run;            /* where the run being read starts in `text` */
  const np_node *run_at; /* its first node; NULL when no run is open */
  bool failed;
} events;

static void add(events *e, event ev)
{
  if (e->len == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 256;
    event *p = realloc(e->items, cap * sizeof *p);
    if (!p) {
      e->failed = true;
      return;
    }
    e->items = p;
    e->cap = cap;
  }
  e->items[e->len++] = ev;
}

static bool is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Text runs on over adjacent text nodes (the parser merges what an edit
 * left side by side); white space runs count as one space, and none at
 * a run's edges (Markdown drops a paragraph's last blanks). */
static void add_text(events *e, const np_node *n)
{
  if (!e->run_at) {
    e->run_at = n;
    e->run = e->text.len;
  }
  const char *p = n->text.ptr;
  size_t len = n->text.len, i = 0;
  while (i < len && !e->failed) {
    size_t word = i;
    while (i < len && !is_blank(p[i])) {
      i++;
    }
    if (i > word) {
      e->failed = np_buf_append(&e->text, p + word, i - word) < 0;
    }
    if (i == len) {
      break;
    }
    while (i < len && is_blank(p[i])) {
      i++;
    }
    bool space_due =
        e->text.len > e->run && e->text.data[e->text.len - 1] != ' ';
    if (space_due && !e->failed) {
      e->failed = np_buf_append_char(&e->text, ' ') < 0;
    }
  }
}

/* Ends the open run of text: kept unless it is only white space. */
static void end_text(events *e)
{
  if (!e->run_at) {
    return;
  }
  if (e->text.len > e->run && e->text.data[e->text.len - 1] == ' ') {
    np_buf_truncate(&e->text, e->text.len - 1);
  }
  if (e->text.len > e->run) {
    add(e, (event){EV_TEXT, e->run_at, e->run, e->text.len - e->run});
  }
  e->run_at = NULL;
}

static void enter(events *e, const np_node *n)
{
  if (n->kind == NP_NODE_TEXT) {
    add_text(e, n);
    return;
  }
  end_text(e);
  if (n->kind == NP_NODE_COMMENT) {
    size_t at = e->text.len;
    e->failed = e->failed || np_buf_append_slice(&e->text, n->text) < 0;
    add(e, (event){EV_COMMENT, n, at, n->text.len});
  } else if (n->kind == NP_NODE_ELEMENT) {
    add(e, (event){EV_OPEN, n, 0, 0});
  }
}

static void leave(events *e, const np_node *n)
{
  if (n->kind == NP_NODE_ELEMENT) {
    end_text(e);
    add(e, (event){EV_CLOSE, n, 0, 0});
  }
}

/* An empty paragraph shows nothing: the HTML parser makes them where a
 * Markdown paragraph holds a block tag (md4c reads "<h3>" as inline), and
 * removing them changes no byte, so they count for nothing. */
static bool is_empty_paragraph(const np_node *n)
{
  static const char *const p[] = {"p", NULL};
  if (!np_dom__named(n, p)) {
    return false;
  }
  for (const np_node *c = n->first_child; c; c = c->next) {
    if (c->kind != NP_NODE_TEXT) {
      return false;
    }
    for (size_t i = 0; i < c->text.len; i++) {
      if (!is_blank(c->text.ptr[i])) {
        return false;
      }
    }
  }
  return true;
}

/* The events of the tree under `root`, in document order, without
 * recursion (bodies nest deep). */
static bool list_events(events *e, const np_node *root)
{
  const np_node *n = root->first_child;
  while (n && !e->failed) {
    bool skip = is_empty_paragraph(n);
    if (!skip) {
      enter(e, n);
    }
    if (n->first_child && !skip) {
      n = n->first_child;
      continue;
    }
    if (!skip) {
      leave(e, n);
    }
    while (!n->next) {
      n = n->parent;
      if (n == root) {
        break;
      }
      leave(e, n);
    }
    n = n == root ? NULL : n->next;
  }
  end_text(e);
  return !e->failed;
}

static void events_fini(events *e)
{
  free(e->items);
  np_buf_fini(&e->text);
}

static bool same_attrs(const np_node *a, const np_node *b)
{
  if (a->nattrs != b->nattrs) {
    return false;
  }
  for (size_t i = 0; i < a->nattrs; i++) {
    if (!np_slice_eq(a->attrs[i].name, b->attrs[i].name) ||
        !np_slice_eq(a->attrs[i].value, b->attrs[i].value)) {
      return false;
    }
  }
  return true;
}

static np_slice text_of(const events *e, const event *ev)
{
  if (ev->len == 0) {
    return np_slice_from("", 0); /* the buffer may have no memory yet */
  }
  return np_slice_from(e->text.data + ev->text, ev->len);
}

static bool same_event(const events *ea, const event *a, const events *eb,
                       const event *b)
{
  if (a->kind != b->kind) {
    return false;
  }
  switch (a->kind) {
  case EV_OPEN:
    return np_slice_eq(a->node->name, b->node->name) &&
           same_attrs(a->node, b->node);
  case EV_CLOSE:
    return np_slice_eq(a->node->name, b->node->name);
  case EV_COMMENT:
  case EV_TEXT:
    return np_slice_eq(text_of(ea, a), text_of(eb, b));
  }
  return false;
}

/* "<li>", "</ul>", "text 'Hello...'": an event as a message names it;
 * a text from byte `from` of its run. */
static void describe(char *buf, size_t size, const events *e, const event *ev,
                     size_t from)
{
  if (!ev) {
    snprintf(buf, size, "the end of the body");
    return;
  }
  const np_slice name = ev->node->name;
  int name_len = name.len > 24 ? 24 : (int)name.len;
  np_slice text = text_of(e, ev);
  text.ptr += from;
  text.len -= from;
  size_t len = text.len > 32 ? 32 : text.len;
  while (len > 0 && len < text.len &&
         ((unsigned char)text.ptr[len] & 0xC0) == 0x80) {
    len--; /* not inside a UTF-8 sequence */
  }
  switch (ev->kind) {
  case EV_OPEN:
    snprintf(buf, size, "<%.*s>", name_len, name.ptr);
    break;
  case EV_CLOSE:
    snprintf(buf, size, "</%.*s>", name_len, name.ptr);
    break;
  case EV_COMMENT:
    snprintf(buf, size, "a comment");
    break;
  case EV_TEXT:
    snprintf(buf, size, "text '%s%.*s%s'", from > 0 ? "..." : "", (int)len,
             text.ptr, len < text.len ? "..." : "");
    break;
  }
}

/* Where two texts part, less a few characters of context, at the start of
 * a UTF-8 character. */
static size_t parting(np_slice a, np_slice b)
{
  size_t i = 0;
  while (i < a.len && i < b.len && a.ptr[i] == b.ptr[i]) {
    i++;
  }
  i = i > 12 ? i - 12 : 0;
  while (i > 0 && ((unsigned char)a.ptr[i] & 0xC0) == 0x80) {
    i--;
  }
  return i;
}

/* Where a message about `n` points: its own place in the file, else that
 * of its nearest ancestor from the file. */
static size_t place_of(const np_node *n)
{
  for (; n; n = n->parent) {
    if (n->flags & NP_NODE_FROM_SOURCE) {
      return n->span.start;
    }
  }
  return 0;
}

static np_status refuse(const np_dom *dom, const events *want, size_t i,
                        const events *got, np_error *err)
{
  const event *a = i < want->len ? &want->items[i] : NULL;
  const event *b = i < got->len ? &got->items[i] : NULL;
  size_t from = 0;
  if (a && b && a->kind == EV_TEXT && b->kind == EV_TEXT) {
    from = parting(text_of(want, a), text_of(got, b));
  }
  char was[80], now[80];
  describe(was, sizeof was, want, a, from);
  describe(now, sizeof now, got, b, from);
  const char *how = "would be read as";
  if (a && b && a->kind == EV_OPEN && b->kind == EV_OPEN &&
      np_slice_eq(a->node->name, b->node->name)) {
    how = "would be read with other attributes, as";
  }
  /* a missing end tag is best pointed at from its element's start */
  const np_node *at = a           ? a->node
                      : want->len ? want->items[want->len - 1].node
                                  : dom->root;
  return np_error_set_at(err, NP_EREFUSED, dom->file, place_of(at),
                         "the edited Markdown body would not read back as "
                         "edited: %s %s %s; the post is not written",
                         was, how, now);
}

np_status np_markdown_check(const np_dom *dom, np_slice written, np_error *err)
{
  np_arena *arena = np_arena_new();
  if (!arena) {
    return NP_ENOMEM;
  }
  /* read as np_post_body reads, without the positions an edit needs */
  np_dom back;
  np_buf html;
  np_buf_init(&html);
  np_node *root = NULL;
  np_status rc = np_dom_init(&back, arena, written);
  if (rc == NP_OK) {
    back.memory_limit = dom->memory_limit;
    rc = np_markdown_render(&html, NULL, written, (np_span){0, written.len},
                            err);
  }
  if (rc == NP_OK) {
    rc = np_html_parse_fragment(&back, np_buf_slice(&html), &root, err);
  }
  np_buf_fini(&html);
  events want = {0}, got = {0};
  np_buf_init(&want.text);
  np_buf_init(&got.text);
  if (rc == NP_OK &&
      (!list_events(&want, dom->root) || !list_events(&got, root))) {
    rc = NP_ENOMEM;
  }
  for (size_t i = 0; rc == NP_OK; i++) {
    if (i == want.len && i == got.len) {
      break;
    }
    if (i == want.len || i == got.len ||
        !same_event(&want, &want.items[i], &got, &got.items[i])) {
      rc = refuse(dom, &want, i, &got, err);
    }
  }
  events_fini(&want);
  events_fini(&got);
  np_arena_free(arena);
  return rc;
}
