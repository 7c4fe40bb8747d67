/* Front matter → np_meta with libyaml's event API. libyaml marks count
 * characters, not bytes (CRLF counts two), so every mark is converted to a
 * byte offset through a cursor over the (already validated) UTF-8 text. */
#include "meta.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "meta_int.h"
#include "scalar.h"
#include "source.h"

typedef struct anchor {
  np_slice name;
  const np_value *value; /* NULL while its node is still open */
  size_t count;          /* values in the anchored tree */
} anchor;

typedef struct builder {
  yaml_parser_t parser;
  np_arena *arena;
  np_slice file;
  np_span fm;
  np_error *err;
  np_warning_fn warn;
  void *payload;
  /* char index → byte offset cursor, relative to fm.start */
  size_t cur_char, cur_byte;
  size_t nodes; /* values built, aliases expanded */
  anchor *anchors;
  size_t nanchors, anchors_cap;
  /* the root mapping's entries, for write-back */
  np_meta_origin *roots;
  size_t nroots, roots_cap;
  /* per top-level entry, while it is being built */
  size_t content_end;
  bool saw_anchor, saw_alias;
} builder;

static np_status parse_node(builder *b, yaml_event_t *ev, size_t depth,
                            size_t key_col, np_value **out);

/* ---- positions -------------------------------------------------------- */

static size_t mark_offset(builder *b, const yaml_mark_t *mark)
{
  const unsigned char *s = (const unsigned char *)b->file.ptr + b->fm.start;
  size_t len = b->fm.end - b->fm.start;
  size_t target = mark->index;
  while (b->cur_char > target && b->cur_byte > 0) {
    do {
      b->cur_byte--;
    } while (b->cur_byte > 0 && (s[b->cur_byte] & 0xC0) == 0x80);
    b->cur_char--;
  }
  while (b->cur_char < target && b->cur_byte < len) {
    size_t n = np_utf8_sequence_length(s + b->cur_byte, len - b->cur_byte);
    b->cur_byte += n ? n : 1;
    b->cur_char++;
  }
  return b->fm.start + b->cur_byte;
}

/* Column of a byte offset in characters from its line start. */
static size_t column_of(builder *b, size_t offset)
{
  size_t start = np_line_start(b->file, offset);
  size_t col = 0;
  const unsigned char *s = (const unsigned char *)b->file.ptr;
  for (size_t i = start; i < offset; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      col++;
    }
  }
  return col;
}

/* The offset just after the last non-blank byte of [start, end). */
static size_t trim_end(builder *b, size_t start, size_t end)
{
  while (end > start) {
    char c = b->file.ptr[end - 1];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      break;
    }
    end--;
  }
  return end;
}

static void note_end(builder *b, size_t end)
{
  if (end > b->content_end) {
    b->content_end = end;
  }
}

static np_status fail_at(builder *b, np_status st, size_t offset,
                         const char *fmt, const char *arg)
{
  return np_error_set_at(b->err, st, b->file, offset, fmt, arg);
}

/* ---- libyaml errors --------------------------------------------------- */

