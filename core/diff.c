/* Line diffs: Myers' O((N+M)D) greedy algorithm over the lines left once the
 * common head and tail are set aside, then hunks in unified format. Past
 * a bound on D (very different texts) the middle is shown as one
 * replacement, which is still a correct diff. */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

typedef struct lines {
  np_slice *at;
  size_t n;
} lines;

static np_status split(lines *out, np_slice text)
{
  size_t n = 0;
  for (size_t i = 0; i < text.len; i++) {
    n += text.ptr[i] == '\n';
  }
  n += text.len > 0 && text.ptr[text.len - 1] != '\n';
  out->at = malloc((n ? n : 1) * sizeof *out->at);
  out->n = 0;
  if (!out->at) {
    return NP_ENOMEM;
  }
  size_t start = 0;
  for (size_t i = 0; i < text.len; i++) {
    if (text.ptr[i] == '\n') {
      out->at[out->n++] = np_slice_from(text.ptr + start, i + 1 - start);
      start = i + 1;
    }
  }
  if (start < text.len) {
    out->at[out->n++] = np_slice_from(text.ptr + start, text.len - start);
  }
  return NP_OK;
}

/* One edit script entry per line of the output: ' ', '-' or '+', with the
 * line's index in a or b. */
typedef struct op {
  char kind;
  size_t line;
} op;

typedef struct script {
  op *ops;
  size_t n, cap;
} script;

static bool push(script *s, char kind, size_t line)
{
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    op *o = realloc(s->ops, cap * sizeof *o);
    if (!o) {
      return false;
    }
    s->ops = o;
    s->cap = cap;
  }
  s->ops[s->n++] = (op){kind, line};
  return true;
}

#define MAX_D 2000 /* beyond it: one replacement hunk */

/* Myers over a[lo_a, hi_a) and b[lo_b, hi_b); appends the script of that
 * middle. Returns false on out of memory. */
