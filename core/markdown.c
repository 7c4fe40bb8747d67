/* The Markdown renderer and its source map. md4c reports blocks without
 * positions and text with pointers into the input; a block's place in the
 * file is therefore found from the text inside it, widened to whole lines
 * (plus a setext underline, code fences, or the line of a text-less block
 * such as a thematic break). */
#include "markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "html_int.h"
#include "source.h"

/* [r0, r1) of the rendering came from [s0, s1) of the file; verbatim when
 * the bytes are the same. */
/* Zero bytes after md4c's copy of the input: md4c 0.4.8 reads a little
 * past the end of some inputs. */
#define MD_PADDING 64

typedef struct segment {
  size_t r0, r1, s0, s1;
  bool verbatim;
} segment;

/* Rendering offset r is file offset s: where a block starts (is_end
 * false) or ends. A block's end and the next one's start can share r. */
typedef struct anchor {
  size_t r, s;
  bool is_end;
} anchor;

struct np_md_map {
  segment *segs;
  size_t nsegs, segs_cap;
  anchor *anchors;
  size_t nanchors, anchors_cap;
  size_t body_start, body_end;
};

typedef struct frame {
  MD_BLOCKTYPE type;
  size_t lo, hi;   /* file bytes seen inside: [lo, hi) */
  size_t r_open;   /* rendering offset of the opening markup */
  size_t after;    /* where the block before it ended (prev_end then) */
  char fence_char; /* '`' or '~' for a fenced code block, else 0 */
} frame;

typedef struct renderer {
  np_buf *out;
  np_md_map *map;
  np_slice file;
  np_span body;
  const char *input; /* md4c's padded copy of the body */
  frame *stack;
  size_t depth, stack_cap;
  size_t prev_end;         /* file offset where the last finished block ended */
  int in_image;            /* >0 inside ![...]: text goes into alt="" */
  size_t last_s;           /* file offset after the last mapped piece */
  size_t line_lo, line_hi; /* the last line looked up: [lo, hi], hi its end */
  size_t nul_next; /* file offset after the last NUL byte md4c reported */
  np_status status;
} renderer;

/* ---- recording -------------------------------------------------------- */

static bool add_segment(renderer *r, size_t r0, size_t r1, size_t s0, size_t s1,
                        bool verbatim)
{
  np_md_map *m = r->map;
  if (!m) {
    return true; /* a rendering for reading only */
  }
  if (s1 > r->last_s) {
    r->last_s = s1;
  }
  if (m->nsegs > 0) {
    segment *last = &m->segs[m->nsegs - 1];
    if (verbatim && last->verbatim && last->r1 == r0 && last->s1 == s0) {
      last->r1 = r1; /* extend a contiguous verbatim run */
      last->s1 = s1;
      return true;
    }
  }
  if (m->nsegs == m->segs_cap) {
    size_t cap = m->segs_cap ? m->segs_cap * 2 : 256;
    segment *p = realloc(m->segs, cap * sizeof *p);
    if (!p) {
      return false;
    }
    m->segs = p;
    m->segs_cap = cap;
  }
  m->segs[m->nsegs++] = (segment){r0, r1, s0, s1, verbatim};
  return true;
}

static bool add_anchor(renderer *r, size_t ro, size_t so, bool is_end)
{
  np_md_map *m = r->map;
  if (!m) {
    return true;
  }
  if (m->nanchors == m->anchors_cap) {
    size_t cap = m->anchors_cap ? m->anchors_cap * 2 : 128;
    anchor *p = realloc(m->anchors, cap * sizeof *p);
    if (!p) {
      return false;
    }
    m->anchors = p;
    m->anchors_cap = cap;
  }
  m->anchors[m->nanchors++] = (anchor){ro, so, is_end};
  return true;
}

static int fail(renderer *r, np_status st)
{
  if (r->status == NP_OK) {
    r->status = st;
  }
  return 1; /* makes md_parse stop */
}

static int put(renderer *r, const char *s)
{
  return np_buf_append_str(r->out, s) == NP_OK ? 0 : fail(r, NP_ENOMEM);
}

static bool in_file(const renderer *r, const char *p, size_t n)
{
  const char *lo = r->input;
  const char *hi = r->input + (r->body.end - r->body.start);
  return p >= lo && p <= hi && n <= (size_t)(hi - p);
}

/* The file offset of a pointer into md4c's copy of the body. */
static size_t file_offset_of(const renderer *r, const char *p)
{
  return r->body.start + (size_t)(p - r->input);
}

/* Widens the innermost open block to cover file bytes [s0, s1). Its
 * parents are widened when it closes (leave_block), so each piece of text
 * costs the same however deep the blocks nest. */
static void saw(renderer *r, size_t s0, size_t s1)
{
  if (r->depth > 0) {
    frame *f = &r->stack[r->depth - 1];
    if (s0 < f->lo) {
      f->lo = s0;
    }
    if (s1 > f->hi) {
      f->hi = s1;
    }
  }
}