static np_status yaml_failure(builder *b)
{
  yaml_parser_t *p = &b->parser;
  if (p->error == YAML_MEMORY_ERROR) {
    return np_error_set(b->err, NP_ENOMEM, "out of memory reading YAML");
  }
  if (p->error == YAML_READER_ERROR) {
    size_t off = b->fm.start + p->problem_offset;
    if (p->problem_value != -1 && off < b->fm.end) {
      return np_error_set_at(
          b->err, NP_ESYNTAX, b->file, off,
          "front matter: %s (U+%04X); YAML forbids it even in quotes",
          p->problem, (unsigned)p->problem_value);
    }
    return np_error_set_at(b->err, NP_ESYNTAX, b->file, off, "front matter: %s",
                           p->problem);
  }
  size_t off = mark_offset(b, &p->problem_mark);
  const char *problem = p->problem ? p->problem : "invalid YAML";
  const char *hint = "";
  if (strcmp(problem, "mapping values are not allowed in this context") == 0) {
    /* YAML allows a plain key of at most 1024 characters on its line */
    hint = p->problem_mark.column > 1024
               ? " (a key longer than 1024 characters is not allowed)"
               : " (a value containing ': ' must be quoted)";
  } else if (strstr(problem, "found character that cannot start")) {
    hint = " (quote values that start with '@' or '`')";
  }
  if (p->context) {
    size_t coff = mark_offset(b, &p->context_mark);
    np_position cpos = np_source_position(b->file, coff);
    char ctx[96];
    snprintf(ctx, sizeof ctx, "%s at line %zu", p->context, cpos.line);
    return np_error_set_at(b->err, NP_ESYNTAX, b->file, off,
                           "front matter: %s%s, %s", problem, hint, ctx);
  }
  return np_error_set_at(b->err, NP_ESYNTAX, b->file, off, "front matter: %s%s",
                         problem, hint);
}

static np_status next_event(builder *b, yaml_event_t *ev)
{
  if (!yaml_parser_parse(&b->parser, ev)) {
    return yaml_failure(b);
  }
  return NP_OK;
}

/* ---- anchors and aliases ---------------------------------------------- */

static np_status count_node(builder *b, size_t n, size_t offset)
{
  if (n > NP_MAX_META_NODES || b->nodes > NP_MAX_META_NODES - n) {
    return np_error_set_at(b->err, NP_ELIMIT, b->file, offset,
                           b->saw_anchor
                               ? "front matter expands to more than %d values "
                                 "(aliases that repeat aliases: a YAML bomb?)"
                               : "front matter holds more than %d values",
                           NP_MAX_META_NODES);
  }
  b->nodes += n;
  return NP_OK;
}

/* Registers `name` (if any) for a node now opening; `*index` is its slot,
 * or -1, for close_anchor once the node is complete. */
static np_status open_anchor(builder *b, const yaml_char_t *name,
                             ptrdiff_t *index)
{
  *index = -1;
  if (!name) {
    return NP_OK;
  }
  if (b->nanchors == b->anchors_cap) {
    size_t cap = b->anchors_cap ? b->anchors_cap * 2 : 8;
    anchor *a =
        np_arena_grow(b->arena, b->anchors, b->nanchors, cap, sizeof *a);
    if (!a) {
      return NP_ENOMEM;
    }
    b->anchors = a;
    b->anchors_cap = cap;
  }
  size_t len = strlen((const char *)name);
  char *copy = np_arena_strndup(b->arena, (const char *)name, len);
  if (!copy) {
    return NP_ENOMEM;
  }
  *index = (ptrdiff_t)b->nanchors;
  anchor *a = &b->anchors[b->nanchors++];
  a->name = np_slice_from(copy, len);
  a->value = NULL;
  a->count = 0;
  b->saw_anchor = true;
  return NP_OK;
}

/* The newest anchor of that name wins, as YAML says. */
static anchor *find_anchor(builder *b, const char *name)
{
  np_slice n = np_slice_from(name, strlen(name));
  for (size_t i = b->nanchors; i > 0; i--) {
    if (np_slice_eq(b->anchors[i - 1].name, n)) {
      return &b->anchors[i - 1];
    }
  }
  return NULL;
}

static void close_anchor(builder *b, ptrdiff_t index, const np_value *v)
{
  if (index >= 0) {
    b->anchors[index].value = v;
    b->anchors[index].count = np_value_count(v);
  }
}

static np_status parse_alias(builder *b, yaml_event_t *ev, np_value **out)
{
  size_t start = mark_offset(b, &ev->start_mark);
  size_t end = mark_offset(b, &ev->end_mark);
  const char *name = (const char *)ev->data.alias.anchor;
  anchor *a = find_anchor(b, name);
  if (!a) {
    return fail_at(b, NP_ESYNTAX, start, "front matter: undefined alias '*%s'",
                   name);
  }
  if (!a->value) {
    return fail_at(b, NP_ESYNTAX, start,
                   "front matter: alias '*%s' refers to its own parent", name);
  }
  np_status rc = count_node(b, a->count, start);
  if (rc < 0) {
    return rc;
  }
  np_value *v = np_value_copy(b->arena, a->value);
  if (!v) {
    return NP_ENOMEM;
  }
  v->span.start = start;
  v->span.end = end;
  b->saw_alias = true;
  note_end(b, end);
  *out = v;
  return NP_OK;
}

