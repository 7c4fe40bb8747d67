/* Splitting a post file and the np_post object around it. */
#include "post.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "html.h"
#include "markdown.h"
#include "markdown_check.h"
#include "serialize.h"
#include "source.h"

struct np_post {
  np_arena *arena;
  const char *path;
  char *bytes; /* malloc'd, owned */
  np_slice source;
  np_layout layout;
  np_meta *meta;
  np_dom *dom; /* the body, once asked for */
  size_t memory_limit;
};

/* ---- splitting -------------------------------------------------------- */

/* If the line at `at` is `marker` followed only by blanks, returns true and
 * the offset after the line's end. */
static bool is_delimiter_line(np_slice f, size_t at, const char *marker,
                              size_t *line_end, size_t *eol_len)
{
  if (f.len - at < 3 || memcmp(f.ptr + at, marker, 3) != 0) {
    return false;
  }
  size_t i = at + 3;
  while (i < f.len && (f.ptr[i] == ' ' || f.ptr[i] == '\t')) {
    i++;
  }
  size_t n = np_line_end_length(f, i);
  if (n == 0 && i != f.len) {
    return false;
  }
  *line_end = i + n;
  *eol_len = n;
  return true;
}

static const char *eol_at(np_slice f, size_t at, size_t n)
{
  if (n == 2) {
    return "\r\n";
  }
  if (n == 1 && f.ptr[at] == '\r') {
    return "\r";
  }
  return "\n";
}

static const char *first_eol(np_slice f, size_t from)
{
  for (size_t i = from; i < f.len; i++) {
    size_t n = np_line_end_length(f, i);
    if (n) {
      return eol_at(f, i, n);
    }
  }
  return "\n";
}

/* Reports the first NUL and the first invalid UTF-8 byte of the body. */
static void check_body(np_slice f, np_span body, np_warning_fn warn,
                       void *payload)
{
  if (!warn) {
    return;
  }
  np_slice b = np_slice_from(f.ptr + body.start, body.end - body.start);
  const char *nul = memchr(b.ptr, '\0', b.len);
  np_error w;
  np_error_clear(&w);
  if (nul) {
    size_t count = 0;
    for (size_t i = (size_t)(nul - b.ptr); i < b.len; i++) {
      count += b.ptr[i] == '\0';
    }
    np_error_set_at(&w, NP_ESYNTAX, f, body.start + (size_t)(nul - b.ptr),
                    "NUL byte in body (%zu in all), kept as is; HTML readers "
                    "see U+FFFD",
                    count);
    w.status = NP_OK;
    warn(payload, &w);
  }
  size_t bad = np_utf8_find_invalid(b);
  if (bad < b.len) {
    size_t count = 0;
    const unsigned char *s = (const unsigned char *)b.ptr;
    for (size_t i = bad; i < b.len;) {
      size_t n = s[i] < 0x80 ? 1 : np_utf8_sequence_length(s + i, b.len - i);
      if (n == 0) {
        count++;
        n = 1;
      }
      i += n;
    }
    np_error_set_at(&w, NP_ESYNTAX, f, body.start + bad,
                    "invalid UTF-8 in body (byte 0x%02X; %zu bad byte%s in "
                    "all), kept as is",
                    (unsigned)s[bad], count, count == 1 ? "" : "s");
    w.status = NP_OK;
    warn(payload, &w);
  }
}

/* Files that are not UTF-8 text are refused whole: read as a post they
 * would come back with front matter written over an image, or UTF-16 read
 * as NUL-riddled noise. Text with a stray NUL or bad byte is still a post
 * (check_body warns). */
static const struct {
  const char *magic;
  size_t len;
  const char *what;
} known_binaries[] = {
    {"\x89PNG\r\n\x1A\n", 8, "a PNG image"},
    {"\xFF\xD8\xFF", 3, "a JPEG image"},
    {"GIF8", 4, "a GIF image"},
    {"%PDF-", 5, "a PDF document"},
    {"PK\x03\x04", 4, "a ZIP archive (or .docx, .epub)"},
    {"\x1F\x8B", 2, "a gzip file"},
    {"RIFF", 4, "a RIFF file (WebP, WAV, AVI)"},
    {"SQLite format 3", 16, "an SQLite database"},
    {"\x7F"
     "ELF",
     4, "a program (ELF)"},
};

