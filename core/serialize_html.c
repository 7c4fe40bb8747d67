/* HTML serialisation with minimal diffs. Iterative: a stack of (node,
 * entering/leaving) pairs, so depth costs heap, not C stack. */
#include "serialize.h"

#include <stdlib.h>
#include <string.h>

typedef struct writer {
  np_buf *out;
  np_slice file;
  unsigned flags;
  bool markdown; /* the body is Markdown */
  size_t fresh;  /* > 0: inside a subtree written wholly afresh */
  size_t raw;    /* > 0: inside raw HTML, where Markdown is not read */
  /** The children of this node that follow an HTML block written among
   * Markdown without a blank line: Markdown reads them as part of that
   * block, raw HTML, so they are written as HTML (until a blank line). */
  const np_node *swallowing;
  size_t body;       /* where the body starts in `out` */
  size_t copied_to;  /* the file offset the last copy ended at; SIZE_MAX */
  size_t copied_len; /* out->len after it */
} writer;

bool np_html_is_void(np_slice name)
{
  static const char *const voids[] = {
      "area",  "base",   "basefont", "bgsound", "br",     "col",  "embed",
      "frame", "hr",     "img",      "input",   "keygen", "link", "meta",
      "param", "source", "track",    "wbr",     NULL};
  return np_dom__name_in(name, voids);
}

bool np_node_is_void(const np_node *n)
{
  return !(n->flags & NP_NODE_FOREIGN) && np_html_is_void(n->name);
}

static bool is_html_block(const np_node *el)
{
  return np_dom__is_html_block_name(el->name);
}

/* Elements whose text children are written without escaping. */
static bool is_raw_text(const np_node *el)
{
  static const char *const raw[] = {"script",    "style",    "xmp",
                                    "iframe",    "noembed",  "noframes",
                                    "plaintext", "noscript", NULL};
  return el && el->kind == NP_NODE_ELEMENT && np_dom__name_in(el->name, raw);
}

/* Line ends in the white space that ends out[body...]. */
static size_t trailing_line_ends(const writer *w)
{
  size_t n = 0;
  for (size_t i = w->out->len; i > w->body; i--) {
    char c = w->out->data[i - 1];
    if (c == '\n') {
      n++;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      break;
    }
  }
  return n;
}

/* Line ends in the white space that starts file[start, end); `*after`
 * is where the bytes after the last of them begin (`start` if none). */
static size_t leading_line_ends(const writer *w, size_t start, size_t end,
                                size_t *after)
{
  size_t n = 0;
  *after = start;
  for (size_t i = start; i < end; i++) {
    char c = w->file.ptr[i];
    if (c == '\n') {
      n++;
      *after = i + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      break;
    }
  }
  return n;
}

/* Copying B = file[start, end) right after file[...copied_to), what lay
 * between them (X) removed. In Markdown the white space where they meet
 * holds a blank line exactly when the file had one before X: a blank line
 * where there was none (the line ends around X each leaving one) ends an
 * HTML block, whose indented tags after it become code, or splits a
 * paragraph; and without one a paragraph after a removed heading runs
 * into the one before it. Returns where to copy from. */
static size_t join(writer *w, size_t start, size_t end, np_status *rc)
{
  size_t out_ends = trailing_line_ends(w);
  size_t x_after, b_after; /* where X's, B's leading white space ends */
  size_t before =
      out_ends + leading_line_ends(w, w->copied_to, start, &x_after);
  size_t b_ends = leading_line_ends(w, start, end, &b_after);
  size_t joined = out_ends + b_ends;
  if (joined >= 2 && before < 2 && b_ends < 2) {
    /* a line each side left empty: B goes on the line out ends with */
    size_t len = w->out->len;
    while (len > w->body &&
           (w->out->data[len - 1] == ' ' || w->out->data[len - 1] == '\t')) {
      len--;
    }
    np_buf_truncate(w->out, len);
    return b_after;
  }
  for (; joined < 2 && before >= 2 && *rc == NP_OK; joined++) {
    *rc = np_buf_append_char(w->out, '\n');
  }
  return start;
}