/* ---- scalars ---------------------------------------------------------- */

static bool tag_is(const yaml_char_t *tag, const char *name)
{
  return tag && strcmp((const char *)tag, name) == 0;
}

/* A block scalar's trailing lines may be content (keep chomping, or
 * spaces beyond the indentation): its entry ends where libyaml ends it. */
static bool is_block_scalar(np_value_style style)
{
  return style == NP_STYLE_LITERAL || style == NP_STYLE_FOLDED;
}

/* libyaml ends a block scalar after the indentation of the next line; the
 * entry ends at that line's start. */
static size_t line_aligned_end(builder *b, size_t end)
{
  size_t line = np_line_start(b->file, end);
  for (size_t i = line; i < end; i++) {
    if (b->file.ptr[i] != ' ' && b->file.ptr[i] != '\t') {
      return end;
    }
  }
  return line;
}

static np_status parse_scalar(builder *b, yaml_event_t *ev, np_value **out)
{
  size_t start = mark_offset(b, &ev->start_mark);
  size_t end = mark_offset(b, &ev->end_mark);
  np_status rc = count_node(b, 1, start);
  if (rc < 0) {
    return rc;
  }
  ptrdiff_t anchor_index;
  rc = open_anchor(b, ev->data.scalar.anchor, &anchor_index);
  if (rc < 0) {
    return rc;
  }
  np_value *v = np_value_new(b->arena, NP_VALUE_STRING);
  char *text =
      v ? np_arena_strndup(b->arena, (const char *)ev->data.scalar.value,
                           ev->data.scalar.length)
        : NULL;
  if (!text) {
    return NP_ENOMEM;
  }
  v->text = np_slice_from(text, ev->data.scalar.length);
  v->span.start = start;
  v->span.end = end;
  switch (ev->data.scalar.style) {
  case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    v->style = NP_STYLE_SINGLE;
    break;
  case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
    v->style = NP_STYLE_DOUBLE;
    break;
  case YAML_LITERAL_SCALAR_STYLE:
    v->style = NP_STYLE_LITERAL;
    break;
  case YAML_FOLDED_SCALAR_STYLE:
    v->style = NP_STYLE_FOLDED;
    break;
  default:
    v->style = NP_STYLE_PLAIN;
    break;
  }
  const yaml_char_t *tag = ev->data.scalar.tag;
  bool forced_string = tag_is(tag, "!") || tag_is(tag, YAML_STR_TAG);
  if (v->style == NP_STYLE_PLAIN && !forced_string) {
    np_scalar_resolve(v->text, v);
  } else {
    v->kind = NP_VALUE_STRING;
    v->as.string = v->text;
  }
  close_anchor(b, anchor_index, v);
  note_end(b, is_block_scalar(v->style) ? line_aligned_end(b, end)
                                        : trim_end(b, start, end));
  *out = v;
  return NP_OK;
}

/* ---- collections ------------------------------------------------------ */

/* Duplicate keys are found with a small open-addressing set of entry
 * indexes, so a hostile map with 10^5 keys stays linear. */
typedef struct keyset {
  size_t *slots; /* entry index + 1; 0 = empty */
  size_t cap;
} keyset;

static uint64_t hash_key(np_slice k)
{
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < k.len; i++) {
    h = (h ^ (unsigned char)k.ptr[i]) * 1099511628211u;
  }
  return h;
}

