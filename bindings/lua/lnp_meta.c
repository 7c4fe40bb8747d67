/* post.meta as Lua sees it: newspipe.Map and newspipe.List, proxies that
 * read and edit the post's typed front matter in place, in file order.
 * Scalars cross as Lua values (null reads as nil, as np.null in lists;
 * np.null writes one),
 * timestamps as newspipe.Time, collections as proxies. */
#include "lnp.h"

#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "source.h"

/* np.null: a light userdata no other library makes. */
static const char null_sentinel = 0;

bool lnp_is_null(lua_State *L, int idx)
{
  return lua_touserdata(L, idx) == &null_sentinel;
}

static np_meta *doc_meta(const lnp_doc *doc)
{
  return np_post_meta(doc->post);
}

void lnp_push_meta(lua_State *L, int post_idx)
{
  lnp_push_handle(L, post_idx, NULL, LNP_MAP);
}

/* ---- C values to Lua ---- */

/* Pushes `v`; collections become proxies in the document of the handle at
 * `owner` (any Map, List or Post of it). `v` must be mutable when it is a
 * collection. */
static void push_value(lua_State *L, int owner, np_value *v)
{
  switch (v->kind) {
  case NP_VALUE_NULL:
    lua_pushnil(L);
    return;
  case NP_VALUE_BOOL:
    lua_pushboolean(L, v->as.boolean);
    return;
  case NP_VALUE_INT:
    lua_pushinteger(L, (lua_Integer)v->as.integer);
    return;
  case NP_VALUE_FLOAT:
    lua_pushnumber(L, (lua_Number)v->as.number);
    return;
  case NP_VALUE_STRING:
    lua_pushlstring(L, v->as.string.ptr, v->as.string.len);
    return;
  case NP_VALUE_TIMESTAMP:
    lnp_push_time(L, &v->as.timestamp);
    return;
  case NP_VALUE_LIST:
  case NP_VALUE_MAP:
    break;
  }
  if (luaL_testudata(L, owner, LNP_POST)) {
    lnp_push_handle(L, owner, v, v->kind == NP_VALUE_LIST ? LNP_LIST : LNP_MAP);
    return;
  }
  lua_getiuservalue(L, owner, 1);
  lnp_push_handle(L, -1, v, v->kind == NP_VALUE_LIST ? LNP_LIST : LNP_MAP);
  lua_remove(L, -2);
}

/* Pushes the top-level value under `key`; collections are made mutable
 * first, so the proxy edits the post's own copy. */
static void push_entry(lua_State *L, int owner, np_meta *meta, np_slice key)
{
  const np_value *v = np_meta_get(meta, key);
  if (!v) {
    lua_pushnil(L);
    return;
  }
  if (v->kind == NP_VALUE_LIST || v->kind == NP_VALUE_MAP) {
    np_value *m = np_meta_get_mut(meta, key);
    if (!m) {
      luaL_error(L, "out of memory");
    }
    push_value(L, owner, m);
    return;
  }
  push_value(L, owner, (np_value *)v);
}

/* ---- Lua values to C ---- */

static np_value *value_from_lua(lua_State *L, int idx, np_arena *arena,
                                int depth);

static np_value *oom(lua_State *L)
{
  luaL_error(L, "out of memory");
  return NULL;
}

/* A deep copy whose strings are copied too: `v` may live in another
 * post's arena. */
static np_value *copy_value(lua_State *L, const np_value *v, np_arena *arena,
                            int depth)
{
  if (depth > NP_MAX_META_DEPTH) {
    luaL_error(L, "front matter nested deeper than %d levels",
               NP_MAX_META_DEPTH);
  }
  np_value *c = np_value_new(arena, v->kind);
  if (!c) {
    return oom(L);
  }
  c->as = v->as;
  switch (v->kind) {
  case NP_VALUE_STRING: {
    char *s = np_arena_strndup(arena, v->as.string.ptr, v->as.string.len);
    if (!s) {
      return oom(L);
    }
    c->as.string = c->text = np_slice_from(s, v->as.string.len);
    break;
  }
  case NP_VALUE_LIST:
    c->as.list.items = NULL;
    c->as.list.len = c->as.list.cap = 0;
    for (size_t i = 0; i < v->as.list.len; i++) {
      np_value *item = copy_value(L, v->as.list.items[i], arena, depth + 1);
      if (np_value_list_append(arena, c, item) < 0) {
        return oom(L);
      }
    }
    break;
  case NP_VALUE_MAP:
    c->as.map.entries = NULL;
    c->as.map.len = c->as.map.cap = 0;
    for (size_t i = 0; i < v->as.map.len; i++) {
      const np_map_entry *e = &v->as.map.entries[i];
      np_value *item = copy_value(L, e->value, arena, depth + 1);
      if (np_value_map_set(arena, c, e->key, item) < 0) {
        return oom(L);
      }
    }
    break;
  default:
    break;
  }
  return c;
}

