/* Plain text from a tree, as a reader sees it (innerText's rules, much
 * simplified): line breaks are requested by blocks and granted lazily, so
 * runs of empty blocks give at most one blank line. Iterative. */
#include "serialize.h"

#include <stdlib.h>
#include <string.h>

typedef struct text_writer {
  np_buf *out;
  int breaks;      /* line breaks requested before the next text */
  bool need_space; /* collapsed whitespace pending */
  bool pre;        /* inside <pre>: whitespace kept */
  bool cell_sep;   /* a tab is due before the next cell's text */
  size_t mark;     /* where this text starts in `out` */
} text_writer;

static bool hidden(const np_node *n)
{
  static const char *const names[] = {"script", "style", "template", "noscript",
                                      "head",   "title", NULL};
  return np_dom__named(n, names);
}

/* 2: a blank line around it; 1: its own lines; 0: inline. */
static int block_breaks(const np_node *n)
{
  static const char *const two[] = {"p",  "h1", "h2", "h3",
                                    "h4", "h5", "h6", NULL};
  static const char *const one[] = {
      "address",    "article", "aside",  "blockquote", "center", "dd",
      "details",    "dialog",  "div",    "dl",         "dt",     "fieldset",
      "figcaption", "figure",  "footer", "form",       "header", "hgroup",
      "hr",         "li",      "main",   "nav",        "ol",     "pre",
      "section",    "summary", "table",  "tr",         "ul",     "caption",
      "legend",     "menu",    "body",   "html",       NULL};
  if (np_dom__named(n, two)) {
    return 2;
  }
  return np_dom__named(n, one) ? 1 : 0;
}

static void request(text_writer *w, int n)
{
  if (n > w->breaks) {
    w->breaks = n;
  }
}

static np_status flush_breaks(text_writer *w)
{
  np_status rc = NP_OK;
  if (w->out->len > w->mark) {
    for (int i = 0; rc == NP_OK && i < w->breaks; i++) {
      rc = np_buf_append_char(w->out, '\n');
    }
    bool line_start = w->out->data[w->out->len - 1] == '\n';
    if (rc == NP_OK && line_start) {
      /* collapsed whitespace vanishes at the start of a line */
    } else if (rc == NP_OK && w->breaks == 0 && w->cell_sep) {
      rc = np_buf_append_char(w->out, '\t');
    } else if (rc == NP_OK && w->breaks == 0 && w->need_space) {
      rc = np_buf_append_char(w->out, ' ');
    }
  }
  w->breaks = 0;
  w->need_space = false;
  w->cell_sep = false;
  return rc;
}

static bool is_ws(const char *p, size_t n, size_t *len)
{
  if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
    *len = 2;
    return true;
  }
  *len = 1;
  return p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r' ||
         p[0] == '\f';
}

/* Bytes of the control character at p (C0 but whitespace, DEL, C1), or
 * 0: a reader sees none, so the text has none. */
static size_t control_len(const char *p, size_t n)
{
  unsigned char c = (unsigned char)p[0];
  if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
      c == 0x7F) {
    return 1;
  }
  return c == 0xC2 && n >= 2 && (unsigned char)p[1] >= 0x80 &&
                 (unsigned char)p[1] <= 0x9F
             ? 2
             : 0;
}

static np_status put_text(text_writer *w, np_slice t)
{
  np_status rc = NP_OK;
  size_t i = 0;
  while (rc == NP_OK && i < t.len) {
    size_t n = control_len(t.ptr + i, t.len - i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (w->pre) {
      if (i == 0) {
        rc = flush_breaks(w);
      }
      bool nbsp = is_ws(t.ptr + i, t.len - i, &n) && n == 2;
      if (rc == NP_OK) {
        rc = nbsp ? np_buf_append_char(w->out, ' ')
                  : np_buf_append(w->out, t.ptr + i, n);
      }
      i += n;
      continue;
    }
    if (is_ws(t.ptr + i, t.len - i, &n)) {
      w->need_space = true;
      i += n;
      continue;
    }
    size_t start = i;
    while (i < t.len && !is_ws(t.ptr + i, t.len - i, &n) &&
           !control_len(t.ptr + i, t.len - i)) {
      i++;
    }
    rc = flush_breaks(w);
    if (rc == NP_OK) {
      rc = np_buf_append(w->out, t.ptr + start, i - start);
    }
  }
  return rc;
}

typedef struct tstep {
  const np_node *node;
  bool leaving;
} tstep;

np_status np_text_serialize(np_buf *out, const np_node *node)
{
  size_t mark = out->len;
  text_writer w = {out, 0, false, false, false, mark};
  size_t cap = 64, len = 0;
  tstep *stack = malloc(cap * sizeof *stack);
  np_status rc = stack ? NP_OK : NP_ENOMEM;
  if (stack) {
    stack[len++] = (tstep){node, false};
  }
  size_t pre_depth = 0;
  while (rc == NP_OK && len > 0) {
    tstep st = stack[--len];
    const np_node *n = st.node;
    if (n->kind == NP_NODE_TEXT && !st.leaving) {
      rc = put_text(&w, n->text);
      continue;
    }
    if (n->kind == NP_NODE_COMMENT) {
      continue;
    }
    bool is_el = n->kind == NP_NODE_ELEMENT;
    if (st.leaving) {
      if (is_el) {
        request(&w, block_breaks(n));
        if (np_slice_eq_str(n->name, "pre") && --pre_depth == 0) {
          w.pre = false;
        }
      }
      continue;
    }
    if (is_el && n != node && hidden(n)) {
      continue;
    }
    if (is_el) {
      if (np_slice_eq_str(n->name, "br")) {
        rc = flush_breaks(&w);
        if (rc == NP_OK) {
          rc = np_buf_append_char(out, '\n');
        }
        continue;
      }
      request(&w, block_breaks(n));
      if (np_slice_eq_str(n->name, "td") || np_slice_eq_str(n->name, "th")) {
        const np_node *p = n->prev;
        while (p && p->kind != NP_NODE_ELEMENT) {
          p = p->prev;
        }
        w.cell_sep = p != NULL; /* a tab between cells of a row */
      }
      if (np_slice_eq_str(n->name, "pre")) {
        pre_depth++;
        w.pre = true;
      }
    }
    size_t kids = 1;
    for (const np_node *c = n->first_child; c; c = c->next) {
      kids++;
    }
    if (len + kids > cap) {
      size_t ncap = (len + kids) * 2;
      tstep *p = realloc(stack, ncap * sizeof *p);
      if (!p) {
        rc = NP_ENOMEM;
        break;
      }
      stack = p;
      cap = ncap;
    }
    stack[len++] = (tstep){n, true};
    for (const np_node *c = n->last_child; c; c = c->prev) {
      stack[len++] = (tstep){c, false};
    }
  }
  free(stack);
  /* trim trailing blanks and line breaks */
  while (rc == NP_OK && out->len > mark &&
         (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == ' ' ||
          out->data[out->len - 1] == '\t')) {
    out->len--;
  }
  if (out->data && out->len >= mark) {
    out->data[out->len] = '\0';
  }
  return rc;
}