/* Writes text escaped for HTML, recording what came from where. `attr`:
 * inside an attribute value, where nothing is recorded. */
static int put_text(renderer *r, const char *p, size_t n, bool attr)
{
  bool mapped = !attr && in_file(r, p, n);
  size_t s = mapped ? file_offset_of(r, p) : 0;

  size_t run = 0;
  for (size_t i = 0; i <= n; i++) {
    const char *rep = NULL;
    if (i < n) {
      switch (p[i]) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '"':
        rep = attr ? "&quot;" : NULL;
        break;
      default:
        break;
      }
    }
    if (!rep && i < n) {
      continue;
    }
    size_t r0 = r->out->len;
    if (np_buf_append(r->out, p + run, i - run) < 0) {
      return fail(r, NP_ENOMEM);
    }
    if (mapped && i > run &&
        !add_segment(r, r0, r->out->len, s + run, s + i, true)) {
      return fail(r, NP_ENOMEM);
    }
    if (rep) {
      size_t e0 = r->out->len;
      if (np_buf_append_str(r->out, rep) < 0) {
        return fail(r, NP_ENOMEM);
      }
      if (mapped && !add_segment(r, e0, r->out->len, s + i, s + i + 1, false)) {
        return fail(r, NP_ENOMEM);
      }
    }
    run = i + 1;
  }
  if (mapped) {
    saw(r, s, s + n);
  }
  return 0;
}

/* Text copied as is (raw HTML, entities). */
static int put_verbatim(renderer *r, const char *p, size_t n)
{
  if (!in_file(r, p, n)) {
    return np_buf_append(r->out, p, n) == NP_OK ? 0 : fail(r, NP_ENOMEM);
  }
  size_t r0 = r->out->len;
  size_t s = file_offset_of(r, p);
  if (np_buf_append(r->out, p, n) < 0 ||
      !add_segment(r, r0, r->out->len, s, s + n, true)) {
    return fail(r, NP_ENOMEM);
  }
  saw(r, s, s + n);
  return 0;
}

static MD_SIZE clamp(const renderer *r, const MD_CHAR *p, MD_SIZE n);

/* An attribute value from an MD_ATTRIBUTE (entities kept for gumbo). */
static int put_attribute(renderer *r, const MD_ATTRIBUTE *a)
{
  for (unsigned i = 0; a->substr_offsets[i] < a->size; i++) {
    const char *p = a->text + a->substr_offsets[i];
    size_t n = clamp(r, p, a->substr_offsets[i + 1] - a->substr_offsets[i]);
    int rc;
    if (a->substr_types[i] == MD_TEXT_ENTITY) {
      rc = np_buf_append(r->out, p, n) == NP_OK ? 0 : fail(r, NP_ENOMEM);
    } else if (a->substr_types[i] == MD_TEXT_NULLCHAR) {
      rc = put(r, "\xEF\xBF\xBD");
    } else {
      rc = put_text(r, p, n, true);
    }
    if (rc) {
      return rc;
    }
  }
  return 0;
}

/* ---- where blocks are ------------------------------------------------- */

static size_t line_end_at(np_slice f, size_t i, size_t limit)
{
  while (i < limit && f.ptr[i] != '\n' && f.ptr[i] != '\r') {
    i++;
  }
  return i;
}

static size_t skip_line_end(np_slice f, size_t i, size_t limit)
{
  size_t n = np_line_end_length(f, i);
  return i + n <= limit ? i + n : limit;
}

/* Where the line holding file offset `off` starts, and where it ends
 * (its first CR or LF, or the body's end). Blocks nested on one line ask
 * about that line once each: the last line found is kept, so a line of
 * 100,000 '>' is scanned once, not once a block. */
static void remember_line(renderer *r, size_t start, size_t off)
{
  size_t end = line_end_at(r->file, start, r->body.end);
  if (off <= end) {
    r->line_lo = start;
    r->line_hi = end;
  }
}

static size_t line_start_of(renderer *r, size_t off)
{
  if (r->line_lo <= off && off <= r->line_hi) {
    return r->line_lo;
  }
  size_t start = np_line_start(r->file, off);
  remember_line(r, start, off);
  return start;
}

static size_t line_end_of(renderer *r, size_t off)
{
  if (r->line_lo <= off && off <= r->line_hi) {
    return r->line_hi;
  }
  remember_line(r, np_line_start(r->file, off), off);
  return line_end_at(r->file, off, r->body.end);
}

/* The line after the one ending at `eol`, as [start, end); false if none. */
static bool next_line(np_slice f, size_t eol, size_t limit, size_t *start,
                      size_t *end)
{
  if (eol >= limit) {
    return false;
  }
  *start = skip_line_end(f, eol, limit);
  *end = line_end_at(f, *start, limit);
  return *start < limit;
}

