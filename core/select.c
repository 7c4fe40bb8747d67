/* CSS selectors: a recursive-descent parser into a small AST in the
 * selector's own arena, and right-to-left matching. Recursion follows the
 * selector's nesting (bounded by MAX_NESTING), never the tree's depth. */
#include "select.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "source.h"

#define MAX_NESTING 32

typedef enum simple_kind {
  S_TYPE,
  S_UNIVERSAL,
  S_ID,
  S_CLASS,
  S_ATTR,
  S_NOT,
  S_IS, /* :is() and :where() match alike */
  S_HAS,
  S_FIRST_CHILD,
  S_LAST_CHILD,
  S_ONLY_CHILD,
  S_NTH_CHILD,
  S_NTH_LAST_CHILD,
  S_NTH_OF_TYPE,
  S_NTH_LAST_OF_TYPE,
  S_FIRST_OF_TYPE,
  S_LAST_OF_TYPE,
  S_ONLY_OF_TYPE,
  S_EMPTY,
  S_ROOT
} simple_kind;

typedef enum attr_op {
  A_EXISTS,
  A_EQUALS,   /* [a=v] */
  A_INCLUDES, /* [a~=v] */
  A_DASH,     /* [a|=v] */
  A_PREFIX,   /* [a^=v] */
  A_SUFFIX,   /* [a$=v] */
  A_SUBSTR    /* [a*=v] */
} attr_op;

typedef struct sel_list sel_list;

typedef struct simple {
  simple_kind kind;
  np_slice name;  /* type, id, class or attribute name */
  np_slice value; /* attribute value */
  attr_op op;
  bool icase;    /* the i flag */
  int64_t a, b;  /* An+B */
  sel_list *sub; /* :not :is :has, or "of S" */
} simple;

typedef struct compound {
  simple *items;
  size_t n;
} compound;

/* parts[0] comb[0] parts[1] ... ; `leading` is the combinator before
 * parts[0] in a relative selector (:has), 0 otherwise. */
typedef struct complex_sel {
  compound *parts;
  char *comb;
  size_t n;
  char leading;
} complex_sel;

struct sel_list {
  complex_sel *items;
  size_t n;
};

struct np_selector {
  np_arena *arena;
  sel_list *list;
};

/* =====================================================================
 * Parsing
 * ===================================================================== */

typedef struct parser {
  np_slice s;
  size_t pos;
  np_arena *arena;
  np_error *err;
  int depth;
} parser;

static np_status fail(parser *p, size_t at, const char *fmt, ...)
    NP_PRINTF_LIKE(3, 4);

static np_status fail(parser *p, size_t at, const char *fmt, ...)
{
  if (p->err) {
    va_list ap;
    p->err->status = NP_ESYNTAX;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
    va_end(ap);
    np_position pos = np_source_position(p->s, at);
    p->err->offset = at;
    p->err->line = 0;
    p->err->column = pos.column;
  }
  return NP_ESYNTAX;
}

static int peek(const parser *p, size_t ahead)
{
  size_t i = p->pos + ahead;
  return i < p->s.len ? (unsigned char)p->s.ptr[i] : -1;
}

