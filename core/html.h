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

/* Past these, gumbo's time grows with the square of the input (0.07 s
 * at 10,000 levels, 10 s at 100,000; hours for a million attributes), so
 * such bodies are refused. The shared corpus's posts nest at most 22 deep
 * and put at most 34 attributes on a tag. */
#define NP_HTML_MAX_DEPTH 10000
#define NP_HTML_MAX_ATTRIBUTES 10000

typedef enum np_html_limit_kind {
  NP_HTML_WITHIN_LIMITS,
  NP_HTML_TOO_DEEP,           /**< elements open inside each other */
  NP_HTML_TOO_MANY_ATTRIBUTES /**< on one tag */
} np_html_limit_kind;

typedef struct np_html_limit {
  np_html_limit_kind kind;
  size_t offset; /**< of the tag that went past the limit, in the text */
  size_t count;  /**< the depth or number of attributes there */
  /* What the whole text holds (when within the limits), for the cost. */
  size_t tags, attributes, texts;
} np_html_limit;

/** Scans `html` in linear time for nesting deeper than NP_HTML_MAX_DEPTH
 * or a tag with more than NP_HTML_MAX_ATTRIBUTES attributes, as gumbo
 * would read it (closely enough: end tags close to the nearest open
 * element of their name). NP_ELIMIT with `hit` filled in, NP_OK, or
 * NP_ENOMEM. */
np_status np_html_check_limits(np_slice html, np_html_limit *hit);

/** About the peak memory, in bytes, of parsing `len` bytes of HTML that
 * np_html_check_limits found `scan` in: gumbo's tree and the document's,
 * which exist together for a moment. Measured: 450 bytes per element,
 * 300 per attribute and per text node, 6 per byte of text. */
size_t np_html_parse_cost(const np_html_limit *scan, size_t len);

#endif
