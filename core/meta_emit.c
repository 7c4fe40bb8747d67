/* Writing values as YAML that Jekyll reads back as the same values: plain
 * when that is unambiguous, quoted or as a block otherwise, in the style
 * the entry had before. UTF-8 text is written as is (CJK stays readable). */
#include "meta_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scalar.h"
#include "source.h"

typedef struct emitter {
  const np_meta *meta;
  np_buf *out;
  np_error *err;
} emitter;

typedef enum emit_ctx { CTX_KEY, CTX_DASH, CTX_FLOW } emit_ctx;

static np_status emit_value(emitter *e, const np_value *v, const np_value *hint,
                            size_t col, emit_ctx ctx);

static np_status put(emitter *e, const char *s)
{
  return np_buf_append_str(e->out, s);
}

static np_status newline_indent(emitter *e, size_t col)
{
  np_status rc = put(e, e->meta->eol);
  for (size_t i = 0; rc == NP_OK && i < col; i++) {
    rc = np_buf_append_char(e->out, ' ');
  }
  return rc;
}

/* ---- string styles ---------------------------------------------------- */

/* Code points YAML forbids raw in a stream, or that break lines. */
static bool needs_escape(uint32_t cp)
{
  if (cp < 0x20) {
    return true;
  }
  return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0xFEFF || (cp >= 0xFFFE && cp <= 0xFFFF);
}

/* Walks `s` as UTF-8; false if invalid. Reports whether any code point
 * other than LF needs escaping, and whether there is a tab. */
static bool scan_text(np_slice s, bool *escapes, bool *tabs)
{
  const unsigned char *p = (const unsigned char *)s.ptr;
  *escapes = false;
  *tabs = false;
  for (size_t i = 0; i < s.len;) {
    size_t n = np_utf8_sequence_length(p + i, s.len - i);
    if (n == 0) {
      return false;
    }
    uint32_t cp = np_utf8_decode(p + i, n);
    if (cp == '\t') {
      *tabs = true;
    } else if (cp != '\n' && needs_escape(cp)) {
      *escapes = true;
    }
    i += n;
  }
  return true;
}

static bool has(np_slice s, const char *needle)
{
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= s.len; i++) {
    if (memcmp(s.ptr + i, needle, n) == 0) {
      return true;
    }
  }
  return false;
}

static bool plain_ok(np_slice s, bool flow)
{
  if (s.len == 0 || memchr(s.ptr, '\n', s.len) || memchr(s.ptr, '\t', s.len)) {
    return false;
  }
  bool escapes, tabs;
  if (!scan_text(s, &escapes, &tabs) || escapes) {
    return false;
  }
  if (strchr("-?:,[]{}#&*!|>'\"%@` .", s.ptr[0])) {
    return false;
  }
  if (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == ':') {
    return false;
  }
  if (has(s, ": ") || has(s, " #")) {
    return false;
  }
  if (flow && (has(s, ",") || has(s, "[") || has(s, "]") || has(s, "{") ||
               has(s, "}") || has(s, ":"))) {
    return false;
  }
  return np_scalar_plain_is_string(s);
}

static np_status emit_double(emitter *e, np_slice s)
{
  const unsigned char *p = (const unsigned char *)s.ptr;
  np_status rc = np_buf_append_char(e->out, '"');
  for (size_t i = 0; rc == NP_OK && i < s.len;) {
    size_t n = np_utf8_sequence_length(p + i, s.len - i);
    uint32_t cp = np_utf8_decode(p + i, n);
    switch (cp) {
    case '"':
      rc = put(e, "\\\"");
      break;
    case '\\':
      rc = put(e, "\\\\");
      break;
    case '\n':
      rc = put(e, "\\n");
      break;
    case '\t':
      rc = put(e, "\\t");
      break;
    case '\r':
      rc = put(e, "\\r");
      break;
    default:
      if (needs_escape(cp)) {
        rc = cp <= 0xFF ? np_buf_printf(e->out, "\\x%02X", (unsigned)cp)
                        : np_buf_printf(e->out, "\\u%04X", (unsigned)cp);
      } else {
        rc = np_buf_append(e->out, p + i, n);
      }
    }
    i += n;
  }
  if (rc == NP_OK) {
    rc = np_buf_append_char(e->out, '"');
  }
  return rc;
}

static np_status emit_single(emitter *e, np_slice s)
{
  np_status rc = np_buf_append_char(e->out, '\'');
  for (size_t i = 0; rc == NP_OK && i < s.len; i++) {
    rc = s.ptr[i] == '\'' ? put(e, "''") : np_buf_append_char(e->out, s.ptr[i]);
  }
  if (rc == NP_OK) {
    rc = np_buf_append_char(e->out, '\'');
  }
  return rc;
}