static bool myers(script *s, const lines *a, size_t lo_a, size_t hi_a,
                  const lines *b, size_t lo_b, size_t hi_b)
{
  ptrdiff_t n = (ptrdiff_t)(hi_a - lo_a), m = (ptrdiff_t)(hi_b - lo_b);
  ptrdiff_t max = n + m < MAX_D ? n + m : MAX_D;
  ptrdiff_t width = 2 * max + 1;
  /* v for each d, kept for the walk back */
  ptrdiff_t *trace = malloc((size_t)((max + 1) * width) * sizeof *trace);
  if (!trace) {
    return false;
  }
  ptrdiff_t *v = calloc((size_t)width, sizeof *v);
  if (!v) {
    free(trace);
    return false;
  }
  ptrdiff_t found = -1;
  for (ptrdiff_t d = 0; d <= max && found < 0; d++) {
    for (ptrdiff_t k = -d; k <= d; k += 2) {
      ptrdiff_t x;
      if (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) {
        x = v[max + k + 1];
      } else {
        x = v[max + k - 1] + 1;
      }
      ptrdiff_t y = x - k;
      while (x < n && y < m &&
             np_slice_eq(a->at[lo_a + (size_t)x], b->at[lo_b + (size_t)y])) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    memcpy(trace + d * width, v, (size_t)width * sizeof *v);
  }
  free(v);
  bool ok = true;
  if (found < 0) { /* too different: all of a's middle out, b's in */
    for (size_t i = lo_a; ok && i < hi_a; i++) {
      ok = push(s, '-', i);
    }
    for (size_t j = lo_b; ok && j < hi_b; j++) {
      ok = push(s, '+', j);
    }
    free(trace);
    return ok;
  }
  /* walk back from (n, m), collecting the script in reverse */
  script rev = {NULL, 0, 0};
  ptrdiff_t x = n, y = m;
  for (ptrdiff_t d = found; ok && d > 0; d--) {
    const ptrdiff_t *pv = trace + (d - 1) * width;
    ptrdiff_t k = x - y;
    ptrdiff_t prev_k =
        (k == -d || (k != d && pv[max + k - 1] < pv[max + k + 1])) ? k + 1
                                                                   : k - 1;
    ptrdiff_t prev_x = pv[max + prev_k], prev_y = prev_x - prev_k;
    while (ok && x > prev_x && y > prev_y) {
      ok = push(&rev, ' ', lo_a + (size_t)--x);
      y--;
    }
    if (ok && x == prev_x) {
      ok = push(&rev, '+', lo_b + (size_t)--y);
    } else if (ok) {
      ok = push(&rev, '-', lo_a + (size_t)--x);
    }
  }
  while (ok && x > 0 && y > 0) {
    ok = push(&rev, ' ', lo_a + (size_t)--x);
    y--;
  }
  for (size_t i = rev.n; ok && i > 0; i--) {
    ok = push(s, rev.ops[i - 1].kind, rev.ops[i - 1].line);
  }
  free(rev.ops);
  free(trace);
  return ok;
}

static np_status put_line(np_buf *out, char kind, np_slice line)
{
  np_status rc = np_buf_append_char(out, kind);
  if (rc == NP_OK) {
    rc = np_buf_append_slice(out, line);
  }
  if (rc == NP_OK && (line.len == 0 || line.ptr[line.len - 1] != '\n')) {
    rc = np_buf_append_str(out, "\n\\ No newline at end of file\n");
  }
  return rc;
}

/* A hunk's range as diff -u writes it: "5" for one line, "4,0" for none
 * (after line 4), "5,3" otherwise. `before` lines precede it. */
static np_status range(np_buf *out, size_t before, size_t count)
{
  if (count == 1) {
    return np_buf_printf(out, "%zu", before + 1);
  }
  return np_buf_printf(out, "%zu,%zu", count ? before + 1 : before, count);
}

/* Writes the hunks of `s`: runs of changes with up to `context` unchanged
 * lines around them. Context ops carry their line in a; the b line of
 * each op is counted along. */
static np_status hunks(np_buf *out, const script *s, const lines *a,
                       const lines *b, size_t context)
{
  /* line numbers in a and b before each op */
  size_t *pa = malloc((s->n + 1) * sizeof *pa);
  size_t *pb = malloc((s->n + 1) * sizeof *pb);
  if (!pa || !pb) {
    free(pa);
    free(pb);
    return NP_ENOMEM;
  }
  pa[0] = pb[0] = 0;
  for (size_t i = 0; i < s->n; i++) {
    pa[i + 1] = pa[i] + (s->ops[i].kind != '+');
    pb[i + 1] = pb[i] + (s->ops[i].kind != '-');
  }
  np_status rc = NP_OK;
  size_t i = 0;
  while (rc == NP_OK && i < s->n) {
    while (i < s->n && s->ops[i].kind == ' ') {
      i++;
    }
    if (i == s->n) {
      break;
    }
    size_t start = i > context ? i - context : 0;
    /* extend while the next change is within 2 * context lines */
    size_t end = i;
    for (;;) {
      while (end < s->n && s->ops[end].kind != ' ') {
        end++;
      }
      size_t same = end;
      while (same < s->n && s->ops[same].kind == ' ' &&
             same - end < 2 * context + 1) {
        same++;
      }
      if (same < s->n && s->ops[same].kind != ' ' &&
          same - end <= 2 * context) {
        end = same;
        continue;
      }
      break;
    }
    size_t stop = end + context < s->n ? end + context : s->n;
    size_t na = pa[stop] - pa[start], nb = pb[stop] - pb[start];
    rc = np_buf_append_str(out, "@@ -");
    if (rc == NP_OK) {
      rc = range(out, pa[start], na);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(out, " +");
    }
    if (rc == NP_OK) {
      rc = range(out, pb[start], nb);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(out, " @@\n");
    }
    for (size_t k = start; rc == NP_OK && k < stop; k++) {
      const op *o = &s->ops[k];
      rc = put_line(out, o->kind,
                    o->kind == '+' ? b->at[o->line] : a->at[o->line]);
    }
    i = stop;
  }
  free(pa);
  free(pb);
  return rc;
}

np_status np_diff_unified(np_buf *out, const char *name_a, const char *name_b,
                          np_slice a, np_slice b, size_t context)
{
  if (a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0)) {
    return NP_OK;
  }
  lines la = {NULL, 0}, lb = {NULL, 0};
  script s = {NULL, 0, 0};
  np_status rc = split(&la, a);
  if (rc == NP_OK) {
    rc = split(&lb, b);
  }
  if (rc == NP_OK) {
    size_t head = 0;
    while (head < la.n && head < lb.n &&
           np_slice_eq(la.at[head], lb.at[head])) {
      head++;
    }
    size_t tail = 0;
    while (tail < la.n - head && tail < lb.n - head &&
           np_slice_eq(la.at[la.n - 1 - tail], lb.at[lb.n - 1 - tail])) {
      tail++;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < head; i++) {
      ok = push(&s, ' ', i);
    }
    ok = ok && myers(&s, &la, head, la.n - tail, &lb, head, lb.n - tail);
    for (size_t i = la.n - tail; ok && i < la.n; i++) {
      ok = push(&s, ' ', i);
    }
    rc = ok ? NP_OK : NP_ENOMEM;
  }
  if (rc == NP_OK) {
    rc = np_buf_printf(out, "--- %s\n+++ %s\n", name_a, name_b);
  }
  if (rc == NP_OK) {
    rc = hunks(out, &s, &la, &lb, context);
  }
  free(s.ops);
  free(la.at);
  free(lb.at);
  return rc;
}