/* Where [a, b) continues after its indentation and blockquote markers. */
static size_t skip_markers(np_slice f, size_t a, size_t b)
{
  while (a < b && (f.ptr[a] == ' ' || f.ptr[a] == '\t' || f.ptr[a] == '>')) {
    a++;
  }
  return a;
}

/* Is [a, b) (after container markers and spaces) made of `c` only, at
 * least `min` of them, then blanks? */
static bool line_of(np_slice f, size_t a, size_t b, char c, size_t min)
{
  a = skip_markers(f, a, b);
  size_t n = 0;
  while (a < b && f.ptr[a] == c) {
    a++;
    n++;
  }
  while (a < b && (f.ptr[a] == ' ' || f.ptr[a] == '\t')) {
    a++;
  }
  return a == b && n >= min;
}

static bool is_blank_line(np_slice f, size_t a, size_t b)
{
  while (a < b && (f.ptr[a] == ' ' || f.ptr[a] == '\t')) {
    a++;
  }
  return a == b;
}

/* Whether [a, b) holds nothing but blanks and blockquote markers. */
static bool is_marker_line(np_slice f, size_t a, size_t b)
{
  return skip_markers(f, a, b) == b;
}

/* The length of the code fence of `c`s that [a, b) starts with, after
 * indentation and blockquote markers; 0 when it has none. */
static size_t fence_length(np_slice f, size_t a, size_t b, char c)
{
  a = skip_markers(f, a, b);
  size_t n = 0;
  while (a < b && f.ptr[a] == c) {
    a++;
    n++;
  }
  return n >= 3 ? n : 0;
}

/* The line opening a fenced code block of `c`s whose first text is on the
 * line at `first`: the nearest fence above it, over the blank code lines
 * between. Failing that, the line above. */
static size_t opening_fence(const renderer *r, size_t first, char c)
{
  np_slice f = r->file;
  size_t at = first;
  while (at > r->body.start) {
    size_t prev = np_line_start(f, at - 1);
    if (prev < r->prev_end) {
      break;
    }
    size_t end = line_end_at(f, prev, r->body.end);
    if (fence_length(f, prev, end, c) > 0) {
      return prev;
    }
    if (!is_marker_line(f, prev, end)) {
      break; /* text that is not a fence: not a blank code line */
    }
    at = prev;
  }
  size_t prev = np_line_start(f, first - 1);
  return prev >= r->prev_end ? prev : first;
}

/* Whether [a, b) holds nothing but blanks and container markers: '>',
 * and list markers ("-", "+", "*", "1." or "1)" before a blank or the end
 * of the line). Counts the '>'s in *quotes and the list markers in *items.
 * Such a line opens a blockquote or list item with nothing in it yet. */
static bool marker_line(np_slice f, size_t a, size_t b, size_t *quotes,
                        size_t *items)
{
  *quotes = *items = 0;
  while (a < b) {
    char c = f.ptr[a];
    size_t digits = 0;
    while (a + digits < b && digits < 10 && f.ptr[a + digits] >= '0' &&
           f.ptr[a + digits] <= '9') {
      digits++;
    }
    size_t marker =
        digits > 0 && digits < 10 && a + digits < b &&
                (f.ptr[a + digits] == '.' || f.ptr[a + digits] == ')')
            ? digits + 1
        : digits == 0 && (c == '-' || c == '+' || c == '*') ? 1
                                                            : 0;
    if (c == ' ' || c == '\t') {
      a++;
    } else if (c == '>') {
      ++*quotes;
      a++;
    } else if (marker > 0 && (a + marker == b || f.ptr[a + marker] == ' ' ||
                              f.ptr[a + marker] == '\t')) {
      ++*items;
      a += marker;
    } else {
      return false;
    }
  }
  return true;
}

/* How many blockquotes deep the block being left is (itself included). */
static size_t quote_depth(const renderer *r)
{
  size_t depth = 1;
  for (size_t i = 0; i < r->depth; i++) {
    depth += r->stack[i].type == MD_BLOCK_QUOTE;
  }
  return depth;
}

/* A line read as a possible closing fence of `c`s. */
typedef struct fence_line {
  size_t quotes; /* '>' markers before it */
  size_t indent; /* blanks between the last marker and the fence */
  size_t length; /* how many `c`s */
  bool trailing; /* blanks after them */
} fence_line;

/* Whether [a, b) is markers, blanks and a run of `c`s, then blanks. */
static bool read_fence_line(np_slice f, size_t a, size_t b, char c,
                            fence_line *fl)
{
  *fl = (fence_line){0, 0, 0, false};
  for (; a < b && strchr(" \t>", f.ptr[a]); a++) {
    fl->indent = f.ptr[a] == '>' ? 0 : fl->indent + 1;
    fl->quotes += f.ptr[a] == '>';
  }
  for (; a < b && f.ptr[a] == c; a++) {
    fl->length++;
  }
  fl->trailing = a < b;
  while (a < b && (f.ptr[a] == ' ' || f.ptr[a] == '\t')) {
    a++;
  }
  return a == b && fl->length > 0;
}

