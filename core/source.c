/* Byte-level position and encoding helpers. Everything here takes explicit
 * lengths: post bytes may contain NULs. */
#include "source.h"

#include <stdint.h>
#include <string.h>

size_t np_utf8_sequence_length(const unsigned char *s, size_t n)
{
  unsigned char c = s[0];
  if (c < 0x80) {
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = (c == 0xE0) ? 0xA0 : 0x80; /* no overlongs */
    unsigned char hi = (c == 0xED) ? 0x9F : 0xBF; /* no surrogates */
    if (n >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80) {
      return 3;
    }
    return 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = (c == 0xF0) ? 0x90 : 0x80;
    unsigned char hi = (c == 0xF4) ? 0x8F : 0xBF; /* <= U+10FFFF */
    if (n >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
      return 4;
    }
    return 0;
  }
  return 0;
}

uint32_t np_utf8_decode(const unsigned char *s, size_t len)
{
  switch (len) {
  case 1:
    return s[0];
  case 2:
    return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  case 3:
    return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
           (s[2] & 0x3F);
  default:
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  }
}

size_t np_utf8_find_invalid(np_slice text)
{
  const unsigned char *s = (const unsigned char *)text.ptr;
  size_t i = 0;
  while (i < text.len) {
    if (s[i] < 0x80) {
      i++;
      /* markup is mostly ASCII: skip it eight bytes at a time */
      while (i + 8 <= text.len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080)) {
          break;
        }
        i += 8;
      }
      continue;
    }
    size_t n = np_utf8_sequence_length(s + i, text.len - i);
    if (n == 0) {
      return i;
    }
    i += n;
  }
  return text.len;
}

size_t np_line_end_length(np_slice text, size_t offset)
{
  if (offset >= text.len) {
    return 0;
  }
  if (text.ptr[offset] == '\n') {
    return 1;
  }
  if (text.ptr[offset] == '\r') {
    return (offset + 1 < text.len && text.ptr[offset + 1] == '\n') ? 2 : 1;
  }
  return 0;
}

size_t np_next_line_start(np_slice text, size_t offset)
{
  for (size_t i = offset; i < text.len; i++) {
    size_t n = np_line_end_length(text, i);
    if (n > 0) {
      return i + n;
    }
  }
  return text.len;
}

size_t np_line_start(np_slice text, size_t offset)
{
  size_t i = offset < text.len ? offset : text.len;
  while (i > 0) {
    char c = text.ptr[i - 1];
    if (c == '\n') {
      break;
    }
    /* A CR ends a line unless it is the first half of a CRLF we sit after. */
    if (c == '\r' && !(i < text.len && text.ptr[i] == '\n')) {
      break;
    }
    i--;
  }
  return i;
}

/* The position of `offset`, walking from `i`, the start of line `line`. */
static np_position walk(np_slice text, size_t i, size_t line, size_t offset)
{
  const unsigned char *s = (const unsigned char *)text.ptr;
  np_position pos = {line, 1};
  if (offset > text.len) {
    offset = text.len;
  }
  while (i < offset) {
    size_t eol = np_line_end_length(text, i);
    if (eol > 0) {
      if (i + eol > offset) { /* offset inside a CRLF: the CR's column */
        break;
      }
      pos.line++;
      pos.column = 1;
      i += eol;
      continue;
    }
    size_t n = s[i] < 0x80 ? 1 : np_utf8_sequence_length(s + i, text.len - i);
    if (n == 0) {
      n = 1;
    }
    i += n;
    pos.column++;
  }
  return pos;
}

np_position np_source_position(np_slice text, size_t offset)
{
  return walk(text, 0, 1, offset);
}

np_status np_line_index_build(np_line_index *out, np_arena *arena,
                              np_slice text)
{
  size_t count = 1;
  for (size_t i = 0; i < text.len;) {
    size_t eol = np_line_end_length(text, i);
    count += eol > 0;
    i += eol > 0 ? eol : 1;
  }
  size_t *starts = np_arena_calloc(arena, count, sizeof *starts);
  if (!starts) {
    return NP_ENOMEM;
  }
  size_t n = 1; /* starts[0] = 0 */
  for (size_t i = 0; i < text.len;) {
    size_t eol = np_line_end_length(text, i);
    i += eol > 0 ? eol : 1;
    if (eol > 0) {
      starts[n++] = i;
    }
  }
  out->starts = starts;
  out->count = count;
  return NP_OK;
}

np_position np_line_index_position(const np_line_index *index, np_slice text,
                                   size_t offset)
{
  /* the last line starting at or before offset */
  size_t lo = 0, hi = index->count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (index->starts[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return walk(text, index->starts[lo], lo + 1, offset);
}
