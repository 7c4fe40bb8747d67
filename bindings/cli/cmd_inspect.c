/* newspipe inspect: one post's front matter as typed JSON, each value with
 * its type and place, and where the body lies. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "json.h"
#include "post.h"
#include "source.h"

static const char inspect_usage[] =
    "Usage: newspipe inspect POST\n"
    "Print POST as JSON: its front matter, every value with its type (null,\n"
    "bool, int, float, string, timestamp, list, map), line and column; the\n"
    "byte ranges of front matter and body; and the body as a tree (Markdown\n"
    "rendered, HTML parsed as a browser would), each node with its line and\n"
    "column in the file.\n";

typedef struct printer {
  np_buf *out;
  np_slice file;
  np_line_index lines; /* of file */
} printer;

static np_status indent(printer *p, size_t depth)
{
  np_status rc = np_buf_append_char(p->out, '\n');
  for (size_t i = 0; rc == NP_OK && i < depth; i++) {
    rc = np_buf_append_str(p->out, "  ");
  }
  return rc;
}

static np_status print_value(printer *p, const np_value *v, size_t depth);

static np_status print_place(printer *p, const np_value *v)
{
  if (v->span.end == 0 && v->span.start == 0) {
    return NP_OK;
  }
  np_position pos = np_line_index_position(&p->lines, p->file, v->span.start);
  return np_buf_printf(p->out, ", \"line\": %zu, \"column\": %zu", pos.line,
                       pos.column);
}

static np_status print_scalar(printer *p, const np_value *v)
{
  np_status rc = NP_OK;
  switch (v->kind) {
  case NP_VALUE_FLOAT:
    if (v->as.number != v->as.number || v->as.number * 0 != 0) {
      return np_json_string(p->out, v->text); /* .inf, .nan as written */
    }
    return np_json_number(p->out, v->as.number);
  case NP_VALUE_TIMESTAMP:
    rc = np_json_value(p->out, v);
    if (rc == NP_OK) {
      rc = np_buf_printf(p->out, ", \"unix\": %lld",
                         (long long)v->as.timestamp.seconds);
    }
    return rc;
  default:
    return np_json_value(p->out, v);
  }
}

static np_status print_value(printer *p, const np_value *v, size_t depth)
{
  np_status rc =
      np_buf_printf(p->out, "{\"type\": \"%s\"", np_value_kind_name(v->kind));
  if (rc == NP_OK) {
    rc = print_place(p, v);
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(p->out, ", \"value\": ");
  }
  if (rc < 0) {
    return rc;
  }
  if (v->kind == NP_VALUE_LIST) {
    rc = np_buf_append_char(p->out, '[');
    for (size_t i = 0; rc == NP_OK && i < v->as.list.len; i++) {
      rc = i > 0 ? np_buf_append_char(p->out, ',') : NP_OK;
      if (rc == NP_OK) {
        rc = indent(p, depth + 1);
      }
      if (rc == NP_OK) {
        rc = print_value(p, v->as.list.items[i], depth + 1);
      }
    }
    if (rc == NP_OK && v->as.list.len > 0) {
      rc = indent(p, depth);
    }
    rc = rc == NP_OK ? np_buf_append_char(p->out, ']') : rc;
  } else if (v->kind == NP_VALUE_MAP) {
    rc = np_buf_append_char(p->out, '{');
    for (size_t i = 0; rc == NP_OK && i < v->as.map.len; i++) {
      rc = i > 0 ? np_buf_append_char(p->out, ',') : NP_OK;
      if (rc == NP_OK) {
        rc = indent(p, depth + 1);
      }
      if (rc == NP_OK) {
        rc = np_json_string(p->out, v->as.map.entries[i].key);
      }
      if (rc == NP_OK) {
        rc = np_buf_append_str(p->out, ": ");
      }
      if (rc == NP_OK) {
        rc = print_value(p, v->as.map.entries[i].value, depth + 1);
      }
    }
    if (rc == NP_OK && v->as.map.len > 0) {
      rc = indent(p, depth);
    }
    rc = rc == NP_OK ? np_buf_append_char(p->out, '}') : rc;
  } else {
    rc = print_scalar(p, v);
  }
  return rc == NP_OK ? np_buf_append_char(p->out, '}') : rc;
}

static np_status print_span(printer *p, const char *name, np_span span)
{
  np_position a = np_line_index_position(&p->lines, p->file, span.start);
  return np_buf_printf(p->out,
                       "  \"%s\": {\"start\": %zu, \"end\": %zu, \"line\": "
                       "%zu, \"column\": %zu}",
                       name, span.start, span.end, a.line, a.column);
}

