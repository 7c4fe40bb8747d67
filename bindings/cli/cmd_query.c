/* newspipe query: a CSS selector over every post of an archive, like htmlq
 * over many files: matches as HTML, text, an attribute, JSON or a count. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "json.h"
#include "post.h"
#include "select.h"
#include "serialize.h"
#include "source.h"
#include "walk.h"

static const char query_usage[] =
    "Usage: newspipe query [OPTION]... SELECTOR PATH...\n"
    "Print the elements matching the CSS SELECTOR in the body of every post\n"
    "under PATHs (folders recursively: .md .markdown .html .htm .txt).\n"
    "\n"
    "  (default)     each match's HTML, after path:line:col:\n"
    "  --text        each match's text, after path:line:col:\n"
    "  --attr NAME   each match's NAME attribute, after path:line:col:\n"
    "                (matches without it are skipped)\n"
    "  --json        one JSON object per match: path, line, column, tag,\n"
    "                attrs, text\n"
    "  --count       only the total number of matches\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 every post read, 1 some could not be, 2 usage error or\n"
    "invalid selector.\n";

typedef enum mode {
  MODE_HTML,
  MODE_TEXT,
  MODE_ATTR,
  MODE_JSON,
  MODE_COUNT
} mode;

typedef struct query_state {
  mode mode;
  const char *attr;
  const np_selector *sel;
  np_post *post;
  np_dom *dom;
  np_line_index lines; /* of the post: positions for every match */
  const char *path;
  size_t matches;
  np_buf out;
  np_status rc;
} query_state;

static np_status put_json_attrs(np_buf *b, const np_node *el)
{
  np_status rc = np_buf_append_char(b, '{');
  for (size_t i = 0; rc == NP_OK && i < el->nattrs; i++) {
    rc = i ? np_buf_append_char(b, ',') : NP_OK;
    if (rc == NP_OK) {
      rc = np_json_string(b, el->attrs[i].name);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(b, ':');
    }
    if (rc == NP_OK) {
      rc = np_json_string(b, el->attrs[i].value);
    }
  }
  return rc == NP_OK ? np_buf_append_char(b, '}') : rc;
}

static bool on_match(void *payload, np_node *el)
{
  query_state *q = payload;
  q->matches++;
  if (q->mode == MODE_COUNT) {
    return true;
  }
  np_buf *b = &q->out;
  np_position pos = np_line_index_position(&q->lines, np_post_source(q->post),
                                           el->span.start);
  np_status rc = NP_OK;
  if (q->mode == MODE_ATTR) {
    const np_slice *v =
        np_dom_get_attr(el, np_slice_from(q->attr, strlen(q->attr)));
    if (!v) {
      return true;
    }
    rc = np_buf_printf(b, "%s:%zu:%zu: ", q->path, pos.line, pos.column);
    if (rc == NP_OK) {
      rc = np_buf_append_slice(b, *v);
    }
  } else if (q->mode == MODE_JSON) {
    rc = np_buf_append_str(b, "{\"path\":");
    if (rc == NP_OK) {
      rc = np_json_string(b, np_slice_from(q->path, strlen(q->path)));
    }
    if (rc == NP_OK) {
      rc = np_buf_printf(b, ",\"line\":%zu,\"column\":%zu,\"tag\":", pos.line,
                         pos.column);
    }
    if (rc == NP_OK) {
      rc = np_json_string(b, el->name);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(b, ",\"attrs\":");
    }
    if (rc == NP_OK) {
      rc = put_json_attrs(b, el);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(b, ",\"text\":");
    }
    np_buf text;
    np_buf_init(&text);
    if (rc == NP_OK) {
      rc = np_text_serialize(&text, el);
    }
    if (rc == NP_OK) {
      rc = np_json_string(b, np_buf_slice(&text));
    }
    np_buf_fini(&text);
    if (rc == NP_OK) {
      rc = np_buf_append_char(b, '}');
    }
  } else {
    rc = np_buf_printf(b, "%s:%zu:%zu: ", q->path, pos.line, pos.column);
    if (rc == NP_OK) {
      rc = q->mode == MODE_TEXT
               ? np_text_serialize(b, el)
               : np_html_serialize(b, q->dom, el, NP_SERIALIZE_FRESH);
    }
  }
  if (rc == NP_OK) {
    rc = np_buf_append_char(b, '\n');
  }
  if (rc == NP_OK && b->len > 65536) {
    fwrite(b->data, 1, b->len, stdout);
    np_buf_clear(b);
  }
  q->rc = rc;
  return rc == NP_OK;
}