static np_status check_is_text(np_slice f, np_error *err)
{
  for (size_t i = 0; i < sizeof known_binaries / sizeof *known_binaries; i++) {
    size_t n = known_binaries[i].len;
    if (f.len >= n && memcmp(f.ptr, known_binaries[i].magic, n) == 0) {
      return np_error_set_at(err, NP_ESYNTAX, f, 0,
                             "not a text post: the file is %s",
                             known_binaries[i].what);
    }
  }
  if (f.len >= 4 && (memcmp(f.ptr, "\xFF\xFE\0\0", 4) == 0 ||
                     memcmp(f.ptr, "\0\0\xFE\xFF", 4) == 0)) {
    return np_error_set_at(err, NP_ESYNTAX, f, 0,
                           "UTF-32 text, not UTF-8: convert it first, e.g. "
                           "iconv -f UTF-32 -t UTF-8");
  }
  if (f.len >= 2 &&
      ((unsigned char)f.ptr[0] == 0xFF || (unsigned char)f.ptr[0] == 0xFE) &&
      (unsigned char)f.ptr[0] + (unsigned char)f.ptr[1] == 0xFF + 0xFE) {
    return np_error_set_at(err, NP_ESYNTAX, f, 0,
                           "UTF-16 text (it starts with the bytes %02X %02X), "
                           "not UTF-8: convert it first, e.g. iconv -f "
                           "UTF-16 -t UTF-8",
                           (unsigned char)f.ptr[0], (unsigned char)f.ptr[1]);
  }
  /* Otherwise, in the first 8 KB: text in a legacy encoding (GBK, Big5,
   * Shift_JIS) is invalid UTF-8 but has no NUL bytes, and is read with a
   * warning; UTF-16 without a BOM is half NULs; other binary data has NULs
   * among mostly invalid UTF-8. */
  size_t len = f.len < 8192 ? f.len : 8192, nul = 0, invalid = 0;
  const unsigned char *s = (const unsigned char *)f.ptr;
  for (size_t i = 0; i < len;) {
    size_t n = s[i] < 0x80 ? 1 : np_utf8_sequence_length(s + i, f.len - i);
    nul += s[i] == 0;
    invalid += n == 0;
    i += n ? n : 1;
  }
  if (nul * 10 > len * 3) {
    return np_error_set_at(err, NP_ESYNTAX, f, 0,
                           "not a text post: %zu of its first %zu bytes are "
                           "NUL (UTF-16 without a BOM? convert it with "
                           "iconv -f UTF-16 -t UTF-8)",
                           nul, len);
  }
  if (nul > 0 && (nul + invalid) * 10 > len * 3) {
    return np_error_set_at(err, NP_ESYNTAX, f, 0,
                           "not a text post: %zu of its first %zu bytes are "
                           "NUL or invalid UTF-8",
                           nul + invalid, len);
  }
  return NP_OK;
}

