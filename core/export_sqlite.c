/* Rows travel from workers to the committer as nine length-prefixed
 * fields (path, title, date, date_unix, url, tags, meta, text, html); a
 * length of UINT32_MAX is SQL NULL. */
#include "export_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "date.h"
#include "fts.h"
#include "json.h"
#include "meta.h"
#include "serialize.h"

#define NFIELDS 9
#define NULL_FIELD UINT32_MAX
#define BATCH 500 /* rows a transaction */

struct np_sqlite_out {
  sqlite3 *db;
  sqlite3_stmt *upsert, *clear_tags, *add_tags;
  size_t pending;
};

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS posts("
    " id INTEGER PRIMARY KEY,"
    " path TEXT NOT NULL UNIQUE,"
    " title TEXT, date TEXT, date_unix INTEGER, url TEXT,"
    " tags TEXT NOT NULL DEFAULT '[]',"
    " meta TEXT NOT NULL DEFAULT '{}',"
    " text TEXT NOT NULL DEFAULT '', html TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS tags("
    " post INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (post, tag))"
    " WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS tags_by_tag ON tags(tag);"
    "CREATE INDEX IF NOT EXISTS posts_by_date ON posts(date_unix);";

static const char fts_schema[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS posts_fts USING fts5("
    " title, text, content='posts', content_rowid='id',"
    " tokenize='newspipe');"
    "CREATE TRIGGER IF NOT EXISTS posts_fts_insert AFTER INSERT ON posts"
    " BEGIN INSERT INTO posts_fts(rowid, title, text)"
    " VALUES (new.id, new.title, new.text); END;"
    "CREATE TRIGGER IF NOT EXISTS posts_fts_delete AFTER DELETE ON posts"
    " BEGIN INSERT INTO posts_fts(posts_fts, rowid, title, text)"
    " VALUES ('delete', old.id, old.title, old.text); END;"
    "CREATE TRIGGER IF NOT EXISTS posts_fts_update AFTER UPDATE ON posts"
    " BEGIN INSERT INTO posts_fts(posts_fts, rowid, title, text)"
    " VALUES ('delete', old.id, old.title, old.text);"
    " INSERT INTO posts_fts(rowid, title, text)"
    " VALUES (new.id, new.title, new.text); END;";

static np_status fail(np_error *err, sqlite3 *db, const char *what)
{
  return np_error_set(err, NP_EIO, "%s: %s", what,
                      db ? sqlite3_errmsg(db) : "out of memory");
}

np_status np_sqlite_out_open(np_sqlite_out **out, const char *path, bool fts,
                             np_error *err)
{
  *out = NULL;
  np_sqlite_out *s = calloc(1, sizeof *s);
  if (!s) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  np_status rc = NP_OK;
  char *why = NULL;
  if (sqlite3_open(path, &s->db) != SQLITE_OK) {
    rc = np_error_set(err, NP_EIO, "cannot open %s: %s", path,
                      s->db ? sqlite3_errmsg(s->db) : "out of memory");
  } else if (np_fts_register(s->db, &why) != SQLITE_OK ||
             sqlite3_exec(s->db, schema, NULL, NULL, &why) != SQLITE_OK ||
             (fts &&
              sqlite3_exec(s->db, fts_schema, NULL, NULL, &why) != SQLITE_OK)) {
    rc = np_error_set(err, NP_EIO, "%s: %s", path,
                      why ? why : sqlite3_errmsg(s->db));
  } else if (sqlite3_prepare_v2(
                 s->db,
                 "INSERT INTO posts(path, title, date, date_unix, url, tags,"
                 " meta, text, html) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"
                 " ON CONFLICT(path) DO UPDATE SET title = excluded.title,"
                 " date = excluded.date, date_unix = excluded.date_unix,"
                 " url = excluded.url, tags = excluded.tags,"
                 " meta = excluded.meta, text = excluded.text,"
                 " html = excluded.html",
                 -1, &s->upsert, NULL) != SQLITE_OK ||
             sqlite3_prepare_v2(s->db,
                                "DELETE FROM tags WHERE post ="
                                " (SELECT id FROM posts WHERE path = ?1)",
                                -1, &s->clear_tags, NULL) != SQLITE_OK ||
             sqlite3_prepare_v2(
                 s->db,
                 "INSERT OR IGNORE INTO tags(post, tag) SELECT posts.id,"
                 " json_each.value FROM posts, json_each(posts.tags)"
                 " WHERE posts.path = ?1 AND json_each.type = 'text'",
                 -1, &s->add_tags, NULL) != SQLITE_OK ||
             sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
    rc = fail(err, s->db, path);
  }
  sqlite3_free(why);
  if (rc < 0) {
    np_sqlite_out_close(s, NULL);
    return rc;
  }
  *out = s;
  return NP_OK;
}

/* ---- rendering, on workers ---- */

static np_status field(np_buf *out, const char *bytes, size_t len)
{
  uint32_t n = bytes ? (uint32_t)len : NULL_FIELD;
  np_status rc = np_buf_append(out, &n, sizeof n);
  return rc == NP_OK && bytes ? np_buf_append(out, bytes, len) : rc;
}

static np_status field_buf(np_buf *out, const np_buf *b)
{
  return field(out, b->data ? b->data : "", b->len);
}

static const np_value *get(np_meta *meta, const char *key)
{
  return np_meta_get(meta, np_slice_from(key, strlen(key)));
}

static const np_value *string_value(np_meta *meta, const char *key)
{
  const np_value *v = get(meta, key);
  return v && v->kind == NP_VALUE_STRING ? v : NULL;
}

np_status np_sqlite_out_render(np_buf *out, np_post *post, np_error *err)
{
  np_meta *meta = np_post_meta(post);
  np_dom *dom = NULL;
  np_status rc = np_post_body(post, &dom, err);
  if (rc < 0) {
    return rc;
  }
  np_buf tmp;
  np_buf_init(&tmp);
  const char *path = np_post_path(post);
  rc = field(out, path, strlen(path));
  const np_value *title = string_value(meta, "title");
  if (rc == NP_OK) {
    rc = title ? field(out, title->as.string.ptr, title->as.string.len)
               : field(out, NULL, 0);
  }
  /* the date: ISO 8601 and Unix seconds when typed, else as written */
  const np_value *date = get(meta, "date");
  if (rc == NP_OK && date && date->kind == NP_VALUE_TIMESTAMP) {
    rc = np_timestamp_format_iso(&tmp, &date->as.timestamp);
    rc = rc < 0 ? rc : field_buf(out, &tmp);
    char unix_text[32];
    int n = snprintf(unix_text, sizeof unix_text, "%lld",
                     (long long)date->as.timestamp.seconds);
    rc = rc < 0 ? rc : field(out, unix_text, (size_t)n);
  } else if (rc == NP_OK) {
    const np_value *s = date && date->kind == NP_VALUE_STRING ? date : NULL;
    rc = s ? field(out, s->as.string.ptr, s->as.string.len)
           : field(out, NULL, 0);
    rc = rc < 0 ? rc : field(out, NULL, 0);
  }
  const np_value *url = string_value(meta, "url");
  url = url ? url : string_value(meta, "from");
  if (rc == NP_OK) {
    rc = url ? field(out, url->as.string.ptr, url->as.string.len)
             : field(out, NULL, 0);
  }
  /* tags: a list as JSON, a single string as a list of one */
  const np_value *tags = get(meta, "tags");
  np_buf_clear(&tmp);
  if (rc == NP_OK) {
    if (tags && tags->kind == NP_VALUE_LIST) {
      rc = np_json_value(&tmp, tags);
    } else if (tags && tags->kind == NP_VALUE_STRING) {
      rc = np_buf_append_char(&tmp, '[');
      rc = rc < 0 ? rc : np_json_string(&tmp, tags->as.string);
      rc = rc < 0 ? rc : np_buf_append_char(&tmp, ']');
    } else {
      rc = np_buf_append_str(&tmp, "[]");
    }
    rc = rc < 0 ? rc : field_buf(out, &tmp);
  }
  np_buf_clear(&tmp);
  if (rc == NP_OK) {
    rc = np_buf_append_char(&tmp, '{');
    for (size_t i = 0; rc == NP_OK && i < np_meta_count(meta); i++) {
      rc = i ? np_buf_append_char(&tmp, ',') : NP_OK;
      rc = rc < 0 ? rc : np_json_string(&tmp, np_meta_key_at(meta, i));
      rc = rc < 0 ? rc : np_buf_append_char(&tmp, ':');
      rc = rc < 0 ? rc : np_json_value(&tmp, np_meta_value_at(meta, i));
    }
    rc = rc < 0 ? rc : np_buf_append_char(&tmp, '}');
    rc = rc < 0 ? rc : field_buf(out, &tmp);
  }
  np_buf_clear(&tmp);
  rc = rc < 0 ? rc : np_text_serialize(&tmp, dom->root);
  rc = rc < 0 ? rc : field_buf(out, &tmp);
  np_buf_clear(&tmp);
  rc = rc < 0
           ? rc
           : np_html_serialize_inner(&tmp, dom, dom->root, NP_SERIALIZE_FRESH);
  rc = rc < 0 ? rc : field_buf(out, &tmp);
  np_buf_fini(&tmp);
  if (rc < 0 && err && err->status == NP_OK) {
    np_error_set(err, rc, "sqlite: %s", np_status_name(rc));
  }
  return rc;
}

/* ---- committing ---- */

np_status np_sqlite_out_add(np_sqlite_out *s, np_slice row, np_error *err)
{
  const char *p = row.ptr, *end = row.ptr + row.len;
  for (int i = 1; i <= NFIELDS; i++) {
    uint32_t n;
    if ((size_t)(end - p) < sizeof n) {
      return np_error_set(err, NP_EINTERNAL, "sqlite: a truncated row");
    }
    memcpy(&n, p, sizeof n);
    p += sizeof n;
    if (n == NULL_FIELD) {
      sqlite3_bind_null(s->upsert, i);
    } else if (i == 4) { /* date_unix, as decimal text */
      char digits[32] = "";
      memcpy(digits, p, n < sizeof digits - 1 ? n : sizeof digits - 1);
      sqlite3_bind_int64(s->upsert, i, strtoll(digits, NULL, 10));
      p += n;
    } else {
      sqlite3_bind_text(s->upsert, i, p, (int)n, SQLITE_STATIC);
      p += n;
    }
  }
  uint32_t path_len;
  memcpy(&path_len, row.ptr, sizeof path_len);
  const char *path = row.ptr + sizeof path_len;
  np_status rc = NP_OK;
  if (sqlite3_step(s->upsert) != SQLITE_DONE) {
    rc = fail(err, s->db, "sqlite");
  }
  sqlite3_reset(s->upsert);
  sqlite3_clear_bindings(s->upsert);
  for (int k = 0; rc == NP_OK && k < 2; k++) {
    sqlite3_stmt *st = k == 0 ? s->clear_tags : s->add_tags;
    sqlite3_bind_text(st, 1, path, (int)path_len, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = fail(err, s->db, "sqlite");
    }
    sqlite3_reset(st);
  }
  if (rc == NP_OK && ++s->pending >= BATCH) {
    if (sqlite3_exec(s->db, "COMMIT; BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
      rc = fail(err, s->db, "sqlite");
    }
    s->pending = 0;
  }
  return rc;
}

np_status np_sqlite_out_close(np_sqlite_out *s, np_error *err)
{
  if (!s) {
    return NP_OK;
  }
  np_status rc = NP_OK;
  if (s->db && sqlite3_get_autocommit(s->db) == 0 &&
      sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    rc = fail(err, s->db, "sqlite");
  }
  sqlite3_finalize(s->upsert);
  sqlite3_finalize(s->clear_tags);
  sqlite3_finalize(s->add_tags);
  /* WAL made the build fast; the database handed over is one file, which
   * readers without write access (newspipe search, a web server) open
   * without leaving -wal and -shm files beside it */
  if (rc == NP_OK && s->db &&
      sqlite3_exec(s->db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) !=
          SQLITE_OK) {
    rc = fail(err, s->db, "sqlite");
  }
  sqlite3_close(s->db);
  free(s);
  return rc;
}
