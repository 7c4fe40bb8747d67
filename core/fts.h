/* newspipe's FTS5 tokenizer, "newspipe": Chinese, Japanese and Korean
 * text as single characters plus overlapping two-character tokens, other
 * scripts as words (letters and digits, case-folded), so a search for a
 * one- or two-character word such as 总理 finds exactly the texts holding
 * it, which SQLite's own tokenizers cannot do (unicode61 makes a whole run
 * of Han characters one token; trigram cannot match two characters).
 *
 * Built twice: into the newspipe library, and (with NP_FTS_EXTENSION) as
 * a loadable SQLite extension for the sqlite3 shell, Python and Datasette:
 * `.load newspipe_fts`, then `tokenize = 'newspipe'`. */
#ifndef NP_FTS_H
#define NP_FTS_H

#include <sqlite3.h>

/** Registers the tokenizer with `db`'s FTS5. SQLITE_OK, or an SQLite
 * error code with *errmsg (sqlite3_malloc'd; may be NULL) saying why. */
int np_fts_register(sqlite3 *db, char **errmsg);

#endif