static np_slice check_utf8(lua_State *L, int idx, const char *what)
{
  size_t len;
  const char *s = lua_tolstring(L, idx, &len);
  np_slice text = {s, len};
  if (np_utf8_find_invalid(text) != len) {
    luaL_error(L, "%s is not valid UTF-8", what);
  }
  return text;
}

static int compare_keys(const void *a, const void *b)
{
  const np_slice *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->ptr, y->ptr, n);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* A Lua table: a list when its keys are exactly 1..n (or it is empty), a
 * map when they are all strings (written in sorted order: Lua tables have
 * none). */
static np_value *table_value(lua_State *L, int idx, np_arena *arena, int depth)
{
  idx = lua_absindex(L, idx);
  luaL_checkstack(L, 4, "front matter nested too deep");
  size_t nkeys = 0;
  bool all_strings = true;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    all_strings = all_strings && lua_type(L, -2) == LUA_TSTRING;
    nkeys++;
    lua_pop(L, 1);
  }
  lua_Unsigned n = lua_rawlen(L, idx);
  if (nkeys == n) {
    np_value *list = np_value_new(arena, NP_VALUE_LIST);
    if (!list) {
      return oom(L);
    }
    for (lua_Unsigned i = 1; i <= n; i++) {
      lua_rawgeti(L, idx, (lua_Integer)i);
      np_value *item = value_from_lua(L, -1, arena, depth + 1);
      if (np_value_list_append(arena, list, item) < 0) {
        return oom(L);
      }
      lua_pop(L, 1);
    }
    return list;
  }
  if (!all_strings) {
    luaL_error(L, "a table stored in front matter must be a list (keys 1..n) "
                  "or a map (string keys)");
  }
  np_slice *keys = np_arena_calloc(arena, nkeys, sizeof *keys);
  if (!keys) {
    return oom(L);
  }
  size_t k = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    /* The keys stay alive: the table holds them while we work. */
    keys[k++] = check_utf8(L, -2, "a key");
    lua_pop(L, 1);
  }
  qsort(keys, nkeys, sizeof *keys, compare_keys);
  np_value *map = np_value_new(arena, NP_VALUE_MAP);
  if (!map) {
    return oom(L);
  }
  for (size_t i = 0; i < nkeys; i++) {
    lua_pushlstring(L, keys[i].ptr, keys[i].len);
    lua_rawget(L, idx);
    np_value *item = value_from_lua(L, -1, arena, depth + 1);
    if (np_value_map_set(arena, map, keys[i], item) < 0) {
      return oom(L);
    }
    lua_pop(L, 1);
  }
  return map;
}

/* The whole top-level meta of a post as one map value. */
static np_value *meta_value(lua_State *L, np_meta *meta, np_arena *arena)
{
  np_value *map = np_value_new(arena, NP_VALUE_MAP);
  if (!map) {
    return oom(L);
  }
  for (size_t i = 0; i < np_meta_count(meta); i++) {
    np_value *v = copy_value(L, np_meta_value_at(meta, i), arena, 1);
    if (np_value_map_set(arena, map, np_meta_key_at(meta, i), v) < 0) {
      return oom(L);
    }
  }
  return map;
}

