/* A Markdown body to test with: one tree at a time, in its own arena. */
#ifndef NP_TEST_MARKDOWN_FIXTURE_H
#define NP_TEST_MARKDOWN_FIXTURE_H

#include "harness.h"
#include "markdown.h"

static np_arena *arena;
static np_dom dom;
static np_error err;

static np_slice s(const char *t)
{
  return np_slice_from(t, strlen(t));
}

/* Parses `md` (a whole body) into `dom`, freeing the tree before. */
static void load(const char *md)
{
  np_arena_free(arena);
  arena = np_arena_new();
  np_dom_init(&dom, arena, s(md));
  np_error_clear(&err);
  INT_EQ(np_markdown_parse_body(&dom, (np_span){0, strlen(md)}, &err), NP_OK);
}

/* The nth element named `name` in document order, or NULL. */
static np_node *find(const char *name, int nth)
{
  for (np_node *n = dom.root; n; n = np_dom_next(dom.root, n)) {
    if (n->kind == NP_NODE_ELEMENT && np_slice_eq_str(n->name, name) &&
        nth-- == 0) {
      return n;
    }
  }
  return NULL;
}

#endif
