/* For the query agreement test: prints, for each post path read on stdin,
 * one JSON line {"path": ..., "html": ...} with the HTML newspipe parses
 * for its body (the Markdown rendering, or the HTML body as is). */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "markdown.h"
#include "post.h"

int main(void)
{
  char path[4096];
  np_buf line;
  np_buf_init(&line);
  while (fgets(path, sizeof path, stdin)) {
    path[strcspn(path, "\n")] = '\0';
    np_post *post = NULL;
    np_error err;
    if (np_post_read_lenient(&post, path, NULL, NULL, &err) < 0) {
      continue;
    }
    np_slice file = np_post_source(post);
    np_span body = np_post_layout(post)->body;
    np_buf html;
    np_buf_init(&html);
    np_md_map *map = NULL;
    if (np_post_is_markdown(post)) {
      np_markdown_render(&html, &map, file, body, &err);
      np_md_map_free(map);
    } else {
      np_buf_append(&html, file.ptr + body.start, body.end - body.start);
    }
    np_buf_clear(&line);
    np_buf_append_str(&line, "{\"path\":");
    np_json_string(&line, np_slice_from(path, strlen(path)));
    np_buf_append_str(&line, ",\"html\":");
    np_json_string(&line, np_buf_slice(&html));
    np_buf_append_str(&line, "}\n");
    fwrite(line.data, 1, line.len, stdout);
    np_buf_fini(&html);
    np_post_free(post);
  }
  np_buf_fini(&line);
  return 0;
}
