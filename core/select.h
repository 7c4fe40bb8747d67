/* CSS selectors (Selectors Level 4 subset) compiled once and matched on an
 * np_dom: type, universal, #id, .class, attribute selectors with the i/s
 * flags, the four combinators, lists, :not() :is() :where() :has(),
 * :first-child :last-child :only-child :nth-child(An+B [of S])
 * :nth-last-child() :nth-of-type() :nth-last-of-type() :first-of-type
 * :last-of-type :only-of-type :empty :root. */
#ifndef NP_SELECT_H
#define NP_SELECT_H

#include "dom.h"

typedef struct np_selector np_selector;

/** Compiles `css`. On a syntax error, `err->column` is the 1-based column
 * (in characters) of the problem in `css` and `err->line` is 0; returns
 * NP_ESYNTAX. Returns owned: free with np_selector_free. A compiled
 * selector is immutable and may be shared by threads. */
np_status np_selector_compile(np_selector **out, np_slice css, np_error *err);

void np_selector_free(np_selector *sel);

/** True when element `el` matches. Non-elements never match. */
bool np_selector_matches(const np_selector *sel, const np_node *el);

/** Calls `fn` for every element under `root` (not `root` itself) that
 * matches, in document order; stops early when `fn` returns false. The
 * tree must not change during the walk: collect first, then edit. */
void np_selector_each(const np_selector *sel, const np_node *root,
                      bool (*fn)(void *payload, np_node *el), void *payload);

/** True when `word` is one of the whitespace-separated words of `list`,
 * as [attr~=word] and .class match (a class attribute's classes);
 * `icase`: ASCII case-insensitively. An empty word or one with spaces is
 * never in a list. */
bool np_select_has_word(np_slice list, np_slice word, bool icase);

#endif
