/* The posts and jsonl exports (see export.h). Files are written next to
 * their final name under a temporary one and renamed over it. */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "export_sqlite.h"
#include "json.h"
#include "serialize.h"
#include "source.h"

/* ---- files ---- */

static char *join(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  char *s = malloc(la + lb + 2);
  if (s) {
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
  }
  return s;
}

/* mkdir -p of the folder part of `path` (or of `path` itself when
 * `whole`). */
static np_status make_dirs(const char *path, bool whole, np_error *err)
{
  char *p = strdup(path);
  if (!p) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  size_t len = strlen(p);
  if (!whole) {
    while (len > 0 && p[len - 1] != '/') {
      len--;
    }
    p[len] = '\0';
  }
  np_status rc = NP_OK;
  for (size_t i = 1; i <= len && rc == NP_OK; i++) {
    if (p[i] == '/' || p[i] == '\0') {
      char c = p[i];
      p[i] = '\0';
      if (mkdir(p, 0777) != 0 && errno != EEXIST) {
        rc = np_error_set(err, NP_EIO, "cannot create folder %s: %s", p,
                          strerror(errno));
      }
      p[i] = c;
    }
  }
  free(p);
  return rc;
}

/* True when the file at `path` holds exactly `bytes`. */
/* Does the file at `path` hold exactly `bytes`? `*st` is set to its stat,
 * st_mode 0 when there is no file. */
static bool holds(const char *path, np_slice bytes, struct stat *st)
{
  if (stat(path, st) != 0) {
    st->st_mode = 0;
    return false;
  }
  if (!S_ISREG(st->st_mode) || (size_t)st->st_size != bytes.len) {
    return false;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    return false;
  }
  bool same = true;
  char chunk[65536];
  size_t at = 0, n;
  while (same && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    same = at + n <= bytes.len && memcmp(chunk, bytes.ptr + at, n) == 0;
    at += n;
  }
  fclose(f);
  return same && at == bytes.len;
}

static mode_t default_mode(void)
{
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

/* A name for a temporary file beside `path`: ".NAME" in the same folder
 * (hidden, so one a crash leaves behind is not taken for a post or shown
 * among them), with room for a suffix of up to `room` bytes after it.
 * NAME is cut (at a character boundary) so that the whole name fits in
 * the 255 bytes file systems allow: a post whose own name is near that
 * limit can still be written. *len_out is where the suffix goes. NULL
 * when out of memory. */
static char *hidden_sibling(const char *path, size_t room, size_t *len_out)
{
  enum { name_max = 255 };
  const char *slash = strrchr(path, '/');
  size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
  size_t base = strlen(path + dir);
  size_t keep = name_max - 1 - room;
  if (base > keep) {
    base = keep;
    while (base > 0 && ((unsigned char)path[dir + base] & 0xC0) == 0x80) {
      base--; /* not inside a UTF-8 character */
    }
  }
  char *name = malloc(dir + 1 + base + room + 1);
  if (name) {
    memcpy(name, path, dir);
    name[dir] = '.';
    memcpy(name + dir + 1, path + dir, base);
    name[dir + 1 + base] = '\0';
    *len_out = dir + 1 + base;
  }
  return name;
}

/* Writes `bytes` to `path` through a temporary file in the same folder,
 * renamed over it; the mode is the old file's (`old`: its stat, st_mode 0
 * when there is none), or the umask's default. */
/* `durable`: fsync before the rename, so that a crash cannot leave the
 * name pointing at an empty file. Worth its cost (a disk flush a file)
 * only where the file is the user's own: in-place writes. */
static np_status write_atomically(const char *path, np_slice bytes,
                                  const struct stat *old, bool durable,
                                  np_error *err)
{
  static atomic_uint serial;
  size_t len;
  size_t room = sizeof ".newspipe-" + 32; /* PID, '-', serial, NUL */
  char *tmp = hidden_sibling(path, room, &len);
  if (!tmp) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  /* made with the umask's mode, as a new file should be: no fchmod then */
  int fd = -1;
  for (int tries = 0; fd < 0 && tries < 100; tries++) {
    snprintf(tmp + len, room, ".newspipe-%ld-%u", (long)getpid(),
             atomic_fetch_add(&serial, 1));
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) {
      break;
    }
  }
  if (fd < 0) {
    np_status rc =
        np_error_set(err, NP_EIO, "cannot write %s: %s", path, strerror(errno));
    free(tmp);
    return rc;
  }
  size_t at = 0;
  bool ok = true;
  while (ok && at < bytes.len) {
    ssize_t n = write(fd, bytes.ptr + at, bytes.len - at);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    ok = n > 0;
    at += ok ? (size_t)n : 0;
  }
  if (ok && old->st_mode != 0) {
    ok = fchmod(fd, old->st_mode & 07777) == 0; /* keep the old file's */
  }
  ok = ok && (!durable || fsync(fd) == 0);
  int saved = errno;
  ok = close(fd) == 0 && ok;
  ok = ok && rename(tmp, path) == 0;
  np_status rc = NP_OK;
  if (!ok) {
    rc = np_error_set(err, NP_EIO, "cannot write %s: %s", path,
                      strerror(saved ? saved : errno));
    unlink(tmp);
  }
  free(tmp);
  return rc;
}