/* Where a fenced code block whose opening fence starts at `open` and whose
 * last text line ends at `eol` ends: after its closing fence, over the
 * blank code lines before it (md4c gives those no place in the file). A
 * block the end of its container closed ends at `eol` -- but md4c 0.4.8
 * takes the line after such a block for its closing fence when that line
 * is a run of the fence's character alone, even a shorter one outside the
 * container ("> ```" "> x" "``"), and shows nothing of it. */
static size_t closing_fence(const renderer *r, size_t open, size_t eol, char c)
{
  np_slice f = r->file;
  size_t limit = r->body.end;
  size_t min = fence_length(f, open, line_end_at(f, open, limit), c);
  size_t depth = quote_depth(r) - 1; /* of the quotes around the block */
  size_t a, b, quotes, items;
  fence_line fl;
  for (size_t at = eol; next_line(f, at, limit, &a, &b); at = b) {
    if (read_fence_line(f, a, b, c, &fl) &&
        ((fl.quotes >= depth && fl.length >= (min > 3 ? min : 3)) ||
         (!fl.trailing && fl.indent <= 3))) {
      return b;
    }
    if (!marker_line(f, a, b, &quotes, &items) || items > 0 || quotes < depth) {
      break; /* not a blank code line */
    }
  }
  return eol;
}

/* A blockquote's or list item's range [*s0, *s1) from its text, widened
 * over the lines above it that hold only its markers, back to the block
 * before it ("> " or "-" opens one as well as any line does); a
 * blockquote's also over such lines below its last text. */
static void container_range(renderer *r, const frame *fr, size_t *s0,
                            size_t *s1)
{
  np_slice f = r->file;
  size_t limit = r->body.end;
  bool quote = fr->type == MD_BLOCK_QUOTE;
  size_t depth = quote ? quote_depth(r) : 0;
  size_t quotes, items;
  while (*s0 > r->body.start) {
    size_t prev = np_line_start(f, *s0 - 1);
    if (prev < fr->after ||
        !marker_line(f, prev, line_end_at(f, prev, limit), &quotes, &items) ||
        (quote ? quotes < depth : items == 0)) {
      break;
    }
    *s0 = prev;
  }
  size_t a, b;
  while (quote && next_line(f, *s1, limit, &a, &b) &&
         marker_line(f, a, b, &quotes, &items) && items == 0 &&
         quotes >= depth) {
    *s1 = b;
  }
}

/* The file range of a finished block: [*s0, *s1), its content ending at
 * *content_end (before a setext underline or closing fence). */
static void block_range(renderer *r, const frame *fr, size_t *s0, size_t *s1,
                        size_t *content_end)
{
  np_slice f = r->file;
  size_t limit = r->body.end;
  bool cell = fr->type == MD_BLOCK_TH || fr->type == MD_BLOCK_TD;
  if (cell) {
    /* cells share a line: a cell is its text (empty: nothing, where the
     * cell before it ended, or at the start of its row's line) */
    size_t at = r->prev_end;
    if (at < limit && (f.ptr[at] == '\n' || f.ptr[at] == '\r')) {
      at = skip_line_end(f, at, limit);
    }
    *s0 = fr->hi > fr->lo ? fr->lo : at;
    *s1 = fr->hi > fr->lo ? fr->hi : at;
    *content_end = *s1;
    return;
  }
  if (fr->hi > fr->lo) {
    *s0 = line_start_of(r, fr->lo);
    if (*s0 < r->body.start) {
      *s0 = r->body.start;
    }
    size_t last = fr->hi - 1;
    *s1 = (f.ptr[last] == '\n' || f.ptr[last] == '\r')
              ? last - (last > fr->lo && f.ptr[last] == '\n' &&
                        f.ptr[last - 1] == '\r')
              : line_end_of(r, last);
  } else {
    /* no text: the first non-blank line after what came before */
    size_t a = r->prev_end;
    for (;;) {
      size_t e = line_end_at(f, a, limit);
      if (!is_blank_line(f, a, e) || e >= limit) {
        *s0 = a;
        *s1 = e;
        break;
      }
      a = skip_line_end(f, e, limit);
    }
  }
  if ((fr->type == MD_BLOCK_QUOTE || fr->type == MD_BLOCK_LI) &&
      fr->hi > fr->lo) {
    container_range(r, fr, s0, s1);
  }
  *content_end = *s1;
  size_t a, b;
  if (fr->type == MD_BLOCK_THEAD && next_line(f, *s1, limit, &a, &b)) {
    *s1 = b; /* the delimiter row |---|---| */
  }
  if (fr->type == MD_BLOCK_H && next_line(f, *s1, limit, &a, &b) &&
      (line_of(f, a, b, '=', 1) || line_of(f, a, b, '-', 1)) &&
      fr->hi > fr->lo) {
    *s1 = b; /* a setext underline */
  }
  if (fr->type == MD_BLOCK_CODE && fr->fence_char) {
    if (fr->hi > fr->lo && *s0 > r->body.start) {
      *s0 = opening_fence(r, *s0, fr->fence_char);
    }
    *s1 = closing_fence(r, *s0, *s1, fr->fence_char);
  }
}

