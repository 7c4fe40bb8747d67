/* Editing front matter and writing it back. Untouched entries keep their
 * bytes; a changed entry is re-emitted in place, in the style it had; the
 * result is read back and compared before anyone sees it. */
#include "meta.h"

#include <string.h>

#include "meta_int.h"
#include "source.h"

size_t np_meta_count(const np_meta *meta)
{
  return meta->len;
}

np_slice np_meta_key_at(const np_meta *meta, size_t i)
{
  return meta->entries[i].key;
}

const np_value *np_meta_value_at(const np_meta *meta, size_t i)
{
  return meta->entries[i].value;
}

np_span np_meta_entry_span(const np_meta *meta, size_t i)
{
  np_span span = {0, 0};
  ptrdiff_t o = meta->entries[i].origin;
  if (o >= 0 && meta->has_layout) {
    span.start = meta->origins[o].key_line_start;
    span.end = meta->origins[o].chunk_end;
  }
  return span;
}

np_arena *np_meta_arena(np_meta *meta)
{
  return meta->arena;
}

static ptrdiff_t find(const np_meta *meta, np_slice key)
{
  for (size_t i = 0; i < meta->len; i++) {
    if (np_slice_eq(meta->entries[i].key, key)) {
      return (ptrdiff_t)i;
    }
  }
  return -1;
}

const np_value *np_meta_get(const np_meta *meta, np_slice key)
{
  ptrdiff_t i = find(meta, key);
  return i < 0 ? NULL : meta->entries[i].value;
}

np_value *np_meta_get_mut(np_meta *meta, np_slice key)
{
  ptrdiff_t i = find(meta, key);
  if (i < 0) {
    return NULL;
  }
  np_meta_entry *e = &meta->entries[i];
  if (e->origin >= 0 && !e->is_copy) {
    np_value *copy = np_value_copy(meta->arena, e->value);
    if (!copy) {
      return NULL;
    }
    e->value = copy;
    e->is_copy = true;
  }
  return e->value;
}

np_status np_meta_set(np_meta *meta, np_slice key, np_value *value)
{
  ptrdiff_t i = find(meta, key);
  if (i >= 0) {
    meta->entries[i].value = value;
    meta->entries[i].is_copy = true; /* no longer the parsed tree */
    return NP_OK;
  }
  if (meta->len == meta->cap) {
    size_t cap = meta->cap ? meta->cap * 2 : 8;
    np_meta_entry *e =
        np_arena_grow(meta->arena, meta->entries, meta->len, cap, sizeof *e);
    if (!e) {
      return NP_ENOMEM;
    }
    meta->entries = e;
    meta->cap = cap;
  }
  char *k = np_arena_strndup(meta->arena, key.ptr, key.len);
  if (!k) {
    return NP_ENOMEM;
  }
  np_meta_entry *e = &meta->entries[meta->len++];
  e->key = np_slice_from(k, key.len);
  e->value = value;
  e->origin = -1;
  e->is_copy = true;
  return NP_OK;
}

bool np_meta_remove(np_meta *meta, np_slice key)
{
  ptrdiff_t i = find(meta, key);
  if (i < 0) {
    return false;
  }
  memmove(meta->entries + i, meta->entries + i + 1,
          (meta->len - (size_t)i - 1) * sizeof *meta->entries);
  meta->len--;
  return true;
}

np_status np_meta_rename(np_meta *meta, np_slice from, np_slice to,
                         np_error *err)
{
  ptrdiff_t i = find(meta, from);
  if (i < 0) {
    return np_error_set(err, NP_EINVAL, "no key '%.*s' to rename",
                        (int)(from.len > 64 ? 64 : from.len), from.ptr);
  }
  if (np_slice_eq(from, to)) {
    return NP_OK;
  }
  if (find(meta, to) >= 0) {
    return np_error_set(err, NP_EINVAL, "cannot rename to '%.*s': key exists",
                        (int)(to.len > 64 ? 64 : to.len), to.ptr);
  }
  char *k = np_arena_strndup(meta->arena, to.ptr, to.len);
  if (!k) {
    return NP_ENOMEM;
  }
  meta->entries[i].key = np_slice_from(k, to.len);
  return NP_OK;
}

/* ---- what changed ----------------------------------------------------- */

