/* Over every post of a corpus (../shared/corpus in CI): the unedited
 * write-back is byte-identical, and editing one front-matter entry (set,
 * delete, rename, nested append, add) changes only that entry's lines and
 * reads back as edited. Skips (exit 77) when the corpus is absent. */
#include <stdlib.h>
#include <sys/stat.h>

#include "../unit/harness.h"
#include "post.h"
#include "walk.h"

#define SKIP 77

typedef enum op { OP_SET, OP_DELETE, OP_RENAME, OP_APPEND, OP_ADD } op;
static const char *const op_names[] = {"set", "delete", "rename", "append",
                                       "add"};

static np_slice key_of(const char *k)
{
  return np_slice_from(k, strlen(k));
}

/* The lines of `a` that differ from `b`: [start, end) in a's bytes, after
 * taking the longest common prefix and suffix of whole lines. */
static np_span changed_lines(np_slice a, np_slice b)
{
  size_t p = 0;
  while (p < a.len && p < b.len && a.ptr[p] == b.ptr[p]) {
    p++;
  }
  while (p > 0 && a.ptr[p - 1] != '\n' && a.ptr[p - 1] != '\r') {
    p--;
  }
  size_t s = 0;
  while (s < a.len - p && s < b.len - p &&
         a.ptr[a.len - 1 - s] == b.ptr[b.len - 1 - s]) {
    s++;
  }
  size_t end = a.len - s;
  while (end < a.len && end > p && a.ptr[end - 1] != '\n' &&
         a.ptr[end - 1] != '\r') {
    end++;
  }
  np_span span = {p, end < p ? p : end};
  return span;
}

/* Extends an entry's span upward over the comment lines attached to it. */
static size_t with_comments(np_slice f, size_t start)
{
  while (start > 0) {
    size_t line = start - 1; /* on the previous line's end */
    if (line > 0 && f.ptr[line] == '\n' && f.ptr[line - 1] == '\r') {
      line--;
    }
    while (line > 0 && f.ptr[line - 1] != '\n' && f.ptr[line - 1] != '\r') {
      line--;
    }
    size_t i = line;
    while (i < start && (f.ptr[i] == ' ' || f.ptr[i] == '\t')) {
      i++;
    }
    if (i >= start || f.ptr[i] != '#') {
      break;
    }
    start = line;
  }
  return start;
}

static int failures_reported;

static void fail(const char *path, const char *what, const char *key,
                 const char *detail)
{
  np_test_failed++;
  if (failures_reported++ < 20) {
    fprintf(stderr, "%s: %s '%s': %s\n", path, what, key, detail);
  }
}

static void try_edit(const char *path, np_slice src, size_t index, op kind)
{
  np_post *post = NULL;
  np_error err;
  np_error_clear(&err);
  if (np_post_parse(&post, path, src, NULL, NULL, &err) < 0) {
    return;
  }
  np_meta *meta = np_post_meta(post);
  np_arena *arena = np_post_arena(post);
  char keybuf[256];
  np_slice k =
      kind == OP_ADD ? key_of("newspipe_added") : np_meta_key_at(meta, index);
  snprintf(keybuf, sizeof keybuf, "%.*s", (int)(k.len > 200 ? 200 : k.len),
           k.ptr);
  np_span allowed =
      kind == OP_ADD ? (np_span){0, 0} : np_meta_entry_span(meta, index);
  np_value *expect = np_value_new_string(arena, "edited ✓ 已编辑", 21);
  np_slice want_key = k;
  switch (kind) {
  case OP_SET:
  case OP_ADD:
    np_meta_set(meta, k, expect);
    break;
  case OP_DELETE:
    np_meta_remove(meta, k);
    break;
  case OP_RENAME: {
    char *nk = np_arena_strndup(arena, keybuf, strlen(keybuf) + 8);
    memcpy(nk + strlen(keybuf), "_renamed", 9);
    want_key = key_of(nk);
    if (np_meta_get(meta, want_key)) {
      np_post_free(post);
      return;
    }
    np_meta_rename(meta, k, want_key, &err);
    break;
  }
  case OP_APPEND: {
    np_value *list = np_meta_get_mut(meta, k);
    if (!list || list->kind != NP_VALUE_LIST) {
      np_post_free(post);
      return;
    }
    np_value_list_append(arena, list, expect);
    expect = list;
    break;
  }
  }
  np_buf out;
  np_buf_init(&out);
  if (np_post_serialize(post, &out, &err) < 0) {
    fail(path, op_names[kind], keybuf, err.msg);
    goto done;
  }
  np_span changed = changed_lines(src, np_buf_slice(&out));
  if (kind == OP_ADD) {
    /* a pure insertion: nothing of the original changes */
    if (changed.end > changed.start) {
      fail(path, op_names[kind], keybuf, "original lines changed");
    }
  } else {
    size_t lo =
        kind == OP_DELETE ? with_comments(src, allowed.start) : allowed.start;
    if (changed.start < lo || changed.end > allowed.end) {
      char detail[160];
      snprintf(detail, sizeof detail,
               "changed bytes %zu-%zu outside the entry's %zu-%zu",
               changed.start, changed.end, lo, allowed.end);
      fail(path, op_names[kind], keybuf, detail);
      goto done;
    }
  }
  /* read it back */
  np_post *back = NULL;
  if (np_post_parse(&back, path, np_buf_slice(&out), NULL, NULL, &err) < 0) {
    fail(path, op_names[kind], keybuf, err.msg);
    goto done;
  }
  const np_value *got = np_meta_get(np_post_meta(back), want_key);
  if (kind == OP_DELETE ? got != NULL
                        : !np_value_equal(got, expect) && kind != OP_RENAME) {
    fail(path, op_names[kind], keybuf, "reads back differently");
  } else if (kind == OP_RENAME && !got) {
    fail(path, op_names[kind], keybuf, "renamed key missing");
  } else {
    np_test_passed++;
  }
  np_post_free(back);
done:
  np_buf_fini(&out);
  np_post_free(post);
}