static ptrdiff_t keyset_find_or_add(np_arena *arena, keyset *ks,
                                    const np_value *map, size_t index,
                                    bool *oom)
{
  if ((index + 1) * 2 > ks->cap) {
    size_t cap = ks->cap ? ks->cap * 2 : 16;
    size_t *slots = np_arena_calloc(arena, cap, sizeof *slots);
    if (!slots) {
      *oom = true;
      return -1;
    }
    for (size_t i = 0; i < ks->cap; i++) {
      if (ks->slots[i]) {
        np_slice k = map->as.map.entries[ks->slots[i] - 1].key;
        size_t j = hash_key(k) & (cap - 1);
        while (slots[j]) {
          j = (j + 1) & (cap - 1);
        }
        slots[j] = ks->slots[i];
      }
    }
    ks->slots = slots;
    ks->cap = cap;
  }
  np_slice key = map->as.map.entries[index].key;
  size_t j = hash_key(key) & (ks->cap - 1);
  while (ks->slots[j]) {
    size_t other = ks->slots[j] - 1;
    if (np_slice_eq(map->as.map.entries[other].key, key)) {
      return (ptrdiff_t)other;
    }
    j = (j + 1) & (ks->cap - 1);
  }
  ks->slots[j] = index + 1;
  return -1;
}

static np_status push_root_entry(builder *b, np_slice key, const np_value *v,
                                 size_t key_start)
{
  if (b->nroots == b->roots_cap) {
    size_t cap = b->roots_cap ? b->roots_cap * 2 : 16;
    np_meta_origin *r =
        np_arena_grow(b->arena, b->roots, b->nroots, cap, sizeof *r);
    if (!r) {
      return NP_ENOMEM;
    }
    b->roots = r;
    b->roots_cap = cap;
  }
  np_meta_origin *o = &b->roots[b->nroots++];
  memset(o, 0, sizeof *o);
  o->key = key;
  o->value = v;
  o->key_start = key_start;
  o->key_line_start = np_line_start(b->file, key_start);
  o->chunk_end = b->content_end; /* last content byte; compute_chunks */
  o->defines_anchor = b->saw_anchor;
  o->uses_alias = b->saw_alias;
  return NP_OK;
}

/* The start of a list or map: counted, its anchor opened, its place and
 * style noted ("[ a ]" with inner spaces marks indent 1). */
static np_status open_collection(builder *b, const yaml_event_t *ev,
                                 np_value_kind kind,
                                 const yaml_char_t *anchor_name, bool flow,
                                 np_value **out, ptrdiff_t *anchor_index)
{
  size_t start = mark_offset(b, &ev->start_mark);
  *anchor_index = -1;
  np_status rc = count_node(b, 1, start);
  if (rc == NP_OK) {
    rc = open_anchor(b, anchor_name, anchor_index);
  }
  np_value *v = rc == NP_OK ? np_value_new(b->arena, kind) : NULL;
  if (!v) {
    return rc < 0 ? rc : NP_ENOMEM;
  }
  v->span.start = start;
  v->style = flow ? NP_STYLE_FLOW : NP_STYLE_BLOCK;
  if (flow) {
    v->indent = (start + 1 < b->fm.end && b->file.ptr[start + 1] == ' ');
  }
  *out = v;
  return NP_OK;
}

static np_status parse_sequence(builder *b, yaml_event_t *ev, size_t depth,
                                size_t key_col, np_value **out)
{
  bool flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
  np_value *list = NULL;
  ptrdiff_t anchor_index;
  np_status rc =
      open_collection(b, ev, NP_VALUE_LIST, ev->data.sequence_start.anchor,
                      flow, &list, &anchor_index);
  if (rc < 0) {
    return rc;
  }
  size_t start = list->span.start;
  if (!flow) {
    size_t col = column_of(b, start);
    list->indent =
        (uint8_t)(col > key_col ? (col - key_col > 8 ? 8 : col - key_col) : 0);
  }
  size_t item_col = flow ? key_col : column_of(b, start) + 2;
  for (;;) {
    yaml_event_t item;
    rc = next_event(b, &item);
    if (rc < 0) {
      return rc;
    }
    if (item.type == YAML_SEQUENCE_END_EVENT) {
      size_t end = mark_offset(b, &item.end_mark);
      if (flow) {
        note_end(b, end);
      }
      list->span.end = flow ? end : b->content_end;
      yaml_event_delete(&item);
      break;
    }
    np_value *v = NULL;
    rc = parse_node(b, &item, depth + 1, item_col, &v);
    yaml_event_delete(&item);
    if (rc == NP_OK) {
      rc = np_value_list_append(b->arena, list, v);
    }
    if (rc < 0) {
      return rc;
    }
  }
  close_anchor(b, anchor_index, list);
  *out = list;
  return NP_OK;
}