/* A literal block keeps text exactly when: it has a line break, ends with
 * at most one, has no line of blanks only, no first line starting with a
 * space, no line starting with a tab, and nothing needing escapes. */
static bool literal_ok(np_slice s)
{
  if (!memchr(s.ptr, '\n', s.len) || s.ptr[0] == ' ' || s.ptr[0] == '\n') {
    return false;
  }
  /* libyaml takes a tab at the start of a content line for indentation */
  for (size_t i = 0; i < s.len; i++) {
    if (s.ptr[i] == '\t' && (i == 0 || s.ptr[i - 1] == '\n')) {
      return false;
    }
  }
  if (s.len >= 2 && s.ptr[s.len - 1] == '\n' && s.ptr[s.len - 2] == '\n') {
    return false;
  }
  bool escapes, tabs;
  if (!scan_text(s, &escapes, &tabs) || escapes || memchr(s.ptr, '\r', s.len)) {
    return false;
  }
  size_t line = 0;
  for (size_t i = 0; i <= s.len; i++) {
    if (i == s.len || s.ptr[i] == '\n') {
      bool blank = true;
      for (size_t k = line; k < i; k++) {
        if (s.ptr[k] != ' ' && s.ptr[k] != '\t') {
          blank = false;
        }
      }
      /* empty lines are fine inside; lines of only blanks are not */
      if (blank && i > line) {
        return false;
      }
      /* the last "line" after a final \n is empty: fine */
      line = i + 1;
    }
  }
  return true;
}

static np_status emit_literal(emitter *e, np_slice s, size_t col)
{
  bool final_newline = s.ptr[s.len - 1] == '\n';
  np_status rc = put(e, final_newline ? "|" : "|-");
  size_t end = final_newline ? s.len - 1 : s.len;
  size_t line = 0;
  for (size_t i = 0; rc == NP_OK && i <= end; i++) {
    if (i == end || s.ptr[i] == '\n') {
      if (i == line) {
        rc = put(e, e->meta->eol);
      } else {
        rc = newline_indent(e, col + 2);
        if (rc == NP_OK) {
          rc = np_buf_append(e->out, s.ptr + line, i - line);
        }
      }
      line = i + 1;
    }
  }
  return rc;
}

static np_status emit_string(emitter *e, np_slice s, const np_value *hint,
                             size_t col, bool flow)
{
  bool escapes, tabs;
  if (!scan_text(s, &escapes, &tabs)) {
    size_t bad = np_utf8_find_invalid(s);
    return np_error_set(e->err, NP_EINVAL,
                        "cannot write a string with invalid UTF-8 (byte "
                        "0x%02X at %zu) to front matter",
                        (unsigned)(unsigned char)s.ptr[bad], bad);
  }
  np_value_style style =
      (hint && hint->kind == NP_VALUE_STRING) ? hint->style : NP_STYLE_ANY;
  bool multiline = memchr(s.ptr, '\n', s.len) != NULL;
  if (multiline && !flow && literal_ok(s)) {
    return emit_literal(e, s, col);
  }
  if (style == NP_STYLE_DOUBLE) {
    return emit_double(e, s);
  }
  if (style == NP_STYLE_SINGLE && !escapes && !multiline && !tabs) {
    return emit_single(e, s);
  }
  if (plain_ok(s, flow)) {
    return np_buf_append_slice(e->out, s);
  }
  return emit_double(e, s);
}

/* ---- other scalars ---------------------------------------------------- */

static np_status emit_bool(emitter *e, bool b, const np_value *hint)
{
  const char *word = b ? "true" : "false";
  if (hint && hint->kind == NP_VALUE_BOOL && hint->text.len > 0) {
    /* keep the spelling family and case: yes/no, on/off, True, TRUE */
    char first = hint->text.ptr[0] | 0x20;
    if (first == 'y' || (first == 'n' && hint->text.len == 2)) {
      word = b ? "yes" : "no";
    } else if (first == 'o') {
      word = b ? "on" : "off";
    }
    char buf[8];
    size_t n = strlen(word);
    bool upper = hint->text.len > 1 && hint->text.ptr[1] >= 'A' &&
                 hint->text.ptr[1] <= 'Z';
    bool capital = hint->text.ptr[0] >= 'A' && hint->text.ptr[0] <= 'Z';
    for (size_t i = 0; i < n; i++) {
      buf[i] = word[i];
      if (upper || (capital && i == 0)) {
        buf[i] = (char)(buf[i] - 'a' + 'A');
      }
    }
    buf[n] = '\0';
    return put(e, buf);
  }
  return put(e, word);
}

/* Shortest text that reads back as the same double under Psych's FLOAT
 * rule, which wants a '.' and a signed exponent. */
