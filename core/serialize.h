/* Writing a body tree back out. HTML: an untouched subtree is copied from
 * the file, an edited one re-emitted only where it changed, so an edit
 * changes only the edited element's bytes. */
#ifndef NP_SERIALIZE_H
#define NP_SERIALIZE_H

#include "buf.h"
#include "dom.h"

enum {
  /** Never copy a whole subtree's span, even when unchanged: forces the
   * node-by-node path (tags, texts, gaps). For tests. */
  NP_SERIALIZE_NO_SUBTREE_COPY = 1u << 0,
  /** Ignore the file: write the tree as standard HTML (what a browser's
   * outerHTML gives), Markdown-made elements included. */
  NP_SERIALIZE_FRESH = 1u << 1,
};

/** Appends the HTML of `node` (its outer HTML; for the document node, the
 * whole body). Void elements and escaping follow the HTML standard's
 * serialisation algorithm for what is written fresh. */
np_status np_html_serialize(np_buf *out, const np_dom *dom, const np_node *node,
                            unsigned flags);

/** Appends the HTML of `node`'s children (its inner HTML). */
np_status np_html_serialize_inner(np_buf *out, const np_dom *dom,
                                  const np_node *node, unsigned flags);

/** True for the HTML void elements (br, img, ...), which have no end tag. */
bool np_html_is_void(np_slice name);

/** Whether the element `n` is void: an HTML element of a void name (not
 * one inside SVG or MathML). */
bool np_node_is_void(const np_node *n);

/** Appends the text of `node` as a reader sees it, close to a browser's
 * innerText: whitespace runs (and U+00A0) collapse to one space, block
 * elements start new lines (paragraphs and headings with a blank line
 * between), <br> breaks a line, table cells are separated by tabs, <pre>
 * keeps its text as is, and script, style, template, noscript and comments
 * give nothing. Leading and trailing blanks are trimmed. */
np_status np_text_serialize(np_buf *out, const np_node *node);

/** Appends `node` (an element, or the document for a whole body) as
 * Markdown: headings, paragraphs, emphasis, strong, code, links, images,
 * lists, blockquotes, code blocks, tables, rules and line breaks. What
 * Markdown cannot express (other elements, attributes it has no syntax
 * for, tables with block content) is written as HTML, whose content is
 * then HTML too. Text is escaped so it reads back as the same text. */
np_status np_markdown_serialize(np_buf *out, const np_dom *dom,
                                const np_node *node);

#endif