static np_status copy(writer *w, size_t start, size_t end)
{
  if (end <= start) {
    return NP_OK;
  }
  np_status rc = NP_OK;
  bool junction = w->copied_to != SIZE_MAX && start > w->copied_to &&
                  w->out->len == w->copied_len;
  if (w->markdown && junction) {
    start = join(w, start, end, &rc);
  }
  if (rc == NP_OK) {
    rc = np_buf_append(w->out, w->file.ptr + start, end - start);
  }
  w->copied_to = end;
  w->copied_len = w->out->len;
  return rc;
}

/* Whether the last line of `out` holds only white space: where a block
 * could start, indentation aside. */
static bool ends_in_blank_line(const np_buf *out)
{
  for (size_t i = out->len; i > 0; i--) {
    char c = out->data[i - 1];
    if (c == '\n') {
      return true;
    }
    if (c != ' ' && c != '\t' && c != '\r') {
      return false;
    }
  }
  return true;
}

/* The HTML standard's "escaping a string". Standard ("fresh") HTML also
 * drops control characters, which are parse errors there; an edited file
 * keeps what it had. In an HTML block among Markdown, which a blank line
 * ends, a line end that would leave one (a <pre>'s empty line, an edited
 * text's paragraph break) is written as the reference &#10;. */
static np_status escape(writer *w, np_slice s, bool attribute)
{
  np_status rc = NP_OK;
  size_t run = 0;
  bool standard = w->flags & NP_SERIALIZE_FRESH;
  bool in_html_block = w->markdown && w->raw > 0;
  for (size_t i = 0; rc == NP_OK && i < s.len; i++) {
    const char *rep = NULL;
    size_t skip = 1;
    unsigned char c = (unsigned char)s.ptr[i];
    if (c == '\n' && in_html_block) {
      rc = np_buf_append(w->out, s.ptr + run, i - run);
      run = i;
      if (rc == NP_OK && ends_in_blank_line(w->out)) {
        rep = "&#10;";
      }
    }
    if (standard &&
        ((c < 0x20 && !strchr("\t\n\f\r", c)) || c == 0x7F ||
         (c == 0xC2 && i + 1 < s.len && (unsigned char)s.ptr[i + 1] >= 0x80 &&
          (unsigned char)s.ptr[i + 1] <= 0x9F))) {
      rep = "";
      skip = c == 0xC2 ? 2 : 1;
    }
    switch (rep ? 0 : s.ptr[i]) {
    case '&':
      rep = "&amp;";
      break;
    case '"':
      rep = attribute ? "&quot;" : NULL;
      break;
    case '<':
      rep = attribute ? NULL : "&lt;";
      break;
    case '>':
      rep = attribute ? NULL : "&gt;";
      break;
    case '\xC2':
      if (i + 1 < s.len && s.ptr[i + 1] == '\xA0') {
        rep = "&nbsp;";
        skip = 2;
      }
      break;
    default:
      break;
    }
    if (rep) {
      rc = np_buf_append(w->out, s.ptr + run, i - run);
      if (rc == NP_OK) {
        rc = np_buf_append_str(w->out, rep);
      }
      i += skip - 1;
      run = i + 1;
    }
  }
  return rc == NP_OK ? np_buf_append(w->out, s.ptr + run, s.len - run) : rc;
}

/* An attribute name the HTML standard's parser reads without an error: no
 * blank, control character, quote, "<", ">", "/" or "=" (scraped markup
 * has names like `"foo`). */
static bool valid_attr_name(np_slice name)
{
  if (name.len == 0) {
    return false;
  }
  for (size_t i = 0; i < name.len; i++) {
    unsigned char c = (unsigned char)name.ptr[i];
    if (c <= 0x20 || c == 0x7f || strchr("\"'<>/=", c)) {
      return false;
    }
  }
  return true;
}

