/* Typed values: construction, ordered-map operations, equality and copies.
 * Trees are at most NP_MAX_META_DEPTH deep (the parser enforces it), so the
 * recursive walks here are bounded. */
#include "value.h"

#include <math.h>
#include <string.h>

np_value *np_value_new(np_arena *arena, np_value_kind kind)
{
  np_value *v = np_arena_calloc(arena, 1, sizeof *v);
  if (v) {
    v->kind = kind;
  }
  return v;
}

np_value *np_value_new_string(np_arena *arena, const char *s, size_t len)
{
  np_value *v = np_value_new(arena, NP_VALUE_STRING);
  char *copy = v ? np_arena_strndup(arena, s, len) : NULL;
  if (!copy) {
    return NULL;
  }
  v->as.string = np_slice_from(copy, len);
  v->text = v->as.string;
  return v;
}

np_value *np_value_new_int(np_arena *arena, int64_t i)
{
  np_value *v = np_value_new(arena, NP_VALUE_INT);
  if (v) {
    v->as.integer = i;
  }
  return v;
}

np_value *np_value_new_float(np_arena *arena, double f)
{
  np_value *v = np_value_new(arena, NP_VALUE_FLOAT);
  if (v) {
    v->as.number = f;
  }
  return v;
}

np_value *np_value_new_bool(np_arena *arena, bool b)
{
  np_value *v = np_value_new(arena, NP_VALUE_BOOL);
  if (v) {
    v->as.boolean = b;
  }
  return v;
}

np_value *np_value_new_timestamp(np_arena *arena, const np_timestamp *ts)
{
  np_value *v = np_value_new(arena, NP_VALUE_TIMESTAMP);
  if (v) {
    v->as.timestamp = *ts;
  }
  return v;
}

np_status np_value_list_append(np_arena *arena, np_value *list, np_value *item)
{
  if (list->as.list.len == list->as.list.cap) {
    size_t cap = list->as.list.cap ? list->as.list.cap * 2 : 4;
    np_value **items = np_arena_grow(arena, list->as.list.items,
                                     list->as.list.len, cap, sizeof *items);
    if (!items) {
      return NP_ENOMEM;
    }
    list->as.list.items = items;
    list->as.list.cap = cap;
  }
  list->as.list.items[list->as.list.len++] = item;
  return NP_OK;
}

ptrdiff_t np_value_map_find(const np_value *map, np_slice key)
{
  for (size_t i = 0; i < map->as.map.len; i++) {
    if (np_slice_eq(map->as.map.entries[i].key, key)) {
      return (ptrdiff_t)i;
    }
  }
  return -1;
}

np_value *np_value_map_get(const np_value *map, np_slice key)
{
  ptrdiff_t i = np_value_map_find(map, key);
  return i < 0 ? NULL : map->as.map.entries[i].value;
}

np_status np_value_map_append(np_arena *arena, np_value *map, np_slice key,
                              np_value *value)
{
  if (map->as.map.len == map->as.map.cap) {
    size_t cap = map->as.map.cap ? map->as.map.cap * 2 : 8;
    np_map_entry *e = np_arena_grow(arena, map->as.map.entries, map->as.map.len,
                                    cap, sizeof *e);
    if (!e) {
      return NP_ENOMEM;
    }
    map->as.map.entries = e;
    map->as.map.cap = cap;
  }
  np_map_entry *e = &map->as.map.entries[map->as.map.len++];
  e->key = key;
  e->value = value;
  e->key_span.start = e->key_span.end = 0;
  return NP_OK;
}

np_status np_value_map_set(np_arena *arena, np_value *map, np_slice key,
                           np_value *value)
{
  ptrdiff_t i = np_value_map_find(map, key);
  if (i >= 0) {
    map->as.map.entries[i].value = value;
    return NP_OK;
  }
  char *k = np_arena_strndup(arena, key.ptr, key.len);
  if (!k) {
    return NP_ENOMEM;
  }
  return np_value_map_append(arena, map, np_slice_from(k, key.len), value);
}