static np_value *value_from_lua(lua_State *L, int idx, np_arena *arena,
                                int depth)
{
  if (depth > NP_MAX_META_DEPTH) {
    luaL_error(L,
               "front matter nested deeper than %d levels (a table that "
               "contains itself?)",
               NP_MAX_META_DEPTH);
  }
  np_value *v = NULL;
  switch (lua_type(L, idx)) {
  case LUA_TBOOLEAN:
    v = np_value_new_bool(arena, lua_toboolean(L, idx));
    break;
  case LUA_TNUMBER:
    v = lua_isinteger(L, idx)
            ? np_value_new_int(arena, (int64_t)lua_tointeger(L, idx))
            : np_value_new_float(arena, (double)lua_tonumber(L, idx));
    break;
  case LUA_TSTRING: {
    np_slice s = check_utf8(L, idx, "a string");
    v = np_value_new_string(arena, s.ptr, s.len);
    break;
  }
  case LUA_TTABLE:
    return table_value(L, idx, arena, depth);
  case LUA_TLIGHTUSERDATA:
    if (lnp_is_null(L, idx)) {
      v = np_value_new(arena, NP_VALUE_NULL);
      break;
    }
    goto unsupported;
  case LUA_TUSERDATA: {
    const np_timestamp *t = lnp_to_time(L, idx);
    if (t) {
      v = np_value_new_timestamp(arena, t);
      break;
    }
    lnp_handle *h = luaL_testudata(L, idx, LNP_LIST);
    if (!h) {
      h = luaL_testudata(L, idx, LNP_MAP);
    }
    if (!h) {
      goto unsupported;
    }
    if (lnp_doc_is_closed(h->doc)) {
      luaL_error(L, "attempt to use a meta value of a closed post");
    }
    return h->ptr ? copy_value(L, h->ptr, arena, depth)
                  : meta_value(L, doc_meta(h->doc), arena);
  }
  default:
  unsupported:
    luaL_error(L, "cannot store a %s in front matter", luaL_typename(L, idx));
  }
  return v ? v : oom(L);
}

/* ---- newspipe.Map ---- */

static lnp_handle *check_map(lua_State *L)
{
  return lnp_check_handle(L, 1, LNP_MAP);
}

/* Pushes the value under `key` of the map whose handle is at 1. */
static void push_map_value(lua_State *L, lnp_handle *h, np_slice key)
{
  if (!h->ptr) {
    push_entry(L, 1, doc_meta(h->doc), key);
    return;
  }
  np_value *v = np_value_map_get(h->ptr, key);
  if (v) {
    push_value(L, 1, v);
  } else {
    lua_pushnil(L);
  }
}

static int map_index(lua_State *L)
{
  lnp_handle *h = check_map(L);
  if (lua_type(L, 2) != LUA_TSTRING) {
    lua_pushnil(L); /* keys are strings; ipairs on a map finds nothing */
    return 1;
  }
  size_t len;
  const char *s = lua_tolstring(L, 2, &len);
  push_map_value(L, h, np_slice_from(s, len));
  return 1;
}

static int map_newindex(lua_State *L)
{
  lnp_handle *h = check_map(L);
  if (lua_type(L, 2) != LUA_TSTRING) {
    return lnp_typeerror(L, 2, "string key");
  }
  np_slice key = check_utf8(L, 2, "a key");
  np_meta *meta = doc_meta(h->doc);
  np_arena *arena = np_meta_arena(meta);
  if (lua_isnil(L, 3)) {
    if (h->ptr) {
      np_value_map_remove(h->ptr, key);
    } else {
      np_meta_remove(meta, key);
    }
    return 0;
  }
  np_value *v = value_from_lua(L, 3, arena, 1);
  np_status rc = h->ptr ? np_value_map_set(arena, h->ptr, key, v)
                        : np_meta_set(meta, key, v);
  if (rc < 0) {
    return luaL_error(L, "out of memory");
  }
  return 0;
}

static size_t map_len(const lnp_handle *h)
{
  if (!h->ptr) {
    return np_meta_count(doc_meta(h->doc));
  }
  return ((const np_value *)h->ptr)->as.map.len;
}

static np_slice map_key_at(const lnp_handle *h, size_t i)
{
  if (!h->ptr) {
    return np_meta_key_at(doc_meta(h->doc), i);
  }
  return ((const np_value *)h->ptr)->as.map.entries[i].key;
}

static ptrdiff_t map_find(const lnp_handle *h, np_slice key)
{
  size_t n = map_len(h);
  for (size_t i = 0; i < n; i++) {
    if (np_slice_eq(map_key_at(h, i), key)) {
      return (ptrdiff_t)i;
    }
  }
  return -1;
}

/* pairs(map) in file order. Removing the current key while iterating is
 * allowed, as with next: the loop goes on from where that key was. */