static np_status fresh_start_tag(writer *w, const np_node *el)
{
  np_status rc = np_buf_append_char(w->out, '<');
  if (rc == NP_OK) {
    rc = np_buf_append_slice(w->out, el->name);
  }
  for (size_t i = 0; rc == NP_OK && i < el->nattrs; i++) {
    const np_attr *a = &el->attrs[i];
    if ((w->flags & NP_SERIALIZE_FRESH) && !valid_attr_name(a->name)) {
      continue; /* standard HTML out: drop what would not read back */
    }
    rc = np_buf_append_char(w->out, ' ');
    if (rc < 0) {
      break;
    }
    if (a->span.end > a->span.start && !(w->flags & NP_SERIALIZE_FRESH)) {
      rc = copy(w, a->span.start, a->span.end); /* keeps its quoting */
      continue;
    }
    rc = np_buf_append_slice(w->out, a->name);
    if (rc == NP_OK) {
      rc = np_buf_append_str(w->out, "=\"");
    }
    if (rc == NP_OK) {
      rc = escape(w, a->value, true);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(w->out, '"');
    }
  }
  return rc == NP_OK ? np_buf_append_char(w->out, '>') : rc;
}

static bool whole_copy(const writer *w, const np_node *n)
{
  return (n->flags & NP_NODE_EXACT) && !(n->flags & NP_NODE_CHANGED) &&
         !w->fresh && !(w->flags & NP_SERIALIZE_NO_SUBTREE_COPY);
}

/* Whether out[...len) ends with `word`, ASCII case aside. */
static bool ends_with(const np_buf *out, const char *word)
{
  size_t n = strlen(word);
  if (out->len < n) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    char c = out->data[out->len - n + i];
    if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != word[i]) {
      return false;
    }
  }
  return true;
}

/* Whether the Markdown inline syntax could read `c`, written next, as
 * markup: emphasis, code, links, raw HTML, entities, tables,
 * strikethrough, and the permissive autolinks of md4c's GitHub dialect
 * (www., http:, https:, ftp:, e-mail). */
static bool inline_markup(const np_buf *out, char c)
{
  switch (c) {
  case '\\':
  case '`':
  case '*':
  case '_':
  case '[':
  case ']':
  case '<':
  case '&':
  case '|':
  case '~':
  case '@':
    return true;
  case ':':
    return ends_with(out, "http") || ends_with(out, "https") ||
           ends_with(out, "ftp");
  case '.':
    return ends_with(out, "www");
  default:
    return false;
  }
}

/* Whether `s[i]`, first on its line, could start a block: a heading, a
 * list item, a quote, a rule or setext underline, a numbered item (whose
 * "." or ")" after the digits is then what gets escaped). Returns the
 * offset of the byte to escape, or SIZE_MAX. */
static size_t block_markup(np_slice s, size_t i)
{
  if (s.ptr[i] != '\0' && strchr("#-+=>", s.ptr[i])) {
    return i;
  }
  size_t j = i;
  while (j < s.len && j - i < 9 && s.ptr[j] >= '0' && s.ptr[j] <= '9') {
    j++;
  }
  return j > i && j < s.len && (s.ptr[j] == '.' || s.ptr[j] == ')') ? j
                                                                    : SIZE_MAX;
}

/* Text written fresh where Markdown is read: what could be read as markup
 * is backslash-escaped (escaping every punctuation character, as
 * CommonMark allows, breaks what it does not need to: an escaped "("
 * before www.x.hk stops that autolink). A blank line would end the
 * paragraph and trailing blanks make a hard break: both are left out,
 * which changes nothing a reader sees. */
static np_status escape_markdown(writer *w, np_slice s)
{
  np_status rc = NP_OK;
  size_t from = w->out->len;
  size_t escape_at = SIZE_MAX; /* a block's marker at its line's start */
  bool line_start = ends_in_blank_line(w->out);
  for (size_t i = 0; rc == NP_OK && i < s.len; i++) {
    char c = s.ptr[i];
    if (c == '\n') {
      size_t len = w->out->len;
      while (len > from &&
             (w->out->data[len - 1] == ' ' || w->out->data[len - 1] == '\t')) {
        len--; /* no hard break */
      }
      np_buf_truncate(w->out, len);
      if (ends_in_blank_line(w->out) && w->out->len > 0) {
        continue; /* no blank line */
      }
      line_start = true;
      rc = np_buf_append_char(w->out, c);
      continue;
    }
    if (line_start && c != ' ' && c != '\t') {
      line_start = false;
      escape_at = block_markup(s, i);
    }
    if (i == escape_at || inline_markup(w->out, c)) {
      rc = np_buf_append_char(w->out, '\\');
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(w->out, c);
    }
  }
  return rc;
}