/* ---- the exports ---- */

np_status np_export_open(np_export *e, bool dry_run, np_error *err)
{
  e->file = NULL;
  e->tmp_path = NULL;
  e->last_dir = NULL;
  e->written = 0;
  e->bytes = 0;
  e->new_file_mode = (unsigned)default_mode();
  if (dry_run || e->in_place) {
    return NP_OK;
  }
  if (e->kind == NP_EXPORT_POSTS || e->kind == NP_EXPORT_FILES) {
    return make_dirs(e->path, true, err);
  }
  if (e->kind == NP_EXPORT_SQLITE) {
    np_status made = make_dirs(e->path, false, err);
    return made < 0 ? made : np_sqlite_out_open(&e->db, e->path, e->fts, err);
  }
  np_status rc = make_dirs(e->path, false, err);
  if (rc < 0) {
    return rc;
  }
  size_t len;
  e->tmp_path = hidden_sibling(e->path, sizeof ".newspipe-XXXXXX", &len);
  if (!e->tmp_path) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  memcpy(e->tmp_path + len, ".newspipe-XXXXXX", sizeof ".newspipe-XXXXXX");
  int fd = mkstemp(e->tmp_path);
  e->file = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (!e->file) {
    rc = np_error_set(err, NP_EIO, "cannot write %s: %s", e->path,
                      strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(e->tmp_path);
    }
    free(e->tmp_path);
    e->tmp_path = NULL;
    return rc;
  }
  fchmod(fd, (mode_t)e->new_file_mode);
  if (e->header && e->kind == NP_EXPORT_RECORDS) {
    size_t hlen = strlen(e->header);
    if (fwrite(e->header, 1, hlen, e->file) != hlen) {
      return np_error_set(err, NP_EIO, "cannot write %s: %s", e->path,
                          strerror(errno));
    }
    e->bytes = hlen;
  }
  return NP_OK;
}

static bool wanted(const np_export *e, np_slice key)
{
  if (!e->fields) {
    return true;
  }
  for (size_t i = 0; i < e->nfields; i++) {
    if (np_slice_eq_str(key, e->fields[i])) {
      return true;
    }
  }
  return false;
}

static np_status render_jsonl(const np_export *e, np_post *post,
                              np_slice data_json, np_buf *out, np_error *err)
{
  const char *path = np_post_path(post);
  np_status rc = np_buf_append_str(out, "{\"path\":");
  if (rc == NP_OK) {
    rc = np_json_string(out, np_slice_from(path, strlen(path)));
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, ",\"meta\":{");
  }
  np_meta *meta = np_post_meta(post);
  bool first = true;
  for (size_t i = 0; rc == NP_OK && i < np_meta_count(meta); i++) {
    if (!wanted(e, np_meta_key_at(meta, i))) {
      continue;
    }
    rc = first ? NP_OK : np_buf_append_char(out, ',');
    first = false;
    if (rc == NP_OK) {
      rc = np_json_string(out, np_meta_key_at(meta, i));
    }
    if (rc == NP_OK) {
      rc = np_buf_append_char(out, ':');
    }
    if (rc == NP_OK) {
      rc = np_json_value(out, np_meta_value_at(meta, i));
    }
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, "},\"text\":");
  }
  np_dom *dom = NULL;
  if (rc == NP_OK) {
    rc = np_post_body(post, &dom, err);
  }
  if (rc == NP_OK) {
    np_buf text;
    np_buf_init(&text);
    rc = np_text_serialize(&text, dom->root);
    if (rc == NP_OK) {
      rc = np_json_string(out, np_buf_slice(&text));
    }
    np_buf_fini(&text);
  }
  if (rc == NP_OK && data_json.len > 0) {
    rc = np_buf_append_str(out, ",\"data\":");
    if (rc == NP_OK) {
      rc = np_buf_append_slice(out, data_json);
    }
  }
  if (rc == NP_OK) {
    rc = np_buf_append_str(out, "}\n");
  }
  if (rc < 0 && err && err->status == NP_OK) {
    np_error_set(err, rc, "jsonl: %s", np_status_name(rc));
  }
  return rc;
}