np_status np_post_split(np_layout *out, np_slice f, np_warning_fn warn,
                        void *payload, np_error *err)
{
  memset(out, 0, sizeof *out);
  np_status rc = check_is_text(f, err);
  if (rc < 0) {
    return rc;
  }
  if (f.len >= 3 && memcmp(f.ptr, "\xEF\xBB\xBF", 3) == 0) {
    out->bom = 3;
  }
  size_t open_end, eol_len;
  if (!is_delimiter_line(f, out->bom, "---", &open_end, &eol_len)) {
    if (warn && is_delimiter_line(f, out->bom, "+++", &open_end, &eol_len)) {
      np_error w; /* Hugo's: a user moving a Hugo site should hear of it */
      np_error_clear(&w);
      np_error_set_at(&w, NP_ESYNTAX, f, out->bom,
                      "TOML front matter ('+++') is not read: the whole "
                      "file is body, kept as is");
      w.status = NP_OK;
      warn(payload, &w);
    }
    out->body.start = out->bom;
    out->body.end = f.len;
    out->eol = first_eol(f, out->bom);
    check_body(f, out->body, warn, payload);
    return NP_OK;
  }
  out->has_front_matter = true;
  out->open.start = out->bom;
  out->open.end = open_end;
  out->eol = eol_len ? eol_at(f, open_end - eol_len, eol_len) : "\n";
  size_t line = open_end;
  bool closed = false;
  while (line < f.len) {
    size_t end, n;
    if (is_delimiter_line(f, line, "---", &end, &n) ||
        is_delimiter_line(f, line, "...", &end, &n)) {
      out->close.start = line;
      out->close.end = end;
      closed = true;
      break;
    }
    line = np_next_line_start(f, line);
  }
  if (!closed) {
    return np_error_set_at(err, NP_ESYNTAX, f, out->bom,
                           "front matter opened here is never closed (no "
                           "'---' or '...' line follows)");
  }
  out->front_matter.start = open_end;
  out->front_matter.end = out->close.start;
  out->body.start = out->close.end;
  out->body.end = f.len;
  np_slice fm = np_slice_from(f.ptr + open_end, out->close.start - open_end);
  const char *nul = memchr(fm.ptr, '\0', fm.len);
  if (nul) {
    return np_error_set_at(err, NP_ESYNTAX, f,
                           open_end + (size_t)(nul - fm.ptr),
                           "NUL byte in front matter");
  }
  size_t bad = np_utf8_find_invalid(fm);
  if (bad < fm.len) {
    /* A file in a legacy encoding wants converting; a UTF-8 file with a
     * stray byte pasted in wants that byte mended (iconv would refuse the
     * rest), so which it is decides the advice. */
    size_t valid = 0, invalid = 0; /* non-ASCII characters, read in turn */
    const unsigned char *u = (const unsigned char *)fm.ptr;
    for (size_t i = 0; i < fm.len;) {
      size_t n = u[i] < 0x80 ? 1 : np_utf8_sequence_length(u + i, fm.len - i);
      valid += n > 1;
      invalid += n == 0;
      i += n ? n : 1;
    }
    return np_error_set_at(
        err, NP_ESYNTAX, f, open_end + bad,
        valid > invalid
            ? "invalid UTF-8 in front matter (byte 0x%02X): the rest "
              "is UTF-8, so mend this character (a Windows-1252 "
              "character pasted in?)"
            : "invalid UTF-8 in front matter (byte 0x%02X): a legacy "
              "encoding (Windows-1252, GBK, Big5)? convert the file "
              "first, e.g. iconv -f GBK -t UTF-8",
        (unsigned)u[bad]);
  }
  check_body(f, out->body, warn, payload);
  return NP_OK;
}

/* ---- the post --------------------------------------------------------- */

/* Passes a front-matter error on as a warning, saying how it was read. */
static void demote(np_warning_fn warn, void *payload, np_error *e,
                   const char *how)
{
  if (warn) {
    size_t n = strlen(e->msg);
    snprintf(e->msg + n, sizeof e->msg - n, "; %s", how);
    e->status = NP_OK;
    warn(payload, e);
  }
  e->status = NP_OK;
}

/* Takes `bytes` (malloc'd) in every case. `lenient`: front-matter problems
 * are warnings (see np_post_read_lenient). */
