/* A post body as one mutable tree: document, elements, text, comments, all
 * in the post's arena, each parsed node with its span in the post file.
 * Edits mark what changed so serialising copies every untouched byte. */
#ifndef NP_DOM_H
#define NP_DOM_H

#include "arena.h"
#include "error.h"

typedef enum np_node_kind {
  NP_NODE_DOCUMENT,
  NP_NODE_ELEMENT,
  NP_NODE_TEXT,
  NP_NODE_COMMENT
} np_node_kind;

typedef struct np_attr {
  np_slice name;  /**< lower-case for HTML elements */
  np_slice value; /**< entities decoded */
  np_span span;   /**< `name="value"` in the file; {0,0} when set since */
} np_attr;

/* np_node.flags */
enum {
  /** The node came from the file: `span` (and for elements `inner`) hold. */
  NP_NODE_FROM_SOURCE = 1u << 0,
  /** An element whose start tag is in the file at [span.start, inner.start);
   * not for elements the HTML parser implied or cloned. */
  NP_NODE_OWN_START_TAG = 1u << 1,
  /** An element whose end tag is in the file at [inner.end, span.end). */
  NP_NODE_OWN_END_TAG = 1u << 2,
  /** The file bytes at `span` are exactly this subtree (no node the parser
   * moved in or out), so an unchanged subtree may be copied from them. */
  NP_NODE_EXACT = 1u << 3,
  /** Name, attributes or text changed. */
  NP_NODE_SELF_CHANGED = 1u << 4,
  /** Children were added, removed or reordered. */
  NP_NODE_CHILDREN_CHANGED = 1u << 5,
  /** Something below changed. */
  NP_NODE_DESCENDANT_CHANGED = 1u << 6,
  /** An element the Markdown rendering made (its "tags" in the file are
   * Markdown syntax such as "## " or "*", possibly empty). */
  NP_NODE_MARKDOWN = 1u << 7,
  /** An element of SVG or MathML, where HTML's void names (source, img,
   * track) are ordinary elements with children and end tags. */
  NP_NODE_FOREIGN = 1u << 8,
  /** Any edit at or below the node. */
  NP_NODE_CHANGED = NP_NODE_SELF_CHANGED | NP_NODE_CHILDREN_CHANGED |
                    NP_NODE_DESCENDANT_CHANGED,
};

typedef struct np_node np_node;

struct np_node {
  np_node_kind kind;
  unsigned flags;
  np_node *parent, *first_child, *last_child, *prev, *next;
  /** The parent it was parsed under: its leading gap is copied only there. */
  const np_node *source_parent;
  np_slice name;  /**< elements: tag name */
  np_attr *attrs; /**< elements: in source order */
  size_t nattrs, attrs_cap;
  np_slice text; /**< text: decoded characters; comment: its content */
  np_span span;  /**< the whole node in the file */
  np_span inner; /**< elements: between start tag and end tag */
  /** File offset where the bytes between the previous sibling and this
   * node begin (whitespace, stray tags the parser dropped): written before
   * the node while it stays under `source_parent`, dropped with it. */
  size_t lead;
  /** Elements and the document: where the bytes after the last child and
   * before the end tag begin; == inner.end when there are none. */
  size_t tail;
};

/** A body tree. Nodes are allocated in `arena` and never freed singly: a
 * removed node stays readable until the post is freed. */
typedef struct np_dom {
  np_arena *arena;
  np_node *root; /**< NP_NODE_DOCUMENT */
  np_slice file; /**< the post file the spans point into */
  /** The body is Markdown: text written fresh outside raw HTML is escaped
   * for Markdown, and new blocks start on their own line. */
  bool is_markdown;
  /** Bytes parsing the body may take (np_html_parse_cost); 0: no limit. */
  size_t memory_limit;
} np_dom;

/** An empty document over `file`, in `arena`. */
np_status np_dom_init(np_dom *dom, np_arena *arena, np_slice file);