static bool markdown_context(const writer *w)
{
  return w->markdown && w->raw == 0;
}

/* Text in a Markdown code span or code block: taken as it is, backslashes
 * and all, so it is written as it is. */
static bool in_code_span(const writer *w, const np_node *text)
{
  const np_node *p = text->parent;
  static const char *const code[] = {"code", NULL};
  return markdown_context(w) && p && (p->flags & NP_NODE_MARKDOWN) &&
         np_dom__named(p, code);
}

/* A raw HTML block must start a line. */
static np_status start_line(writer *w)
{
  if (w->out->len > 0 && w->out->data[w->out->len - 1] != '\n') {
    return np_buf_append_char(w->out, '\n');
  }
  return NP_OK;
}

/* Tags of HTML blocks that md4c 0.4.8 does not see start one: its table
 * of CommonMark's condition 6 lacks h2-h6 and, stopping at the first
 * name that is a prefix, head hides header, col colgroup, li link... A
 * block written with one of these must start as condition 7 does: a
 * complete tag alone on its line, after a blank line (condition 7 cannot
 * interrupt a paragraph). */
static bool md4c_misses_block(np_slice name)
{
  static const char *const names[] = {
      "h2",       "h3",       "h4",       "h5",       "h6",   "header",
      "textarea", "basefont", "colgroup", "frameset", "link", "menuitem",
      "param",    "thead",    "track",    NULL};
  return np_dom__name_in(name, names);
}

static np_status blank_line(writer *w)
{
  np_status rc = start_line(w);
  size_t n = w->out->len;
  if (rc == NP_OK && n > 0 && !(n >= 2 && w->out->data[n - 2] == '\n')) {
    rc = np_buf_append_char(w->out, '\n');
  }
  return rc;
}

/* Elements written with a start tag of our making need an end tag too. */
static bool fresh_tags(const np_node *el)
{
  if (!(el->flags & NP_NODE_FROM_SOURCE)) {
    return true;
  }
  return !(el->flags & NP_NODE_OWN_START_TAG) &&
         (el->flags & NP_NODE_SELF_CHANGED);
}

typedef struct step {
  const np_node *node;
  bool leaving;
  bool fresh; /* leaving an element that opened a fresh subtree */
  bool raw;   /* leaving an element that opened raw HTML */
} step;

typedef struct stack {
  step *items;
  size_t len, cap;
} stack;

static bool push(stack *s, const np_node *n, bool leaving)
{
  if (s->len == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    step *p = realloc(s->items, cap * sizeof *p);
    if (!p) {
      return false;
    }
    s->items = p;
    s->cap = cap;
  }
  s->items[s->len].node = n;
  s->items[s->len].leaving = leaving;
  s->items[s->len].fresh = false;
  s->items[s->len].raw = false;
  s->len++;
  return true;
}

/* Whether `s` is `prefix` followed by `rest`. */
static bool prefixed(np_slice s, const char *prefix, np_slice rest)
{
  size_t n = strlen(prefix);
  return s.len == n + rest.len && memcmp(s.ptr, prefix, n) == 0 &&
         memcmp(s.ptr + n, rest.ptr, rest.len) == 0;
}

/* A Markdown autolink (<http://x>, www.x, a@b.c), whose bytes in the
 * file between its "tags" are its href less the http:// or mailto: that
 * md4c adds. (md4c 0.4.8 does not tell autolinks from [text](url).) */
static bool is_autolink(const writer *w, const np_node *a)
{
  static const char *const names[] = {"a", NULL};
  if (!np_dom__named(a, names) || !(a->flags & NP_NODE_FROM_SOURCE)) {
    return false;
  }
  const np_slice *href = np_dom_get_attr(a, np_slice_from("href", 4));
  np_slice text = np_slice_from(w->file.ptr + a->inner.start,
                                a->inner.end - a->inner.start);
  return href &&
         (prefixed(*href, "", text) || prefixed(*href, "http://", text) ||
          prefixed(*href, "mailto:", text));
}