static np_status make_post(np_post **out, const char *path, char *bytes,
                           size_t len, bool lenient, np_warning_fn warn,
                           void *payload, np_error *err)
{
  *out = NULL;
  np_post *post = calloc(1, sizeof *post);
  np_arena *arena = post ? np_arena_new() : NULL;
  if (!arena) {
    free(post);
    free(bytes);
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  post->arena = arena;
  post->bytes = bytes;
  post->source = np_slice_from(bytes ? bytes : "", len);
  /* a copy: callers (Lua) may free theirs while the post lives on */
  post->path = path ? np_arena_strndup(arena, path, strlen(path)) : NULL;
  if (path && !post->path) {
    np_post_free(post);
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  np_layout *l = &post->layout;
  np_error local;
  np_error *e = err ? err : &local;
  np_error_clear(e);
  np_status rc = np_post_split(l, post->source, warn, payload, e);
  bool unreadable = false;
  if (rc == NP_ESYNTAX && lenient) {
    if (l->close.end == 0) { /* never closed: no front matter at all */
      demote(warn, payload, e, "read as body");
      l->has_front_matter = false;
      l->body.start = l->bom;
      l->body.end = len;
    } else {
      demote(warn, payload, e, "read as no keys");
      unreadable = true;
    }
    rc = NP_OK;
  }
  if (rc == NP_OK && unreadable) {
    rc = np_meta_new_unreadable(&post->meta, arena, post->source,
                                l->front_matter, l->eol);
  } else if (rc == NP_OK && l->has_front_matter) {
    rc = np_meta_parse(&post->meta, arena, post->source, l->front_matter,
                       l->eol, warn, payload, e);
    if (rc == NP_ESYNTAX && lenient) {
      demote(warn, payload, e, "read as no keys");
      rc = np_meta_new_unreadable(&post->meta, arena, post->source,
                                  l->front_matter, l->eol);
    }
  } else if (rc == NP_OK) {
    rc = np_meta_new_empty(&post->meta, arena, l->eol);
  }
  if (rc < 0) {
    e->path = path;
    np_post_free(post);
    return rc;
  }
  *out = post;
  return NP_OK;
}

np_status np_post_parse(np_post **out, const char *path, np_slice bytes,
                        np_warning_fn warn, void *payload, np_error *err)
{
  *out = NULL;
  if (bytes.len > NP_MAX_POST_SIZE) {
    return np_error_set(err, NP_ELIMIT, "post larger than %zu bytes",
                        NP_MAX_POST_SIZE);
  }
  char *copy = malloc(bytes.len ? bytes.len : 1);
  if (!copy) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  if (bytes.len) {
    memcpy(copy, bytes.ptr, bytes.len);
  }
  return make_post(out, path, copy, bytes.len, false, warn, payload, err);
}

static np_status read_post(np_post **out, const char *path, bool lenient,
                           np_warning_fn warn, void *payload, np_error *err)
{
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    np_status rc =
        np_error_set(err, NP_EIO, "cannot read: %s", strerror(errno));
    if (err) {
      err->path = path;
    }
    return rc;
  }
  struct stat st;
  size_t cap = 0;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
    if ((uint64_t)st.st_size > NP_MAX_POST_SIZE) {
      fclose(f);
      np_status rc =
          np_error_set(err, NP_ELIMIT, "post larger than %zu bytes (%lld)",
                       NP_MAX_POST_SIZE, (long long)st.st_size);
      if (err) {
        err->path = path;
      }
      return rc;
    }
    cap = (size_t)st.st_size;
  } else if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    np_status rc = np_error_set(err, NP_EIO, "is a directory");
    if (err) {
      err->path = path;
    }
    return rc;
  }
  /* Read to EOF even past st_size: the file may grow while we read. */
  size_t len = 0;
  char *bytes = malloc(cap + 1);
  np_status rc = bytes ? NP_OK : NP_ENOMEM;
  while (rc == NP_OK) {
    if (len == cap + 1) {
      size_t ncap = (cap + 1) * 2;
      if (ncap - 1 > NP_MAX_POST_SIZE) {
        rc = np_error_set(err, NP_ELIMIT, "post larger than %zu bytes",
                          NP_MAX_POST_SIZE);
        break;
      }
      char *p = realloc(bytes, ncap);
      if (!p) {
        rc = NP_ENOMEM;
        break;
      }
      bytes = p;
      cap = ncap - 1;
    }
    size_t n = fread(bytes + len, 1, cap + 1 - len, f);
    len += n;
    if (n == 0) {
      if (ferror(f)) {
        rc = np_error_set(err, NP_EIO, "cannot read: %s", strerror(errno));
      }
      break;
    }
  }
  fclose(f);
  if (rc < 0) {
    free(bytes);
    if (rc == NP_ENOMEM) {
      np_error_set(err, NP_ENOMEM, "out of memory");
    }
    if (err) {
      err->path = path;
    }
    return rc;
  }
  return make_post(out, path, bytes, len, lenient, warn, payload, err);
}

np_status np_post_read(np_post **out, const char *path, np_warning_fn warn,
                       void *payload, np_error *err)
{
  return read_post(out, path, false, warn, payload, err);
}

np_status np_post_read_lenient(np_post **out, const char *path,
                               np_warning_fn warn, void *payload, np_error *err)
{
  return read_post(out, path, true, warn, payload, err);
}

void np_post_free(np_post *post)
{
  if (!post) {
    return;
  }
  np_arena_free(post->arena);
  free(post->bytes);
  free(post);
}

const char *np_post_path(const np_post *post)
{
  return post->path;
}

np_slice np_post_source(const np_post *post)
{
  return post->source;
}

const np_layout *np_post_layout(const np_post *post)
{
  return &post->layout;
}

