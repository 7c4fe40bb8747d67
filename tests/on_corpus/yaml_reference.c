/* The reference for "no more posts rejected than libyaml itself rejects":
 * for each file named on stdin, take the text between a first "---" line
 * and the next "---"/"..." line and run plain libyaml over it. Prints the
 * path of every file libyaml rejects. Deliberately independent of core/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

static size_t line_end(const char *s, size_t n, size_t i)
{
  while (i < n && s[i] != '\n' && s[i] != '\r') {
    i++;
  }
  if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
    return i + 2;
  }
  return i < n ? i + 1 : n;
}

static int is_marker(const char *s, size_t n, size_t i, const char *m)
{
  if (n - i < 3 || memcmp(s + i, m, 3) != 0) {
    return 0;
  }
  i += 3;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) {
    i++;
  }
  return i == n || s[i] == '\n' || s[i] == '\r';
}

int main(void)
{
  char path[4096];
  while (fgets(path, sizeof path, stdin)) {
    path[strcspn(path, "\n")] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) {
      continue;
    }
    static char buf[1 << 24];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t i = (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    if (!is_marker(buf, n, i, "---")) {
      continue;
    }
    size_t start = line_end(buf, n, i), end = start;
    int closed = 0;
    while (end < n) {
      if (is_marker(buf, n, end, "---") || is_marker(buf, n, end, "...")) {
        closed = 1;
        break;
      }
      end = line_end(buf, n, end);
    }
    if (!closed) {
      continue;
    }
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (unsigned char *)buf + start, end - start);
    yaml_event_t ev;
    int ok = 1;
    for (;;) {
      if (!yaml_parser_parse(&p, &ev)) {
        ok = 0;
        break;
      }
      int done = ev.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&ev);
      if (done) {
        break;
      }
    }
    yaml_parser_delete(&p);
    if (!ok) {
      puts(path);
    }
  }
  return 0;
}
