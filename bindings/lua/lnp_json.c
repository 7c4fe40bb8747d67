/* Lua values as JSON, for post.data in the jsonl export and for np.json:
 * written the way the meta is (maps as objects with sorted keys, since Lua
 * tables keep no order; timestamps as ISO 8601), or a clear error saying
 * what cannot be written. */
#include "lnp.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

static void put(lua_State *L, np_status rc)
{
  if (rc < 0) {
    luaL_error(L, "%s", np_status_name(rc));
  }
}

static int compare_strings(const void *a, const void *b)
{
  const np_slice *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->ptr, y->ptr, n);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void value(lua_State *L, int idx, np_buf *out, const char *who,
                  int depth);

static void table(lua_State *L, int idx, np_buf *out, const char *who,
                  int depth)
{
  luaL_checkstack(L, 6, "nested too deep");
  size_t nkeys = 0, nstrings = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    nkeys++;
    nstrings += lua_type(L, -2) == LUA_TSTRING;
    lua_pop(L, 1);
  }
  lua_Unsigned n = lua_rawlen(L, idx);
  if (nkeys == n) { /* {} too: an empty table is most often a list */
    put(L, np_buf_append_char(out, '['));
    for (lua_Unsigned i = 1; i <= n; i++) {
      put(L, i > 1 ? np_buf_append_char(out, ',') : NP_OK);
      lua_rawgeti(L, idx, (lua_Integer)i);
      value(L, lua_gettop(L), out, who, depth + 1);
      lua_pop(L, 1);
    }
    put(L, np_buf_append_char(out, ']'));
    return;
  }
  if (nstrings != nkeys) {
    luaL_error(L,
               "%s: a table must be a list (keys 1..n) or an object "
               "(string keys)",
               who);
  }
  np_slice *keys = lua_newuserdatauv(L, (nkeys ? nkeys : 1) * sizeof *keys, 0);
  size_t k = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    size_t len;
    const char *s = lua_tolstring(L, -2, &len); /* alive in the table */
    keys[k++] = np_slice_from(s, len);
    lua_pop(L, 1);
  }
  qsort(keys, nkeys, sizeof *keys, compare_strings);
  put(L, np_buf_append_char(out, '{'));
  for (size_t i = 0; i < nkeys; i++) {
    put(L, i ? np_buf_append_char(out, ',') : NP_OK);
    put(L, np_json_string(out, keys[i]));
    put(L, np_buf_append_char(out, ':'));
    lua_pushlstring(L, keys[i].ptr, keys[i].len);
    lua_rawget(L, idx);
    value(L, lua_gettop(L), out, who, depth + 1);
    lua_pop(L, 1);
  }
  put(L, np_buf_append_char(out, '}'));
  lua_pop(L, 1); /* keys */
}

static void value(lua_State *L, int idx, np_buf *out, const char *who,
                  int depth)
{
  if (depth > NP_MAX_META_DEPTH) {
    luaL_error(L,
               "%s: nested deeper than %d levels (a table that "
               "contains itself?)",
               who, NP_MAX_META_DEPTH);
  }
  switch (lua_type(L, idx)) {
  case LUA_TNIL:
    put(L, np_buf_append_str(out, "null"));
    return;
  case LUA_TBOOLEAN:
    put(L, np_buf_append_str(out, lua_toboolean(L, idx) ? "true" : "false"));
    return;
  case LUA_TNUMBER:
    if (lua_isinteger(L, idx)) {
      put(L, np_buf_printf(out, "%lld", (long long)lua_tointeger(L, idx)));
    } else {
      put(L, np_json_number(out, (double)lua_tonumber(L, idx)));
    }
    return;
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    put(L, np_json_string(out, np_slice_from(s, len)));
    return;
  }
  case LUA_TTABLE:
    table(L, idx, out, who, depth);
    return;
  case LUA_TLIGHTUSERDATA:
    if (lnp_is_null(L, idx)) {
      put(L, np_buf_append_str(out, "null"));
      return;
    }
    break;
  case LUA_TUSERDATA: {
    const np_timestamp *t = lnp_to_time(L, idx);
    if (t) {
      put(L, np_buf_append_char(out, '"'));
      put(L, np_timestamp_format_iso(out, t));
      put(L, np_buf_append_char(out, '"'));
      return;
    }
    lnp_handle *h = luaL_testudata(L, idx, LNP_LIST);
    if (!h) {
      h = luaL_testudata(L, idx, LNP_MAP);
    }
    if (h && h->ptr && !lnp_doc_is_closed(h->doc)) {
      put(L, np_json_value(out, h->ptr));
      return;
    }
    break;
  }
  default:
    break;
  }
  luaL_error(L, "%s: cannot write a %s as JSON", who, luaL_typename(L, idx));
}

void lnp_post_data_json(lua_State *L, int idx, np_buf *out)
{
  idx = lua_absindex(L, idx);
  if (lua_getiuservalue(L, idx, LNP_DOC_DATA) == LUA_TTABLE) {
    lua_pushnil(L);
    bool empty = !lua_next(L, -2);
    if (!empty) {
      lua_pop(L, 2);
      value(L, lua_gettop(L), out, "post.data", 0);
    }
  }
  lua_pop(L, 1);
}

/* np.json(value) -> the value as one line of JSON */
int lnp_json(lua_State *L)
{
  luaL_checkany(L, 1);
  np_buf *out = lnp_push_buf(L);
  value(L, 1, out, "np.json", 0);
  return lnp_return_buf(L, out);
}
