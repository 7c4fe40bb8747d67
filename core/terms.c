/* The trie's nodes are numbers (0 is the root); the edge from node n on byte
 * b is found in an open-addressing table keyed by (n, b). Lookups are one
 * hash probe per byte, with no per-node child arrays to size, so a 10,000-
 * term glossary costs a few hundred kilobytes and matches at memory speed. */
#include "terms.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"

#define NO_TERM UINT32_MAX

typedef struct edge {
  uint64_t key; /* (parent << 8 | byte) + 1; 0 marks an empty slot */
  uint32_t child;
} edge;

struct np_terms {
  unsigned flags;
  uint32_t *term_of; /* per node: the index of the term ending there */
  uint32_t nodes, node_cap;
  edge *edges;
  size_t edge_count, edge_cap; /* edge_cap is a power of two */
  uint32_t count;              /* distinct terms */
  size_t bytes;                /* of all terms added */
  bool can_start[256];         /* first bytes of terms */
};

static uint64_t hash_key(uint64_t key)
{
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return key;
}

static uint64_t edge_key(uint32_t parent, unsigned char byte)
{
  return ((uint64_t)parent << 8 | byte) + 1;
}

static uint32_t child_of(const np_terms *t, uint32_t parent, unsigned char byte)
{
  uint64_t key = edge_key(parent, byte);
  size_t mask = t->edge_cap - 1;
  for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask) {
    if (t->edges[i].key == key) {
      return t->edges[i].child;
    }
    if (t->edges[i].key == 0) {
      return 0;
    }
  }
}

static void put_edge(edge *edges, size_t cap, uint64_t key, uint32_t child)
{
  size_t mask = cap - 1;
  size_t i = hash_key(key) & mask;
  while (edges[i].key != 0) {
    i = (i + 1) & mask;
  }
  edges[i].key = key;
  edges[i].child = child;
}

/* Keeps the table at most half full, so probes stay short. */
static np_status grow_edges(np_terms *t)
{
  if ((t->edge_count + 1) * 2 <= t->edge_cap) {
    return NP_OK;
  }
  size_t cap = t->edge_cap * 2;
  edge *edges = calloc(cap, sizeof *edges);
  if (!edges) {
    return NP_ENOMEM;
  }
  for (size_t i = 0; i < t->edge_cap; i++) {
    if (t->edges[i].key) {
      put_edge(edges, cap, t->edges[i].key, t->edges[i].child);
    }
  }
  free(t->edges);
  t->edges = edges;
  t->edge_cap = cap;
  return NP_OK;
}

static np_status new_node(uint32_t *out, np_terms *t)
{
  if (t->nodes == t->node_cap) {
    uint32_t cap = t->node_cap * 2;
    uint32_t *grown = realloc(t->term_of, cap * sizeof *grown);
    if (!grown) {
      return NP_ENOMEM;
    }
    t->term_of = grown;
    t->node_cap = cap;
  }
  t->term_of[t->nodes] = NO_TERM;
  *out = t->nodes++;
  return NP_OK;
}

np_terms *np_terms_new(unsigned flags)
{
  np_terms *t = calloc(1, sizeof *t);
  if (!t) {
    return NULL;
  }
  t->flags = flags;
  t->node_cap = 64;
  t->edge_cap = 128;
  t->term_of = malloc(t->node_cap * sizeof *t->term_of);
  t->edges = calloc(t->edge_cap, sizeof *t->edges);
  if (!t->term_of || !t->edges) {
    np_terms_free(t);
    return NULL;
  }
  t->term_of[0] = NO_TERM;
  t->nodes = 1;
  return t;
}

void np_terms_free(np_terms *terms)
{
  if (terms) {
    free(terms->term_of);
    free(terms->edges);
    free(terms);
  }
}

uint32_t np_terms_count(const np_terms *terms)
{
  return terms->count;
}

