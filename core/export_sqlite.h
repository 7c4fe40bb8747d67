/* The SQLite export: a `posts` table (path unique; title, date as ISO 8601
 * and Unix seconds, url, tags and meta as JSON, text, html), a `tags`
 * table, and a `posts_fts` FTS5 index with newspipe's tokenizer (fts.h)
 * kept in step by triggers. Re-running upserts by path; records are
 * committed in input order, a transaction per batch, in WAL mode. */
#ifndef NP_EXPORT_SQLITE_H
#define NP_EXPORT_SQLITE_H

#include "buf.h"
#include "error.h"
#include "post.h"

typedef struct np_sqlite_out np_sqlite_out;

/** Opens (creating when missing) the database at `path` and its tables;
 * with `fts`, the full-text index too. NP_EIO with SQLite's message. */
np_status np_sqlite_out_open(np_sqlite_out **out, const char *path, bool fts,
                             np_error *err);

/** A worker's part: the post's row, encoded for np_sqlite_out_add. */
np_status np_sqlite_out_render(np_buf *out, np_post *post, np_error *err);

/** Upserts one rendered row (the committer's part, in input order). */
np_status np_sqlite_out_add(np_sqlite_out *s, np_slice row, np_error *err);

/** Commits what is pending and closes; NULL is fine. */
np_status np_sqlite_out_close(np_sqlite_out *s, np_error *err);

#endif