/* ---- md4c callbacks --------------------------------------------------- */

static const char *block_open(MD_BLOCKTYPE t, void *detail, char *buf,
                              size_t size)
{
  switch (t) {
  case MD_BLOCK_QUOTE:
    return "<blockquote>";
  case MD_BLOCK_UL:
    return "<ul>";
  case MD_BLOCK_OL: {
    const MD_BLOCK_OL_DETAIL *d = detail;
    if (d->start == 1) {
      return "<ol>";
    }
    snprintf(buf, size, "<ol start=\"%u\">", d->start);
    return buf;
  }
  case MD_BLOCK_LI: {
    const MD_BLOCK_LI_DETAIL *d = detail;
    if (d->is_task) {
      return d->task_mark == ' '
                 ? "<li class=\"task-list-item\"><input type=\"checkbox\" "
                   "disabled>"
                 : "<li class=\"task-list-item\"><input type=\"checkbox\" "
                   "disabled checked>";
    }
    return "<li>";
  }
  case MD_BLOCK_HR:
    return "<hr>";
  case MD_BLOCK_H:
    snprintf(buf, size, "<h%u>", ((const MD_BLOCK_H_DETAIL *)detail)->level);
    return buf;
  case MD_BLOCK_CODE:
    return "<pre><code>";
  case MD_BLOCK_P:
    return "<p>";
  case MD_BLOCK_TABLE:
    return "<table>";
  case MD_BLOCK_THEAD:
    return "<thead>";
  case MD_BLOCK_TBODY:
    return "<tbody>";
  case MD_BLOCK_TR:
    return "<tr>";
  case MD_BLOCK_TH:
    return "<th>";
  case MD_BLOCK_TD:
    return "<td>";
  default: /* DOC, HTML */
    return "";
  }
}

static const char *block_close(MD_BLOCKTYPE t, void *detail, char *buf,
                               size_t size)
{
  switch (t) {
  case MD_BLOCK_QUOTE:
    return "</blockquote>";
  case MD_BLOCK_UL:
    return "</ul>";
  case MD_BLOCK_OL:
    return "</ol>";
  case MD_BLOCK_LI:
    return "</li>";
  case MD_BLOCK_HR:
    return "";
  case MD_BLOCK_H:
    snprintf(buf, size, "</h%u>", ((const MD_BLOCK_H_DETAIL *)detail)->level);
    return buf;
  case MD_BLOCK_CODE:
    return "</code></pre>";
  case MD_BLOCK_P:
    return "</p>";
  case MD_BLOCK_TABLE:
    return "</table>";
  case MD_BLOCK_THEAD:
    return "</thead>";
  case MD_BLOCK_TBODY:
    return "</tbody>";
  case MD_BLOCK_TR:
    return "</tr>";
  case MD_BLOCK_TH:
    return "</th>";
  case MD_BLOCK_TD:
    return "</td>";
  default:
    return "";
  }
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
  renderer *r = userdata;
  if (r->depth == r->stack_cap) {
    size_t cap = r->stack_cap ? r->stack_cap * 2 : 32;
    frame *p = realloc(r->stack, cap * sizeof *p);
    if (!p) {
      return fail(r, NP_ENOMEM);
    }
    r->stack = p;
    r->stack_cap = cap;
  }
  frame *f = &r->stack[r->depth++];
  f->type = type;
  f->lo = SIZE_MAX;
  f->hi = 0;
  f->r_open = r->out->len;
  f->after = r->prev_end;
  f->fence_char = type == MD_BLOCK_CODE
                      ? (char)((MD_BLOCK_CODE_DETAIL *)detail)->fence_char
                      : '\0';
  char buf[64];
  if (type == MD_BLOCK_CODE) {
    const MD_BLOCK_CODE_DETAIL *d = detail;
    if (d->lang.size > 0) {
      int rc = put(r, "<pre><code class=\"language-");
      rc = rc ? rc : put_attribute(r, &d->lang);
      return rc ? rc : put(r, "\">");
    }
  }
  return put(r, block_open(type, detail, buf, sizeof buf));
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
  renderer *r = userdata;
  frame f = r->stack[--r->depth];
  size_t s0, s1, content_end;
  if (type == MD_BLOCK_DOC || !r->map) {
    s0 = r->body.start;
    s1 = content_end = r->body.end;
  } else {
    block_range(r, &f, &s0, &s1, &content_end);
  }
  size_t r_close = r->out->len;
  char buf[64];
  int rc = put(r, block_close(type, detail, buf, sizeof buf));
  if (rc) {
    return rc;
  }
  if (type != MD_BLOCK_DOC && type != MD_BLOCK_HTML) {
    if (!add_anchor(r, f.r_open, s0, false) ||
        !add_anchor(r, r_close, content_end, true) ||
        !add_anchor(r, r->out->len, s1, true)) {
      return fail(r, NP_ENOMEM);
    }
  }
  saw(r, s0, s1);
  if (f.hi > f.lo) {
    saw(r, f.lo, f.hi); /* what the block held, its parents hold */
  }
  r->prev_end = s1;
  return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
  renderer *r = userdata;
  if (r->in_image) {
    r->in_image += type == MD_SPAN_IMG;
    return 0; /* inside alt text: no markup */
  }
  switch (type) {
  case MD_SPAN_EM:
    return put(r, "<em>");
  case MD_SPAN_STRONG:
    return put(r, "<strong>");
  case MD_SPAN_CODE:
    return put(r, "<code>");
  case MD_SPAN_DEL:
    return put(r, "<del>");
  case MD_SPAN_U:
    return put(r, "<u>");
  case MD_SPAN_A: {
    const MD_SPAN_A_DETAIL *d = detail;
    int rc = put(r, "<a href=\"");
    rc = rc ? rc : put_attribute(r, &d->href);
    if (!rc && d->title.size > 0) {
      rc = put(r, "\" title=\"");
      rc = rc ? rc : put_attribute(r, &d->title);
    }
    return rc ? rc : put(r, "\">");
  }
  case MD_SPAN_IMG: {
    const MD_SPAN_IMG_DETAIL *d = detail;
    int rc = put(r, "<img src=\"");
    rc = rc ? rc : put_attribute(r, &d->src);
    rc = rc ? rc : put(r, "\" alt=\"");
    r->in_image = 1;
    return rc;
  }
  default:
    return 0;
  }
}