static bool is_ws(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool skip_ws(parser *p)
{
  size_t start = p->pos;
  while (is_ws(peek(p, 0))) {
    p->pos++;
  }
  return p->pos > start;
}

static bool is_name_start(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c >= 0x80;
}

static bool is_name_char(int c)
{
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static bool valid_escape(const parser *p, size_t ahead)
{
  return peek(p, ahead) == '\\' && peek(p, ahead + 1) != '\n' &&
         peek(p, ahead + 1) != -1;
}

static bool starts_ident(const parser *p)
{
  int c = peek(p, 0);
  if (c == '-') {
    int d = peek(p, 1);
    return is_name_start(d) || d == '-' || valid_escape(p, 1);
  }
  return is_name_start(c) || valid_escape(p, 0);
}

static np_status append_code_point(np_buf *b, uint32_t cp)
{
  char u[4];
  size_t n;
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return np_buf_append(b, u, n);
}

static int hex_value(int c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/* Consumes a CSS escape (after the backslash is confirmed valid). */
static np_status consume_escape(parser *p, np_buf *b)
{
  p->pos++; /* the backslash */
  if (hex_value(peek(p, 0)) >= 0) {
    uint32_t cp = 0;
    for (int i = 0; i < 6 && hex_value(peek(p, 0)) >= 0; i++) {
      cp = cp * 16 + (uint32_t)hex_value(peek(p, 0));
      p->pos++;
    }
    if (is_ws(peek(p, 0))) {
      p->pos++;
    }
    return append_code_point(b, cp);
  }
  /* any other character stands for itself (a whole UTF-8 sequence) */
  size_t n = np_utf8_sequence_length((const unsigned char *)p->s.ptr + p->pos,
                                     p->s.len - p->pos);
  n = n ? n : 1;
  np_status rc = np_buf_append(b, p->s.ptr + p->pos, n);
  p->pos += n;
  return rc;
}

static np_slice to_arena(parser *p, const np_buf *b, bool lower, bool *ok)
{
  char *s = np_arena_strndup(p->arena, b->data ? b->data : "", b->len);
  *ok = s != NULL;
  if (s && lower) {
    for (size_t i = 0; i < b->len; i++) {
      if (s[i] >= 'A' && s[i] <= 'Z') {
        s[i] = (char)(s[i] - 'A' + 'a');
      }
    }
  }
  return np_slice_from(s ? s : "", s ? b->len : 0);
}

static np_status parse_ident(parser *p, np_slice *out, bool lower,
                             const char *what)
{
  if (!starts_ident(p)) {
    return fail(p, p->pos, "expected %s", what);
  }
  np_buf b;
  np_buf_init(&b);
  np_status rc = NP_OK;
  while (rc == NP_OK) {
    int c = peek(p, 0);
    if (valid_escape(p, 0)) {
      rc = consume_escape(p, &b);
    } else if (is_name_char(c)) {
      rc = np_buf_append_char(&b, (char)c);
      p->pos++;
    } else {
      break;
    }
  }
  bool ok = rc == NP_OK;
  if (ok) {
    *out = to_arena(p, &b, lower, &ok);
  }
  np_buf_fini(&b);
  return ok ? NP_OK : NP_ENOMEM;
}

static np_status parse_string(parser *p, np_slice *out)
{
  size_t start = p->pos;
  int quote = peek(p, 0);
  p->pos++;
  np_buf b;
  np_buf_init(&b);
  np_status rc = NP_OK;
  for (;;) {
    int c = peek(p, 0);
    if (c == -1 || c == '\n') {
      np_buf_fini(&b);
      return fail(p, start, "unterminated string");
    }
    if (c == quote) {
      p->pos++;
      break;
    }
    if (c == '\\' && peek(p, 1) == '\n') {
      p->pos += 2; /* an escaped newline continues the string */
      continue;
    }
    if (valid_escape(p, 0)) {
      rc = consume_escape(p, &b);
    } else {
      rc = np_buf_append_char(&b, (char)c);
      p->pos++;
    }
    if (rc < 0) {
      np_buf_fini(&b);
      return rc;
    }
  }
  bool ok;
  *out = to_arena(p, &b, false, &ok);
  np_buf_fini(&b);
  return ok ? NP_OK : NP_ENOMEM;
}

typedef struct simples {
  simple *items;
  size_t n, cap;
} simples;

static simple *add_simple(parser *p, simples *v, simple_kind kind)
{
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 4;
    simple *s = np_arena_grow(p->arena, v->items, v->n, cap, sizeof *s);
    if (!s) {
      return NULL;
    }
    v->items = s;
    v->cap = cap;
  }
  simple *s = &v->items[v->n++];
  memset(s, 0, sizeof *s);
  s->kind = kind;
  return s;
}

static np_status parse_list(parser *p, bool relative, sel_list **out);

static np_status parse_attr(parser *p, simples *v)
{
  p->pos++; /* [ */
  skip_ws(p);
  simple *s = add_simple(p, v, S_ATTR);
  if (!s) {
    return NP_ENOMEM;
  }
  np_status rc = parse_ident(p, &s->name, true, "an attribute name");
  if (rc < 0) {
    return rc;
  }
  skip_ws(p);
  int c = peek(p, 0);
  if (c == ']') {
    p->pos++;
    s->op = A_EXISTS;
    return NP_OK;
  }
  size_t op_at = p->pos;
  if (c == '=') {
    s->op = A_EQUALS;
    p->pos++;
  } else if (c > 0 && strchr("~|^$*", c) && peek(p, 1) == '=') {
    s->op = c == '~'   ? A_INCLUDES
            : c == '|' ? A_DASH
            : c == '^' ? A_PREFIX
            : c == '$' ? A_SUFFIX
                       : A_SUBSTR;
    p->pos += 2;
  } else {
    return fail(p, op_at, "expected ']' or an operator (= ~= |= ^= $= *=)");
  }
  skip_ws(p);
  c = peek(p, 0);
  if (c == '"' || c == '\'') {
    rc = parse_string(p, &s->value);
  } else {
    rc = parse_ident(p, &s->value, false, "a value after the operator");
  }
  if (rc < 0) {
    return rc;
  }
  skip_ws(p);
  c = peek(p, 0);
  if ((c == 'i' || c == 'I' || c == 's' || c == 'S') &&
      (is_ws(peek(p, 1)) || peek(p, 1) == ']')) {
    s->icase = c == 'i' || c == 'I';
    p->pos++;
    skip_ws(p);
  }
  if (peek(p, 0) != ']') {
    return fail(p, p->pos, "expected ']'");
  }
  p->pos++;
  return NP_OK;
}

/* An+B, 'odd', 'even'; stops before ')' or "of". */
static np_status parse_nth(parser *p, simple *s)
{
  skip_ws(p);
  size_t start = p->pos;
  if (starts_ident(p)) {
    np_slice word;
    size_t save = p->pos;
    np_status rc = parse_ident(p, &word, true, "An+B");
    if (rc < 0) {
      return rc;
    }
    if (np_slice_eq_str(word, "odd")) {
      s->a = 2;
      s->b = 1;
      return NP_OK;
    }
    if (np_slice_eq_str(word, "even")) {
      s->a = 2;
      s->b = 0;
      return NP_OK;
    }
    p->pos = save; /* "n", "-n+3", "n-1": read below */
  }
  int sign = 1;
  if (peek(p, 0) == '+' || peek(p, 0) == '-') {
    sign = peek(p, 0) == '-' ? -1 : 1;
    p->pos++;
  }
  int64_t num = 0;
  bool digits = false;
  while (peek(p, 0) >= '0' && peek(p, 0) <= '9') {
    if (num < 100000000) {
      num = num * 10 + (peek(p, 0) - '0');
    }
    digits = true;
    p->pos++;
  }
  if (peek(p, 0) == 'n' || peek(p, 0) == 'N') {
    p->pos++;
    s->a = sign * (digits ? num : 1);
    skip_ws(p);
    if (peek(p, 0) == '+' || peek(p, 0) == '-') {
      int bsign = peek(p, 0) == '-' ? -1 : 1;
      p->pos++;
      skip_ws(p);
      int64_t b = 0;
      bool bdigits = false;
      while (peek(p, 0) >= '0' && peek(p, 0) <= '9') {
        if (b < 100000000) {
          b = b * 10 + (peek(p, 0) - '0');
        }
        bdigits = true;
        p->pos++;
      }
      if (!bdigits) {
        return fail(p, p->pos, "expected a number in An+B");
      }
      s->b = bsign * b;
    }
    return NP_OK;
  }
  if (!digits) {
    return fail(p, start, "expected An+B, 'odd' or 'even'");
  }
  s->a = 0;
  s->b = sign * num;
  return NP_OK;
}

typedef struct pseudo_name {
  const char *name;
  simple_kind kind;
  bool functional;
} pseudo_name;

static const pseudo_name pseudos[] = {
    {"not", S_NOT, true},
    {"is", S_IS, true},
    {"where", S_IS, true},
    {"has", S_HAS, true},
    {"nth-child", S_NTH_CHILD, true},
    {"nth-last-child", S_NTH_LAST_CHILD, true},
    {"nth-of-type", S_NTH_OF_TYPE, true},
    {"nth-last-of-type", S_NTH_LAST_OF_TYPE, true},
    {"first-child", S_FIRST_CHILD, false},
    {"last-child", S_LAST_CHILD, false},
    {"only-child", S_ONLY_CHILD, false},
    {"first-of-type", S_FIRST_OF_TYPE, false},
    {"last-of-type", S_LAST_OF_TYPE, false},
    {"only-of-type", S_ONLY_OF_TYPE, false},
    {"empty", S_EMPTY, false},
    {"root", S_ROOT, false},
};

static np_status parse_pseudo(parser *p, simples *v)
{
  size_t colon = p->pos;
  p->pos++;
  if (peek(p, 0) == ':') {
    return fail(p, colon, "pseudo-elements ('::') are not supported");
  }
  size_t name_at = p->pos;
  np_slice name;
  np_status rc = parse_ident(p, &name, true, "a pseudo-class name after ':'");
  if (rc < 0) {
    return rc;
  }
  bool call = peek(p, 0) == '(';
  const pseudo_name *found = NULL;
  for (size_t i = 0; i < sizeof pseudos / sizeof *pseudos; i++) {
    if (np_slice_eq_str(name, pseudos[i].name)) {
      found = &pseudos[i];
    }
  }
  if (!found) {
    return fail(p, name_at, "unknown pseudo-class ':%.*s'",
                (int)(name.len > 40 ? 40 : name.len), name.ptr);
  }
  if (found->functional != call) {
    return fail(p, name_at,
                found->functional ? "':%s' needs an argument in ( )"
                                  : "':%s' takes no argument",
                found->name);
  }
  simple *s = add_simple(p, v, found->kind);
  if (!s) {
    return NP_ENOMEM;
  }
  if (!call) {
    return NP_OK;
  }
  size_t open = p->pos;
  p->pos++; /* ( */
  if (++p->depth > MAX_NESTING) {
    return fail(p, open, "selector nested deeper than %d levels", MAX_NESTING);
  }
  switch (found->kind) {
  case S_NOT:
  case S_IS:
    rc = parse_list(p, false, &s->sub);
    break;
  case S_HAS:
    rc = parse_list(p, true, &s->sub);
    break;
  default:
    rc = parse_nth(p, s);
    skip_ws(p);
    if (rc == NP_OK &&
        (found->kind == S_NTH_CHILD || found->kind == S_NTH_LAST_CHILD) &&
        (peek(p, 0) == 'o' || peek(p, 0) == 'O') &&
        (peek(p, 1) == 'f' || peek(p, 1) == 'F') && is_ws(peek(p, 2))) {
      p->pos += 2;
      rc = parse_list(p, false, &s->sub);
    }
    break;
  }
  p->depth--;
  if (rc < 0) {
    return rc;
  }
  skip_ws(p);
  if (peek(p, 0) != ')') {
    return fail(p, p->pos, peek(p, 0) == -1 ? "missing ')'" : "expected ')'");
  }
  p->pos++;
  return NP_OK;
}

static np_status parse_compound(parser *p, compound *out)
{
  simples v = {NULL, 0, 0};
  size_t start = p->pos;
  np_status rc = NP_OK;
  int c = peek(p, 0);
  if (c == '*') {
    p->pos++;
    rc = add_simple(p, &v, S_UNIVERSAL) ? NP_OK : NP_ENOMEM;
  } else if (starts_ident(p)) {
    simple *s = add_simple(p, &v, S_TYPE);
    rc = s ? parse_ident(p, &s->name, true, "a tag name") : NP_ENOMEM;
  }
  while (rc == NP_OK) {
    c = peek(p, 0);
    if (c == '#') {
      p->pos++;
      simple *s = add_simple(p, &v, S_ID);
      rc = s ? parse_ident(p, &s->name, false, "an id after '#'") : NP_ENOMEM;
    } else if (c == '.') {
      p->pos++;
      simple *s = add_simple(p, &v, S_CLASS);
      rc = s ? parse_ident(p, &s->name, false, "a class name after '.'")
             : NP_ENOMEM;
    } else if (c == '[') {
      rc = parse_attr(p, &v);
    } else if (c == ':') {
      rc = parse_pseudo(p, &v);
    } else if (c == '*' || (starts_ident(p) && p->pos > start)) {
      return fail(p, p->pos, "a tag name or '*' must come first");
    } else {
      break;
    }
  }
  if (rc < 0) {
    return rc;
  }
  if (v.n == 0) {
    c = peek(p, 0);
    if (c == -1) {
      return fail(p, p->pos, "expected a selector, found the end");
    }
    return fail(p, p->pos, "expected a selector, found '%c'",
                c < 0x80 ? (char)c : '?');
  }
  out->items = v.items;
  out->n = v.n;
  return NP_OK;
}

static np_status parse_complex(parser *p, bool relative, complex_sel *out)
{
  size_t cap = 4;
  out->parts = np_arena_alloc(p->arena, cap * sizeof *out->parts);
  out->comb = np_arena_alloc(p->arena, cap);
  out->n = 0;
  out->leading = 0;
  if (!out->parts || !out->comb) {
    return NP_ENOMEM;
  }
  skip_ws(p);
  if (relative) {
    int c = peek(p, 0);
    out->leading = (c == '>' || c == '+' || c == '~') ? (char)c : ' ';
    if (out->leading != ' ') {
      p->pos++;
      skip_ws(p);
    }
  } else if (peek(p, 0) == '>' || peek(p, 0) == '+' || peek(p, 0) == '~') {
    return fail(p, p->pos, "'%c' needs a selector before it", (char)peek(p, 0));
  }
  for (;;) {
    if (out->n == cap) {
      size_t ncap = cap * 2;
      compound *parts =
          np_arena_grow(p->arena, out->parts, out->n, ncap, sizeof *parts);
      char *comb = np_arena_grow(p->arena, out->comb, out->n, ncap, 1);
      if (!parts || !comb) {
        return NP_ENOMEM;
      }
      out->parts = parts;
      out->comb = comb;
      cap = ncap;
    }
    np_status rc = parse_compound(p, &out->parts[out->n]);
    if (rc < 0) {
      return rc;
    }
    out->n++;
    bool ws = skip_ws(p);
    int c = peek(p, 0);
    if (c == '>' || c == '+' || c == '~') {
      out->comb[out->n - 1] = (char)c;
      p->pos++;
      skip_ws(p);
    } else if (ws && c != ',' && c != ')' && c != -1) {
      out->comb[out->n - 1] = ' ';
    } else {
      return NP_OK;
    }
  }
}

static np_status parse_list(parser *p, bool relative, sel_list **out)
{
  sel_list *list = np_arena_calloc(p->arena, 1, sizeof *list);
  if (!list) {
    return NP_ENOMEM;
  }
  size_t cap = 0;
  for (;;) {
    if (list->n == cap) {
      size_t ncap = cap ? cap * 2 : 2;
      complex_sel *items =
          np_arena_grow(p->arena, list->items, list->n, ncap, sizeof *items);
      if (!items) {
        return NP_ENOMEM;
      }
      list->items = items;
      cap = ncap;
    }
    np_status rc = parse_complex(p, relative, &list->items[list->n]);
    if (rc < 0) {
      return rc;
    }
    list->n++;
    skip_ws(p);
    if (peek(p, 0) != ',') {
      break;
    }
    p->pos++;
  }
  *out = list;
  return NP_OK;
}

np_status np_selector_compile(np_selector **out, np_slice css, np_error *err)
{
  *out = NULL;
  np_selector *sel = calloc(1, sizeof *sel);
  np_arena *arena = sel ? np_arena_new() : NULL;
  if (!arena) {
    free(sel);
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  sel->arena = arena;
  parser p = {css, 0, arena, err, 0};
  np_status rc = parse_list(&p, false, &sel->list);
  if (rc == NP_OK && p.pos < css.len) {
    int c = peek(&p, 0);
    rc = c == ')' ? fail(&p, p.pos, "unexpected ')'")
                  : fail(&p, p.pos, "unexpected '%c'", c < 0x80 ? c : '?');
  }
  if (rc == NP_ENOMEM) {
    np_error_set(err, NP_ENOMEM, "out of memory");
  }
  if (rc < 0) {
    np_selector_free(sel);
    return rc;
  }
  *out = sel;
  return NP_OK;
}

void np_selector_free(np_selector *sel)
{
  if (sel) {
    np_arena_free(sel->arena);
    free(sel);
  }
}

/* =====================================================================
 * Matching
 * ===================================================================== */

static bool match_list(const sel_list *list, const np_node *el,
                       const np_node *scope);

static const np_node *parent_element(const np_node *n)
{
  const np_node *p = n->parent;
  return p && p->kind == NP_NODE_ELEMENT ? p : NULL;
}

static const np_node *prev_element(const np_node *n)
{
  for (n = n->prev; n; n = n->prev) {
    if (n->kind == NP_NODE_ELEMENT) {
      return n;
    }
  }
  return NULL;
}

static const np_node *next_element(const np_node *n)
{
  for (n = n->next; n; n = n->next) {
    if (n->kind == NP_NODE_ELEMENT) {
      return n;
    }
  }
  return NULL;
}

static char fold(char c, bool icase)
{
  return (icase && c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool bytes_eq(const char *a, const char *b, size_t n, bool icase)
{
  for (size_t i = 0; i < n; i++) {
    if (fold(a[i], icase) != fold(b[i], icase)) {
      return false;
    }
  }
  return true;
}

static bool slice_eq(np_slice a, np_slice b, bool icase)
{
  return a.len == b.len && bytes_eq(a.ptr, b.ptr, a.len, icase);
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool np_select_has_word(np_slice list, np_slice word, bool icase)
{
  if (word.len == 0) {
    return false;
  }
  for (size_t i = 0; i < word.len; i++) {
    if (is_space(word.ptr[i])) {
      return false;
    }
  }
  size_t i = 0;
  while (i < list.len) {
    while (i < list.len && is_space(list.ptr[i])) {
      i++;
    }
    size_t start = i;
    while (i < list.len && !is_space(list.ptr[i])) {
      i++;
    }
    if (i > start &&
        slice_eq(np_slice_from(list.ptr + start, i - start), word, icase)) {
      return true;
    }
  }
  return false;
}

static const np_slice *attr_value(const np_node *el, np_slice name)
{
  for (size_t i = 0; i < el->nattrs; i++) {
    if (slice_eq(el->attrs[i].name, name, true)) {
      return &el->attrs[i].value;
    }
  }
  return NULL;
}

static bool match_attr(const simple *s, const np_node *el)
{
  const np_slice *got = attr_value(el, s->name);
  if (!got) {
    return false;
  }
  np_slice v = *got, want = s->value;
  bool ic = s->icase;
  switch (s->op) {
  case A_EXISTS:
    return true;
  case A_EQUALS:
    return slice_eq(v, want, ic);
  case A_INCLUDES:
    return np_select_has_word(v, want, ic);
  case A_DASH:
    return slice_eq(v, want, ic) ||
           (v.len > want.len && v.ptr[want.len] == '-' &&
            bytes_eq(v.ptr, want.ptr, want.len, ic));
  case A_PREFIX:
    return want.len > 0 && v.len >= want.len &&
           bytes_eq(v.ptr, want.ptr, want.len, ic);
  case A_SUFFIX:
    return want.len > 0 && v.len >= want.len &&
           bytes_eq(v.ptr + v.len - want.len, want.ptr, want.len, ic);
  case A_SUBSTR:
    if (want.len == 0) {
      return false;
    }
    for (size_t i = 0; i + want.len <= v.len; i++) {
      if (bytes_eq(v.ptr + i, want.ptr, want.len, ic)) {
        return true;
      }
    }
    return false;
  }
  return false;
}

static bool same_type(const np_node *a, const np_node *b)
{
  return slice_eq(a->name, b->name, true);
}

/* 1-based position of `el` among its element siblings: counting from the
 * start or the end, all of them or those of its type or matching `of`. */
static int64_t position(const np_node *el, bool from_end, bool of_type,
                        const sel_list *of, const np_node *scope)
{
  int64_t k = 1;
  for (const np_node *s = from_end ? next_element(el) : prev_element(el); s;
       s = from_end ? next_element(s) : prev_element(s)) {
    if (of_type ? same_type(s, el) : (!of || match_list(of, s, scope))) {
      k++;
    }
  }
  return k;
}

/* Is there an n >= 0 with a*n + b == k? */
static bool nth_matches(int64_t a, int64_t b, int64_t k)
{
  if (a == 0) {
    return k == b;
  }
  return (k - b) % a == 0 && (k - b) / a >= 0;
}

static bool is_empty(const np_node *el)
{
  for (const np_node *c = el->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_ELEMENT) {
      return false;
    }
    if (c->kind == NP_NODE_TEXT) {
      for (size_t i = 0; i < c->text.len; i++) {
        if (!is_space(c->text.ptr[i])) {
          return false;
        }
      }
    }
  }
  return true;
}

static bool match_relative(const sel_list *list, const np_node *anchor);

static bool match_simple(const simple *s, const np_node *el,
                         const np_node *scope)
{
  switch (s->kind) {
  case S_TYPE:
    return slice_eq(el->name, s->name, true);
  case S_UNIVERSAL:
    return true;
  case S_ID: {
    const np_slice *id = attr_value(el, np_slice_from("id", 2));
    return id && slice_eq(*id, s->name, false);
  }
  case S_CLASS: {
    const np_slice *cls = attr_value(el, np_slice_from("class", 5));
    return cls && np_select_has_word(*cls, s->name, false);
  }
  case S_ATTR:
    return match_attr(s, el);
  case S_NOT:
    return !match_list(s->sub, el, scope);
  case S_IS:
    return match_list(s->sub, el, scope);
  case S_HAS:
    return match_relative(s->sub, el);
  case S_FIRST_CHILD:
    return !prev_element(el);
  case S_LAST_CHILD:
    return !next_element(el);
  case S_ONLY_CHILD:
    return !prev_element(el) && !next_element(el);
  case S_NTH_CHILD:
  case S_NTH_LAST_CHILD:
    if (s->sub && !match_list(s->sub, el, scope)) {
      return false;
    }
    return nth_matches(
        s->a, s->b,
        position(el, s->kind == S_NTH_LAST_CHILD, false, s->sub, scope));
  case S_NTH_OF_TYPE:
  case S_NTH_LAST_OF_TYPE:
    return nth_matches(
        s->a, s->b,
        position(el, s->kind == S_NTH_LAST_OF_TYPE, true, NULL, scope));
  case S_FIRST_OF_TYPE:
    return position(el, false, true, NULL, scope) == 1;
  case S_LAST_OF_TYPE:
    return position(el, true, true, NULL, scope) == 1;
  case S_ONLY_OF_TYPE:
    return position(el, false, true, NULL, scope) == 1 &&
           position(el, true, true, NULL, scope) == 1;
  case S_EMPTY:
    return is_empty(el);
  case S_ROOT:
    /* a body has no <html>: its top-level elements are the roots */
    return el->parent && el->parent->kind == NP_NODE_DOCUMENT;
  }
  return false;
}

static bool match_compound(const compound *c, const np_node *el,
                           const np_node *scope)
{
  for (size_t i = 0; i < c->n; i++) {
    if (!match_simple(&c->items[i], el, scope)) {
      return false;
    }
  }
  return true;
}

/* How a relative selector's first compound must stand to the anchor. */
static bool leading_holds(char comb, const np_node *x, const np_node *anchor)
{
  switch (comb) {
  case '>':
    return x->parent == anchor;
  case ' ':
    return x != anchor && np_dom_contains(anchor, x);
  case '+':
    return prev_element(x) == anchor;
  case '~':
    for (const np_node *s = prev_element(x); s; s = prev_element(s)) {
      if (s == anchor) {
        return true;
      }
    }
    return false;
  default:
    return true;
  }
}

/* parts[0..i] of `c` match with parts[i] on `el`. */
static bool match_from(const complex_sel *c, size_t i, const np_node *el,
                       const np_node *scope)
{
  if (!match_compound(&c->parts[i], el, scope)) {
    return false;
  }
  if (i == 0) {
    return !c->leading || leading_holds(c->leading, el, scope);
  }
  switch (c->comb[i - 1]) {
  case '>': {
    const np_node *p = parent_element(el);
    return p && match_from(c, i - 1, p, scope);
  }
  case ' ':
    for (const np_node *p = parent_element(el); p; p = parent_element(p)) {
      if (match_from(c, i - 1, p, scope)) {
        return true;
      }
    }
    return false;
  case '+': {
    const np_node *s = prev_element(el);
    return s && match_from(c, i - 1, s, scope);
  }
  default: /* '~' */
    for (const np_node *s = prev_element(el); s; s = prev_element(s)) {
      if (match_from(c, i - 1, s, scope)) {
        return true;
      }
    }
    return false;
  }
}

static bool match_list(const sel_list *list, const np_node *el,
                       const np_node *scope)
{
  for (size_t i = 0; i < list->n; i++) {
    if (match_from(&list->items[i], list->items[i].n - 1, el, scope)) {
      return true;
    }
  }
  return false;
}

/* :has(): some element after `anchor` — among its descendants for ' ' and
 * '>', among its later siblings and their descendants for '+' and '~' —
 * matches a relative selector anchored there. */
static bool match_relative(const sel_list *list, const np_node *anchor)
{
  for (size_t i = 0; i < list->n; i++) {
    const complex_sel *c = &list->items[i];
    bool down = c->leading == ' ' || c->leading == '>';
    const np_node *stop = down ? anchor : anchor->parent;
    const np_node *x = down ? np_dom_next(anchor, anchor) : anchor->next;
    if (!down && !stop) {
      continue;
    }
    for (; x; x = np_dom_next(stop, x)) {
      if (x->kind == NP_NODE_ELEMENT && match_from(c, c->n - 1, x, anchor)) {
        return true;
      }
    }
  }
  return false;
}

bool np_selector_matches(const np_selector *sel, const np_node *el)
{
  return el->kind == NP_NODE_ELEMENT && match_list(sel->list, el, NULL);
}

void np_selector_each(const np_selector *sel, const np_node *root,
                      bool (*fn)(void *payload, np_node *el), void *payload)
{
  for (np_node *n = np_dom_next(root, root); n; n = np_dom_next(root, n)) {
    if (n->kind == NP_NODE_ELEMENT && match_list(sel->list, n, NULL) &&
        !fn(payload, n)) {
      return;
    }
  }
}