static bool entry_unchanged(const np_meta *meta, const np_meta_entry *e)
{
  if (e->origin < 0) {
    return false;
  }
  const np_meta_origin *o = &meta->origins[e->origin];
  if (!np_slice_eq(o->key, e->key)) {
    return false;
  }
  return !e->is_copy || np_value_equal(o->value, e->value);
}

bool np_meta_is_changed(const np_meta *meta)
{
  if (meta->len != meta->norigins) {
    return true;
  }
  for (size_t i = 0; i < meta->len; i++) {
    const np_meta_entry *e = &meta->entries[i];
    if (e->origin != (ptrdiff_t)i || !entry_unchanged(meta, e)) {
      return true;
    }
  }
  return false;
}

/* ---- writing ---------------------------------------------------------- */

static np_slice file_range(const np_meta *meta, size_t start, size_t end)
{
  return np_slice_from(meta->file.ptr + start, end - start);
}

static np_status emit_fresh(const np_meta *meta, np_buf *out, np_slice prefix,
                            const np_meta_entry *e, np_error *err)
{
  const np_value *hint = e->origin >= 0 ? meta->origins[e->origin].value : NULL;
  np_status rc =
      np_meta__emit_entry(meta, out, prefix, e->key, e->value, hint, err);
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, meta->eol);
  }
  return rc;
}

/* What sets an entry's column: the blanks before its key, with any stray
 * U+FEFF among them (libyaml counts one as a column). An explicit-key "? "
 * is left out: a rewritten entry is always "key: value". */
static np_slice indent_of(const np_meta *meta, const np_meta_origin *o)
{
  np_slice p = file_range(meta, o->key_line_start, o->key_start);
  size_t n = 0;
  while (n < p.len) {
    if (p.len - n >= 3 && memcmp(p.ptr + n, "\xEF\xBB\xBF", 3) == 0) {
      n += 3;
    } else if (p.ptr[n] == ' ') {
      n++;
    } else {
      break;
    }
  }
  return np_slice_from(p.ptr, n);
}

/* The indentation new top-level keys get: the first key's column, as
 * spaces (in the arena: a mapping may be indented any amount). */
static np_slice key_prefix(const np_meta *meta)
{
  if (meta->norigins == 0) {
    return np_slice_from("", 0);
  }
  np_slice p = indent_of(meta, &meta->origins[0]);
  size_t col = 0;
  for (size_t i = 0; i < p.len; i++) {
    col += ((unsigned char)p.ptr[i] & 0xC0) != 0x80;
  }
  char *spaces = np_arena_alloc(meta->arena, col + 1);
  if (!spaces) {
    return np_slice_from("", 0); /* the read-back check reports it */
  }
  memset(spaces, ' ', col);
  return np_slice_from(spaces, col);
}

/* Everything written from scratch: no layout to follow. */
static np_status write_all(const np_meta *meta, np_buf *out, np_error *err)
{
  for (size_t i = 0; i < meta->len; i++) {
    np_status rc =
        emit_fresh(meta, out, np_slice_from("", 0), &meta->entries[i], err);
    if (rc < 0) {
      return rc;
    }
  }
  return NP_OK;
}

/* What the blank and comment lines between two entries now follow. In the
 * file they followed the entry before them; once that entry is rewritten
 * or removed, they may mean something else: a tab in their indentation
 * was legal only inside the old plain value, and a block scalar now above
 * them takes lines indented as deep as its content, and with "|+" blank
 * ones too, as content. Such lines lose their indentation, or, blank
 * under "|+", go. */
typedef struct loose_context {
  bool original;       /* they follow the entry they followed in the file */
  bool block;          /* what they follow ends with a block scalar, */
  size_t block_indent; /* whose content is indented this much (0: unknown) */
  bool keep;           /* and keeps its trailing blank lines */
} loose_context;