bool np_value_map_remove(np_value *map, np_slice key)
{
  ptrdiff_t i = np_value_map_find(map, key);
  if (i < 0) {
    return false;
  }
  np_map_entry *e = map->as.map.entries;
  memmove(e + i, e + i + 1, (map->as.map.len - (size_t)i - 1) * sizeof *e);
  map->as.map.len--;
  return true;
}

bool np_value_equal(const np_value *a, const np_value *b)
{
  if (a == b) {
    return true;
  }
  if (!a || !b || a->kind != b->kind) {
    return false;
  }
  switch (a->kind) {
  case NP_VALUE_NULL:
    return true;
  case NP_VALUE_BOOL:
    return a->as.boolean == b->as.boolean;
  case NP_VALUE_INT:
    return a->as.integer == b->as.integer;
  case NP_VALUE_FLOAT:
    if (isnan(a->as.number) && isnan(b->as.number)) {
      return true;
    }
    return a->as.number == b->as.number &&
           signbit(a->as.number) == signbit(b->as.number);
  case NP_VALUE_STRING:
    return np_slice_eq(a->as.string, b->as.string);
  case NP_VALUE_TIMESTAMP:
    return np_timestamp_equal(&a->as.timestamp, &b->as.timestamp);
  case NP_VALUE_LIST:
    if (a->as.list.len != b->as.list.len) {
      return false;
    }
    for (size_t i = 0; i < a->as.list.len; i++) {
      if (!np_value_equal(a->as.list.items[i], b->as.list.items[i])) {
        return false;
      }
    }
    return true;
  case NP_VALUE_MAP:
    if (a->as.map.len != b->as.map.len) {
      return false;
    }
    for (size_t i = 0; i < a->as.map.len; i++) {
      const np_map_entry *x = &a->as.map.entries[i];
      const np_map_entry *y = &b->as.map.entries[i];
      if (!np_slice_eq(x->key, y->key) || !np_value_equal(x->value, y->value)) {
        return false;
      }
    }
    return true;
  }
  return false;
}

size_t np_value_count(const np_value *v)
{
  size_t n = 1;
  if (v->kind == NP_VALUE_LIST) {
    for (size_t i = 0; i < v->as.list.len; i++) {
      n += np_value_count(v->as.list.items[i]);
    }
  } else if (v->kind == NP_VALUE_MAP) {
    for (size_t i = 0; i < v->as.map.len; i++) {
      n += np_value_count(v->as.map.entries[i].value);
    }
  }
  return n;
}

np_value *np_value_copy(np_arena *arena, const np_value *v)
{
  np_value *c = np_arena_alloc(arena, sizeof *c);
  if (!c) {
    return NULL;
  }
  *c = *v;
  if (v->kind == NP_VALUE_LIST) {
    size_t n = v->as.list.len;
    c->as.list.items = NULL;
    c->as.list.len = c->as.list.cap = 0;
    if (n > 0) {
      c->as.list.items = np_arena_calloc(arena, n, sizeof(np_value *));
      if (!c->as.list.items) {
        return NULL;
      }
      c->as.list.cap = n;
      for (size_t i = 0; i < n; i++) {
        np_value *item = np_value_copy(arena, v->as.list.items[i]);
        if (!item) {
          return NULL;
        }
        c->as.list.items[c->as.list.len++] = item;
      }
    }
  } else if (v->kind == NP_VALUE_MAP) {
    size_t n = v->as.map.len;
    c->as.map.entries = NULL;
    c->as.map.len = c->as.map.cap = 0;
    if (n > 0) {
      c->as.map.entries = np_arena_calloc(arena, n, sizeof(np_map_entry));
      if (!c->as.map.entries) {
        return NULL;
      }
      c->as.map.cap = n;
      for (size_t i = 0; i < n; i++) {
        np_map_entry e = v->as.map.entries[i];
        e.value = np_value_copy(arena, e.value);
        if (!e.value) {
          return NULL;
        }
        c->as.map.entries[c->as.map.len++] = e;
      }
    }
  }
  return c;
}

const char *np_value_kind_name(np_value_kind kind)
{
  static const char *const names[] = {"null",   "bool",      "int",  "float",
                                      "string", "timestamp", "list", "map"};
  return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}
