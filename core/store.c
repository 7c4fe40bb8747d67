/* One table, (space, key) -> value, all blobs, so any bytes round-trip.
 * WAL lets workers read while one writes; a busy timeout makes writers
 * queue instead of failing; synchronous=NORMAL keeps a put from waiting on
 * the disk (a crash can lose the last puts, never corrupt the file: a lost
 * translation is asked for again). */
#include "store.h"

#include <stdlib.h>

#include <sqlite3.h>

struct np_store {
  sqlite3 *db;
  sqlite3_stmt *get, *put;
};

static np_status fail(np_error *err, sqlite3 *db, const char *what)
{
  return np_error_set(err, NP_EIO, "%s: %s", what,
                      db ? sqlite3_errmsg(db) : "out of memory");
}

np_status np_store_open(np_store **out, const char *path, np_error *err)
{
  *out = NULL;
  np_store *s = calloc(1, sizeof *s);
  if (!s) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  np_status rc = NP_OK;
  if (sqlite3_open_v2(path, &s->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                          SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    rc = np_error_set(err, NP_EIO, "cannot open %s: %s", path,
                      s->db ? sqlite3_errmsg(s->db) : "out of memory");
  } else {
    sqlite3_busy_timeout(s->db, 30000);
    if (sqlite3_exec(s->db,
                     "PRAGMA journal_mode=WAL;"
                     "PRAGMA synchronous=NORMAL;"
                     "CREATE TABLE IF NOT EXISTS newspipe_store("
                     " space BLOB NOT NULL, key BLOB NOT NULL,"
                     " value BLOB NOT NULL, PRIMARY KEY (space, key))"
                     " WITHOUT ROWID;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT value FROM newspipe_store"
                           " WHERE space = ?1 AND key = ?2",
                           -1, &s->get, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT OR REPLACE INTO newspipe_store"
                           " VALUES (?1, ?2, ?3)",
                           -1, &s->put, NULL) != SQLITE_OK) {
      rc = np_error_set(err, NP_EIO, "%s: %s", path, sqlite3_errmsg(s->db));
    }
  }
  if (rc < 0) {
    np_store_free(s);
    return rc;
  }
  *out = s;
  return NP_OK;
}

void np_store_free(np_store *store)
{
  if (store) {
    sqlite3_finalize(store->get);
    sqlite3_finalize(store->put);
    sqlite3_close(store->db);
    free(store);
  }
}

/* Blobs of length 0 bind as empty, not NULL: SQLite wants a pointer. */
static int bind(sqlite3_stmt *st, int i, np_slice s)
{
  return sqlite3_bind_blob64(st, i, s.len ? s.ptr : "", s.len,
                             SQLITE_TRANSIENT);
}

np_status np_store_get(bool *found, np_store *store, np_slice space,
                       np_slice key, np_buf *value, np_error *err)
{
  *found = false;
  sqlite3_stmt *st = store->get;
  np_status rc = NP_OK;
  if (bind(st, 1, space) != SQLITE_OK || bind(st, 2, key) != SQLITE_OK) {
    rc = fail(err, store->db, "store");
  } else {
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
      const void *v = sqlite3_column_blob(st, 0);
      int len = sqlite3_column_bytes(st, 0);
      if (np_buf_append(value, v ? v : "", (size_t)len) < 0) {
        rc = np_error_set(err, NP_ENOMEM, "out of memory");
      } else {
        *found = true;
      }
    } else if (step != SQLITE_DONE) {
      rc = fail(err, store->db, "store");
    }
  }
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc;
}

np_status np_store_put(np_store *store, np_slice space, np_slice key,
                       np_slice value, np_error *err)
{
  sqlite3_stmt *st = store->put;
  np_status rc = NP_OK;
  if (bind(st, 1, space) != SQLITE_OK || bind(st, 2, key) != SQLITE_OK ||
      bind(st, 3, value) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
    rc = fail(err, store->db, "store");
  }
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc;
}