static void on_warning(void *payload, const np_error *w)
{
  np_cli_report(stderr, payload, w, "warning");
}

static void on_walk_error(void *payload, const char *path,
                          np_walk_problem problem, const char *msg)
{
  bool *trouble = payload;
  if (np_cli_walk_problem(path, problem, msg)) {
    *trouble = true;
  }
}

int np_cmd_query(int argc, char **argv)
{
  query_state q;
  memset(&q, 0, sizeof q);
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    } else if (strcmp(a, "--text") == 0) {
      q.mode = MODE_TEXT;
    } else if (strcmp(a, "--json") == 0) {
      q.mode = MODE_JSON;
    } else if (strcmp(a, "--count") == 0) {
      q.mode = MODE_COUNT;
    } else if (strcmp(a, "--attr") == 0 && i + 1 < argc) {
      q.mode = MODE_ATTR;
      q.attr = argv[++i];
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(query_usage, stdout);
      return NP_EXIT_OK;
    } else {
      np_cli_fail("query: %s '%s' (try 'newspipe query --help')",
                  strcmp(a, "--attr") == 0 ? "missing NAME after"
                                           : "unknown option",
                  a);
      return NP_EXIT_USAGE;
    }
  }
  if (argc - i < 2) {
    np_cli_fail("query: expected a SELECTOR and at least one PATH (try "
                "'newspipe query --help')");
    return NP_EXIT_USAGE;
  }
  const char *css = argv[i++];
  np_selector *sel = NULL;
  np_error err;
  np_error_clear(&err);
  if (np_selector_compile(&sel, np_slice_from(css, strlen(css)), &err) < 0) {
    np_cli_fail("query: invalid selector at column %zu: %s", err.column,
                err.msg);
    fprintf(stderr, "  %s\n  %*s^\n", css, (int)(err.column - 1), "");
    return NP_EXIT_USAGE;
  }
  q.sel = sel;
  np_buf_init(&q.out);
  bool trouble = false, failed = false;
  np_pathlist list;
  np_pathlist_init(&list);
  for (; i < argc; i++) {
    if (np_walk(&list, argv[i], on_walk_error, &trouble) == NP_ENOMEM) {
      np_cli_fail("out of memory listing posts");
      trouble = true;
      break;
    }
  }
  for (size_t k = 0; k < list.len && q.rc == NP_OK; k++) {
    q.path = list.paths[k];
    np_error_clear(&err);
    /* a broken front matter does not hide the body */
    if (np_post_read_lenient(&q.post, q.path, on_warning, (void *)q.path,
                             &err) < 0 ||
        np_post_body(q.post, &q.dom, &err) < 0) {
      np_cli_report(stderr, q.path, &err, "error");
      failed = true;
    } else if (np_line_index_build(&q.lines, np_post_arena(q.post),
                                   np_post_source(q.post)) < 0) {
      np_cli_fail("out of memory");
      trouble = true;
    } else {
      np_selector_each(sel, q.dom->root, on_match, &q);
    }
    np_post_free(q.post);
    q.post = NULL;
  }
  if (q.mode == MODE_COUNT) {
    np_buf_printf(&q.out, "%zu\n", q.matches);
  }
  fwrite(q.out.data ? q.out.data : "", 1, q.out.len, stdout);
  np_buf_fini(&q.out);
  np_pathlist_fini(&list);
  np_selector_free(sel);
  if (q.rc < 0) {
    np_cli_fail("query: %s", np_status_name(q.rc));
    return NP_EXIT_FAILED;
  }
  return trouble ? NP_EXIT_USAGE : failed ? NP_EXIT_FAILED : NP_EXIT_OK;
}