np_node *np_dom_new_element(np_dom *dom, np_slice name);
np_node *np_dom_new_text(np_dom *dom, np_slice text);
np_node *np_dom_new_comment(np_dom *dom, np_slice text);

/* ---- editing: each returns NP_EINVAL (with a message) on a misuse that
 * input could cause: inserting a node into itself or its descendants,
 * children under a text node, moving the document node. ---- */

np_status np_dom_append_child(np_dom *dom, np_node *parent, np_node *child,
                              np_error *err);
np_status np_dom_prepend_child(np_dom *dom, np_node *parent, np_node *child,
                               np_error *err);
np_status np_dom_insert_before(np_dom *dom, np_node *ref, np_node *node,
                               np_error *err);
np_status np_dom_insert_after(np_dom *dom, np_node *ref, np_node *node,
                              np_error *err);
/** Detaches `node` (with its subtree); it stays valid and re-insertable. */
void np_dom_remove(np_node *node);
/** Puts `node` where `old` is and detaches `old`. */
np_status np_dom_replace(np_dom *dom, np_node *old, np_node *node,
                         np_error *err);
/** Replaces `node` by its children. */
np_status np_dom_unwrap(np_dom *dom, np_node *node, np_error *err);
/** Puts `wrapper` (an element, taken) where `node` is and moves `node` into
 * wrapper's innermost first element, as jQuery's wrap does. */
np_status np_dom_wrap(np_dom *dom, np_node *node, np_node *wrapper,
                      np_error *err);

/** The attribute's value, or NULL if absent. Borrowed. */
const np_slice *np_dom_get_attr(const np_node *el, np_slice name);
np_status np_dom_set_attr(np_dom *dom, np_node *el, np_slice name,
                          np_slice value);
/** False if absent. */
bool np_dom_remove_attr(np_node *el, np_slice name);

/** Text and comment nodes: sets their text. Elements and the document:
 * replaces all children with one text node (NP_EINVAL, nothing changed,
 * for a void element). */
np_status np_dom_set_text(np_dom *dom, np_node *node, np_slice text,
                          np_error *err);

/** A copy of `node` (with its subtree when `deep`), detached. Copies of
 * source nodes keep their spans, so unchanged copies serialise as the
 * original bytes. NULL when out of memory. */
np_node *np_dom_clone(np_dom *dom, const np_node *node, bool deep);

/** A deep copy of `node`, which may belong to another tree and arena, made
 * entirely in `dom`'s arena (names, texts and attributes copied): its
 * nodes have no place in `dom`'s file and serialise as fresh HTML. The
 * copy mirrors the original node for node, in np_dom_next order. NULL when
 * out of memory. */
np_node *np_dom_import(np_dom *dom, const np_node *node);

/** True when `a` is `b` or one of its ancestors. */
bool np_dom_contains(const np_node *a, const np_node *b);

/** Checks every link of the tree under `root` (parent/child/sibling agree,
 * no cycle); on failure sets `err` (NP_EINTERNAL) and returns false. For
 * tests and debugging. */
bool np_dom_check(const np_node *root, np_error *err);

/* For core modules only (not bindings). */

/** Links `child` (detached) as the last child of `parent`, marking no
 * change: for building trees. */
void np_dom__link_last(np_node *parent, np_node *child);

/** True when `name` is one of the NULL-terminated `names`. */
bool np_dom__name_in(np_slice name, const char *const *names);

/** True when `n` is an element whose name is one of `names`. */
bool np_dom__named(const np_node *n, const char *const *names);

/** True when `name` starts an HTML block in CommonMark (the tags of its
 * block conditions 1 and 6): inside one, Markdown is not read. */
bool np_dom__is_html_block_name(np_slice name);

/** Next node in document order under `root`, or NULL: iterates without
 * recursion (scraped HTML nests tens of thousands deep). */
np_node *np_dom_next(const np_node *root, const np_node *node);

#endif