static np_status parse_key(builder *b, yaml_event_t *ev, np_slice *key,
                           np_span *span)
{
  if (ev->type != YAML_SCALAR_EVENT) {
    size_t off = mark_offset(b, &ev->start_mark);
    return fail_at(b, NP_ESYNTAX, off, "front matter: %s",
                   ev->type == YAML_ALIAS_EVENT
                       ? "an alias cannot be a key"
                       : "keys must be text, not lists or maps");
  }
  np_value *k = NULL;
  np_status rc = parse_scalar(b, ev, &k);
  if (rc < 0) {
    return rc;
  }
  *key = k->text;
  *span = k->span;
  return NP_OK;
}

static np_status duplicate_error(builder *b, const np_value *map, size_t first,
                                 size_t second)
{
  const np_map_entry *a = &map->as.map.entries[first];
  const np_map_entry *d = &map->as.map.entries[second];
  np_position p = np_source_position(b->file, a->key_span.start);
  char key[64];
  size_t n = d->key.len < 40 ? d->key.len : 40;
  memcpy(key, d->key.ptr, n);
  key[n] = '\0';
  return np_error_set_at(b->err, NP_ESYNTAX, b->file, d->key_span.start,
                         "front matter: duplicate key '%s%s' (first on line "
                         "%zu)",
                         key, d->key.len > n ? "..." : "", p.line);
}

/* Parses a mapping's entries up to MAPPING_END. For the root mapping
 * (`is_root`), records each entry's place for write-back. */
static np_status parse_mapping_body(builder *b, np_value *map, size_t depth,
                                    bool is_root)
{
  keyset ks = {NULL, 0};
  for (;;) {
    yaml_event_t kev;
    np_status rc = next_event(b, &kev);
    if (rc < 0) {
      return rc;
    }
    if (kev.type == YAML_MAPPING_END_EVENT) {
      size_t end = mark_offset(b, &kev.end_mark);
      if (map->style == NP_STYLE_FLOW) {
        note_end(b, end);
      }
      map->span.end = map->style == NP_STYLE_FLOW ? end : b->content_end;
      yaml_event_delete(&kev);
      return NP_OK;
    }
    if (is_root) {
      b->content_end = 0;
      b->saw_alias = b->saw_anchor = false;
    }
    np_slice key;
    np_span key_span;
    rc = parse_key(b, &kev, &key, &key_span);
    yaml_event_delete(&kev);
    if (rc < 0) {
      return rc;
    }
    yaml_event_t vev;
    rc = next_event(b, &vev);
    if (rc < 0) {
      return rc;
    }
    np_value *v = NULL;
    rc = parse_node(b, &vev, depth + 1, column_of(b, key_span.start), &v);
    yaml_event_delete(&vev);
    if (rc == NP_OK) {
      rc = np_value_map_append(b->arena, map, key, v);
    }
    if (rc < 0) {
      return rc;
    }
    size_t index = map->as.map.len - 1;
    map->as.map.entries[index].key_span = key_span;
    bool oom = false;
    ptrdiff_t dup = keyset_find_or_add(b->arena, &ks, map, index, &oom);
    if (oom) {
      return NP_ENOMEM;
    }
    if (dup >= 0) {
      return duplicate_error(b, map, (size_t)dup, index);
    }
    if (is_root) {
      rc = push_root_entry(b, key, v, key_span.start);
      if (rc < 0) {
        return rc;
      }
    }
  }
}