static int map_next(lua_State *L)
{
  lnp_handle *h = check_map(L);
  lua_Integer i = 0;
  if (!lua_isnoneornil(L, 2)) {
    size_t len;
    const char *s = lua_tolstring(L, 2, &len);
    ptrdiff_t at = s ? map_find(h, np_slice_from(s, len)) : -1;
    i = at >= 0 ? (lua_Integer)at + 1 : lua_tointeger(L, lua_upvalueindex(1));
  }
  if (i < 0 || (size_t)i >= map_len(h)) {
    return 0;
  }
  lua_pushinteger(L, i);
  lua_replace(L, lua_upvalueindex(1));
  np_slice key = map_key_at(h, (size_t)i);
  lua_pushlstring(L, key.ptr, key.len);
  push_map_value(L, h, key);
  return 2;
}

static int map_pairs(lua_State *L)
{
  check_map(L);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, map_next, 1);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

static int map_tostring(lua_State *L)
{
  lnp_handle *h = luaL_checkudata(L, 1, LNP_MAP);
  if (lnp_doc_is_closed(h->doc)) {
    lua_pushliteral(L, "newspipe.Map (closed post)");
  } else {
    lua_pushfstring(L, "newspipe.Map (%I keys)", (lua_Integer)map_len(h));
  }
  return 1;
}

/* ---- newspipe.List ---- */

static np_value *check_list(lua_State *L)
{
  return lnp_check_handle(L, 1, LNP_LIST)->ptr;
}

/* A null item reads as np.null, not nil: a nil would end ipairs early and
 * make table.remove drop the wrong items. */
static void push_item(lua_State *L, np_value *item)
{
  if (item->kind == NP_VALUE_NULL) {
    lnp_push_null(L);
  } else {
    push_value(L, 1, item);
  }
}

static int list_index(lua_State *L)
{
  np_value *list = check_list(L);
  int is_int;
  lua_Integer i = lua_tointegerx(L, 2, &is_int);
  if (is_int && i >= 1 && (lua_Unsigned)i <= list->as.list.len) {
    push_item(L, list->as.list.items[i - 1]);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

/* list[i] = v sets, list[#list + 1] = v appends, list[i] = nil removes item
 * i and shifts the rest down (so table.insert and table.remove work). */
static int list_newindex(lua_State *L)
{
  lnp_handle *h = lnp_check_handle(L, 1, LNP_LIST);
  np_value *list = h->ptr;
  int is_int;
  lua_Integer i = lua_tointegerx(L, 2, &is_int);
  size_t len = list->as.list.len;
  if (!is_int || i < 1 || (lua_Unsigned)i > len + 1) {
    return lnp_argerror(
        L, 2,
        lua_pushfstring(L, "list index must be 1..%I", (lua_Integer)len + 1));
  }
  np_arena *arena = np_meta_arena(doc_meta(h->doc));
  if (lua_isnil(L, 3)) {
    if ((lua_Unsigned)i <= len) {
      np_value **items = list->as.list.items;
      memmove(items + i - 1, items + i, (len - (size_t)i) * sizeof *items);
      list->as.list.len--;
    }
    return 0;
  }
  np_value *v = value_from_lua(L, 3, arena, 1);
  if ((lua_Unsigned)i == len + 1) {
    if (np_value_list_append(arena, list, v) < 0) {
      return luaL_error(L, "out of memory");
    }
  } else {
    list->as.list.items[i - 1] = v;
  }
  return 0;
}

static int list_len(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)check_list(L)->as.list.len);
  return 1;
}

static int list_next(lua_State *L)
{
  np_value *list = check_list(L);
  lua_Integer i = luaL_optinteger(L, 2, 0) + 1;
  if (i < 1 || (lua_Unsigned)i > list->as.list.len) {
    return 0;
  }
  lua_pushinteger(L, i);
  push_item(L, list->as.list.items[i - 1]);
  return 2;
}

