/* newspipe check: parse every post, report each bad one in the compilers'
 * form, optionally prove the unedited write-back is byte-identical. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "post.h"
#include "source.h"
#include "walk.h"

static const char check_usage[] =
    "Usage: newspipe check [OPTION]... PATH...\n"
    "Parse every post under PATHs (folders recursively: .md .markdown .html\n"
    ".htm .txt) and print one line per problem as path:line:col: message.\n"
    "\n"
    "  --round-trip  also report posts whose unedited write-back would\n"
    "                differ from the file, at the first differing byte\n"
    "  --strict      count warnings (NUL bytes, invalid UTF-8 in a body)\n"
    "                as failures\n"
    "  -q, --quiet   print only the summary line\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 no post failed, 1 some did, 2 usage or unreadable path.\n";

typedef struct check_state {
  bool round_trip, strict, quiet;
  size_t posts, failed, warned, differ;
  bool path_trouble;
  const char *current;
  bool current_warned;
} check_state;

static void on_warning(void *payload, const np_error *w)
{
  check_state *st = payload;
  st->current_warned = true;
  if (!st->quiet) {
    np_cli_report(stdout, st->current, w, st->strict ? "error" : "warning");
  }
}

static void on_walk_error(void *payload, const char *path,
                          np_walk_problem problem, const char *msg)
{
  check_state *st = payload;
  if (np_cli_walk_problem(path, problem, msg)) {
    st->path_trouble = true;
  }
}

static void check_round_trip(check_state *st, np_post *post)
{
  np_buf out;
  np_buf_init(&out);
  np_error err;
  np_error_clear(&err);
  np_slice src = np_post_source(post);
  np_status rc = np_post_serialize(post, &out, &err);
  if (rc < 0) {
    st->differ++;
    if (!st->quiet) {
      np_cli_report(stdout, st->current, &err, "error");
    }
  } else if (!np_slice_eq(np_buf_slice(&out), src)) {
    size_t i = 0;
    while (i < out.len && i < src.len && out.data[i] == src.ptr[i]) {
      i++;
    }
    st->differ++;
    if (!st->quiet) {
      np_error_set_at(&err, NP_EINTERNAL, src, i,
                      "unedited write-back differs from the file here "
                      "(%zu bytes written, %zu read)",
                      out.len, src.len);
      np_cli_report(stdout, st->current, &err, "error");
    }
  }
  np_buf_fini(&out);
}

static void check_one(check_state *st, const char *path)
{
  np_post *post = NULL;
  np_error err;
  np_error_clear(&err);
  st->posts++;
  st->current = path;
  st->current_warned = false;
  np_status rc = np_post_read(&post, path, on_warning, st, &err);
  if (rc < 0) {
    st->failed++;
    if (!st->quiet) {
      np_cli_report(stdout, path, &err, "error");
    }
    return;
  }
  np_dom *dom = NULL;
  if (np_post_body(post, &dom, &err) < 0) {
    st->failed++;
    if (!st->quiet) {
      np_cli_report(stdout, path, &err, "error");
    }
    np_post_free(post);
    return;
  }
  if (st->current_warned) {
    st->warned++;
    if (st->strict) {
      st->failed++;
    }
  }
  if (st->round_trip) {
    size_t before = st->differ;
    check_round_trip(st, post);
    if (st->differ > before && !(st->strict && st->current_warned)) {
      st->failed++;
    }
  }
  np_post_free(post);
}

int np_cmd_check(int argc, char **argv)
{
  check_state st;
  memset(&st, 0, sizeof st);
  int first_path = argc;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      first_path = i + 1;
      break;
    }
    if (a[0] != '-' || strcmp(a, "-") == 0) {
      first_path = i;
      break;
    }
    if (strcmp(a, "--round-trip") == 0) {
      st.round_trip = true;
    } else if (strcmp(a, "--strict") == 0) {
      st.strict = true;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      st.quiet = true;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(check_usage, stdout);
      return NP_EXIT_OK;
    } else {
      np_cli_fail("check: unknown option '%s' (try 'newspipe check --help')",
                  a);
      return NP_EXIT_USAGE;
    }
  }
  if (first_path >= argc) {
    np_cli_fail("check: no PATH given (try 'newspipe check --help')");
    return NP_EXIT_USAGE;
  }
  np_pathlist list;
  np_pathlist_init(&list);
  for (int i = first_path; i < argc; i++) {
    if (np_walk(&list, argv[i], on_walk_error, &st) == NP_ENOMEM) {
      np_cli_fail("out of memory listing posts");
      np_pathlist_fini(&list);
      return NP_EXIT_USAGE;
    }
  }
  for (size_t i = 0; i < list.len; i++) {
    check_one(&st, list.paths[i]);
  }
  np_pathlist_fini(&list);
  printf("%zu post%s checked: %zu ok, %zu failed", st.posts,
         st.posts == 1 ? "" : "s", st.posts - st.failed, st.failed);
  if (st.warned) {
    printf(", %zu with warnings", st.warned);
  }
  if (st.round_trip) {
    printf(", %zu round-trip difference%s", st.differ,
           st.differ == 1 ? "" : "s");
  }
  putchar('\n');
  if (st.path_trouble) {
    return NP_EXIT_USAGE;
  }
  return st.failed ? NP_EXIT_FAILED : NP_EXIT_OK;
}
