/* HTML to np_dom with gumbo: a body parsed as the children of <body>, as a
 * browser would, every node with its span in the post file. */
#ifndef NP_HTML_H
#define NP_HTML_H

#include "dom.h"

/** Parses dom->file[body] as the content of a <body> element into the
 * children of dom->root. Spans are file offsets. Entities are decoded in
 * text and attribute values; NUL and invalid UTF-8 read as U+FFFD.
 * Returns NP_ENOMEM, or NP_ELIMIT past NP_MAX_DOM_NODES. */
np_status np_html_parse_body(np_dom *dom, np_span body, np_error *err);

/** Parses `html` (not part of the file; copied) as the content of a <body>
 * into a new detached document node `*out` whose children are the new
 * nodes, without spans: they serialise as fresh HTML. */
np_status np_html_parse_fragment(np_dom *dom, np_slice html, np_node **out,
                                 np_error *err);

#endif
