/* Positions in a post file and the byte-level checks the splitter needs:
 * line/column from a byte offset, UTF-8 validation, line-end detection. */
#ifndef NP_SOURCE_H
#define NP_SOURCE_H

#include "arena.h"
#include "common.h"

/** A 1-based place in a file. Lines end at LF, CRLF or a lone CR (as editors
 * and YAML count them); columns count characters (UTF-8 code points, each
 * byte of an invalid sequence counting as one), so a CJK line's column is
 * where an editor's cursor goes. */
typedef struct np_position {
  size_t line;
  size_t column;
} np_position;

/** The position of byte `offset` of `text` (offset may equal text.len). */
np_position np_source_position(np_slice text, size_t offset);

/** Where each line of a text starts, for many positions in one text: each
 * lookup costs a binary search and a walk along one line, where
 * np_source_position walks from the start of the text. */
typedef struct np_line_index {
  const size_t *starts; /**< starts[i]: offset of line i + 1 */
  size_t count;
} np_line_index;

/** Builds the index of `text` in `arena` (it lives as long as the arena).
 * NP_ENOMEM. */
np_status np_line_index_build(np_line_index *out, np_arena *arena,
                              np_slice text);

/** As np_source_position(text, offset), with `index` built over `text`. */
np_position np_line_index_position(const np_line_index *index, np_slice text,
                                   size_t offset);

/** Length of the valid UTF-8 sequence at `s[0]` (1..4), or 0 if the bytes
 * there are not valid UTF-8 (overlongs, surrogates and > U+10FFFF included).
 * `n` is the number of bytes available. */
size_t np_utf8_sequence_length(const unsigned char *s, size_t n);

/** Offset of the first byte that is not valid UTF-8 in `text`, or text.len. */
size_t np_utf8_find_invalid(np_slice text);

/** Decodes the valid sequence of `len` bytes at `s` (see above). */
uint32_t np_utf8_decode(const unsigned char *s, size_t len);

/** Number of bytes of the line end at text[offset]: 2 for CRLF, 1 for LF or
 * a lone CR, 0 if no line end starts there. */
size_t np_line_end_length(np_slice text, size_t offset);

/** Offset just after the line that contains `offset` (after its line end),
 * or text.len. */
size_t np_next_line_start(np_slice text, size_t offset);

/** Offset of the start of the line containing `offset`. */
size_t np_line_start(np_slice text, size_t offset);

#endif
