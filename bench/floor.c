/* The floor: what any tool built on these libraries must pay for each post.
 * For every path on stdin: read the file, run libyaml over the front matter
 * (the text between a first '---' line and the next '---'/'...' line), and
 * on the body run md4c (Markdown posts, rendered to a minimal HTML buffer)
 * and gumbo (that rendering, or the body of an .html post). Nothing else:
 * no typing, no tree of our own, no spans, no write-back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>
#include <md4c.h>
#include <yaml.h>

typedef struct sink {
  char *data;
  size_t len, cap;
} sink;

static void put(sink *s, const char *p, size_t n)
{
  if (s->len + n + 1 > s->cap) {
    s->cap = (s->len + n + 1) * 2;
    s->data = realloc(s->data, s->cap);
  }
  memcpy(s->data + s->len, p, n);
  s->len += n;
}

static int enter_block(MD_BLOCKTYPE t, void *d, void *u)
{
  (void)t, (void)d;
  put(u, "<p>", 3);
  return 0;
}

static int leave_block(MD_BLOCKTYPE t, void *d, void *u)
{
  (void)t, (void)d;
  put(u, "</p>", 4);
  return 0;
}

static int span(MD_SPANTYPE t, void *d, void *u)
{
  (void)t, (void)d, (void)u;
  return 0;
}

static int text(MD_TEXTTYPE t, const MD_CHAR *p, MD_SIZE n, void *u)
{
  (void)t;
  put(u, p, n);
  return 0;
}

static size_t line_end(const char *s, size_t n, size_t i)
{
  while (i < n && s[i] != '\n') {
    i++;
  }
  return i < n ? i + 1 : n;
}

static int is_marker(const char *s, size_t n, size_t i, const char *m)
{
  return n - i >= 3 && memcmp(s + i, m, 3) == 0 &&
         (i + 3 == n || s[i + 3] == '\n' || s[i + 3] == '\r' ||
          s[i + 3] == ' ');
}

int main(void)
{
  char path[4096];
  sink html = {NULL, 0, 0};
  static char buf[1 << 26];
  size_t posts = 0;
  while (fgets(path, sizeof path, stdin)) {
    path[strcspn(path, "\n")] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) {
      continue;
    }
    size_t n = fread(buf, 1, sizeof buf - 64, f);
    fclose(f);
    memset(buf + n, 0, 64);
    posts++;
    size_t body = 0;
    if (is_marker(buf, n, 0, "---")) {
      size_t start = line_end(buf, n, 0), end = start;
      while (end < n && !is_marker(buf, n, end, "---") &&
             !is_marker(buf, n, end, "...")) {
        end = line_end(buf, n, end);
      }
      yaml_parser_t p;
      yaml_event_t ev;
      yaml_parser_initialize(&p);
      yaml_parser_set_input_string(&p, (unsigned char *)buf + start,
                                   end - start);
      while (yaml_parser_parse(&p, &ev)) {
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done) {
          break;
        }
      }
      yaml_parser_delete(&p);
      body = end < n ? line_end(buf, n, end) : n;
    }
    const char *dot = strrchr(path, '.');
    const char *input = buf + body;
    size_t len = n - body;
    if (!dot || (strcasecmp(dot, ".html") && strcasecmp(dot, ".htm"))) {
      MD_PARSER parser = {0,           MD_DIALECT_GITHUB,
                          enter_block, leave_block,
                          span,        span,
                          text,        NULL,
                          NULL};
      html.len = 0;
      md_parse(input, (MD_SIZE)len, &parser, &html);
      input = html.data ? html.data : "";
      len = html.len;
    }
    GumboOutput *out =
        gumbo_parse_with_options(&kGumboDefaultOptions, input, len);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
  }
  free(html.data);
  fprintf(stderr, "%zu posts\n", posts);
  return 0;
}