static void on_walk_error(void *payload, const char *path,
                          np_walk_problem problem, const char *msg)
{
  (void)payload;
  (void)problem;
  fprintf(stderr, "%s: %s\n", path, msg);
}

static np_slice read_all(const char *path, char **owned)
{
  FILE *f = fopen(path, "rb");
  *owned = NULL;
  if (!f) {
    return np_slice_from("", 0);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  size_t got = fread(p, 1, (size_t)n, f);
  fclose(f);
  *owned = p;
  return np_slice_from(p, got);
}

/* The brief's check: editing the seed's title changes exactly one line. */
static void test_seed_title(const char *corpus)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/seed/2022-11-16-zaobao-wang-yi-lavrov.md",
           corpus);
  np_post *post = NULL;
  np_error err;
  if (np_post_read(&post, path, NULL, NULL, &err) < 0) {
    OK(0, "seed post reads");
    return;
  }
  np_meta *meta = np_post_meta(post);
  np_meta_set(meta, key_of("title"),
              np_value_new_string(np_post_arena(post), "王毅会见拉夫罗夫",
                                  strlen("王毅会见拉夫罗夫")));
  np_buf out;
  np_buf_init(&out);
  OK(np_post_serialize(post, &out, &err) == NP_OK, "seed serialises");
  np_slice src = np_post_source(post);
  np_span a = changed_lines(src, np_buf_slice(&out));
  np_span b = changed_lines(np_buf_slice(&out), src);
  size_t lines_a = 0, lines_b = 0;
  for (size_t i = a.start; i < a.end; i++) {
    lines_a += src.ptr[i] == '\n';
  }
  for (size_t i = b.start; i < b.end; i++) {
    lines_b += out.data[i] == '\n';
  }
  INT_EQ(lines_a, 1);
  INT_EQ(lines_b, 1);
  MEM_EQ(out.data + b.start, b.end - b.start, "title: \"王毅会见拉夫罗夫\"\n");
  np_buf_fini(&out);
  np_post_free(post);
}

int main(int argc, char **argv)
{
  const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";
  struct stat st;
  if (stat(corpus, &st) != 0 || !S_ISDIR(st.st_mode)) {
    printf("skipped: corpus folder %s not found\n", corpus);
    return SKIP;
  }
  np_pathlist list;
  np_pathlist_init(&list);
  np_walk(&list, corpus, on_walk_error, NULL);
  size_t posts = 0, edits_before = 0;
  for (size_t i = 0; i < list.len; i++) {
    char *owned;
    np_slice src = read_all(list.paths[i], &owned);
    np_post *post = NULL;
    np_error err;
    if (np_post_parse(&post, list.paths[i], src, NULL, NULL, &err) == NP_OK) {
      posts++;
      /* unedited: identical */
      np_buf out;
      np_buf_init(&out);
      np_post_serialize(post, &out, &err);
      if (!np_slice_eq(np_buf_slice(&out), src)) {
        fail(list.paths[i], "round trip", "-", "bytes differ");
      }
      np_buf_fini(&out);
      size_t n = np_meta_count(np_post_meta(post));
      np_post_free(post);
      for (size_t k = 0; k < n; k++) {
        for (int o = OP_SET; o <= OP_APPEND; o++) {
          try_edit(list.paths[i], src, k, (op)o);
        }
      }
      try_edit(list.paths[i], src, 0, OP_ADD);
    }
    free(owned);
  }
  edits_before = (size_t)np_test_passed;
  printf("%zu posts parsed, %zu edits checked\n", posts, edits_before);
  OK(posts > 2000, "the corpus has its posts");
  test_seed_title(corpus);
  np_pathlist_fini(&list);
  return np_test_summary();
}