/* An image's or a link's URL, where it is in the file, is part of its
 * block, and what follows (a line end that a soft break stands for) is
 * looked for after it: an image with an empty alt text has no other bytes
 * that say where it is. */
static void passed_url(renderer *r, const MD_ATTRIBUTE *url)
{
  if (url->size == 0 || !in_file(r, url->text, url->size)) {
    return;
  }
  /* an inline destination, "](url" or "](<url": a reference's is in its
   * definition, elsewhere */
  size_t start = file_offset_of(r, url->text);
  const char *f = r->file.ptr;
  size_t at = start > r->body.start && f[start - 1] == '<' ? start - 1 : start;
  bool inline_url =
      at >= r->body.start + 2 && f[at - 1] == '(' && f[at - 2] == ']';
  if (!inline_url) {
    return;
  }
  saw(r, start, start + url->size); /* its block holds it */
  if (start + url->size > r->last_s) {
    r->last_s = start + url->size;
  }
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
  renderer *r = userdata;
  if (r->in_image) {
    /* spans inside alt text make no markup; only images nest */
    if (type != MD_SPAN_IMG || --r->in_image > 0) {
      return 0;
    }
    const MD_SPAN_IMG_DETAIL *d = detail;
    passed_url(r, &d->src);
    int rc = 0;
    if (d->title.size > 0) {
      rc = put(r, "\" title=\"");
      rc = rc ? rc : put_attribute(r, &d->title);
    }
    return rc ? rc : put(r, "\">");
  }
  switch (type) {
  case MD_SPAN_EM:
    return put(r, "</em>");
  case MD_SPAN_STRONG:
    return put(r, "</strong>");
  case MD_SPAN_CODE:
    return put(r, "</code>");
  case MD_SPAN_DEL:
    return put(r, "</del>");
  case MD_SPAN_U:
    return put(r, "</u>");
  case MD_SPAN_A:
    passed_url(r, &((const MD_SPAN_A_DETAIL *)detail)->href);
    return put(r, "</a>");
  default:
    return 0;
  }
}

/* A line break in the rendering stands for the next line end in the file
 * (after the last mapped piece); a hard break's <br> for the spaces or the
 * backslash before it. */