np_status np_terms_add(uint32_t *index_out, np_terms *t, np_slice term,
                       np_error *err)
{
  *index_out = NO_TERM;
  if (term.len == 0) {
    return np_error_set(err, NP_EINVAL, "a term cannot be empty");
  }
  if (np_utf8_find_invalid(term) != term.len) {
    return np_error_set(err, NP_EINVAL, "a term must be valid UTF-8");
  }
  if (term.len > NP_TERMS_MAX_BYTES - t->bytes || t->count == NO_TERM - 1) {
    return np_error_set(err, NP_ELIMIT, "too many terms (%zu bytes at most)",
                        NP_TERMS_MAX_BYTES);
  }
  uint32_t node = 0;
  for (size_t i = 0; i < term.len; i++) {
    unsigned char byte = (unsigned char)term.ptr[i];
    uint32_t next = child_of(t, node, byte);
    if (next == 0) {
      if (grow_edges(t) < 0 || new_node(&next, t) < 0) {
        return np_error_set(err, NP_ENOMEM, "out of memory");
      }
      put_edge(t->edges, t->edge_cap, edge_key(node, byte), next);
      t->edge_count++;
    }
    node = next;
  }
  if (t->term_of[node] == NO_TERM) {
    t->term_of[node] = t->count++;
    t->bytes += term.len;
    t->can_start[(unsigned char)term.ptr[0]] = true;
  }
  *index_out = t->term_of[node];
  return NP_OK;
}

/* Letters and digits for the whole-word check: ASCII, Latin-1 and Latin
 * Extended (U+00C0-U+024F but × and ÷), combining marks, Greek and
 * Cyrillic (U+0370-U+052F). Han, kana and Hangul are not: those scripts
 * write words without spaces. */
static bool is_word_char(uint32_t c)
{
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }
  if (c == 0xD7 || c == 0xF7) {
    return false;
  }
  return (c >= 0xC0 && c <= 0x24F) || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x370 && c <= 0x52F);
}

/* The code point that starts at text[at], or 0 when there is none. */
static uint32_t char_at(np_slice text, size_t at)
{
  const unsigned char *s = (const unsigned char *)text.ptr + at;
  size_t n = np_utf8_sequence_length(s, text.len - at);
  return n ? np_utf8_decode(s, n) : 0;
}

/* The code point that ends just before text[at], or 0. */
static uint32_t char_before(np_slice text, size_t at)
{
  size_t start = at;
  while (start > 0 && at - start < 4) {
    start--;
    if (((unsigned char)text.ptr[start] & 0xC0) != 0x80) {
      break;
    }
  }
  if (start == at) {
    return 0;
  }
  const unsigned char *s = (const unsigned char *)text.ptr + start;
  size_t n = np_utf8_sequence_length(s, at - start);
  return n == at - start ? np_utf8_decode(s, n) : 0;
}

/* A match [start, end) is a whole word when no word character touches a
 * word character of the term across either end. */
static bool is_whole_word(np_slice text, size_t start, size_t end)
{
  if (is_word_char(char_at(text, start)) &&
      is_word_char(char_before(text, start))) {
    return false;
  }
  return !(end < text.len && is_word_char(char_before(text, end)) &&
           is_word_char(char_at(text, end)));
}

bool np_terms_find(np_span *span_out, uint32_t *index_out, const np_terms *t,
                   np_slice text, size_t from)
{
  const unsigned char *s = (const unsigned char *)text.ptr;
  bool whole_words = t->flags & NP_TERMS_WHOLE_WORDS;
  for (size_t start = from; start < text.len; start++) {
    /* terms are valid UTF-8, so they begin with no continuation byte and
     * a match cannot begin inside a character */
    if (!t->can_start[s[start]]) {
      continue;
    }
    uint32_t node = 0, best = NO_TERM;
    size_t best_end = 0;
    for (size_t i = start; i < text.len; i++) {
      node = child_of(t, node, s[i]);
      if (node == 0) {
        break;
      }
      if (t->term_of[node] != NO_TERM &&
          (!whole_words || is_whole_word(text, start, i + 1))) {
        best = t->term_of[node];
        best_end = i + 1;
      }
    }
    if (best != NO_TERM) {
      span_out->start = start;
      span_out->end = best_end;
      *index_out = best;
      return true;
    }
  }
  return false;
}