/* An element the Markdown made that its syntax can no longer write: one
 * edited itself (the syntax carries no attributes), an autolink whose
 * text changed (the text is its syntax). It gets real tags; a block one
 * is written wholly afresh (it becomes an HTML block, where Markdown is
 * not read). */
static bool markdown_rewritten(const writer *w, const np_node *n)
{
  if (!(n->flags & NP_NODE_MARKDOWN)) {
    return false;
  }
  return (n->flags & NP_NODE_SELF_CHANGED) ||
         ((n->flags & NP_NODE_CHANGED) && is_autolink(w, n));
}

/* Where the file's bytes written after `n` begin, when they start a block
 * of their own: a Markdown block (a list, a heading), an HTML block, a
 * comment. SIZE_MAX otherwise: text or inline markup that follows is the
 * rest of the Markdown paragraph `n` was cut from (a scraped </p> can
 * close it early) and stays with it. */
static size_t block_after(const np_node *n)
{
  const np_node *next = n->next;
  bool copied = next && (next->flags & NP_NODE_FROM_SOURCE) &&
                next->source_parent == next->parent;
  bool block =
      next && ((next->kind == NP_NODE_ELEMENT && is_html_block(next)) ||
               next->kind == NP_NODE_COMMENT);
  return copied && block ? next->lead : SIZE_MAX;
}

/* In Markdown an HTML block ends only at a blank line: a block that the
 * file has on the next line after one written here (a list after a
 * paragraph, a comment after a heading) would become part of it. A blank
 * line keeps it out. */
static np_status end_html_block(writer *w, const np_node *n)
{
  size_t at = block_after(n);
  size_t newlines = 0, columns = 0, i = at;
  for (; at != SIZE_MAX && i < w->file.len; i++) {
    char c = w->file.ptr[i];
    if (c == '\n') {
      newlines++;
      columns = 0;
    } else if (c == ' ' || c == '\r') {
      columns++;
    } else if (c == '\t') {
      columns += 4 - columns % 4;
    } else {
      break;
    }
  }
  /* after a blank line, a block indented 4 columns would be read as code
   * (md4c reads such a line after a quote as a paragraph): it stays in
   * the HTML block instead, written as HTML */
  if (at != SIZE_MAX && i < w->file.len && newlines > 0 && columns < 4) {
    for (; newlines < 2; newlines++) { /* a block of its own: kept so */
      np_status rc = np_buf_append_char(w->out, '\n');
      if (rc < 0) {
        return rc;
      }
    }
  } else if (n->next) {
    w->swallowing = n->parent; /* part of this block: see enter() */
  }
  return NP_OK;
}

static np_status run(writer *w, const np_node *top, bool inner_only);

/* Removes the lines holding only white space from out[from...]: text
 * written inside an HTML block among Markdown, which a blank line would
 * end (the tags a parser dropped can leave such lines). */
static void drop_blank_lines(np_buf *out, size_t from)
{
  char *p = out->data;
  size_t keep = from; /* where the next byte kept goes */
  size_t line = from; /* where the line being read starts, in keep's terms */
  bool blank = from == 0 || p[from - 1] == '\n'; /* so far, at line start */
  for (size_t i = from; i < out->len; i++) {
    char c = p[i];
    if (c == '\n') {
      if (blank && line > 0 && p[line - 1] == '\n') {
        keep = line; /* a whole line of white space after a line end */
      } else {
        p[keep++] = '\n';
      }
      line = keep;
      blank = true;
      continue;
    }
    blank = blank && (c == ' ' || c == '\t' || c == '\r');
    p[keep++] = c;
  }
  np_buf_truncate(out, keep);
}

