/* A set of terms found in text in one pass, leftmost and longest first: a
 * byte trie whose edges live in one hash table. Glossaries replace with it;
 * Chinese conversion protects glossary terms with it. */
#ifndef NP_TERMS_H
#define NP_TERMS_H

#include "common.h"
#include "error.h"

typedef struct np_terms np_terms;

/** A match counts only where the text has no letter or digit right before
 * and after it (checked at each end where the term itself begins or ends
 * with one), so "cat" is not found in "concatenate" but "港" is found in
 * "香港人". Letters are ASCII, Latin, Greek and Cyrillic. */
#define NP_TERMS_WHOLE_WORDS 1u

/** Returns owned (np_terms_free), or NULL when out of memory. */
np_terms *np_terms_new(unsigned flags);

void np_terms_free(np_terms *terms);

/** Adds `term` (borrowed; valid UTF-8, not empty) and stores its index in
 * `*index_out`: the number of distinct terms added before it, or the index
 * it already had when it was added before. NP_EINVAL (empty or invalid
 * UTF-8), NP_ELIMIT (over NP_TERMS_MAX_BYTES in all), NP_ENOMEM. */
np_status np_terms_add(uint32_t *index_out, np_terms *terms, np_slice term,
                       np_error *err);

/** The number of distinct terms. */
uint32_t np_terms_count(const np_terms *terms);

/** Finds the first match starting at or after byte `from` of `text`: the
 * leftmost start, and there the longest term (that passes the whole-word
 * check). Returns false when there is none; else sets `*span_out` and
 * `*index_out`. Never matches inside a UTF-8 sequence. */
bool np_terms_find(np_span *span_out, uint32_t *index_out,
                   const np_terms *terms, np_slice text, size_t from);

/** Total bytes of all terms: 256 MiB, far beyond any glossary. */
#define NP_TERMS_MAX_BYTES ((size_t)1 << 28)

#endif
