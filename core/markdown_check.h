/* The read-back check of an edited Markdown body. What md4c reads from
 * rewritten bytes depends on the unchanged bytes around them, in more
 * ways than a writer can list, so before an edited Markdown body is
 * written it is read back and compared with the tree it was written
 * from, as the front matter's rewrite is (meta.c). */
#ifndef NP_MARKDOWN_CHECK_H
#define NP_MARKDOWN_CHECK_H

#include "dom.h"

/** Reads `written` (a whole Markdown body) back as np_post_body would and
 * compares it with `dom`, the tree it was written from: the same
 * elements with the same attributes, nested the same way, the same
 * comments, and between them the same text, white space aside (runs of
 * it count as one space; runs of nothing else are dropped). Empty
 * paragraphs, which show nothing, count for nothing. Returns
 * NP_OK when they agree; NP_EREFUSED when they do not, `err` naming the
 * first difference and its place in dom->file (the element's, or that of
 * its nearest ancestor from the file); NP_ENOMEM, NP_ELIMIT (the written
 * body is past dom->memory_limit) as parsing does. */
np_status np_markdown_check(const np_dom *dom, np_slice written, np_error *err);

#endif
