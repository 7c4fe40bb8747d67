/* Markdown from a tree. Blocks are written into their own buffers so that
 * containers (blockquotes, list items) can prefix every line; recursion
 * follows block nesting and stops at MAX_MD_DEPTH, below which a subtree
 * is written as HTML (which is written iteratively). */
#include "serialize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

#define MAX_MD_DEPTH 64

typedef struct md_writer {
  const np_dom *dom;
  int depth;
} md_writer;

/* Elements written as blocks: those that start an HTML block in
 * CommonMark, and media and script-like elements, whose content has no
 * place in a line of Markdown text. */
static bool is_block(const np_node *n)
{
  static const char *const more[] = {"noscript", "template", "video", "audio",
                                     "hgroup",   "search",   NULL};
  return n->kind == NP_NODE_ELEMENT &&
         (np_dom__is_html_block_name(n->name) || np_dom__named(n, more));
}

/* Attributes Markdown can write for this element; any other means HTML. */
static bool expressible(const np_node *el)
{
  for (size_t i = 0; i < el->nattrs; i++) {
    np_slice a = el->attrs[i].name;
    bool ok = false;
    if (np_slice_eq_str(el->name, "a")) {
      ok = np_slice_eq_str(a, "href") || np_slice_eq_str(a, "title");
    } else if (np_slice_eq_str(el->name, "img")) {
      ok = np_slice_eq_str(a, "src") || np_slice_eq_str(a, "alt") ||
           np_slice_eq_str(a, "title");
    } else if (np_slice_eq_str(el->name, "ol")) {
      ok = np_slice_eq_str(a, "start");
    } else if (np_slice_eq_str(el->name, "code")) {
      ok = np_slice_eq_str(a, "class") && el->attrs[i].value.len > 9 &&
           memcmp(el->attrs[i].value.ptr, "language-", 9) == 0;
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

/* HTML inside Markdown: a blank line would end the HTML block and let the
 * rest be read as Markdown, so lines of only blanks are dropped. */
static np_status html(md_writer *w, np_buf *dst, const np_node *n)
{
  size_t start = dst->len;
  np_status rc = np_html_serialize(dst, w->dom, n, NP_SERIALIZE_FRESH);
  if (rc < 0) {
    return rc;
  }
  size_t out = start;
  size_t line = start;
  for (size_t i = start; i <= dst->len; i++) {
    if (i < dst->len && dst->data[i] != '\n') {
      continue;
    }
    bool blank = true;
    for (size_t k = line; k < i; k++) {
      if (dst->data[k] != ' ' && dst->data[k] != '\t') {
        blank = false;
        break;
      }
    }
    size_t end = i < dst->len ? i + 1 : i;
    if (!blank || line == start) {
      memmove(dst->data + out, dst->data + line, end - line);
      out += end - line;
    }
    line = i + 1;
  }
  dst->len = out;
  if (dst->data) {
    dst->data[out] = '\0';
  }
  return NP_OK;
}

/* ---- inline ----------------------------------------------------------- */

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Text, whitespace collapsed, escaped where Markdown would read markup. */
static np_status put_text(np_buf *dst, np_slice t, bool *space)
{
  np_status rc = NP_OK;
  for (size_t i = 0; rc == NP_OK && i < t.len; i++) {
    char c = t.ptr[i];
    if (is_space(c)) {
      *space = true;
      continue;
    }
    if (*space && dst->len > 0 && dst->data[dst->len - 1] != '\n' &&
        dst->data[dst->len - 1] != ' ') {
      rc = np_buf_append_char(dst, ' ');
    }
    *space = false;
    if (rc == NP_OK && strchr("\\`*_[]<>#|~", c)) {
      rc = np_buf_append_char(dst, '\\');
    } else if (rc == NP_OK && c == '&' && i + 1 < t.len &&
               ((t.ptr[i + 1] >= 'a' && t.ptr[i + 1] <= 'z') ||
                (t.ptr[i + 1] >= 'A' && t.ptr[i + 1] <= 'Z') ||
                t.ptr[i + 1] == '#')) {
      rc = np_buf_append_char(dst, '\\'); /* not an entity */
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(dst, c);
    }
  }
  return rc;
}

static np_status inline_nodes(md_writer *w, np_buf *dst, const np_node *first,
                              const np_node *stop, bool *space);

/* A run of backticks longer than any inside `s`. */
static size_t fence_len(np_slice s, size_t min)
{
  size_t longest = 0, run = 0;
  for (size_t i = 0; i < s.len; i++) {
    run = s.ptr[i] == '`' ? run + 1 : 0;
    if (run > longest) {
      longest = run;
    }
  }
  return longest + 1 > min ? longest + 1 : min;
}

static np_status put_url(np_buf *dst, np_slice url)
{
  bool angle = false;
  for (size_t i = 0; i < url.len; i++) {
    if (url.ptr[i] == ' ' || url.ptr[i] == '(' || url.ptr[i] == ')') {
      angle = true;
    }
  }
  np_status rc = angle ? np_buf_append_char(dst, '<') : NP_OK;
  for (size_t i = 0; rc == NP_OK && i < url.len; i++) {
    char c = url.ptr[i];
    if (c == '<' || c == '>' || c == '\\') {
      rc = np_buf_append_char(dst, '\\');
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(dst, c);
    }
  }
  return rc == NP_OK && angle ? np_buf_append_char(dst, '>') : rc;
}

static np_status put_title(np_buf *dst, const np_node *el)
{
  const np_slice *t = np_dom_get_attr(el, np_slice_from("title", 5));
  if (!t) {
    return NP_OK;
  }
  np_status rc = np_buf_append_str(dst, " \"");
  for (size_t i = 0; rc == NP_OK && i < t->len; i++) {
    if (t->ptr[i] == '"' || t->ptr[i] == '\\') {
      rc = np_buf_append_char(dst, '\\');
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(dst, t->ptr[i]);
    }
  }
  return rc == NP_OK ? np_buf_append_char(dst, '"') : rc;
}

static bool is_punct_or_space(char c)
{
  return c == '\0' || is_space(c) || (c >= '!' && c <= '/') ||
         (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

/* Unicode whitespace (Zs) and punctuation beyond ASCII, as CommonMark's
 * flanking rules count them: no-break and CJK spaces, Latin-1, general and
 * CJK punctuation, fullwidth punctuation. */
static bool is_wide_punct_or_space(uint32_t c)
{
  return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65);
}

/* Whether the character at one end of `t` (the first, or the last) is a
 * blank or punctuation for the flanking rules. */
static bool edge_is_punct_or_space(np_slice t, bool last)
{
  if (t.len == 0) {
    return true;
  }
  size_t at = 0;
  if (last) {
    at = t.len - 1;
    while (at > 0 && ((unsigned char)t.ptr[at] & 0xC0) == 0x80) {
      at--;
    }
  }
  const unsigned char *p = (const unsigned char *)t.ptr + at;
  if (*p < 0x80) {
    return is_punct_or_space((char)*p);
  }
  size_t n = np_utf8_sequence_length(p, t.len - at);
  return n == 0 || is_wide_punct_or_space(np_utf8_decode(p, n));
}

/* *…* and **…** only read as emphasis when the text inside starts and ends
 * with something other than a blank or punctuation (CommonMark's flanking
 * rules), and when no delimiter run touches them (two <strong> in a row
 * would make "****"); otherwise the tags are written as HTML. */
static np_status wrap_inline(md_writer *w, np_buf *dst, const np_node *el,
                             const char *mark, bool *space)
{
  np_buf inner;
  np_buf_init(&inner);
  bool inner_space = false;
  np_status rc = inline_nodes(w, &inner, el->first_child, NULL, &inner_space);
  bool safe = inner.len > 0 && !inner_space &&
              !edge_is_punct_or_space(np_buf_slice(&inner), false) &&
              !edge_is_punct_or_space(np_buf_slice(&inner), true) &&
              !(dst->len > 0 && dst->data[dst->len - 1] == mark[0]);
  if (rc == NP_OK && safe) {
    rc = np_buf_append_str(dst, mark);
    if (rc == NP_OK) {
      rc = np_buf_append_slice(dst, np_buf_slice(&inner));
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(dst, mark);
    }
  } else if (rc == NP_OK) {
    rc = np_buf_printf(dst, "<%.*s>", (int)el->name.len, el->name.ptr);
    if (rc == NP_OK) {
      rc = np_buf_append_slice(dst, np_buf_slice(&inner));
    }
    if (rc == NP_OK) {
      rc = np_buf_printf(dst, "</%.*s>", (int)el->name.len, el->name.ptr);
    }
  }
  np_buf_fini(&inner);
  *space = inner_space;
  return rc;
}

static np_status inline_element(md_writer *w, np_buf *dst, const np_node *el,
                                bool *space)
{
  static const char *const em[] = {"em", "i", NULL};
  static const char *const strong[] = {"strong", "b", NULL};
  static const char *const del[] = {"del", "s", "strike", NULL};
  if (*space && dst->len > 0 && dst->data[dst->len - 1] != '\n' &&
      dst->data[dst->len - 1] != ' ') {
    np_status rc = np_buf_append_char(dst, ' ');
    if (rc < 0) {
      return rc;
    }
  }
  *space = false;
  if (!expressible(el) || is_block(el)) {
    return html(w, dst, el);
  }
  if (np_dom__named(el, em)) {
    return wrap_inline(w, dst, el, "*", space);
  }
  if (np_dom__named(el, strong)) {
    return wrap_inline(w, dst, el, "**", space);
  }
  if (np_dom__named(el, del)) {
    return wrap_inline(w, dst, el, "~~", space);
  }
  if (np_slice_eq_str(el->name, "br")) {
    return np_buf_append_str(dst, "\\\n");
  }
  if (np_slice_eq_str(el->name, "code")) {
    np_buf text;
    np_buf_init(&text);
    np_status rc = np_text_serialize(&text, el);
    np_slice t = np_buf_slice(&text);
    size_t n = fence_len(t, 1);
    bool pad = t.len > 0 && (t.ptr[0] == '`' || t.ptr[t.len - 1] == '`');
    for (size_t i = 0; rc == NP_OK && i < n; i++) {
      rc = np_buf_append_char(dst, '`');
    }
    if (rc == NP_OK && pad) {
      rc = np_buf_append_char(dst, ' ');
    }
    if (rc == NP_OK) {
      rc = np_buf_append_slice(dst, t);
    }
    if (rc == NP_OK && pad) {
      rc = np_buf_append_char(dst, ' ');
    }
    for (size_t i = 0; rc == NP_OK && i < n; i++) {
      rc = np_buf_append_char(dst, '`');
    }
    np_buf_fini(&text);
    return rc;
  }
  if (np_slice_eq_str(el->name, "a")) {
    const np_slice *href = np_dom_get_attr(el, np_slice_from("href", 4));
    if (!href) {
      return html(w, dst, el);
    }
    np_status rc = np_buf_append_char(dst, '[');
    bool inner = false;
    if (rc == NP_OK) {
      rc = inline_nodes(w, dst, el->first_child, NULL, &inner);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(dst, "](");
    }
    if (rc == NP_OK) {
      rc = put_url(dst, *href);
    }
    if (rc == NP_OK) {
      rc = put_title(dst, el);
    }
    *space = inner; /* a blank ending the link text goes after it */
    return rc == NP_OK ? np_buf_append_char(dst, ')') : rc;
  }
  if (np_slice_eq_str(el->name, "img")) {
    const np_slice *src = np_dom_get_attr(el, np_slice_from("src", 3));
    const np_slice *alt = np_dom_get_attr(el, np_slice_from("alt", 3));
    if (!src) {
      return html(w, dst, el);
    }
    np_status rc = np_buf_append_str(dst, "![");
    bool sp = false;
    if (rc == NP_OK && alt) {
      rc = put_text(dst, *alt, &sp);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(dst, "](");
    }
    if (rc == NP_OK) {
      rc = put_url(dst, *src);
    }
    if (rc == NP_OK) {
      rc = put_title(dst, el);
    }
    return rc == NP_OK ? np_buf_append_char(dst, ')') : rc;
  }
  /* an inline element Markdown has no syntax for: its tags as HTML, its
   * content still Markdown (CommonMark reads Markdown between inline
   * tags) */
  if (el->nattrs == 0 && el->first_child) {
    np_status rc =
        np_buf_printf(dst, "<%.*s>", (int)el->name.len, el->name.ptr);
    bool inner = false;
    if (rc == NP_OK) {
      rc = inline_nodes(w, dst, el->first_child, NULL, &inner);
    }
    *space = inner;
    return rc == NP_OK
               ? np_buf_printf(dst, "</%.*s>", (int)el->name.len, el->name.ptr)
               : rc;
  }
  return html(w, dst, el);
}

static np_status inline_nodes(md_writer *w, np_buf *dst, const np_node *first,
                              const np_node *stop, bool *space)
{
  np_status rc = NP_OK;
  for (const np_node *n = first; rc == NP_OK && n && n != stop; n = n->next) {
    if (n->kind == NP_NODE_TEXT) {
      rc = put_text(dst, n->text, space);
    } else if (n->kind == NP_NODE_COMMENT) {
      if (*space && dst->len > 0 && dst->data[dst->len - 1] != '\n' &&
          dst->data[dst->len - 1] != ' ') {
        rc = np_buf_append_char(dst, ' ');
      }
      *space = false;
      if (rc == NP_OK) {
        rc = html(w, dst, n);
      }
    } else if (n->kind == NP_NODE_ELEMENT) {
      rc = inline_element(w, dst, n, space);
    }
  }
  return rc;
}

/* ---- blocks ----------------------------------------------------------- */

static np_status blocks(md_writer *w, np_buf *dst, const np_node *parent);

/* Trims blanks, and hard breaks ("\\" before a line end, from <br>)
 * that end a paragraph: CommonMark reads those as a literal backslash. An
 * odd run of trailing backslashes ends with a break; escaped backslashes
 * come in pairs. */
static void trim_end(np_buf *b, size_t from)
{
  for (;;) {
    while (b->len > from &&
           (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n')) {
      b->len--;
    }
    size_t run = 0;
    while (run < b->len - from && b->data[b->len - 1 - run] == '\\') {
      run++;
    }
    if (run % 2 == 0) {
      break;
    }
    b->len--;
  }
  if (b->data) {
    b->data[b->len] = '\0';
  }
}

/* Appends `src` to `dst`, `first` before its first line and `rest` before
 * the others (blank lines get the prefix without trailing spaces). */
static np_status prefix_lines(np_buf *dst, np_slice src, const char *first,
                              const char *rest)
{
  np_status rc = NP_OK;
  size_t line = 0;
  bool is_first = true;
  for (size_t i = 0; rc == NP_OK && i <= src.len; i++) {
    if (i < src.len && src.ptr[i] != '\n') {
      continue;
    }
    const char *p = is_first ? first : rest;
    size_t plen = strlen(p);
    if (i == line) {
      while (plen > 0 && p[plen - 1] == ' ') {
        plen--; /* no trailing blanks on an empty line */
      }
    }
    rc = np_buf_append(dst, p, plen);
    if (rc == NP_OK) {
      rc = np_buf_append(dst, src.ptr + line, i - line);
    }
    if (rc == NP_OK && i < src.len) {
      rc = np_buf_append_char(dst, '\n');
    }
    line = i + 1;
    is_first = false;
  }
  return rc;
}

static np_status code_block(np_buf *dst, const np_node *pre)
{
  const np_node *code = pre->first_child;
  while (code && code->kind == NP_NODE_TEXT && code->text.len == 0) {
    code = code->next;
  }
  const np_slice *cls = NULL;
  if (code && code->kind == NP_NODE_ELEMENT &&
      np_slice_eq_str(code->name, "code") && !code->next) {
    cls = np_dom_get_attr(code, np_slice_from("class", 5));
  } else {
    code = pre;
  }
  np_buf text;
  np_buf_init(&text);
  np_status rc = NP_OK;
  for (const np_node *n = code; rc == NP_OK && n; n = np_dom_next(code, n)) {
    if (n->kind == NP_NODE_TEXT) {
      rc = np_buf_append_slice(&text, n->text);
    }
  }
  np_slice t = np_buf_slice(&text);
  if (t.len > 0 && t.ptr[t.len - 1] == '\n') {
    t.len--;
  }
  size_t n = fence_len(t, 3);
  for (size_t i = 0; rc == NP_OK && i < n; i++) {
    rc = np_buf_append_char(dst, '`');
  }
  if (rc == NP_OK && cls) {
    rc = np_buf_append(dst, cls->ptr + 9, cls->len - 9);
  }
  if (rc == NP_OK) {
    rc = np_buf_append_char(dst, '\n');
  }
  if (rc == NP_OK) {
    rc = np_buf_append_slice(dst, t);
  }
  if (rc == NP_OK && t.len > 0) {
    rc = np_buf_append_char(dst, '\n');
  }
  for (size_t i = 0; rc == NP_OK && i < n; i++) {
    rc = np_buf_append_char(dst, '`');
  }
  np_buf_fini(&text);
  return rc;
}

/* A list item's content, marker on its first line, the rest indented. */
static np_status list(md_writer *w, np_buf *dst, const np_node *list_el)
{
  bool ordered = np_slice_eq_str(list_el->name, "ol");
  long number = 1;
  const np_slice *start = np_dom_get_attr(list_el, np_slice_from("start", 5));
  if (ordered && start && start->len > 0 && start->len < 10) {
    char buf[12];
    memcpy(buf, start->ptr, start->len);
    buf[start->len] = '\0';
    number = strtol(buf, NULL, 10);
  }
  np_status rc = NP_OK;
  bool first = true;
  for (const np_node *li = list_el->first_child; rc == NP_OK && li;
       li = li->next) {
    if (li->kind == NP_NODE_TEXT) {
      continue; /* whitespace between items */
    }
    np_buf item;
    np_buf_init(&item);
    if (li->kind == NP_NODE_ELEMENT && np_slice_eq_str(li->name, "li") &&
        expressible(li)) {
      rc = blocks(w, &item, li);
    } else {
      rc = html(w, &item, li);
    }
    char marker[24];
    if (ordered) {
      snprintf(marker, sizeof marker, "%ld. ", number++);
    } else {
      strcpy(marker, "- ");
    }
    char indent[24];
    memset(indent, ' ', strlen(marker));
    indent[strlen(marker)] = '\0';
    if (rc == NP_OK && !first) {
      rc = np_buf_append_char(dst, '\n');
    }
    if (rc == NP_OK) {
      rc = prefix_lines(dst, np_buf_slice(&item), marker, indent);
    }
    np_buf_fini(&item);
    first = false;
  }
  return rc;
}

static bool in_cell(const np_node *n, const np_node *table)
{
  for (const np_node *p = n->parent; p && p != table; p = p->parent) {
    if (p->kind == NP_NODE_ELEMENT &&
        (np_slice_eq_str(p->name, "td") || np_slice_eq_str(p->name, "th"))) {
      return true;
    }
  }
  return false;
}

/* A table Markdown can write: plain rows of cells holding inline content
 * only, with a first row to be the header. */
static bool simple_table(const np_node *table)
{
  static const char *const parts[] = {"thead", "tbody", "tfoot", "tr",
                                      "th",    "td",    NULL};
  bool has_row = false;
  for (const np_node *n = np_dom_next(table, table); n;
       n = np_dom_next(table, n)) {
    if (n->kind != NP_NODE_ELEMENT) {
      continue;
    }
    if (np_dom__named(n, parts)) {
      if (n->nattrs > 0) {
        return false;
      }
      has_row = has_row || np_slice_eq_str(n->name, "tr");
    } else if (!in_cell(n, table) || is_block(n)) {
      return false;
    }
  }
  return has_row;
}

static np_status table(md_writer *w, np_buf *dst, const np_node *t)
{
  np_status rc = NP_OK;
  size_t rows = 0, cols = 0;
  for (const np_node *tr = t; rc == NP_OK && tr; tr = np_dom_next(t, tr)) {
    if (tr->kind != NP_NODE_ELEMENT || !np_slice_eq_str(tr->name, "tr")) {
      continue;
    }
    size_t c = 0;
    rc = np_buf_append_char(dst, '|');
    for (const np_node *cell = tr->first_child; rc == NP_OK && cell;
         cell = cell->next) {
      if (cell->kind != NP_NODE_ELEMENT) {
        continue;
      }
      bool space = false;
      rc = np_buf_append_char(dst, ' ');
      if (rc == NP_OK) {
        rc = inline_nodes(w, dst, cell->first_child, NULL, &space);
      }
      if (rc == NP_OK) {
        rc = np_buf_append_str(dst, " |");
      }
      c++;
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(dst, '\n');
    }
    if (rc == NP_OK && rows == 0) {
      cols = c;
      rc = np_buf_append_char(dst, '|');
      for (size_t i = 0; rc == NP_OK && i < cols; i++) {
        rc = np_buf_append_str(dst, " --- |");
      }
      if (rc == NP_OK) {
        rc = np_buf_append_char(dst, '\n');
      }
    }
    rows++;
  }
  if (rc == NP_OK && dst->len > 0) {
    /* the last line end: blocks are joined by the caller */
    np_buf_truncate(dst, dst->len - 1);
  }
  return rc;
}

static np_status block(md_writer *w, np_buf *dst, const np_node *n)
{
  static const char *const headings[] = {"h1", "h2", "h3", "h4",
                                         "h5", "h6", NULL};
  if (n->kind != NP_NODE_ELEMENT || !expressible(n) ||
      w->depth >= MAX_MD_DEPTH) {
    return html(w, dst, n);
  }
  np_status rc = NP_OK;
  bool space = false;
  if (np_slice_eq_str(n->name, "p")) {
    return inline_nodes(w, dst, n->first_child, NULL, &space);
  }
  if (np_dom__named(n, headings)) {
    int level = n->name.ptr[1] - '0';
    for (int i = 0; rc == NP_OK && i < level; i++) {
      rc = np_buf_append_char(dst, '#');
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(dst, ' ');
    }
    return rc == NP_OK ? inline_nodes(w, dst, n->first_child, NULL, &space)
                       : rc;
  }
  if (np_slice_eq_str(n->name, "hr")) {
    return np_buf_append_str(dst, "---");
  }
  if (np_slice_eq_str(n->name, "pre")) {
    return code_block(dst, n);
  }
  w->depth++;
  if (np_slice_eq_str(n->name, "blockquote")) {
    np_buf inner;
    np_buf_init(&inner);
    rc = blocks(w, &inner, n);
    if (rc == NP_OK) {
      rc = prefix_lines(dst, np_buf_slice(&inner), "> ", "> ");
    }
    np_buf_fini(&inner);
  } else if (np_slice_eq_str(n->name, "ul") || np_slice_eq_str(n->name, "ol")) {
    rc = list(w, dst, n);
  } else if (np_slice_eq_str(n->name, "table") && simple_table(n)) {
    rc = table(w, dst, n);
  } else {
    rc = html(w, dst, n);
  }
  w->depth--;
  return rc;
}

/* The children of `parent` as blocks separated by blank lines; runs of
 * inline nodes between blocks become paragraphs. */
static np_status blocks(md_writer *w, np_buf *dst, const np_node *parent)
{
  np_status rc = NP_OK;
  const np_node *n = parent->first_child;
  while (rc == NP_OK && n) {
    size_t mark = dst->len;
    if (mark > 0) {
      rc = np_buf_append_str(dst, "\n\n");
    }
    size_t start = dst->len;
    if (rc == NP_OK && n->kind == NP_NODE_ELEMENT && is_block(n)) {
      rc = block(w, dst, n);
      n = n->next;
    } else if (rc == NP_OK) {
      const np_node *stop = n;
      while (stop && !(stop->kind == NP_NODE_ELEMENT && is_block(stop))) {
        stop = stop->next;
      }
      bool space = false;
      rc = inline_nodes(w, dst, n, stop, &space);
      n = stop;
    }
    trim_end(dst, start);
    if (dst->len == start) {
      np_buf_truncate(dst, mark); /* nothing written: no separator either */
    }
  }
  return rc;
}

np_status np_markdown_serialize(np_buf *out, const np_dom *dom,
                                const np_node *node)
{
  md_writer w = {dom, 0};
  np_buf tmp;
  np_buf_init(&tmp);
  np_status rc;
  if (node->kind == NP_NODE_DOCUMENT) {
    rc = blocks(&w, &tmp, node);
  } else if (node->kind != NP_NODE_ELEMENT) { /* text, comment: alone */
    rc = inline_nodes(&w, &tmp, node, node->next, &(bool){false});
  } else if (is_block(node)) {
    rc = block(&w, &tmp, node);
  } else {
    rc = inline_element(&w, &tmp, node, &(bool){false});
  }
  if (rc == NP_OK) {
    trim_end(&tmp, 0);
    rc = np_buf_append_slice(out, np_buf_slice(&tmp));
  }
  if (rc == NP_OK && tmp.len > 0) {
    rc = np_buf_append_char(out, '\n');
  }
  np_buf_fini(&tmp);
  return rc;
}
