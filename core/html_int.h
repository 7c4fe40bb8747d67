/* Shared by html.c and markdown.c only. */
#ifndef NP_HTML_INT_H
#define NP_HTML_INT_H

#include "html.h"
#include "markdown.h"

/** Parses `rendered` (HTML made from dom->file[body] by the Markdown
 * renderer) into dom->root, with spans mapped to the file by `map`. */
np_status np_html__parse_mapped(np_dom *dom, np_span body, np_slice rendered,
                                const np_md_map *map, np_error *err);

#endif