static int put_break(renderer *r, bool hard)
{
  np_slice f = r->file;
  size_t limit = r->body.end;
  size_t eol = r->last_s;
  while (eol < limit && f.ptr[eol] != '\n' && f.ptr[eol] != '\r') {
    eol++;
  }
  size_t eol_len = np_line_end_length(f, eol);
  bool found = eol < limit && eol_len > 0;
  if (hard) {
    size_t mark = eol;
    while (mark > r->last_s && f.ptr[mark - 1] == ' ') {
      mark--;
    }
    if (mark == eol && mark > r->last_s && f.ptr[mark - 1] == '\\') {
      mark--;
    }
    size_t r0 = r->out->len;
    if (put(r, "<br>")) {
      return 1;
    }
    if (found && !add_segment(r, r0, r->out->len, mark, eol, false)) {
      return fail(r, NP_ENOMEM);
    }
  }
  size_t r0 = r->out->len;
  if (put(r, "\n")) {
    return 1;
  }
  if (found && !add_segment(r, r0, r->out->len, eol, eol + eol_len, false)) {
    return fail(r, NP_ENOMEM);
  }
  return 0;
}

/* md4c 0.4.8 can report text running past the end of its input (a
 * permissive autolink at the very end): keep what it hands back inside the
 * padded copy it was given. */
static MD_SIZE clamp(const renderer *r, const MD_CHAR *p, MD_SIZE n)
{
  const char *end = r->input + (r->body.end - r->body.start) + MD_PADDING;
  if (p >= r->input && p < end && n > (size_t)(end - p)) {
    return (MD_SIZE)(end - p);
  }
  return n;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *p, MD_SIZE n, void *userdata)
{
  renderer *r = userdata;
  n = clamp(r, p, n);
  bool attr = r->in_image > 0;
  switch (type) {
  case MD_TEXT_NULLCHAR: {
    /* md4c reports a NUL byte without its place; NULs come in order, and
     * the next one after what was mapped is this one: its block holds it
     * (a paragraph of NULs would otherwise lose its first line) */
    size_t from = r->nul_next > r->last_s ? r->nul_next : r->last_s;
    const char *nul = from < r->body.end
                          ? memchr(r->file.ptr + from, '\0', r->body.end - from)
                          : NULL;
    if (nul) {
      size_t at = (size_t)(nul - r->file.ptr);
      saw(r, at, at + 1);
      r->nul_next = at + 1;
    }
    return put(r, "\xEF\xBF\xBD");
  }
  case MD_TEXT_BR:
    return attr ? put(r, " ") : put_break(r, true);
  case MD_TEXT_SOFTBR:
    return attr ? put(r, " ") : put_break(r, false);
  case MD_TEXT_HTML:
    return attr ? put_text(r, p, n, true) : put_verbatim(r, p, n);
  case MD_TEXT_ENTITY:
    if (attr) {
      return np_buf_append(r->out, p, n) == NP_OK ? 0 : fail(r, NP_ENOMEM);
    }
    return put_verbatim(r, p, n);
  default: /* NORMAL, CODE, LATEXMATH */
    if (attr && n > 0 && in_file(r, p, n)) {
      /* an image's alt text: not mapped (attribute bytes are the
       * element's), but what follows, a line end that a soft break stands
       * for, is looked for after it */
      size_t a = file_offset_of(r, p);
      saw(r, a, a + n);
      if (a + n > r->last_s) {
        r->last_s = a + n;
      }
    }
    return put_text(r, p, n, attr);
  }
}

np_status np_markdown_render(np_buf *html, np_md_map **out, np_slice file,
                             np_span body, np_error *err)
{
  np_md_map *map = NULL;
  if (out) {
    *out = NULL;
    map = calloc(1, sizeof *map);
    if (!map) {
      return np_error_set(err, NP_ENOMEM, "out of memory");
    }
    map->body_start = body.start;
    map->body_end = body.end;
  }
  if (body.end - body.start > (size_t)UINT32_MAX) {
    np_md_map_free(map);
    return np_error_set(err, NP_ELIMIT, "Markdown body over 4 GiB");
  }
  size_t len = body.end - body.start;
  char *input = malloc(len + MD_PADDING);
  if (!input) {
    np_md_map_free(map);
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  memcpy(input, file.ptr + body.start, len);
  memset(input + len, 0, MD_PADDING);
  renderer r = {.out = html,
                .map = map,
                .file = file,
                .body = body,
                .input = input,
                .prev_end = body.start,
                .last_s = body.start,
                .line_lo = SIZE_MAX, /* no line looked up yet */
                .status = NP_OK};
  MD_PARSER parser;
  memset(&parser, 0, sizeof parser);
  parser.flags = MD_DIALECT_GITHUB;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = text;
  int ret = md_parse(input, (MD_SIZE)len, &parser, &r);
  free(r.stack);
  free(input);
  if (r.status < 0 || ret != 0) {
    np_md_map_free(map);
    return r.status == NP_ENOMEM || r.status == NP_OK
               ? np_error_set(err, NP_ENOMEM,
                              "out of memory rendering Markdown")
               : r.status;
  }
  if (out) {
    *out = map;
  }
  return NP_OK;
}

void np_md_map_free(np_md_map *map)
{
  if (map) {
    free(map->segs);
    free(map->anchors);
    free(map);
  }
}

/* ---- the map ---------------------------------------------------------- */

static int compare_anchors(const void *a, const void *b)
{
  const anchor *x = a, *y = b;
  return x->r < y->r ? -1 : x->r > y->r;
}

/* Anchors are mostly made in order of the rendering: then glibc's stable
 * sort would leave them as they are, and need not run. */
static bool anchors_sorted(const np_md_map *m)
{
  for (size_t i = 1; i < m->nanchors; i++) {
    if (m->anchors[i].r < m->anchors[i - 1].r) {
      return false;
    }
  }
  return true;
}

/* Index of the last segment with r0 <= r, or SIZE_MAX. */
static size_t seg_at_or_before(const np_md_map *m, size_t r)
{
  size_t lo = 0, hi = m->nsegs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->segs[mid].r0 <= r) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? SIZE_MAX : lo - 1;
}