static np_status append_between(const np_meta *meta, np_buf *out, size_t start,
                                size_t end, loose_context context)
{
  if (context.original) {
    return np_buf_append_slice(out, file_range(meta, start, end));
  }
  np_status rc = NP_OK;
  for (size_t line = start; rc == NP_OK && line < end;) {
    size_t next = np_next_line_start(meta->file, line);
    if (next > end) {
      next = end;
    }
    size_t p = line;
    bool tabs = false;
    while (p < next &&
           (meta->file.ptr[p] == ' ' || meta->file.ptr[p] == '\t')) {
      tabs = tabs || meta->file.ptr[p] == '\t';
      p++;
    }
    char c = p < next ? meta->file.ptr[p] : '\n';
    bool blank = c == '\n' || c == '\r';
    size_t indent = p - line;
    bool content = context.block && (blank ? indent > context.block_indent
                                           : indent >= context.block_indent);
    if ((!blank && c != '#') || !(tabs || content)) {
      p = line; /* as it is */
    }
    if (!(blank && context.block && context.keep)) {
      rc = np_buf_append_slice(out, file_range(meta, p, next));
    }
    line = next;
  }
  return rc;
}

/* The indentation of the first line after `from` that is not blank. */
static size_t content_indent(np_slice text, size_t from)
{
  for (size_t line = np_next_line_start(text, from); line < text.len;
       line = np_next_line_start(text, line)) {
    size_t p = line;
    while (p < text.len && text.ptr[p] == ' ') {
      p++;
    }
    if (p < text.len && text.ptr[p] != '\n' && text.ptr[p] != '\r') {
      return p - line;
    }
  }
  return 0;
}

/* After an entry copied from the file: whether its value, as parsed, ends
 * with a block scalar, read from the block's header ("|", ">-", "|2+"). */
static loose_context after_original(const np_meta *meta, const np_value *v)
{
  loose_context c = {.original = true};
  while (v->style == NP_STYLE_BLOCK && np_value_count(v) > 0) {
    v = v->kind == NP_VALUE_LIST ? v->as.list.items[v->as.list.len - 1]
                                 : v->as.map.entries[v->as.map.len - 1].value;
  }
  if (v->style != NP_STYLE_LITERAL && v->style != NP_STYLE_FOLDED) {
    return c;
  }
  c.block = true;
  bool explicit_indent = false;
  for (size_t i = v->span.start + 1; i < meta->file.len; i++) {
    char h = meta->file.ptr[i];
    if (h == '+') {
      c.keep = true;
    } else if (h >= '1' && h <= '9') {
      explicit_indent = true;
    } else if (h != '-') {
      break;
    }
  }
  /* an explicit indentation counts from the parent's: take it as 0 */
  c.block_indent =
      explicit_indent ? 0 : content_indent(meta->file, v->span.start);
  return c;
}

/* After an entry the emitter wrote (never "|+"): whether it wrote a block
 * scalar, a line ending in its header "|" or "|-" (a plain value ending so
 * costs no more than some indentation). */
static loose_context after_rewrite(np_slice written)
{
  loose_context c = {.original = false};
  for (size_t i = 0; i < written.len; i++) {
    if (written.ptr[i] == '|' &&
        (i + 1 == written.len || written.ptr[i + 1] == '\r' ||
         written.ptr[i + 1] == '\n' || written.ptr[i + 1] == '-')) {
      c.block = true;
      c.block_indent = content_indent(written, i);
    }
  }
  return c;
}