static int list_pairs(lua_State *L)
{
  check_list(L);
  lua_pushcfunction(L, list_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

static int list_tostring(lua_State *L)
{
  lnp_handle *h = luaL_checkudata(L, 1, LNP_LIST);
  if (lnp_doc_is_closed(h->doc)) {
    lua_pushliteral(L, "newspipe.List (closed post)");
  } else {
    lua_pushfstring(L, "newspipe.List (%I items)",
                    (lua_Integer)((np_value *)h->ptr)->as.list.len);
  }
  return 1;
}

/* ---- np.totable ---- */

/* Pushes a plain Lua copy of the value at `idx`: maps and lists become
 * tables (maps lose their order), the rest is returned as is. */
static void push_plain(lua_State *L, int idx, int depth)
{
  idx = lua_absindex(L, idx);
  bool is_list = luaL_testudata(L, idx, LNP_LIST) != NULL;
  bool is_map = luaL_testudata(L, idx, LNP_MAP) != NULL;
  if (!is_list && !is_map) {
    lua_pushvalue(L, idx);
    return;
  }
  if (depth > NP_MAX_META_DEPTH) {
    luaL_error(L, "front matter nested deeper than %d levels",
               NP_MAX_META_DEPTH);
  }
  luaL_checkstack(L, 8, "front matter too deep");
  lua_newtable(L);
  if (lua_getmetatable(L, idx)) {
    lua_getfield(L, -1, "__pairs");
    lua_remove(L, -2);
  }
  lua_pushvalue(L, idx);
  lua_call(L, 1, 3); /* next, state, control */
  for (;;) {
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_call(L, 2, 2);
    if (lua_isnil(L, -2)) {
      lua_pop(L, 5);
      return;
    }
    lua_pushvalue(L, -2);
    push_plain(L, -2, depth + 1);
    lua_rawset(L, -8);
    lua_pop(L, 1); /* the value; the key is the new control */
    lua_replace(L, -2);
  }
}

int lnp_totable(lua_State *L)
{
  luaL_checkany(L, 1);
  if (luaL_testudata(L, 1, LNP_LIST)) {
    lnp_check_handle(L, 1, LNP_LIST);
  } else if (luaL_testudata(L, 1, LNP_MAP)) {
    lnp_check_handle(L, 1, LNP_MAP);
  }
  push_plain(L, 1, 0);
  return 1;
}

/* np.rename(map, from, to): renames a key where it stands (the top-level
 * meta keeps the entry's lines; only the key changes in the file).
 * Returns false when `from` is absent; raises when `to` exists. */
int lnp_rename(lua_State *L)
{
  lnp_handle *h = lnp_check_handle(L, 1, LNP_MAP);
  if (lua_type(L, 2) != LUA_TSTRING || lua_type(L, 3) != LUA_TSTRING) {
    return lnp_typeerror(L, lua_type(L, 2) != LUA_TSTRING ? 2 : 3, "string");
  }
  np_slice from = check_utf8(L, 2, "a key");
  np_slice to = check_utf8(L, 3, "a key");
  if (h->ptr) {
    np_value *map = h->ptr;
    ptrdiff_t i = np_value_map_find(map, from);
    if (i < 0) {
      lua_pushboolean(L, false);
      return 1;
    }
    if (!np_slice_eq(from, to) && np_value_map_find(map, to) >= 0) {
      return luaL_error(L, "rename: cannot rename to '%s': key exists",
                        lua_tostring(L, 3));
    }
    np_arena *arena = np_meta_arena(doc_meta(h->doc));
    char *k = np_arena_strndup(arena, to.ptr, to.len);
    if (!k) {
      return luaL_error(L, "out of memory");
    }
    map->as.map.entries[i].key = np_slice_from(k, to.len);
    lua_pushboolean(L, true);
    return 1;
  }
  np_meta *meta = doc_meta(h->doc);
  if (!np_meta_get(meta, from)) {
    lua_pushboolean(L, false);
    return 1;
  }
  np_error err;
  np_error_clear(&err);
  if (np_meta_rename(meta, from, to, &err) < 0) {
    return lnp_fail(L, h->doc, "rename", &err);
  }
  lua_pushboolean(L, true);
  return 1;
}

void lnp_push_null(lua_State *L)
{
  lua_pushlightuserdata(L, (void *)&null_sentinel);
}

void lnp_open_meta(lua_State *L)
{
  static const luaL_Reg map_meta[] = {{"__index", map_index},
                                      {"__newindex", map_newindex},
                                      {"__pairs", map_pairs},
                                      {"__tostring", map_tostring},
                                      {NULL, NULL}};
  lnp_new_class(L, LNP_MAP, NULL, map_meta, NULL);
  static const luaL_Reg list_meta[] = {
      {"__index", list_index},       {"__newindex", list_newindex},
      {"__len", list_len},           {"__pairs", list_pairs},
      {"__tostring", list_tostring}, {NULL, NULL}};
  lnp_new_class(L, LNP_LIST, NULL, list_meta, NULL);
}