/* Whether the file's bytes before `n` hold a blank line. */
static bool blank_line_before(const writer *w, const np_node *n)
{
  size_t newlines = 0;
  for (size_t i = n->lead; i < n->span.start; i++) {
    char c = w->file.ptr[i];
    if (c == '\n' && ++newlines == 2) {
      return true;
    }
    if (c != '\n' && c != ' ' && c != '\t' && c != '\r') {
      newlines = 0;
    }
  }
  return false;
}

static np_status enter(writer *w, stack *s, const np_node *n,
                       const np_node *top)
{
  np_status rc = NP_OK;
  if (n != top && w->swallowing == n->parent && !w->fresh) {
    bool copied =
        (n->flags & NP_NODE_FROM_SOURCE) && n->source_parent == n->parent;
    if (copied && blank_line_before(w, n)) {
      w->swallowing = NULL; /* the HTML block ended: Markdown again */
    } else {
      /* read as part of the HTML block before it: written as HTML */
      size_t from = w->out->len;
      rc = copied ? copy(w, n->lead, n->span.start) : NP_OK;
      drop_blank_lines(w->out, from);
      w->fresh++;
      w->raw++;
      rc = rc < 0 ? rc : run(w, n, false);
      w->fresh--;
      w->raw--;
      return rc;
    }
  }
  bool from_source = (n->flags & NP_NODE_FROM_SOURCE) && !w->fresh;
  if (n != top && from_source && n->source_parent == n->parent) {
    rc = copy(w, n->lead, n->span.start);
  }
  if (rc < 0 || (n->kind != NP_NODE_DOCUMENT && whole_copy(w, n))) {
    return rc < 0 ? rc : copy(w, n->span.start, n->span.end);
  }
  bool self_changed =
      (n->flags & NP_NODE_SELF_CHANGED) || markdown_rewritten(w, n);
  switch (n->kind) {
  case NP_NODE_TEXT:
    if (from_source && !self_changed) {
      return copy(w, n->span.start, n->span.end);
    }
    if (is_raw_text(n->parent) || in_code_span(w, n)) {
      return np_buf_append_slice(w->out, n->text);
    }
    return markdown_context(w) ? escape_markdown(w, n->text)
                               : escape(w, n->text, false);
  case NP_NODE_COMMENT:
    if (from_source && !self_changed) {
      return copy(w, n->span.start, n->span.end);
    }
    rc = np_buf_append_str(w->out, "<!--");
    if (rc == NP_OK) {
      rc = np_buf_append_slice(w->out, n->text);
    }
    return rc == NP_OK ? np_buf_append_str(w->out, "-->") : rc;
  case NP_NODE_DOCUMENT:
    break;
  case NP_NODE_ELEMENT: {
    bool rewritten = markdown_rewritten(w, n) && !w->fresh;
    bool copy_tag =
        from_source && (n->flags & NP_NODE_OWN_START_TAG) && !self_changed;
    bool fresh_tag =
        !copy_tag &&
        (!from_source || (n->flags & NP_NODE_OWN_START_TAG) || self_changed);
    bool opens_raw =
        is_html_block(n) && (fresh_tag || !(n->flags & NP_NODE_MARKDOWN));
    bool alone = false; /* the start tag on a line of its own */
    if (fresh_tag && opens_raw && markdown_context(w)) {
      alone = md4c_misses_block(n->name);
      rc = alone ? blank_line(w) : start_line(w);
    }
    if (rc == NP_OK) {
      rc = copy_tag    ? copy(w, n->span.start, n->inner.start)
           : fresh_tag ? fresh_start_tag(w, n)
                       : NP_OK;
    }
    if (rc == NP_OK && alone) {
      rc = np_buf_append_char(w->out, '\n');
    }
    if (rc < 0 || np_node_is_void(n)) {
      /* a void block (<hr>) has no leave(): it ends its HTML block here */
      bool raw_block = rc == NP_OK && fresh_tag && opens_raw;
      return raw_block && markdown_context(w) ? end_html_block(w, n) : rc;
    }
    if (!push(s, n, true)) {
      return NP_ENOMEM;
    }
    step *leaving = &s->items[s->len - 1];
    leaving->fresh = rewritten && is_html_block(n);
    leaving->raw = opens_raw;
    w->fresh += leaving->fresh;
    w->raw += leaving->raw;
    break;
  }
  }
  if (n->kind == NP_NODE_DOCUMENT && !push(s, n, true)) {
    return NP_ENOMEM;
  }
  for (const np_node *c = n->last_child; c; c = c->prev) {
    if (!push(s, c, false)) {
      return NP_ENOMEM;
    }
  }
  return NP_OK;
}