np_status np_export_render(const np_export *e, np_post *post,
                           np_slice data_json, np_buf *out, np_error *err)
{
  if (e->kind == NP_EXPORT_RECORDS) {
    return render_jsonl(e, post, data_json, out, err);
  }
  if (e->kind == NP_EXPORT_SQLITE) {
    return np_sqlite_out_render(out, post, err);
  }
  return np_post_serialize(post, out, err);
}

/* make_dirs for `target`'s folder, skipped when it is the folder of the
 * last file written (posts come folder by folder). */
static np_status dirs_for(np_export *e, const char *target, np_error *err)
{
  const char *slash = strrchr(target, '/');
  size_t len = slash ? (size_t)(slash - target) : 0;
  if (e->last_dir && strlen(e->last_dir) == len &&
      memcmp(e->last_dir, target, len) == 0) {
    return NP_OK;
  }
  np_status rc = make_dirs(target, false, err);
  if (rc == NP_OK) {
    free(e->last_dir);
    e->last_dir = strndup(target, len);
  }
  return rc;
}

np_status np_export_commit(np_export *e, const char *path, const char *relpath,
                           np_slice bytes, bool dry_run, bool *touched,
                           np_error *err)
{
  *touched = false;
  if (e->kind == NP_EXPORT_SQLITE) {
    if (dry_run) {
      return NP_OK;
    }
    *touched = true;
    e->written++;
    return np_sqlite_out_add(e->db, bytes, err);
  }
  if (e->kind == NP_EXPORT_RECORDS) {
    if (dry_run) {
      return NP_OK;
    }
    if (fwrite(bytes.ptr, 1, bytes.len, e->file) != bytes.len) {
      return np_error_set(err, NP_EIO, "cannot write %s: %s", e->path,
                          strerror(errno));
    }
    e->written++;
    e->bytes += bytes.len;
    *touched = true;
    return NP_OK;
  }
  char *target = e->in_place ? strdup(path) : join(e->path, relpath);
  if (!target) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  np_status rc = NP_OK;
  struct stat old;
  if (!holds(target, bytes, &old)) {
    *touched = true;
    if (!dry_run) {
      rc = e->in_place ? NP_OK : dirs_for(e, target, err);
      if (rc == NP_OK) {
        rc = write_atomically(target, bytes, &old, e->in_place, err);
      }
      e->written += rc == NP_OK;
    }
  }
  free(target);
  return rc;
}

/* ---- names of files exports ---- */

static uint64_t name_hash(const char *s)
{
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) {
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  }
  return h;
}

static bool name_taken(const np_name_set *set, const char *name)
{
  if (!set->cap) {
    return false;
  }
  for (size_t i = name_hash(name) & (set->cap - 1); set->slots[i];
       i = (i + 1) & (set->cap - 1)) {
    if (strcmp(set->slots[i], name) == 0) {
      return true;
    }
  }
  return false;
}

/* Takes `name` (owned) into the set. */
static np_status name_add(np_name_set *set, char *name)
{
  if ((set->count + 1) * 2 > set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 64;
    char **slots = calloc(cap, sizeof *slots);
    if (!slots) {
      free(name);
      return NP_ENOMEM;
    }
    for (size_t i = 0; i < set->cap; i++) {
      if (set->slots[i]) {
        size_t j = name_hash(set->slots[i]) & (cap - 1);
        while (slots[j]) {
          j = (j + 1) & (cap - 1);
        }
        slots[j] = set->slots[i];
      }
    }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
  }
  size_t i = name_hash(name) & (set->cap - 1);
  while (set->slots[i]) {
    i = (i + 1) & (set->cap - 1);
  }
  set->slots[i] = name;
  set->count++;
  return NP_OK;
}