static np_status parse_mapping(builder *b, yaml_event_t *ev, size_t depth,
                               np_value **out)
{
  bool flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
  np_value *map = NULL;
  ptrdiff_t anchor_index;
  np_status rc =
      open_collection(b, ev, NP_VALUE_MAP, ev->data.mapping_start.anchor, flow,
                      &map, &anchor_index);
  if (rc < 0) {
    return rc;
  }
  rc = parse_mapping_body(b, map, depth, depth == 0);
  if (rc < 0) {
    return rc;
  }
  close_anchor(b, anchor_index, map);
  *out = map;
  return NP_OK;
}

static np_status parse_node(builder *b, yaml_event_t *ev, size_t depth,
                            size_t key_col, np_value **out)
{
  if (depth > NP_MAX_META_DEPTH) {
    return np_error_set_at(
        b->err, NP_ELIMIT, b->file, mark_offset(b, &ev->start_mark),
        "front matter nests deeper than %d levels", NP_MAX_META_DEPTH);
  }
  switch (ev->type) {
  case YAML_SCALAR_EVENT:
    return parse_scalar(b, ev, out);
  case YAML_ALIAS_EVENT:
    return parse_alias(b, ev, out);
  case YAML_SEQUENCE_START_EVENT:
    return parse_sequence(b, ev, depth, key_col, out);
  case YAML_MAPPING_START_EVENT:
    return parse_mapping(b, ev, depth, out);
  default:
    return fail_at(b, NP_ESYNTAX, mark_offset(b, &ev->start_mark),
                   "front matter: %s", "unexpected YAML event");
  }
}

/* ---- the document ----------------------------------------------------- */

static bool is_comment_line(np_slice file, size_t start, size_t end,
                            size_t *indent)
{
  size_t i = start;
  while (i < end && (file.ptr[i] == ' ' || file.ptr[i] == '\t')) {
    i++;
  }
  *indent = i - start;
  return i < end && file.ptr[i] == '#';
}

/* First byte of [start, end) that is not a blank or a stray U+FEFF (which
 * libyaml skips at a line start), or end. */
static size_t first_nonblank(np_slice file, size_t start, size_t end)
{
  while (start < end) {
    if (file.ptr[start] == ' ' || file.ptr[start] == '\t') {
      start++;
    } else if (end - start >= 3 &&
               memcmp(file.ptr + start, "\xEF\xBB\xBF", 3) == 0) {
      start += 3;
    } else {
      break;
    }
  }
  return start;
}

/* The line an entry starts on: its key's, or for an explicit key whose "?"
 * stands on an earlier line (maybe with a comment, maybe followed by blank
 * and comment lines), that line. Looks back no further than `floor`, the
 * previous entry's end, so a "?" inside its value is never taken. */
static size_t entry_line_start(np_slice file, size_t floor, size_t key_start)
{
  size_t line = np_line_start(file, key_start);
  if (first_nonblank(file, line, key_start) != key_start) {
    return line; /* "? key" on one line, or a stray U+FEFF: see indent_of */
  }
  size_t next = line;
  while (next > floor) {
    size_t prev = np_line_start(file, next - 1);
    if (prev < floor) {
      break;
    }
    size_t c = first_nonblank(file, prev, next);
    char ch = c < next ? file.ptr[c] : '\n';
    if (ch == '\n' || ch == '\r' || ch == '#') {
      next = prev; /* blank or comment line */
      continue;
    }
    if (ch == '?') {
      size_t after = first_nonblank(file, c + 1, next);
      char rest = after < next ? file.ptr[after] : '\n';
      if (rest == '\n' || rest == '\r' || (rest == '#' && after > c + 1)) {
        return prev;
      }
    }
    break;
  }
  return line;
}