static np_status write_in_place(const np_meta *meta, np_buf *out, np_error *err)
{
  size_t n = meta->norigins;
  /* live[i]: the live entry that came from origin i, or NULL if removed */
  const np_meta_entry **live = NULL;
  bool *force = NULL;
  np_status rc = NP_OK;
  if (n > 0) {
    live = np_arena_calloc(meta->arena, n, sizeof *live);
    force = np_arena_calloc(meta->arena, n, sizeof *force);
    if (!live || !force) {
      return NP_ENOMEM;
    }
  }
  for (size_t i = 0; i < meta->len; i++) {
    if (meta->entries[i].origin >= 0) {
      live[meta->entries[i].origin] = &meta->entries[i];
    }
  }
  /* An alias copies its anchor's value when read. If an anchor's entry
   * changes or goes, entries aliasing it are written out expanded. */
  for (size_t i = 0; i < n; i++) {
    bool changed = !live[i] || !entry_unchanged(meta, live[i]);
    if (changed && meta->origins[i].defines_anchor) {
      for (size_t j = i + 1; j < n; j++) {
        force[j] = force[j] || meta->origins[j].uses_alias;
      }
    }
  }
  size_t first = n > 0 ? meta->origins[0].chunk_start : meta->fm.end;
  rc = np_buf_append_slice(out, file_range(meta, meta->fm.start, first));
  loose_context context = {.original = true};
  for (size_t i = 0; rc == NP_OK && i < n; i++) {
    const np_meta_origin *o = &meta->origins[i];
    /* comment lines attached above the key go with it */
    if (live[i]) {
      rc =
          append_between(meta, out, o->chunk_start, o->key_line_start, context);
    }
    size_t before = out->len;
    if (rc == NP_OK && live[i] && entry_unchanged(meta, live[i]) && !force[i]) {
      rc = np_buf_append_slice(
          out, file_range(meta, o->key_line_start, o->chunk_end));
      context = after_original(meta, o->value);
    } else if (rc == NP_OK && live[i]) {
      rc = emit_fresh(meta, out, indent_of(meta, o), live[i], err);
      context =
          after_rewrite(np_slice_from(out->data + before, out->len - before));
    } else {
      context.original = false; /* removed: what came before stays above */
    }
    if (rc == NP_OK && i + 1 == n) {
      /* new keys go after the last entry, before trailing comments */
      for (size_t k = 0; rc == NP_OK && k < meta->len; k++) {
        if (meta->entries[k].origin < 0) {
          before = out->len;
          rc = emit_fresh(meta, out, key_prefix(meta), &meta->entries[k], err);
          context = after_rewrite(
              np_slice_from(out->data + before, out->len - before));
        }
      }
    }
    size_t gap_end =
        i + 1 < n ? meta->origins[i + 1].chunk_start : meta->fm.end;
    if (rc == NP_OK) {
      rc = append_between(meta, out, o->chunk_end, gap_end, context);
    }
  }
  if (rc == NP_OK && n == 0) {
    for (size_t k = 0; rc == NP_OK && k < meta->len; k++) {
      rc = emit_fresh(meta, out, np_slice_from("", 0), &meta->entries[k], err);
    }
  }
  return rc;
}

/* Reads the written text back and compares it with the live entries. */
static np_status verify(const np_meta *meta, np_slice text, np_error *err)
{
  np_arena *arena = np_arena_new();
  if (!arena) {
    return NP_ENOMEM;
  }
  np_meta *back = NULL;
  np_error perr;
  np_error_clear(&perr);
  np_status rc = np_meta_parse(&back, arena, text, (np_span){0, text.len},
                               meta->eol, NULL, NULL, &perr);
  if (rc == NP_ENOMEM) {
    np_arena_free(arena);
    return rc;
  }
  if (rc < 0) {
    rc = np_error_set(err, NP_EINTERNAL,
                      "rewritten front matter does not read back (%s); "
                      "nothing was written",
                      perr.msg);
  } else if (back->len != meta->len) {
    rc = np_error_set(err, NP_EINTERNAL,
                      "rewritten front matter reads back with %zu keys "
                      "instead of %zu; nothing was written",
                      back->len, meta->len);
  } else {
    for (size_t i = 0; i < meta->len; i++) {
      const np_meta_entry *a = &meta->entries[i];
      const np_meta_entry *b = &back->entries[i];
      if (!np_slice_eq(a->key, b->key) || !np_value_equal(a->value, b->value)) {
        rc = np_error_set(err, NP_EINTERNAL,
                          "rewritten key '%.*s' reads back differently; "
                          "nothing was written",
                          (int)(a->key.len > 64 ? 64 : a->key.len), a->key.ptr);
        break;
      }
    }
  }
  np_arena_free(arena);
  return rc;
}

np_status np_meta_write(const np_meta *meta, np_buf *out, np_error *err)
{
  if (!np_meta_is_changed(meta)) {
    return np_buf_append_slice(out,
                               file_range(meta, meta->fm.start, meta->fm.end));
  }
  if (meta->is_opaque) {
    return np_error_set(err, NP_EINVAL,
                        "cannot edit front matter that could not be read as "
                        "'key: value' lines");
  }
  size_t mark = out->len;
  np_status rc = meta->has_layout ? write_in_place(meta, out, err)
                                  : write_all(meta, out, err);
  if (rc == NP_OK) {
    rc = verify(meta, np_slice_from(out->data + mark, out->len - mark), err);
  }
  if (rc < 0) {
    np_buf_truncate(out, mark);
  }
  return rc;
}