static np_status emit_float(emitter *e, double f)
{
  if (isnan(f)) {
    return put(e, ".nan");
  }
  if (isinf(f)) {
    return put(e, f > 0 ? ".inf" : "-.inf");
  }
  char buf[64];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, f);
    if (strtod(buf, NULL) == f) {
      break;
    }
  }
  char out[80];
  char *exp = strchr(buf, 'e');
  size_t mant_len = exp ? (size_t)(exp - buf) : strlen(buf);
  bool has_dot = memchr(buf, '.', mant_len) != NULL;
  snprintf(out, sizeof out, "%.*s%s%s", (int)mant_len, buf, has_dot ? "" : ".0",
           exp ? exp : "");
  return put(e, out);
}

static np_status emit_timestamp(emitter *e, const np_value *v,
                                const np_value *hint)
{
  np_timestamp ts = v->as.timestamp;
  if (ts.sep == 0 && hint && hint->kind == NP_VALUE_TIMESTAMP) {
    /* a value made by a program: dress it like the one it replaces */
    const np_timestamp *h = &hint->as.timestamp;
    ts.sep = h->sep;
    ts.frac_digits = h->frac_digits;
    ts.space_before_zone = h->space_before_zone;
    ts.zone = h->zone;
  }
  if (ts.zone == NP_ZONE_NONE && ts.sep == 0) {
    ts.zone = NP_ZONE_Z;
  }
  return np_timestamp_format(e->out, &ts);
}

/* ---- collections ------------------------------------------------------ */

static const np_value *list_item_hint(const np_value *hint, size_t i)
{
  if (hint && hint->kind == NP_VALUE_LIST && hint->as.list.len > 0) {
    return hint->as.list.items[i < hint->as.list.len ? i : 0];
  }
  return NULL;
}

static const np_value *map_value_hint(const np_value *hint, np_slice key)
{
  if (hint && hint->kind == NP_VALUE_MAP) {
    return np_value_map_get(hint, key);
  }
  return NULL;
}

/* libyaml reads an implicit key only up to 1024 characters; a longer one
 * must be written as an explicit "? key" line followed by ": value". */
#define MAX_IMPLICIT_KEY 1000

static size_t count_chars(const char *p, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    n += ((unsigned char)p[i] & 0xC0) != 0x80;
  }
  return n;
}

/* Writes "key:" (or, for a long key in block context, "? key", a line end
 * and ":" at column `col`). */
static np_status emit_key(emitter *e, np_slice key, bool flow, size_t col)
{
  bool escapes, tabs;
  if (!scan_text(key, &escapes, &tabs)) {
    return np_error_set(e->err, NP_EINVAL,
                        "cannot write a key with invalid UTF-8");
  }
  size_t start = e->out->len;
  np_status rc = plain_ok(key, flow) ? np_buf_append_slice(e->out, key)
                                     : emit_double(e, key);
  if (rc < 0) {
    return rc;
  }
  size_t written = e->out->len - start;
  if (flow || count_chars(e->out->data + start, written) <= MAX_IMPLICIT_KEY) {
    return np_buf_append_char(e->out, ':');
  }
  rc = np_buf_append(e->out, "? ", 2); /* grow first: data may move */
  if (rc < 0) {
    return rc;
  }
  memmove(e->out->data + start + 2, e->out->data + start, written);
  memcpy(e->out->data + start, "? ", 2);
  rc = newline_indent(e, col);
  return rc == NP_OK ? np_buf_append_char(e->out, ':') : rc;
}

static bool is_scalar(const np_value *v)
{
  return v->kind != NP_VALUE_LIST && v->kind != NP_VALUE_MAP;
}

static np_status emit_flow(emitter *e, const np_value *v, const np_value *hint)
{
  bool list = v->kind == NP_VALUE_LIST;
  size_t n = list ? v->as.list.len : v->as.map.len;
  bool pad = hint && hint->style == NP_STYLE_FLOW && hint->indent && n > 0;
  np_status rc = put(e, list ? (pad ? "[ " : "[") : (pad ? "{ " : "{"));
  for (size_t i = 0; rc == NP_OK && i < n; i++) {
    if (i > 0) {
      rc = put(e, ", ");
    }
    if (rc == NP_OK && list) {
      rc = emit_value(e, v->as.list.items[i], list_item_hint(hint, i), 0,
                      CTX_FLOW);
    } else if (rc == NP_OK) {
      const np_map_entry *en = &v->as.map.entries[i];
      rc = emit_key(e, en->key, true, 0);
      if (rc == NP_OK) {
        rc = put(e, " ");
      }
      if (rc == NP_OK) {
        rc = emit_value(e, en->value, map_value_hint(hint, en->key), 0,
                        CTX_FLOW);
      }
    }
  }
  if (rc == NP_OK) {
    rc = put(e, list ? (pad ? " ]" : "]") : (pad ? " }" : "}"));
  }
  return rc;
}