static void name_set_free(np_name_set *set)
{
  for (size_t i = 0; i < set->cap; i++) {
    free(set->slots[i]);
  }
  free(set->slots);
  memset(set, 0, sizeof *set);
}

/* Appends one part of a path, made safe (see np_export_file_name). */
static np_status safe_part(np_buf *out, const char *p, size_t len)
{
  size_t start = out->len;
  for (size_t i = 0; i < len;) {
    const unsigned char *c = (const unsigned char *)p + i;
    size_t n = np_utf8_sequence_length(c, len - i);
    np_status rc;
    if (n == 0 || *c < 0x20 || *c == 0x7f || *c == '\\') {
      rc = np_buf_append_char(out, '_');
      n = n ? n : 1;
    } else {
      rc = np_buf_append(out, c, n);
    }
    if (rc < 0) {
      return rc;
    }
    i += n;
  }
  if (out->data[start] == '.') {
    out->data[start] = '_'; /* no hidden files, no "..": "_." */
  }
  /* at most 255 bytes, cut at a character, keeping a short extension */
  size_t plen = out->len - start;
  if (plen > 255) {
    char *part = out->data + start;
    const char *dot = NULL;
    for (size_t k = plen; k > 0 && !dot; k--) {
      dot = part[k - 1] == '.' ? part + k - 1 : NULL;
    }
    size_t ext = dot && dot != part && plen - (size_t)(dot - part) <= 16
                     ? plen - (size_t)(dot - part)
                     : 0;
    size_t keep = 255 - ext;
    while (keep > 0 && ((unsigned char)part[keep] & 0xC0) == 0x80) {
      keep--;
    }
    memmove(part + keep, part + plen - ext, ext);
    out->len = start + keep + ext;
  }
  return NP_OK;
}

np_status np_export_file_name(np_export *e, np_slice name, np_buf *out,
                              np_error *err)
{
  size_t base = out->len;
  np_status rc = NP_OK;
  size_t i = 0;
  while (rc == NP_OK && i < name.len) {
    const char *slash = memchr(name.ptr + i, '/', name.len - i);
    size_t end = slash ? (size_t)(slash - name.ptr) : name.len;
    size_t len = end - i;
    bool dot = len == 1 && name.ptr[i] == '.';
    if (len > 0 && !dot) {
      if (out->len > base) {
        rc = np_buf_append_char(out, '/');
      }
      if (rc == NP_OK) {
        rc = safe_part(out, name.ptr + i, len);
      }
    }
    i = end + 1;
  }
  if (rc == NP_OK && out->len == base) {
    rc = np_buf_append_str(out, "untitled");
  }
  /* unique in this run: "a.md", "a-2.md", "a-3.md"... */
  char *full = rc == NP_OK ? strndup(out->data + base, out->len - base) : NULL;
  if (rc == NP_OK && !full) {
    rc = NP_ENOMEM;
  }
  if (rc == NP_OK && name_taken(&e->names, full)) {
    const char *last = strrchr(full, '/');
    last = last ? last + 1 : full;
    const char *dot = strrchr(last, '.');
    size_t stem = dot && dot != last ? (size_t)(dot - full) : strlen(full);
    char *tried = NULL;
    for (unsigned n = 2; rc == NP_OK; n++) {
      free(tried);
      size_t size = strlen(full) + 16;
      tried = malloc(size);
      if (!tried) {
        rc = NP_ENOMEM;
        break;
      }
      snprintf(tried, size, "%.*s-%u%s", (int)stem, full, n, full + stem);
      if (!name_taken(&e->names, tried)) {
        break;
      }
    }
    free(full);
    full = tried;
    if (rc == NP_OK) {
      np_buf_truncate(out, base);
      rc = np_buf_append_str(out, full);
    }
  }
  if (rc == NP_OK) {
    rc = name_add(&e->names, full);
  } else {
    free(full);
  }
  if (out->data) {
    out->data[out->len] = '\0';
  }
  return rc < 0 ? np_error_set(err, rc, "out of memory") : NP_OK;
}

