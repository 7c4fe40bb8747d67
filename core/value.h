/* Typed front-matter values: null, bool, int, float, string, timestamp, list
 * and ordered map, each remembering where and how it was written. Values
 * live in a post's arena. */
#ifndef NP_VALUE_H
#define NP_VALUE_H

#include "arena.h"
#include "common.h"
#include "date.h"

typedef enum np_value_kind {
  NP_VALUE_NULL,
  NP_VALUE_BOOL,
  NP_VALUE_INT,
  NP_VALUE_FLOAT,
  NP_VALUE_STRING,
  NP_VALUE_TIMESTAMP,
  NP_VALUE_LIST,
  NP_VALUE_MAP
} np_value_kind;

/** How a value was written: a hint for writing an edited value the same way.
 * NP_STYLE_ANY for values made by a program. */
typedef enum np_value_style {
  NP_STYLE_ANY,
  NP_STYLE_PLAIN,
  NP_STYLE_SINGLE,  /**< 'single-quoted' */
  NP_STYLE_DOUBLE,  /**< "double-quoted" */
  NP_STYLE_LITERAL, /**< | block */
  NP_STYLE_FOLDED,  /**< > block */
  NP_STYLE_FLOW,    /**< [a, b] or {a: b} */
  NP_STYLE_BLOCK    /**< one item or entry per line */
} np_value_style;

typedef struct np_value np_value;

typedef struct np_map_entry {
  np_slice key;
  np_value *value;
  np_span key_span; /**< where the key was written; {0,0} for new keys */
} np_map_entry;

struct np_value {
  np_value_kind kind;
  np_value_style style;
  /** Block lists: columns between the parent key and '-' (0 or 2 mostly).
   * Flow collections: 1 when written with inner spaces, "[ a ]". */
  uint8_t indent;
  np_span span;  /**< where it was written in the file; {0,0} when new */
  np_slice text; /**< scalars: the text as read (unescaped) */
  union {
    bool boolean;
    int64_t integer;
    double number;
    np_slice string;
    np_timestamp timestamp;
    struct {
      np_value **items;
      size_t len, cap;
    } list;
    struct {
      np_map_entry *entries;
      size_t len, cap;
    } map;
  } as;
};

/** A new value of `kind`, zeroed, in `arena`; NULL when out of memory. */
np_value *np_value_new(np_arena *arena, np_value_kind kind);
np_value *np_value_new_string(np_arena *arena, const char *s, size_t len);
np_value *np_value_new_int(np_arena *arena, int64_t i);
np_value *np_value_new_float(np_arena *arena, double f);
np_value *np_value_new_bool(np_arena *arena, bool b);
np_value *np_value_new_timestamp(np_arena *arena, const np_timestamp *ts);

/** Appends `item` (taken) to `list`. */
np_status np_value_list_append(np_arena *arena, np_value *list, np_value *item);

/** Index of `key` in `map`, or -1. */
ptrdiff_t np_value_map_find(const np_value *map, np_slice key);

/** The value under `key`, or NULL. Returns borrowed. */
np_value *np_value_map_get(const np_value *map, np_slice key);

/** Replaces the value under `key`, or appends a new entry at the end. The
 * key bytes are copied into `arena`; `value` is taken. */
np_status np_value_map_set(np_arena *arena, np_value *map, np_slice key,
                           np_value *value);

/** Appends an entry without looking for `key` first (the parser checks
 * duplicates itself). `key` is borrowed: it must live in `arena`. */
np_status np_value_map_append(np_arena *arena, np_value *map, np_slice key,
                              np_value *value);

/** Removes `key`, keeping the order of the others; false if absent. */
bool np_value_map_remove(np_value *map, np_slice key);

/** Deep structural equality: kind and content; styles and spans ignored. A
 * NaN equals a NaN (the same text was read twice). */
bool np_value_equal(const np_value *a, const np_value *b);

/** Number of values in the tree rooted at `v` (1 for a scalar). */
size_t np_value_count(const np_value *v);

/** A deep copy of `v` in `arena` (strings are shared: they are immutable).
 * NULL when out of memory. */
np_value *np_value_copy(np_arena *arena, const np_value *v);

/** "null", "bool", "int", "float", "string", "timestamp", "list", "map". */
const char *np_value_kind_name(np_value_kind kind);

#endif