np_meta *np_post_meta(np_post *post)
{
  return post->meta;
}

np_arena *np_post_arena(np_post *post)
{
  return post->arena;
}

bool np_post_is_markdown(const np_post *post)
{
  const char *dot = post->path ? strrchr(post->path, '.') : NULL;
  const char *slash = post->path ? strrchr(post->path, '/') : NULL;
  if (!dot || (slash && slash > dot)) {
    return true;
  }
  return !(strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0);
}

void np_post_set_memory_limit(np_post *post, size_t bytes)
{
  post->memory_limit = bytes;
}

np_status np_post_body(np_post *post, np_dom **out, np_error *err)
{
  *out = NULL;
  if (!post->dom) {
    np_dom *dom = np_arena_alloc(post->arena, sizeof *dom);
    np_status rc =
        dom ? np_dom_init(dom, post->arena, post->source) : NP_ENOMEM;
    if (rc == NP_OK) {
      dom->memory_limit = post->memory_limit;
      rc = np_post_is_markdown(post)
               ? np_markdown_parse_body(dom, post->layout.body, err)
               : np_html_parse_body(dom, post->layout.body, err);
    }
    if (rc == NP_ENOMEM) {
      np_error_set(err, NP_ENOMEM, "out of memory parsing the body");
    }
    if (rc < 0) {
      if (err) {
        err->path = post->path;
      }
      return rc;
    }
    post->dom = dom;
  }
  *out = post->dom;
  return NP_OK;
}

static np_slice range(const np_post *post, size_t start, size_t end)
{
  return np_slice_from(post->source.ptr + start, end - start);
}

/* An edited post must still read as a text post: an edit that leaves
 * mostly NUL bytes at its start (a tag the parser dropped, written no
 * more) would make it read as binary. */
static np_status check_reads_as_text(const np_post *post, np_slice written,
                                     np_error *err)
{
  np_error why;
  np_error_clear(&why);
  if (check_is_text(written, &why) == NP_OK) {
    return NP_OK;
  }
  return np_error_set_at(err, NP_EREFUSED, post->source, 0,
                         "the edited post would not read back (%s); the post "
                         "is not written",
                         why.msg);
}

np_status np_post_serialize(np_post *post, np_buf *out, np_error *err)
{
  const np_layout *l = &post->layout;
  size_t start = out->len;
  np_status rc = NP_OK;
  if (l->has_front_matter) {
    rc = np_buf_append_slice(out, range(post, 0, l->front_matter.start));
    if (rc == NP_OK) {
      rc = np_meta_write(post->meta, out, err);
    }
    if (rc == NP_OK) {
      rc = np_buf_append_slice(out, range(post, l->close.start, l->close.end));
    }
  } else {
    rc = np_buf_append_slice(out, range(post, 0, l->bom));
    if (rc == NP_OK && np_meta_count(post->meta) > 0) {
      /* the post gains front matter: delimiters in the body's line ends */
      rc = np_buf_append_str(out, "---");
      if (rc == NP_OK) {
        rc = np_buf_append_str(out, l->eol);
      }
      if (rc == NP_OK) {
        rc = np_meta_write(post->meta, out, err);
      }
      if (rc == NP_OK) {
        rc = np_buf_append_str(out, "---");
      }
      if (rc == NP_OK) {
        rc = np_buf_append_str(out, l->eol);
      }
    }
  }
  if (rc == NP_OK && post->dom) {
    size_t body = out->len;
    rc = np_html_serialize(out, post->dom, post->dom->root, 0);
    if (rc == NP_OK && post->dom->is_markdown &&
        (post->dom->root->flags & NP_NODE_CHANGED)) {
      rc = np_markdown_check(
          post->dom, np_slice_from(out->data + body, out->len - body), err);
    }
  } else if (rc == NP_OK) {
    rc = np_buf_append_slice(out, range(post, l->body.start, l->body.end));
  }
  np_slice written = out->len > start
                         ? np_slice_from(out->data + start, out->len - start)
                         : np_slice_from("", 0);
  if (rc == NP_OK && !np_slice_eq(written, post->source)) {
    rc = check_reads_as_text(post, written, err);
  }
  if (rc < 0) {
    np_buf_truncate(out, start); /* nothing of a post not written */
    if (err) {
      err->path = post->path;
    }
  }
  return rc;
}
