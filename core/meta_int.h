/* np_meta's layout, shared by meta.c (editing), meta_yaml.c (parsing) and
 * meta_emit.c (writing). Not for use outside core/meta*. */
#ifndef NP_META_INT_H
#define NP_META_INT_H

#include "meta.h"

/* Where a top-level entry sat in the file, so an unchanged entry is copied
 * byte for byte and a changed one is replaced in place. All offsets are
 * into the whole file. The chunk is [chunk_start, chunk_end): the comment
 * lines attached above the key, the key line(s) and the value up to the end
 * of its last line, trailing comment included. */
typedef struct np_meta_origin {
  np_slice key;
  const np_value *value; /* as parsed; never modified */
  size_t chunk_start;
  size_t key_line_start;
  size_t key_start;
  size_t chunk_end;
  bool defines_anchor;
  bool uses_alias;
} np_meta_origin;

/* A live entry. `origin` indexes np_meta.origins, or -1 for a new key.
 * `value` is the parsed value itself until someone asks to mutate it; then
 * it is a private deep copy (`is_copy`), so edits never touch `origins`. */
typedef struct np_meta_entry {
  np_slice key;
  np_value *value;
  ptrdiff_t origin;
  bool is_copy;
} np_meta_entry;

struct np_meta {
  np_arena *arena;
  np_slice file;
  np_span fm;
  const char *eol;
  bool has_layout; /* false: a root flow mapping; rewrite all when changed */
  bool is_opaque;  /* valid YAML but not a mapping: kept, never edited */
  np_meta_origin *origins;
  size_t norigins;
  np_meta_entry *entries;
  size_t len, cap;
  /* Style defaults learnt from the file for values written from scratch. */
  uint8_t list_indent;
  bool lists_flow;
};

/* meta_emit.c: appends "key: value" (and any continuation lines) for one
 * top-level entry, without a final line end. `prefix` is what precedes the
 * key on its line; `hint` is the entry's previous value, if any, whose
 * style is followed. */
np_status np_meta__emit_entry(const np_meta *meta, np_buf *out, np_slice prefix,
                              np_slice key, const np_value *value,
                              const np_value *hint, np_error *err);

#endif