/* Block entries of `map`, each on its own line at column `col`. */
static np_status emit_block_map(emitter *e, const np_value *map,
                                const np_value *hint, size_t col)
{
  np_status rc = NP_OK;
  for (size_t i = 0; rc == NP_OK && i < map->as.map.len; i++) {
    const np_map_entry *en = &map->as.map.entries[i];
    rc = newline_indent(e, col);
    if (rc == NP_OK) {
      rc = emit_key(e, en->key, false, col);
    }
    if (rc == NP_OK) {
      rc =
          emit_value(e, en->value, map_value_hint(hint, en->key), col, CTX_KEY);
    }
  }
  return rc;
}

/* Block items of `list`, their dashes at column `dash`. */
static np_status emit_block_list(emitter *e, const np_value *list,
                                 const np_value *hint, size_t dash)
{
  np_status rc = NP_OK;
  for (size_t i = 0; rc == NP_OK && i < list->as.list.len; i++) {
    rc = newline_indent(e, dash);
    if (rc == NP_OK) {
      rc = put(e, "-");
    }
    if (rc == NP_OK) {
      rc = emit_value(e, list->as.list.items[i], list_item_hint(hint, i), dash,
                      CTX_DASH);
    }
  }
  return rc;
}

static bool prefers_flow(emitter *e, const np_value *v, const np_value *hint)
{
  size_t n = v->kind == NP_VALUE_LIST ? v->as.list.len : v->as.map.len;
  if (n == 0) {
    return true;
  }
  if (v->kind == NP_VALUE_LIST) {
    for (size_t i = 0; i < n; i++) {
      if (!is_scalar(v->as.list.items[i])) {
        return false; /* nested blocks read better */
      }
    }
  }
  if (hint && hint->kind == v->kind) {
    return hint->style == NP_STYLE_FLOW;
  }
  return v->kind == NP_VALUE_LIST && e->meta->lists_flow;
}

/* Writes what follows "key:" (CTX_KEY, `col` = the key's column) or "-"
 * (CTX_DASH, `col` = the dash's column), or an item inside a flow
 * collection (CTX_FLOW): " scalar", " [flow]", or a block on the next
 * lines. */
static np_status emit_value(emitter *e, const np_value *v, const np_value *hint,
                            size_t col, emit_ctx ctx)
{
  bool flow = ctx == CTX_FLOW;
  if (v->kind == NP_VALUE_LIST || v->kind == NP_VALUE_MAP) {
    if (flow || prefers_flow(e, v, hint)) {
      np_status rc = flow ? NP_OK : put(e, " ");
      return rc == NP_OK ? emit_flow(e, v, hint) : rc;
    }
    if (v->kind == NP_VALUE_MAP) {
      return emit_block_map(e, v, hint, col + 2);
    }
    size_t indent = 2;
    if (ctx == CTX_KEY) {
      indent =
          (hint && hint->kind == NP_VALUE_LIST && hint->style == NP_STYLE_BLOCK)
              ? hint->indent
              : e->meta->list_indent;
    }
    return emit_block_list(e, v, hint, col + indent);
  }
  np_status rc = flow ? NP_OK : put(e, " ");
  if (rc < 0) {
    return rc;
  }
  switch (v->kind) {
  case NP_VALUE_NULL:
    if (hint && hint->kind == NP_VALUE_NULL && hint->text.len > 0 && !flow) {
      return np_buf_append_slice(e->out, hint->text);
    }
    return put(e, "null");
  case NP_VALUE_BOOL:
    return emit_bool(e, v->as.boolean, hint);
  case NP_VALUE_INT:
    return np_buf_printf(e->out, "%lld", (long long)v->as.integer);
  case NP_VALUE_FLOAT:
    return emit_float(e, v->as.number);
  case NP_VALUE_STRING:
    return emit_string(e, v->as.string, hint, col, flow);
  case NP_VALUE_TIMESTAMP:
    return emit_timestamp(e, v, hint);
  default:
    return NP_EINVAL;
  }
}

np_status np_meta__emit_entry(const np_meta *meta, np_buf *out, np_slice prefix,
                              np_slice key, const np_value *value,
                              const np_value *hint, np_error *err)
{
  emitter e = {meta, out, err};
  size_t col = 0;
  for (size_t i = 0; i < prefix.len; i++) {
    if (((unsigned char)prefix.ptr[i] & 0xC0) != 0x80) {
      col++;
    }
  }
  np_status rc = np_buf_append_slice(out, prefix);
  if (rc == NP_OK) {
    rc = emit_key(&e, key, false, col);
  }
  if (rc == NP_OK) {
    rc = emit_value(&e, value, hint, col, CTX_KEY);
  }
  return rc;
}
