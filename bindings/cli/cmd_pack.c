/* newspipe pack: the posts under PATHs as JSON lines, the input that
 * `newspipe run --stream` reads, for engines that move data rather than
 * share a file system (Hadoop Streaming, Spark's pipe()). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "buf.h"
#include "cli.h"
#include "json.h"
#include "source.h"
#include "walk.h"

static const char pack_usage[] =
    "Usage: newspipe pack PATH...\n"
    "Write the posts under PATHs (folders recursively: .md .markdown .html\n"
    ".htm .txt), in the order newspipe run reads them, to standard output\n"
    "as JSON lines, the input of 'newspipe run PIPELINE --stream':\n"
    "\n"
    "  {\"path\": \"posts/a.md\", \"source\": \"---\\ntitle: ...\"}\n"
    "\n"
    "A file that is not UTF-8 goes as \"source_base64\" instead, byte for\n"
    "byte.\n"
    "\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 every post written, 1 some could not be read, 2 usage\n"
    "or an unreadable path.\n";

typedef struct pack_state {
  np_buf file, line;
  size_t packed, failed;
  bool path_trouble;
} pack_state;

static void on_walk_error(void *payload, const char *path,
                          np_walk_problem problem, const char *msg)
{
  pack_state *st = payload;
  if (np_cli_walk_problem(path, problem, msg)) {
    st->path_trouble = true;
  }
}

/* Reads `path` whole into st->file; false (told) when it cannot be. */
static bool read_file(pack_state *st, const char *path)
{
  np_buf_clear(&st->file);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
    return false;
  }
  char chunk[65536];
  size_t n;
  np_status rc = NP_OK;
  while (rc == NP_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    rc = np_buf_append(&st->file, chunk, n);
  }
  bool ok = rc == NP_OK && !ferror(f);
  if (!ok) {
    fprintf(stderr, "%s: error: %s\n", path,
            rc == NP_ELIMIT ? "post larger than newspipe reads"
            : rc < 0        ? "out of memory"
                            : strerror(errno));
  }
  fclose(f);
  return ok;
}

static void pack_one(pack_state *st, const char *path)
{
  if (!read_file(st, path)) {
    st->failed++;
    return;
  }
  np_slice bytes = np_buf_slice(&st->file);
  bool text = np_utf8_find_invalid(bytes) == bytes.len;
  np_buf *b = &st->line;
  np_buf_clear(b);
  np_buf_append_str(b, "{\"path\":");
  np_json_string(b, np_slice_from(path, strlen(path)));
  np_status rc;
  if (text) {
    np_buf_append_str(b, ",\"source\":");
    rc = np_json_string(b, bytes);
  } else {
    np_buf_append_str(b, ",\"source_base64\":\"");
    rc = np_base64_encode(b, bytes);
    np_buf_append_char(b, '"');
  }
  rc = rc < 0 ? rc : np_buf_append_str(b, "}\n");
  if (rc < 0) {
    fprintf(stderr, "%s: error: %s\n", path, np_status_name(rc));
    st->failed++;
    return;
  }
  fwrite(b->data, 1, b->len, stdout);
  st->packed++;
}

int np_cmd_pack(int argc, char **argv)
{
  int first = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(pack_usage, stdout);
      return NP_EXIT_OK;
    }
    if (strcmp(argv[i], "--") == 0) {
      first = i + 1;
      break;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      np_cli_fail("pack: unknown option '%s' (try 'newspipe pack --help')",
                  argv[i]);
      return NP_EXIT_USAGE;
    }
  }
  if (first >= argc) {
    fputs(pack_usage, stderr);
    return NP_EXIT_USAGE;
  }
  pack_state st;
  memset(&st, 0, sizeof st);
  np_buf_init(&st.file);
  np_buf_init(&st.line);
  st.file.limit = NP_MAX_POST_SIZE;       /* what run reads, no more */
  st.line.limit = st.file.limit * 6 + 64; /* every byte escaped, at worst */
  int status = NP_EXIT_OK;
  for (int i = first; i < argc && status == NP_EXIT_OK; i++) {
    np_walker *w;
    if (np_walker_open(&w, argv[i], on_walk_error, &st) < 0) {
      np_cli_fail("out of memory");
      status = NP_EXIT_USAGE;
      break;
    }
    const char *path;
    np_status rc;
    while ((rc = np_walker_next(w, &path)) == NP_OK && path) {
      pack_one(&st, path);
    }
    np_walker_close(w);
    if (rc == NP_ENOMEM) {
      np_cli_fail("out of memory");
      status = NP_EXIT_USAGE;
    }
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    np_cli_fail("cannot write standard output: %s", strerror(errno));
    status = NP_EXIT_USAGE;
  }
  np_buf_fini(&st.file);
  np_buf_fini(&st.line);
  fprintf(stderr, "%zu post%s packed, %zu failed\n", st.packed,
          st.packed == 1 ? "" : "s", st.failed);
  if (status == NP_EXIT_OK && st.path_trouble) {
    status = NP_EXIT_USAGE;
  } else if (status == NP_EXIT_OK && st.failed > 0) {
    status = NP_EXIT_FAILED;
  }
  return status;
}