/* The body tree, iteratively: scraped HTML nests deep. */
static np_status print_tree(printer *p, np_dom *dom)
{
  np_buf *out = p->out;
  np_status rc = np_buf_append_str(out, "  \"tree\": [");
  const np_node *root = dom->root;
  const np_node *n = root->first_child;
  size_t depth = 2;
  bool first = true;
  while (rc == NP_OK && n) {
    rc = np_buf_append_str(out, first ? "" : ",");
    first = false;
    if (rc == NP_OK) {
      rc = indent(p, depth);
    }
    np_position pos = np_line_index_position(&p->lines, p->file, n->span.start);
    const char *type = n->kind == NP_NODE_ELEMENT ? "element"
                       : n->kind == NP_NODE_TEXT  ? "text"
                                                  : "comment";
    if (rc == NP_OK) {
      rc = np_buf_printf(out,
                         "{\"type\": \"%s\", \"line\": %zu, "
                         "\"column\": %zu, ",
                         type, pos.line, pos.column);
    }
    if (rc == NP_OK && n->kind == NP_NODE_ELEMENT) {
      rc = np_buf_append_str(out, "\"tag\": ");
      if (rc == NP_OK) {
        rc = np_json_string(out, n->name);
      }
      if (rc == NP_OK) {
        rc = np_buf_append_str(out, ", \"attrs\": {");
      }
      for (size_t i = 0; rc == NP_OK && i < n->nattrs; i++) {
        rc = np_buf_append_str(out, i ? ", " : "");
        if (rc == NP_OK) {
          rc = np_json_string(out, n->attrs[i].name);
        }
        if (rc == NP_OK) {
          rc = np_buf_append_str(out, ": ");
        }
        if (rc == NP_OK) {
          rc = np_json_string(out, n->attrs[i].value);
        }
      }
      if (rc == NP_OK) {
        rc = np_buf_append_str(out, "}, \"children\": [");
      }
      if (rc == NP_OK && n->first_child) {
        n = n->first_child;
        depth++;
        first = true;
        continue;
      }
      if (rc == NP_OK) {
        rc = np_buf_append_str(out, "]}");
      }
    } else if (rc == NP_OK) {
      rc = np_buf_append_str(out, "\"text\": ");
      if (rc == NP_OK) {
        rc = np_json_string(out, n->text);
      }
      if (rc == NP_OK) {
        rc = np_buf_append_char(out, '}');
      }
    }
    /* climb out of finished elements */
    while (rc == NP_OK && n != root && !n->next) {
      n = n->parent;
      if (n == root) {
        break;
      }
      depth--;
      rc = indent(p, depth);
      if (rc == NP_OK) {
        rc = np_buf_append_str(out, "]}");
      }
    }
    n = n == root ? NULL : n->next;
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, root->first_child ? "\n  ]" : "]");
  }
  return rc;
}

static void on_warning(void *payload, const np_error *w)
{
  np_cli_report(stderr, payload, w, "warning");
}

static np_status print_post(np_post *post, np_buf *out)
{
  printer p = {out, np_post_source(post), {NULL, 0}};
  if (np_line_index_build(&p.lines, np_post_arena(post), p.file) < 0) {
    return NP_ENOMEM;
  }
  const np_layout *l = np_post_layout(post);
  np_meta *meta = np_post_meta(post);
  const char *eol = strcmp(l->eol, "\r\n") == 0 ? "CRLF"
                    : strcmp(l->eol, "\r") == 0 ? "CR"
                                                : "LF";
  np_status rc = np_buf_append_str(out, "{\n  \"path\": ");
  if (rc == NP_OK) {
    const char *path = np_post_path(post);
    rc = np_json_string(out, np_slice_from(path, strlen(path)));
  }
  if (rc == NP_OK) {
    rc = np_buf_printf(out, ",\n  \"bom\": %s,\n  \"line_ends\": \"%s\",\n",
                       l->bom ? "true" : "false", eol);
  }
  if (rc == NP_OK && l->has_front_matter) {
    rc = print_span(&p, "front_matter", l->front_matter);
  } else if (rc == NP_OK) {
    rc = np_buf_append_str(out, "  \"front_matter\": null");
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, ",\n  \"meta\": {");
  }
  for (size_t i = 0; rc == NP_OK && i < np_meta_count(meta); i++) {
    rc = np_buf_append_str(out, i > 0 ? ",\n    " : "\n    ");
    if (rc == NP_OK) {
      rc = np_json_string(out, np_meta_key_at(meta, i));
    }
    if (rc == NP_OK) {
      rc = np_buf_append_str(out, ": ");
    }
    if (rc == NP_OK) {
      rc = print_value(&p, np_meta_value_at(meta, i), 2);
    }
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, np_meta_count(meta) ? "\n  },\n" : "},\n");
  }
  if (rc == NP_OK) {
    rc = print_span(&p, "body", l->body);
  }
  np_dom *dom = NULL;
  np_error err;
  if (rc == NP_OK) {
    rc = np_post_body(post, &dom, &err);
  }
  if (rc == NP_OK) {
    rc = np_buf_printf(out, ",\n  \"body_format\": \"%s\",\n",
                       np_post_is_markdown(post) ? "markdown" : "html");
  }
  if (rc == NP_OK) {
    rc = print_tree(&p, dom);
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, "\n}\n");
  }
  return rc;
}

int np_cmd_inspect(int argc, char **argv)
{
  if (argc == 2 &&
      (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
    fputs(inspect_usage, stdout);
    return NP_EXIT_OK;
  }
  if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0')) {
    np_cli_fail("inspect: expected one POST (try 'newspipe inspect --help')");
    return NP_EXIT_USAGE;
  }
  const char *path = argv[1];
  np_post *post = NULL;
  np_error err;
  np_error_clear(&err);
  if (np_post_read(&post, path, on_warning, (void *)path, &err) < 0) {
    np_cli_report(stderr, path, &err, "error");
    return NP_EXIT_FAILED;
  }
  np_buf out;
  np_buf_init(&out);
  np_status rc = print_post(post, &out);
  if (rc == NP_OK) {
    fwrite(out.data, 1, out.len, stdout);
  } else {
    np_cli_fail("inspect: %s", np_status_name(rc));
  }
  np_buf_fini(&out);
  np_post_free(post);
  return rc == NP_OK ? NP_EXIT_OK : NP_EXIT_FAILED;
}