/* Turns each root entry's last content byte into a chunk: the lines from
 * its attached comments to the end of its last line. Returns false when
 * the entries share lines (no line-based layout possible). */
static bool compute_chunks(np_slice file, np_span fm, np_meta_origin *o,
                           size_t n)
{
  size_t prev_end = fm.start;
  for (size_t i = 0; i < n; i++) {
    size_t last =
        o[i].chunk_end > o[i].key_start ? o[i].chunk_end : o[i].key_start + 1;
    size_t end = np_next_line_start(file, last - 1);
    if (end > fm.end) {
      end = fm.end;
    }
    o[i].chunk_end = end;
    o[i].key_line_start = entry_line_start(file, prev_end, o[i].key_start);
    if (o[i].key_line_start < prev_end) {
      return false;
    }
    /* Comment lines right above the key, no deeper than it, belong to it. */
    size_t key_indent = o[i].key_start - o[i].key_line_start;
    size_t start = o[i].key_line_start;
    while (start > prev_end) {
      size_t line = np_line_start(file, start - 1);
      size_t indent;
      if (line < prev_end || !is_comment_line(file, line, start, &indent) ||
          indent > key_indent) {
        break;
      }
      start = line;
    }
    o[i].chunk_start = start;
    prev_end = end;
  }
  return true;
}

/* Style defaults for values written from scratch: the file's first list. */
static void learn_style(np_meta *m)
{
  m->list_indent = 2;
  m->lists_flow = false;
  for (size_t i = 0; i < m->norigins; i++) {
    const np_value *v = m->origins[i].value;
    if (v->kind == NP_VALUE_LIST && v->as.list.len > 0) {
      m->lists_flow = v->style == NP_STYLE_FLOW;
      if (v->style == NP_STYLE_BLOCK) {
        m->list_indent = v->indent;
      }
      return;
    }
  }
}

static np_status build_meta(builder *b, np_meta *m)
{
  yaml_event_t ev;
  np_status rc = next_event(b, &ev); /* STREAM-START */
  if (rc < 0) {
    return rc;
  }
  yaml_event_delete(&ev);
  rc = next_event(b, &ev);
  if (rc < 0) {
    return rc;
  }
  if (ev.type == YAML_STREAM_END_EVENT) { /* empty, or comments only */
    yaml_event_delete(&ev);
    return NP_OK;
  }
  yaml_event_delete(&ev); /* DOCUMENT-START */
  rc = next_event(b, &ev);
  if (rc < 0) {
    return rc;
  }
  np_value *root = NULL;
  const char *opaque = NULL; /* what the document is, when not keys */
  size_t opaque_at = 0;
  if (ev.type == YAML_MAPPING_START_EVENT) {
    m->has_layout = ev.data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
    rc = parse_node(b, &ev, 0, 0, &root);
  } else if (ev.type == YAML_SCALAR_EVENT &&
             ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
             (ev.data.scalar.length == 0 ||
              strcmp((const char *)ev.data.scalar.value, "~") == 0 ||
              strcmp((const char *)ev.data.scalar.value, "null") == 0)) {
    rc = NP_OK; /* a null document: no keys */
  } else {
    /* Valid YAML, just not keys: read it (to find errors), keep its bytes,
     * warn once it has all read, and offer no keys. Jekyll cannot use it
     * either. */
    opaque = ev.type == YAML_SEQUENCE_START_EVENT ? "a list"
             : ev.type == YAML_SCALAR_EVENT       ? "plain text"
                                                  : "an alias";
    opaque_at = mark_offset(b, &ev.start_mark);
    np_value *ignored = NULL;
    rc = parse_node(b, &ev, 1, 0, &ignored);
    m->is_opaque = true;
    m->has_layout = false;
  }
  yaml_event_delete(&ev);
  if (rc < 0) {
    return rc;
  }
  rc = next_event(b, &ev); /* DOCUMENT-END */
  if (rc < 0) {
    return rc;
  }
  yaml_event_delete(&ev);
  rc = next_event(b, &ev);
  if (rc < 0) {
    return rc;
  }
  if (ev.type != YAML_STREAM_END_EVENT) {
    size_t off = mark_offset(b, &ev.start_mark);
    yaml_event_delete(&ev);
    return fail_at(b, NP_ESYNTAX, off, "front matter: %s",
                   "a second YAML document ('---') inside front matter");
  }
  yaml_event_delete(&ev);
  if (opaque && b->warn) {
    np_error w;
    np_error_clear(&w);
    np_error_set_at(&w, NP_ESYNTAX, b->file, opaque_at,
                    "front matter is %s, not 'key: value' lines; read as "
                    "no keys, kept as is",
                    opaque);
    w.status = NP_OK;
    b->warn(b->payload, &w);
  }
  if (!root) {
    return NP_OK;
  }
  m->origins = b->roots;
  m->norigins = b->nroots;
  m->entries =
      np_arena_calloc(b->arena, b->nroots ? b->nroots : 1, sizeof *m->entries);
  if (!m->entries) {
    return NP_ENOMEM;
  }
  m->cap = b->nroots ? b->nroots : 1;
  for (size_t i = 0; i < b->nroots; i++) {
    m->entries[i].key = b->roots[i].key;
    m->entries[i].value = (np_value *)b->roots[i].value;
    m->entries[i].origin = (ptrdiff_t)i;
    m->entries[i].is_copy = false;
  }
  m->len = b->nroots;
  if (m->has_layout) {
    m->has_layout = compute_chunks(b->file, b->fm, b->roots, b->nroots);
  }
  learn_style(m);
  return NP_OK;
}

