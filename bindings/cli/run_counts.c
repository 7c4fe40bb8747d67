/* The tallies stages keep with post:count (a glossary's replacements per
 * term): carried from a worker to the committer in a run_result, summed
 * over the posts written, and shown in the run's summary. */
#include "run.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Records in a run_result's counts buffer: group length, group, key length,
 * key, count; lengths and count as raw native integers (the buffer never
 * leaves the process). */
static np_status put(np_buf *out, const void *p, size_t len)
{
  return np_buf_append(out, p, len);
}

np_status run_counts_record(np_buf *out, np_slice group, np_slice key,
                            int64_t n)
{
  np_status rc = put(out, &group.len, sizeof group.len);
  rc = rc < 0 ? rc : put(out, group.ptr, group.len);
  rc = rc < 0 ? rc : put(out, &key.len, sizeof key.len);
  rc = rc < 0 ? rc : put(out, key.ptr, key.len);
  return rc < 0 ? rc : put(out, &n, sizeof n);
}

static np_slice take(const char **p, size_t len)
{
  np_slice s = np_slice_from(*p, len);
  *p += len;
  return s;
}

static size_t take_size(const char **p)
{
  size_t v;
  memcpy(&v, *p, sizeof v);
  *p += sizeof v;
  return v;
}

/* The table is a hash set of indexes into items, keyed by group and key. */
static uint64_t hash_of(np_slice group, np_slice key)
{
  return run_hash(key, run_hash(group, 0) ^ 0x9e3779b97f4a7c15ULL);
}

static bool same(const run_count *c, np_slice group, np_slice key)
{
  return c->group_len == group.len && c->key_len == key.len &&
         memcmp(c->text, group.ptr, group.len) == 0 &&
         memcmp(c->text + group.len, key.ptr, key.len) == 0;
}

static np_status grow(run_counts *c)
{
  if ((c->n + 1) * 2 <= c->nslots) {
    return NP_OK;
  }
  size_t nslots = c->nslots ? c->nslots * 2 : 64;
  size_t *slots = malloc(nslots * sizeof *slots);
  run_count *items = realloc(c->items, nslots / 2 * sizeof *items);
  if (!slots || !items) {
    free(slots);
    if (items) {
      c->items = items;
    }
    return NP_ENOMEM;
  }
  c->items = items;
  for (size_t i = 0; i < nslots; i++) {
    slots[i] = SIZE_MAX;
  }
  for (size_t i = 0; i < c->n; i++) {
    size_t at = c->items[i].hash & (nslots - 1);
    while (slots[at] != SIZE_MAX) {
      at = (at + 1) & (nslots - 1);
    }
    slots[at] = i;
  }
  free(c->slots);
  c->slots = slots;
  c->nslots = nslots;
  return NP_OK;
}

static np_status add(run_counts *c, np_slice group, np_slice key, int64_t n)
{
  uint64_t h = hash_of(group, key);
  if (c->nslots) {
    for (size_t at = h & (c->nslots - 1); c->slots[at] != SIZE_MAX;
         at = (at + 1) & (c->nslots - 1)) {
      run_count *item = &c->items[c->slots[at]];
      if (item->hash == h && same(item, group, key)) {
        item->n += n;
        return NP_OK;
      }
    }
  }
  if (grow(c) < 0) {
    return NP_ENOMEM;
  }
  char *text = malloc(group.len + key.len + 1);
  if (!text) {
    return NP_ENOMEM;
  }
  memcpy(text, group.ptr, group.len);
  memcpy(text + group.len, key.ptr, key.len);
  text[group.len + key.len] = '\0';
  size_t at = h & (c->nslots - 1);
  while (c->slots[at] != SIZE_MAX) {
    at = (at + 1) & (c->nslots - 1);
  }
  c->slots[at] = c->n;
  c->items[c->n++] = (run_count){text, group.len, key.len, h, n};
  return NP_OK;
}

np_status run_counts_merge(run_counts *c, np_slice records)
{
  const char *p = records.ptr, *end = records.ptr + records.len;
  while (p < end) {
    np_slice group = take(&p, take_size(&p));
    np_slice key = take(&p, take_size(&p));
    int64_t n;
    memcpy(&n, p, sizeof n);
    p += sizeof n;
    if (add(c, group, key, n) < 0) {
      return NP_ENOMEM;
    }
  }
  return NP_OK;
}

/* Groups in name order; within one, larger counts first, then keys in
 * byte order, so the summary is the same on every run. */
static int by_group_then_count(const void *pa, const void *pb)
{
  const run_count *a = *(const run_count *const *)pa;
  const run_count *b = *(const run_count *const *)pb;
  size_t common = a->group_len < b->group_len ? a->group_len : b->group_len;
  int cmp = memcmp(a->text, b->text, common);
  if (cmp != 0 || a->group_len != b->group_len) {
    return cmp != 0 ? cmp : (a->group_len < b->group_len ? -1 : 1);
  }
  if (a->n != b->n) {
    return a->n > b->n ? -1 : 1;
  }
  return strcmp(a->text + a->group_len, b->text + b->group_len);
}

static bool same_group(const run_count *a, const run_count *b)
{
  return a->group_len == b->group_len &&
         memcmp(a->text, b->text, a->group_len) == 0;
}

np_status run_counts_print(FILE *out, const run_counts *c, bool all, size_t top)
{
  if (c->n == 0) {
    return NP_OK;
  }
  const run_count **order = malloc(c->n * sizeof *order);
  if (!order) {
    return NP_ENOMEM;
  }
  for (size_t i = 0; i < c->n; i++) {
    order[i] = &c->items[i];
  }
  qsort(order, c->n, sizeof *order, by_group_then_count);
  for (size_t i = 0; i < c->n;) {
    size_t end = i;
    int64_t total = 0;
    while (end < c->n && same_group(order[end], order[i])) {
      total += order[end++]->n;
    }
    size_t kinds = end - i;
    fprintf(out,
            "%.*s: %" PRId64 " in all, %zu kind%s:", (int)order[i]->group_len,
            order[i]->text, total, kinds, kinds == 1 ? "" : "s");
    size_t shown = all || kinds < top ? kinds : top;
    for (size_t k = i; k < i + shown; k++) {
      fprintf(out, "%s %s %" PRId64, k == i ? "" : ",",
              order[k]->text + order[k]->group_len, order[k]->n);
    }
    if (shown < kinds) {
      fprintf(out, ", and %zu more (-v lists all)", kinds - shown);
    }
    fputc('\n', out);
    i = end;
  }
  free(order);
  return NP_OK;
}

void run_counts_fini(run_counts *c)
{
  for (size_t i = 0; i < c->n; i++) {
    free(c->items[i].text);
  }
  free(c->items);
  free(c->slots);
  memset(c, 0, sizeof *c);
}
