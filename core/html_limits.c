/* A linear pre-scan of HTML for the two shapes gumbo takes quadratic time
 * on: deep nesting (each start tag looks down the stack of open elements)
 * and many attributes on one tag (each is checked against the ones before
 * it for a duplicate). 100,000 nested <div>s take gumbo 10 s, a million
 * attributes hours; the scan refuses them first, in linear time.
 *
 * It follows the tokenizer only as far as it must not be fooled: comments,
 * raw text (<script>, <style>...), quoted attribute values. Nesting is
 * counted on a stack of tag names: an end tag closes up to the nearest
 * open element of its name, as the tree builder does; void elements and
 * those whose end tags are optional (<p>, <li>, <td>...) never stay open
 * long enough to nest; "/>" closes only inside <svg> and <math>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static char lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Is `name` (of `len` bytes, any case) one of the space-separated `list`? */
static bool name_in(const char *name, size_t len, const char *list)
{
  for (const char *p = list; *p;) {
    const char *end = strchr(p, ' ');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == len) {
      size_t i = 0;
      while (i < n && lower(name[i]) == p[i]) {
        i++;
      }
      if (i == n) {
        return true;
      }
    }
    p += n + (end != NULL);
  }
  return false;
}

static const char never_open[] =
    "area base basefont bgsound br col embed frame hr image img input keygen "
    "link meta param source track wbr p li dt dd option optgroup tr td th "
    "tbody thead tfoot colgroup caption rb rt rtc rp html head body";
static const char raw_text[] =
    "script style textarea title xmp iframe noembed noframes";

#define NAME_BUCKETS 64

typedef struct open_stack {
  uint32_t *names; /* hashes of the open elements' names */
  size_t len, cap;
  size_t per_bucket[NAME_BUCKETS]; /* open elements by hash bucket */
  size_t foreign;                  /* open <svg> and <math> */
} open_stack;

static uint32_t name_hash(const char *name, size_t len)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h = (h ^ (unsigned char)lower(name[i])) * 16777619u;
  }
  return h;
}

static bool push(open_stack *s, uint32_t h)
{
  if (s->len == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    uint32_t *names = realloc(s->names, cap * sizeof *names);
    if (!names) {
      return false;
    }
    s->names = names;
    s->cap = cap;
  }
  s->names[s->len++] = h;
  s->per_bucket[h % NAME_BUCKETS]++;
  return true;
}

/* Pops up to and including the nearest open element whose name hashes to
 * `h`, if there may be one: each element is popped once, so the whole
 * scan stays linear. */
static void pop_to(open_stack *s, uint32_t h)
{
  if (s->per_bucket[h % NAME_BUCKETS] == 0) {
    return;
  }
  while (s->len > 0) {
    uint32_t top = s->names[--s->len];
    s->per_bucket[top % NAME_BUCKETS]--;
    if (top == name_hash("svg", 3) || top == name_hash("math", 4)) {
      s->foreign--;
    }
    if (top == h) {
      return;
    }
  }
}

/* Skips to just after `needle` (ASCII, lower case, matched in any case)
 * from `p`, or to `end`. */
static const char *skip_past(const char *p, const char *end, const char *needle)
{
  size_t n = strlen(needle);
  for (; (size_t)(end - p) >= n; p++) {
    size_t i = 0;
    while (i < n && lower(p[i]) == needle[i]) {
      i++;
    }
    if (i == n) {
      return p + n;
    }
  }
  return end;
}

/* Reads a tag's attributes from `p` (just after its name) to its '>':
 * returns the position after it, the number of attribute names and
 * whether it ended with "/>". */
static const char *read_attributes(const char *p, const char *end,
                                   size_t *count, bool *self_closing)
{
  *count = 0;
  *self_closing = false;
  bool in_name = false;
  while (p < end && *p != '>') {
    char c = *p++;
    if (is_space(c) || c == '/') {
      in_name = false;
      *self_closing = c == '/' && p < end && *p == '>';
    } else if (c == '=') {
      in_name = false;
      while (p < end && is_space(*p)) {
        p++;
      }
      if (p < end && (*p == '"' || *p == '\'')) {
        const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
        p = close ? close + 1 : end;
      } else {
        while (p < end && !is_space(*p) && *p != '>') {
          p++;
        }
      }
    } else if (!in_name) {
      in_name = true;
      ++*count;
    }
  }
  return p < end ? p + 1 : end;
}

np_status np_html_check_limits(np_slice html, np_html_limit *hit)
{
  const char *p = html.ptr, *end = html.ptr + html.len;
  open_stack s = {0};
  np_status rc = NP_OK;
  *hit = (np_html_limit){NP_HTML_WITHIN_LIMITS, 0, 0, 0, 0, 0};
  hit->texts = html.len > 0 && html.ptr[0] != '<';
  while (rc == NP_OK && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    const char *tag = p++;
    if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
      p = skip_past(p + 3, end, "-->");
      continue;
    }
    bool closing = p < end && *p == '/';
    p += closing;
    if (p == end || !is_alpha(*p)) {
      if (closing || (p < end && (*p == '!' || *p == '?'))) {
        p = skip_past(p, end, ">"); /* bogus comment, doctype */
      }
      continue;
    }
    const char *name = p;
    while (p < end && !is_space(*p) && *p != '/' && *p != '>') {
      p++;
    }
    size_t name_len = (size_t)(p - name);
    size_t attributes;
    bool self_closing;
    p = read_attributes(p, end, &attributes, &self_closing);
    hit->tags++;
    hit->attributes += attributes;
    hit->texts += p < end && *p != '<';
    if (attributes > NP_HTML_MAX_ATTRIBUTES) {
      hit->kind = NP_HTML_TOO_MANY_ATTRIBUTES;
      hit->offset = (size_t)(tag - html.ptr);
      hit->count = attributes;
      break;
    }
    uint32_t h = name_hash(name, name_len);
    bool foreign = name_in(name, name_len, "svg math");
    if (closing) {
      pop_to(&s, h);
      continue;
    }
    if (name_in(name, name_len, raw_text)) {
      char close[16] = "</";
      memcpy(close + 2, name, name_len); /* names in raw_text are short */
      close[2 + name_len] = '\0';
      for (size_t i = 2; close[i]; i++) {
        close[i] = lower(close[i]);
      }
      p = skip_past(p, end, close);
      continue;
    }
    if (name_in(name, name_len, "plaintext")) {
      break; /* the rest is text */
    }
    if (name_in(name, name_len, never_open) || (self_closing && s.foreign)) {
      continue;
    }
    if (!push(&s, h)) {
      rc = NP_ENOMEM;
    } else if (s.len > NP_HTML_MAX_DEPTH) {
      hit->kind = NP_HTML_TOO_DEEP;
      hit->offset = (size_t)(tag - html.ptr);
      hit->count = s.len;
      break;
    }
    s.foreign += foreign;
  }
  free(s.names);
  if (rc == NP_OK && hit->kind != NP_HTML_WITHIN_LIMITS) {
    rc = NP_ELIMIT;
  }
  return rc;
}

size_t np_html_parse_cost(const np_html_limit *scan, size_t len)
{
  return 450 * scan->tags + 300 * (scan->attributes + scan->texts) + 6 * len;
}