/* ---- feeds ---- */

np_status np_export_feed_add(np_export *e, np_slice key, np_slice xml,
                             np_error *err)
{
  size_t seq = e->seq++;
  if (key.len == 0) {
    return NP_OK;
  }
  const char *tab = memchr(key.ptr, '\t', key.len);
  char digits[32];
  size_t dlen = tab ? (size_t)(tab - key.ptr) : 0;
  if (!tab || dlen == 0 || dlen >= sizeof digits) {
    return np_error_set(err, NP_EINVAL, "feed: malformed entry key");
  }
  memcpy(digits, key.ptr, dlen);
  digits[dlen] = '\0';
  char *end;
  long long k = strtoll(digits, &end, 10);
  if (*end) {
    return np_error_set(err, NP_EINVAL, "feed: malformed entry key");
  }
  size_t limit = e->limit ? e->limit : SIZE_MAX;
  size_t at = e->nentries; /* newest first; equal keys keep input order */
  while (at > 0 && e->entries[at - 1].key < k) {
    at--;
  }
  if (at >= limit) {
    return NP_OK; /* older than every kept entry */
  }
  if (e->nentries == limit) { /* make room: drop the oldest */
    np_feed_entry *last = &e->entries[--e->nentries];
    free(last->updated);
    free(last->xml);
  } else {
    np_feed_entry *grown =
        realloc(e->entries, (e->nentries + 1) * sizeof *grown);
    if (!grown) {
      return np_error_set(err, NP_ENOMEM, "out of memory");
    }
    e->entries = grown;
  }
  np_feed_entry entry = {k, seq, strndup(tab + 1, key.len - dlen - 1),
                         malloc(xml.len ? xml.len : 1), xml.len};
  if (!entry.updated || !entry.xml) {
    free(entry.updated);
    free(entry.xml);
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  memcpy(entry.xml, xml.ptr, xml.len);
  memmove(&e->entries[at + 1], &e->entries[at],
          (e->nentries - at) * sizeof *e->entries);
  e->entries[at] = entry;
  e->nentries++;
  return NP_OK;
}

/* Writes the feed: header, <updated>, entries, end. */
static bool write_feed(np_export *e)
{
  FILE *f = e->file;
  bool ok = fputs(e->header ? e->header : "", f) >= 0;
  if (e->nentries > 0) {
    ok = ok &&
         fprintf(f, "  <updated>%s</updated>\n", e->entries[0].updated) >= 0;
  } else { /* no dated post: the feed is as new as this run */
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    ok = ok && fprintf(f, "  <updated>%s</updated>\n", now) >= 0;
  }
  for (size_t i = 0; ok && i < e->nentries; i++) {
    ok =
        fwrite(e->entries[i].xml, 1, e->entries[i].len, f) == e->entries[i].len;
  }
  return ok && fputs("</feed>\n", f) >= 0;
}

np_status np_export_close(np_export *e, bool complete, np_error *err)
{
  /* a database keeps what was committed, complete or not: batches are
   * transactions, and the posts before a stop are in */
  np_status rc = np_sqlite_out_close(e->db, err);
  e->db = NULL;
  if (e->file && e->kind == NP_EXPORT_FEED && complete && !write_feed(e)) {
    complete = false;
    rc = np_error_set(err, NP_EIO, "cannot write %s: %s", e->path,
                      strerror(errno));
  }
  for (size_t i = 0; i < e->nentries; i++) {
    free(e->entries[i].updated);
    free(e->entries[i].xml);
  }
  free(e->entries);
  e->entries = NULL;
  e->nentries = 0;
  if (e->file) {
    bool ok = fflush(e->file) == 0 && fsync(fileno(e->file)) == 0;
    ok = fclose(e->file) == 0 && ok;
    e->file = NULL;
    if (ok && complete) {
      ok = rename(e->tmp_path, e->path) == 0;
    } else {
      unlink(e->tmp_path);
    }
    if (!ok && complete) {
      rc = np_error_set(err, NP_EIO, "cannot write %s: %s", e->path,
                        strerror(errno));
      unlink(e->tmp_path);
    }
  }
  free(e->tmp_path);
  e->tmp_path = NULL;
  free(e->last_dir);
  e->last_dir = NULL;
  name_set_free(&e->names);
  return rc;
}