np_status np_meta_new_empty(np_meta **out, np_arena *arena, const char *eol)
{
  np_meta *m = np_arena_calloc(arena, 1, sizeof *m);
  *out = m;
  if (!m) {
    return NP_ENOMEM;
  }
  m->arena = arena;
  m->file = np_slice_from("", 0);
  m->eol = eol;
  m->has_layout = true;
  m->list_indent = 2;
  return NP_OK;
}

np_status np_meta_new_unreadable(np_meta **out, np_arena *arena, np_slice file,
                                 np_span fm, const char *eol)
{
  np_status rc = np_meta_new_empty(out, arena, eol);
  if (rc == NP_OK) {
    (*out)->file = file;
    (*out)->fm = fm;
    (*out)->is_opaque = true;
    (*out)->has_layout = false;
  }
  return rc;
}

np_status np_meta_parse(np_meta **out, np_arena *arena, np_slice file,
                        np_span fm, const char *eol, np_warning_fn warn,
                        void *payload, np_error *err)
{
  *out = NULL;
  np_meta *m = NULL;
  np_status rc = np_meta_new_empty(&m, arena, eol);
  if (rc < 0) {
    return rc;
  }
  m->file = file;
  m->fm = fm;
  np_slice text = np_slice_from(file.ptr + fm.start, fm.end - fm.start);
  size_t bad = np_utf8_find_invalid(text);
  if (bad < text.len) {
    return np_error_set_at(err, NP_ESYNTAX, file, fm.start + bad,
                           "front matter: invalid UTF-8 (byte 0x%02X)",
                           (unsigned)(unsigned char)text.ptr[bad]);
  }
  builder b;
  memset(&b, 0, sizeof b);
  b.arena = arena;
  b.file = file;
  b.fm = fm;
  b.err = err;
  b.warn = warn;
  b.payload = payload;
  if (!yaml_parser_initialize(&b.parser)) {
    return NP_ENOMEM;
  }
  yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
  yaml_parser_set_input_string(&b.parser, (const unsigned char *)text.ptr,
                               text.len);
  rc = build_meta(&b, m);
  yaml_parser_delete(&b.parser);
  if (rc == NP_ENOMEM && err && err->status != NP_ENOMEM) {
    np_error_set(err, NP_ENOMEM, "out of memory reading front matter");
  }
  if (rc < 0) {
    return rc;
  }
  *out = m;
  return NP_OK;
}
