/* A post file: its bytes, split into BOM, front matter and body, with the
 * front matter parsed into an np_meta. Serialising an unedited post gives
 * back its exact bytes. */
#ifndef NP_POST_H
#define NP_POST_H

#include "buf.h"
#include "dom.h"
#include "error.h"
#include "meta.h"

/** Where the parts of a post file are. Offsets into the whole file. */
typedef struct np_layout {
  size_t bom; /**< 3 if the file starts with a UTF-8 BOM, else 0 */
  bool has_front_matter;
  np_span open;         /**< the opening "---" line, line end included */
  np_span front_matter; /**< the YAML text between the delimiter lines */
  np_span close;        /**< the closing "---" or "..." line, line end incl. */
  np_span body;         /**< everything after; the whole file if no fm */
  const char *eol;      /**< "\n", "\r\n" or "\r": the first line end seen */
} np_layout;

/** Splits `file` (a whole post, `path` used in messages) into its parts.
 * Front matter starts with a first line (after any BOM) of exactly "---"
 * (trailing blanks allowed) and ends at the next line of exactly "---" or
 * "...". Lines end at LF, CRLF or a lone CR. Returns NP_ESYNTAX when the
 * front matter never closes (naming the opening line), or when it holds a
 * NUL byte or invalid UTF-8 (naming its line and column). Problems in the
 * body go to `warn` (may be NULL). */
np_status np_post_split(np_layout *out, np_slice file, np_warning_fn warn,
                        void *payload, np_error *err);

typedef struct np_post np_post;

/** Reads and parses the file at `path`. On failure `*out` is NULL and `err`
 * says where and why (err->path is set to the post's path, borrowed from
 * the caller). Returns NP_EIO, NP_ELIMIT (larger than NP_MAX_POST_SIZE),
 * NP_ESYNTAX, NP_ENOMEM. Returns owned: free with np_post_free. */
np_status np_post_read(np_post **out, const char *path, np_warning_fn warn,
                       void *payload, np_error *err);

/** As np_post_read, for reading bodies whatever the front matter: problems
 * in it go to `warn` instead of failing the post. Front matter that never
 * closes reads as none (the whole file is body, as Jekyll reads it);
 * front matter that is not valid YAML reads as no keys (its bytes kept,
 * edits refused). Fails only on I/O, limits and memory. */
np_status np_post_read_lenient(np_post **out, const char *path,
                               np_warning_fn warn, void *payload,
                               np_error *err);

/** Parses `bytes` (copied) as a post named `path`. As np_post_read. */
np_status np_post_parse(np_post **out, const char *path, np_slice bytes,
                        np_warning_fn warn, void *payload, np_error *err);

void np_post_free(np_post *post);

/** The path given when the post was made (the post keeps a copy).
 * Borrowed, lives with the post. */
const char *np_post_path(const np_post *post);
/** The file's bytes as read. Borrowed, lives with the post. */
np_slice np_post_source(const np_post *post);
const np_layout *np_post_layout(const np_post *post);
np_meta *np_post_meta(np_post *post);
np_arena *np_post_arena(np_post *post);

/** True when the post's body is Markdown: files ending in .md, .markdown or
 * .txt (Jekyll renders those); .html and .htm are HTML. Other names are
 * read as Markdown. */
bool np_post_is_markdown(const np_post *post);

/** Bytes parsing the body may take (estimated before it starts: see
 * np_html_parse_cost); past it np_post_body fails with NP_ELIMIT. 0, the
 * default: no limit. */
void np_post_set_memory_limit(np_post *post, size_t bytes);

/** The body as one tree, parsed on first use (Markdown rendered and parsed
 * with the HTML, or HTML alone) and kept with the post. Returns borrowed:
 * valid until np_post_free. NP_ENOMEM, NP_ELIMIT. */
np_status np_post_body(np_post *post, np_dom **out, np_error *err);

/** Appends the whole file as it should now be to `out`: identical bytes
 * when nothing was edited; an edited body changes only where it was
 * edited. A post without front matter gains one when meta keys were
 * added. An edited post is read back first: NP_EREFUSED when it would no
 * longer read as a text post, or when its Markdown body would not read
 * back as the tree it was written from (np_markdown_check says where). On
 * failure nothing is appended. */
np_status np_post_serialize(np_post *post, np_buf *out, np_error *err);

#endif