/* First anchor with r' >= r. */
static size_t anchor_from(const np_md_map *m, size_t r)
{
  size_t lo = 0, hi = m->nanchors;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->anchors[mid].r < r) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

size_t np_md_map_to_file(const np_md_map *m, size_t r, bool is_end)
{
  size_t i = seg_at_or_before(m, r);
  if (i != SIZE_MAX && r > m->segs[i].r0 && r < m->segs[i].r1) {
    const segment *s = &m->segs[i];
    if (s->verbatim) {
      return s->s0 + (r - s->r0);
    }
    return is_end ? s->s1 : s->s0;
  }
  /* raw HTML copied from the file starts exactly where its copy does,
   * whatever block opens at the same place of the rendering */
  if (!is_end && i != SIZE_MAX && m->segs[i].r0 == r && m->segs[i].verbatim) {
    return m->segs[i].s0;
  }
  size_t a = anchor_from(m, r);
  if (a < m->nanchors && m->anchors[a].r == r) {
    /* of the anchors at r, prefer one of the kind asked for: an end for an
     * end (the first block closing there), a start for a start (the last
     * block opening there, the innermost) */
    size_t pick = a;
    for (size_t k = a; k < m->nanchors && m->anchors[k].r == r; k++) {
      if (m->anchors[k].is_end == is_end) {
        pick = k;
        if (is_end) {
          break;
        }
      }
    }
    return m->anchors[pick].s;
  }
  /* points exactly at r: a segment starting or ending there */
  bool starts = i != SIZE_MAX && m->segs[i].r0 == r;
  bool ends_prev = i != SIZE_MAX && i > 0 && m->segs[i - 1].r1 == r;
  bool ends_here = i != SIZE_MAX && m->segs[i].r1 == r;
  if (is_end && (ends_here || ends_prev)) {
    return ends_here ? m->segs[i].s1 : m->segs[i - 1].s1;
  }
  if (starts) {
    return m->segs[i].s0;
  }
  if (ends_here || ends_prev) {
    return ends_here ? m->segs[i].s1 : m->segs[i - 1].s1;
  }
  /* synthetic markup: a start belongs with what precedes it, an end with
   * what follows */
  if (is_end) {
    size_t best_r = SIZE_MAX, best_s = m->body_end;
    if (a < m->nanchors) {
      best_r = m->anchors[a].r;
      best_s = m->anchors[a].s;
    }
    size_t j = i == SIZE_MAX ? 0 : i + 1;
    if (j < m->nsegs && m->segs[j].r0 < best_r) {
      best_s = m->segs[j].s0;
    }
    return best_s;
  }
  size_t best_r = 0, best_s = m->body_start;
  bool found = false;
  if (a > 0) {
    best_r = m->anchors[a - 1].r;
    best_s = m->anchors[a - 1].s;
    found = true;
  }
  if (i != SIZE_MAX && (!found || m->segs[i].r1 > best_r)) {
    best_s = m->segs[i].r1 <= r ? m->segs[i].s1 : m->segs[i].s0;
  }
  return best_s;
}

bool np_md_map_is_verbatim(const np_md_map *m, size_t r, size_t len)
{
  size_t i = seg_at_or_before(m, r);
  return i != SIZE_MAX && m->segs[i].verbatim && r + len <= m->segs[i].r1;
}

np_status np_markdown_parse_body(np_dom *dom, np_span body, np_error *err)
{
  np_buf html;
  np_buf_init(&html);
  np_md_map *map = NULL;
  np_status rc = np_markdown_render(&html, &map, dom->file, body, err);
  if (rc == NP_OK) {
    if (!anchors_sorted(map)) {
      qsort(map->anchors, map->nanchors, sizeof *map->anchors, compare_anchors);
    }
    dom->is_markdown = true;
    rc = np_html__parse_mapped(dom, body, np_buf_slice(&html), map, err);
  }
  np_md_map_free(map);
  np_buf_fini(&html);
  return rc;
}
