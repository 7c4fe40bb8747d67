/* newspipe search DB QUERY: ranked hits from the full-text index of an
 * export.sqlite database, with newspipe's tokenizer registered, so Chinese
 * words of one or two characters are found as the index stored them. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli.h"
#include "fts.h"

static const char usage[] =
    "Usage: newspipe search DB QUERY... [--count] [-n N]\n"
    "Search the full-text index of a database made by export.sqlite.\n"
    "\n"
    "QUERY is FTS5's query language: words (all must occur), \"a phrase\",\n"
    "OR, NOT, prefix*; Chinese, Japanese and Korean words match as written\n"
    "(总理 finds 总理, not 总统 or 理事).\n"
    "\n"
    "  -c, --count    print only the number of matching posts\n"
    "  -n N           at most N hits, best first (default 20; 0: all)\n"
    "  -h, --help     show this help\n"
    "\n"
    "Each hit: its path, its title and date, and a snippet with the matches\n"
    "marked ([...], or bold on a terminal).\n"
    "Exit status: 0 some post matched, 1 none did, 2 usage or database "
    "trouble.\n";

int np_cmd_search(int argc, char **argv)
{
  const char *db_path = NULL;
  bool count_only = false;
  long limit = 20;
  size_t qlen = 0;
  char *query = calloc(1, 1);
  for (int i = 1; i < argc && query; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      free(query);
      return NP_EXIT_OK;
    } else if (strcmp(a, "-c") == 0 || strcmp(a, "--count") == 0) {
      count_only = true;
    } else if (strcmp(a, "-n") == 0) {
      char *end = NULL;
      limit = i + 1 < argc ? strtol(argv[++i], &end, 10) : -1;
      if (!end || *end || limit < 0) {
        np_cli_fail("search: -n needs a number of hits");
        free(query);
        return NP_EXIT_USAGE;
      }
    } else if (!db_path) {
      db_path = a;
    } else { /* the query's words, joined by spaces */
      size_t len = strlen(a);
      char *grown = realloc(query, qlen + len + 2);
      if (!grown) {
        break;
      }
      query = grown;
      if (qlen) {
        query[qlen++] = ' ';
      }
      memcpy(query + qlen, a, len + 1);
      qlen += len;
    }
  }
  if (!query) {
    np_cli_fail("out of memory");
    return NP_EXIT_USAGE;
  }
  if (!db_path || qlen == 0) {
    fputs(usage, stderr);
    free(query);
    return NP_EXIT_USAGE;
  }
  sqlite3 *db = NULL;
  char *why = NULL;
  int status = NP_EXIT_USAGE;
  if (access(db_path, R_OK) != 0) {
    np_cli_fail("search: cannot read %s", db_path);
  } else if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
                 SQLITE_OK ||
             np_fts_register(db, &why) != SQLITE_OK) {
    np_cli_fail("search: %s: %s", db_path, why ? why : sqlite3_errmsg(db));
  } else {
    bool tty = isatty(STDOUT_FILENO);
    const char *on = tty ? "\033[1m" : "[", *off = tty ? "\033[0m" : "]";
    sqlite3_stmt *st = NULL;
    const char *sql =
        count_only
            ? "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?1"
            : "SELECT p.path, coalesce(p.title, ''), coalesce(p.date, ''),"
              " snippet(posts_fts, -1, ?2, ?3, '…', 16)"
              " FROM posts_fts JOIN posts AS p ON p.id = posts_fts.rowid"
              " WHERE posts_fts MATCH ?1 ORDER BY rank LIMIT ?4";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
      np_cli_fail("search: %s: %s (was it made by export.sqlite with its "
                  "full-text index?)",
                  db_path, sqlite3_errmsg(db));
    } else {
      sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
      if (!count_only) {
        sqlite3_bind_text(st, 2, on, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, off, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, limit ? limit : -1);
      }
      long hits = 0;
      int step;
      while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (count_only) {
          hits = (long)sqlite3_column_int64(st, 0);
          printf("%ld\n", hits);
          continue;
        }
        hits++;
        const char *date = (const char *)sqlite3_column_text(st, 2);
        printf("%s\n  %s%s%s\n  ", sqlite3_column_text(st, 0),
               sqlite3_column_text(st, 1), *date ? " · " : "", date);
        /* the snippet on one line */
        for (const unsigned char *c = sqlite3_column_text(st, 3); *c; c++) {
          putchar(*c == '\n' || *c == '\r' || *c == '\t' ? ' ' : *c);
        }
        putchar('\n');
      }
      if (step != SQLITE_DONE) {
        np_cli_fail("search: '%s': %s", query, sqlite3_errmsg(db));
      } else {
        status = hits > 0 ? NP_EXIT_OK : NP_EXIT_FAILED;
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_free(why);
  sqlite3_close(db);
  free(query);
  return status;
}
