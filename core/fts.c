/* Documents: a run of CJK characters c0 c1 c2 gives, position by
 * position, c0; c1 with c0c1 colocated; c2 with c1c2 colocated. A query
 * word c0..cn-1 is the phrase c0, c0c1, c1c2, ..., which matches exactly
 * where the word is written (a bigram ends where its position is), and
 * spans the word's n positions, so highlight() and snippet(), which mark
 * positions, mark the whole word. A one-character query is its unigram.
 * Other text: runs of letters and digits, folded to lower case (ASCII,
 * Latin-1, Greek, Cyrillic, fullwidth Latin), as unicode61 does without
 * removing diacritics. Invalid UTF-8 separates. */
#ifdef NP_FTS_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#endif

#include "fts.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The code point at s[0] and its length; length 1 and U+FFFD for a byte
 * that starts no valid sequence. */
static uint32_t decode(const unsigned char *s, int n, int *len)
{
  uint32_t c = s[0];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  int need = c >= 0xF0 && c < 0xF5 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
  if (need < 0 || need >= n) {
    *len = 1;
    return 0xFFFD;
  }
  c &= 0x3F >> need;
  for (int i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    c = c << 6 | (s[i] & 0x3F);
  }
  *len = need + 1;
  return c;
}

static bool is_cjk(uint32_t c)
{
  return (c >= 0x3040 && c <= 0x30FF) || /* hiragana, katakana */
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || /* Hangul syllables */
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

/* Letters and digits of other scripts; punctuation, symbols and spaces
 * (ASCII's, Latin-1's, U+2000-2BFF, CJK punctuation, fullwidth
 * punctuation, emoji) separate words. */
static bool is_word(uint32_t c)
{
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }
  if (c < 0xC0 || c == 0xD7 || c == 0xF7 || c == 0xFFFD) {
    return false;
  }
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0x1F000 && c <= 0x1FAFF)) {
    return false;
  }
  if (c >= 0xFF00 && c <= 0xFF65) { /* fullwidth: only letters, digits */
    return (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
           (c >= 0xFF41 && c <= 0xFF5A);
  }
  return true;
}

static uint32_t fold(uint32_t c)
{
  if (c >= 'A' && c <= 'Z') {
    return c + 32;
  }
  if (c >= 0xFF21 && c <= 0xFF3A) { /* fullwidth A-Z */
    return c - 0xFF21 + 'a';
  }
  if (c >= 0xFF41 && c <= 0xFF5A) {
    return c - 0xFF41 + 'a';
  }
  if (c >= 0xFF10 && c <= 0xFF19) {
    return c - 0xFF10 + '0';
  }
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
      (c >= 0x410 && c <= 0x42F)) {
    return c + 32;
  }
  if (c >= 0x400 && c <= 0x40F) {
    return c + 80;
  }
  return c;
}

static int encode(uint32_t c, char *out)
{
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | c >> 6);
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | c >> 12);
    out[1] = (char)(0x80 | (c >> 6 & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | c >> 18);
  out[1] = (char)(0x80 | (c >> 12 & 0x3F));
  out[2] = (char)(0x80 | (c >> 6 & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* Longer words are indexed by their first WORD_MAX bytes. */
#define WORD_MAX 256

static int tokenize(Fts5Tokenizer *self, void *ctx, int flags, const char *text,
                    int n, token_fn token)
{
  (void)self;
  const unsigned char *s = (const unsigned char *)text;
  bool query = flags & FTS5_TOKENIZE_QUERY;
  int i = 0, rc = SQLITE_OK;
  while (i < n && rc == SQLITE_OK) {
    int len;
    uint32_t c = decode(s + i, n - i, &len);
    if (is_cjk(c)) {
      /* each character of the run, then the bigram ending with it */
      int prev = -1; /* where the previous character of the run starts */
      while (rc == SQLITE_OK && i < n && is_cjk(c)) {
        if (prev < 0 || !query) {
          rc = token(ctx, 0, text + i, len, i, i + len);
        }
        if (rc == SQLITE_OK && prev >= 0) {
          rc = token(ctx, query ? 0 : FTS5_TOKEN_COLOCATED, text + prev,
                     i + len - prev, prev, i + len);
        }
        prev = i;
        i += len;
        c = i < n ? decode(s + i, n - i, &len) : 0;
      }
    } else if (is_word(c)) {
      char word[WORD_MAX + 4];
      int wlen = 0, start = i;
      while (i < n) {
        c = decode(s + i, n - i, &len);
        if (!is_word(c) || is_cjk(c)) {
          break;
        }
        if (wlen <= WORD_MAX) {
          wlen += encode(fold(c), word + wlen);
        }
        i += len;
      }
      rc = token(ctx, 0, word, wlen, start, i);
    } else {
      i += len;
    }
  }
  return rc;
}

static int create(void *unused, const char **args, int nargs,
                  Fts5Tokenizer **out)
{
  (void)unused;
  (void)args;
  static int instance; /* stateless: any non-NULL pointer will do */
  if (nargs > 0) {
    return SQLITE_ERROR; /* the tokenizer takes no options */
  }
  *out = (Fts5Tokenizer *)(void *)&instance;
  return SQLITE_OK;
}

static void destroy(Fts5Tokenizer *t)
{
  (void)t;
}

int np_fts_register(sqlite3 *db, char **errmsg)
{
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  if (!api || api->iVersion < 2) {
    if (errmsg) {
      *errmsg = sqlite3_mprintf("this SQLite has no FTS5");
    }
    return SQLITE_ERROR;
  }
  static fts5_tokenizer tokenizer = {create, destroy, tokenize};
  return api->xCreateTokenizer(api, "newspipe", NULL, &tokenizer, NULL);
}

#ifdef NP_FTS_EXTENSION
/* The entry point SQLite derives from the file name newspipe_fts.so. */
__attribute__((visibility("default"))) int
sqlite3_newspipefts_init(sqlite3 *db, char **errmsg,
                         const sqlite3_api_routines *api);

__attribute__((visibility("default"))) int
sqlite3_newspipefts_init(sqlite3 *db, char **errmsg,
                         const sqlite3_api_routines *api)
{
  SQLITE_EXTENSION_INIT2(api);
  return np_fts_register(db, errmsg);
}
#endif
