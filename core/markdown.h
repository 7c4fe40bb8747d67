/* Markdown bodies: md4c renders the body to HTML (GitHub dialect, raw HTML
 * passing through) while recording where each piece of that HTML came from,
 * so the tree gumbo builds from it has spans in the post file. */
#ifndef NP_MARKDOWN_H
#define NP_MARKDOWN_H

#include "buf.h"
#include "dom.h"

/** Where the rendered HTML came from: a piecewise map from offsets in the
 * rendering to offsets in the file. Owned; free with np_md_map_free. */
typedef struct np_md_map np_md_map;

/** Renders dom->file[body] (Markdown) to HTML in `*html` (appended) and
 * builds `*map`; with `map` NULL, only renders (for reading the body, not
 * editing it). NP_ENOMEM, NP_ELIMIT (md4c refused the input). */
np_status np_markdown_render(np_buf *html, np_md_map **map, np_slice file,
                             np_span body, np_error *err);

void np_md_map_free(np_md_map *map);

/** The file offset of rendering offset `r`: where something starting
 * (`is_end` false) or ending (`is_end` true) at `r` is in the file. */
size_t np_md_map_to_file(const np_md_map *map, size_t r, bool is_end);

/** True when the rendering bytes [r, r + len) are copied verbatim from the
 * file (raw HTML, plain text): such a tag is the author's, not ours. */
bool np_md_map_is_verbatim(const np_md_map *map, size_t r, size_t len);

/** Parses dom->file[body] as Markdown into dom->root: rendered with
 * np_markdown_render, then parsed by gumbo as one <body> fragment, spans
 * mapped back to the file. Elements the rendering made carry
 * NP_NODE_MARKDOWN. */
np_status np_markdown_parse_body(np_dom *dom, np_span body, np_error *err);

#endif
