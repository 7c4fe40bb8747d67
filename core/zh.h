/* Chinese script conversion with OpenCC (libopencc): Simplified to
 * Traditional and back, with regional variants and phrases, by OpenCC's
 * config names. A converter is slow to load (tens of milliseconds) and not
 * to be shared between threads: make one per worker, keep it. */
#ifndef NP_ZH_H
#define NP_ZH_H

#include "buf.h"
#include "error.h"
#include "terms.h"

typedef struct np_zh np_zh;

/** Loads the converter OpenCC's `config` names: "s2t", "t2s", "s2tw",
 * "s2twp", "s2hk", "t2tw", "t2hk", "tw2s", "tw2sp", "hk2s", ... (".json"
 * optional), looked up in OpenCC's data folder, or a path to a config file.
 * Sets `*out` (owned: np_zh_free). NP_EINVAL with OpenCC's message when
 * the config cannot be loaded. Safe to call from several threads. */
np_status np_zh_open(np_zh **out, const char *config, np_error *err);

void np_zh_free(np_zh *zh);

/** Appends `text` converted. Text with no Han character is appended as it
 * is without calling OpenCC (no dictionary entry lacks one, so the result is
 * the same, only faster). NUL bytes pass through. NP_ENOMEM, or NP_EINVAL
 * with OpenCC's message. */
np_status np_zh_convert(np_zh *zh, np_buf *out, np_slice text, np_error *err);

/** Like np_zh_convert, but URLs (np_zh_find_url) and the terms `protect`
 * finds (NULL: none) are kept as they are: for prose, where a link or a
 * name must not change. */
np_status np_zh_convert_text(np_zh *zh, np_buf *out, np_slice text,
                             const np_terms *protect, np_error *err);

/** Finds the first URL starting at or after byte `from`: a scheme and
 * "://" (the scheme starting a word), or "www." at a word's start, up to a
 * blank, a control character, `"` `<` `>` or a backquote, or CJK
 * punctuation (U+3000-303F, U+FF00-FF65), without trailing `.,;:!?)`. */
bool np_zh_find_url(np_span *out, np_slice text, size_t from);

/** True when `text` holds a CJK ideograph (U+3400-4DBF, U+4E00-9FFF,
 * U+F900-FAFF, U+20000-3134F). */
bool np_zh_has_han(np_slice text);

#endif