static np_status leave(writer *w, const step *st)
{
  const np_node *n = st->node;
  w->fresh -= st->fresh;
  w->raw -= st->raw;
  bool from_source =
      (n->flags & NP_NODE_FROM_SOURCE) && !w->fresh && !st->fresh;
  np_status rc = NP_OK;
  if (from_source) {
    rc = copy(w, n->tail, n->inner.end);
  }
  if (rc < 0 || n->kind != NP_NODE_ELEMENT) {
    return rc;
  }
  bool rewritten = markdown_rewritten(w, n);
  if ((n->flags & NP_NODE_OWN_END_TAG) && from_source && !rewritten) {
    return copy(w, n->inner.end, n->span.end);
  }
  if (!from_source || rewritten || fresh_tags(n)) {
    rc = np_buf_append_str(w->out, "</");
    if (rc == NP_OK) {
      rc = np_buf_append_slice(w->out, n->name);
    }
    rc = rc == NP_OK ? np_buf_append_char(w->out, '>') : rc;
    if (rc == NP_OK && st->raw && markdown_context(w)) {
      rc = end_html_block(w, n);
    }
    return rc;
  }
  return NP_OK; /* the file closed it implicitly; so will a reader */
}

static np_status run(writer *w, const np_node *top, bool inner_only)
{
  stack s = {NULL, 0, 0};
  np_status rc = NP_OK;
  if (inner_only) {
    for (const np_node *c = top->last_child; c && rc == NP_OK; c = c->prev) {
      rc = push(&s, c, false) ? NP_OK : NP_ENOMEM;
    }
  } else {
    rc = push(&s, top, false) ? NP_OK : NP_ENOMEM;
  }
  while (rc == NP_OK && s.len > 0) {
    step st = s.items[--s.len];
    rc = st.leaving ? leave(w, &st) : enter(w, &s, st.node, top);
  }
  /* the bytes after the last child (a Markdown body's link definitions,
   * a trailing blank): the file's, so not in fresh output */
  if (rc == NP_OK && inner_only && (top->flags & NP_NODE_FROM_SOURCE) &&
      !(w->flags & NP_SERIALIZE_FRESH)) {
    rc = copy(w, top->tail, top->inner.end);
  }
  free(s.items);
  return rc;
}

np_status np_html_serialize(np_buf *out, const np_dom *dom, const np_node *node,
                            unsigned flags)
{
  bool fresh = flags & NP_SERIALIZE_FRESH;
  writer w = {.out = out,
              .file = dom->file,
              .flags = flags,
              .markdown = dom->is_markdown && !fresh,
              .fresh = fresh,
              .body = out->len,
              .copied_to = SIZE_MAX};
  /* An unchanged document is its body's bytes, whatever the parser moved
   * inside it (foster parenting, adoption agency). */
  if (node->kind == NP_NODE_DOCUMENT && !fresh &&
      (node->flags & NP_NODE_FROM_SOURCE) && !(node->flags & NP_NODE_CHANGED) &&
      !(flags & NP_SERIALIZE_NO_SUBTREE_COPY &&
        (node->flags & NP_NODE_EXACT))) {
    return copy(&w, node->span.start, node->span.end);
  }
  return run(&w, node, false);
}

np_status np_html_serialize_inner(np_buf *out, const np_dom *dom,
                                  const np_node *node, unsigned flags)
{
  bool fresh = flags & NP_SERIALIZE_FRESH;
  writer w = {.out = out,
              .file = dom->file,
              .flags = flags,
              .markdown = dom->is_markdown && !fresh,
              .fresh = fresh,
              .body = out->len,
              .copied_to = SIZE_MAX};
  return run(&w, node, true);
}
