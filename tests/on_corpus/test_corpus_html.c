/* Every corpus body into np_dom and back, read as the product reads it
 * (Markdown for .md .markdown .txt, HTML otherwise): unedited bodies are
 * byte-identical (and identical node by node wherever the tree is exact);
 * removing elements cuts out exactly their bytes (../fuzz/removal.h).
 * Also every body read as plain HTML, to test the HTML machinery on messy
 * input. Skips (77) without the corpus. */
#include <stdlib.h>
#include <sys/stat.h>

#include "../unit/harness.h"
#include "html.h"
#include "markdown.h"
#include "post.h"
#include "serialize.h"
#include "walk.h"

#include "../fuzz/removal.h"

typedef struct cut {
  size_t start, end;
} cut;

static int reported;

static void fail(const char *path, const char *what)
{
  np_test_failed++;
  if (reported++ < 20) {
    fprintf(stderr, "%s: %s\n", path, what);
  }
}

static bool serialize_is(const np_dom *dom, unsigned flags, np_slice want)
{
  np_buf b;
  np_buf_init(&b);
  bool same = np_html_serialize(&b, dom, dom->root, flags) == NP_OK &&
              np_slice_eq(np_buf_slice(&b), want);
  np_buf_fini(&b);
  return same;
}

static bool removal_is(const np_dom *dom, np_slice want)
{
  np_buf b;
  np_buf_init(&b);
  bool same = np_html_serialize(&b, dom, dom->root, 0) == NP_OK &&
              removal_matches(np_buf_slice(&b), want, dom->is_markdown);
  np_buf_fini(&b);
  return same;
}

static bool has_id_prefix(const np_node *n, const char *prefix)
{
  const np_slice *id = np_dom_get_attr(n, np_slice_from("id", 2));
  return id && id->len >= strlen(prefix) &&
         memcmp(id->ptr, prefix, strlen(prefix)) == 0;
}

/* Removes the chosen elements (none inside another) and compares with the
 * body minus their [lead, end) ranges. */
static bool as_markdown;

static np_status parse_body(np_dom *dom, np_span body, np_error *err)
{
  return as_markdown ? np_markdown_parse_body(dom, body, err)
                     : np_html_parse_body(dom, body, err);
}

static bool markdown_path(const char *path)
{
  const char *dot = strrchr(path, '.');
  return dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0 ||
                 strcmp(dot, ".txt") == 0);
}

static void remove_and_compare(const char *path, np_slice file, np_span body,
                               bool (*choose)(const np_node *, size_t))
{
  np_arena *arena = np_arena_new();
  np_dom dom;
  np_error err;
  np_dom_init(&dom, arena, file);
  if (parse_body(&dom, body, &err) < 0 || !(dom.root->flags & NP_NODE_EXACT)) {
    np_arena_free(arena);
    return;
  }
  cut *cuts = NULL;
  np_node **chosen = NULL;
  size_t n = 0, cap = 0, index = 0;
  np_node *x = dom.root->first_child;
  while (x) {
    if (x->kind == NP_NODE_ELEMENT && choose(x, index++)) {
      if (n == cap) {
        cap = cap ? cap * 2 : 16;
        cuts = realloc(cuts, cap * sizeof *cuts);
        chosen = realloc(chosen, cap * sizeof *chosen);
      }
      cuts[n].start = x->lead;
      cuts[n].end = x->span.end;
      chosen[n++] = x;
      /* skip its subtree */
      while (x != dom.root && !x->next) {
        x = x->parent;
      }
      x = x == dom.root ? NULL : x->next;
      continue;
    }
    x = np_dom_next(dom.root, x);
  }
  for (size_t i = 0; i < n; i++) {
    np_dom_remove(chosen[i]);
  }
  if (n > 0) {
    np_buf want;
    np_buf_init(&want);
    size_t at = body.start;
    for (size_t i = 0; i < n; i++) {
      np_buf_append(&want, file.ptr + at, cuts[i].start - at);
      at = cuts[i].end;
    }
    np_buf_append(&want, file.ptr + at, body.end - at);
    np_error e;
    if (!np_dom_check(dom.root, &e)) {
      fail(path, e.msg);
    } else if (!removal_is(&dom, np_buf_slice(&want))) {
      fail(path, "removal changed other bytes");
    } else {
      np_test_passed++;
    }
    np_buf_fini(&want);
  }
  free(cuts);
  free(chosen);
  np_arena_free(arena);
}

static bool is_ad_slot(const np_node *n, size_t index)
{
  (void)index;
  return has_id_prefix(n, "dfp-ad");
}

static bool every_fifth(const np_node *n, size_t index)
{
  (void)n;
  return index % 5 == 2;
}

static void check_one(const char *path, size_t *bodies, size_t *exact,
                      size_t *seed_ads)
{
  np_post *post = NULL;
  np_error err;
  if (np_post_read(&post, path, NULL, NULL, &err) < 0) {
    return;
  }
  np_slice file = np_post_source(post);
  np_span body = np_post_layout(post)->body;
  np_slice body_bytes =
      np_slice_from(file.ptr + body.start, body.end - body.start);
  np_arena *arena = np_arena_new();
  np_dom dom;
  np_dom_init(&dom, arena, file);
  if (parse_body(&dom, body, &err) < 0) {
    fail(path, err.msg);
  } else {
    (*bodies)++;
    np_error e;
    if (!np_dom_check(dom.root, &e)) {
      fail(path, e.msg);
    } else if (!serialize_is(&dom, 0, body_bytes)) {
      fail(path, "unedited body differs");
    } else if ((dom.root->flags & NP_NODE_EXACT) &&
               !serialize_is(&dom, NP_SERIALIZE_NO_SUBTREE_COPY, body_bytes)) {
      fail(path, "node-by-node serialisation differs");
    } else {
      np_test_passed++;
      *exact += (dom.root->flags & NP_NODE_EXACT) != 0;
    }
    if (seed_ads && strstr(path, "/seed/")) {
      for (np_node *n = dom.root; n; n = np_dom_next(dom.root, n)) {
        *seed_ads += has_id_prefix(n, "dfp-ad");
      }
    }
  }
  np_arena_free(arena);
  remove_and_compare(path, file, body, is_ad_slot);
  remove_and_compare(path, file, body, every_fifth);
  np_post_free(post);
}

static void on_walk_error(void *payload, const char *path,
                          np_walk_problem problem, const char *msg)
{
  (void)payload;
  (void)problem;
  fprintf(stderr, "%s: %s\n", path, msg);
}

int main(int argc, char **argv)
{
  const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
  struct stat st;
  if (stat(corpus, &st) != 0 || !S_ISDIR(st.st_mode)) {
    printf("skipped: corpus folder %s not found\n", corpus);
    return 77;
  }
  np_pathlist list;
  np_pathlist_init(&list);
  np_walk(&list, corpus, on_walk_error, NULL);
  size_t bodies[2] = {0, 0}, exact[2] = {0, 0}, seed_ads = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < list.len; i++) {
      const char *path = list.paths[i];
      as_markdown = pass == 1 && markdown_path(path);
      check_one(path, &bodies[pass], &exact[pass], pass ? &seed_ads : NULL);
    }
  }
  printf("as HTML: %zu bodies, %zu exact node by node\n", bodies[0], exact[0]);
  printf("as the product reads them: %zu bodies, %zu exact node by node\n",
         bodies[1], exact[1]);
  OK(bodies[1] > 2000, "the corpus has its bodies");
  INT_EQ(seed_ads, 2); /* dfp-ad-imu1 and dfp-ad-midarticlespecial */
  np_pathlist_fini(&list);
  return np_test_summary();
}
