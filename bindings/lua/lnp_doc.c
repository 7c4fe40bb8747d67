/* Documents Lua holds (posts and np.html fragments) and the handles on
 * their nodes and values: one handle per C object, each keeping its
 * document alive, each checked against a closed document before use. */
#include "lnp.h"

#include <string.h>

bool lnp_doc_is_closed(const lnp_doc *doc)
{
  return doc->is_fragment ? doc->arena == NULL : doc->post == NULL;
}

/* Created inert (closed) and attached after, so that a raise in between
 * leaves a userdata whose __gc has nothing to free (liolib's newprefile). */
static lnp_doc *new_doc(lua_State *L, const char *tname, bool is_fragment)
{
  lnp_doc *doc = lua_newuserdatauv(L, sizeof *doc, LNP_DOC_NUSER);
  memset(doc, 0, sizeof *doc);
  doc->is_fragment = is_fragment;
  luaL_setmetatable(L, tname);
  lua_createtable(L, 0, 0);
  lua_createtable(L, 0, 1); /* the cache's metatable: weak values */
  lua_pushliteral(L, "v");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setiuservalue(L, -2, LNP_DOC_CACHE);
  return doc;
}

lnp_doc *lnp_push_post(lua_State *L)
{
  return new_doc(L, LNP_POST, false);
}

lnp_doc *lnp_push_fragment_doc(lua_State *L)
{
  lnp_doc *doc = new_doc(L, LNP_FRAGMENT, true);
  np_arena *arena = np_arena_new();
  if (!arena || np_dom_init(&doc->fragment, arena, np_slice_from("", 0))) {
    np_arena_free(arena);
    luaL_error(L, "out of memory");
  }
  doc->arena = arena;
  doc->dom = &doc->fragment;
  lua_pushliteral(L, "fragment");
  lua_setiuservalue(L, -2, LNP_DOC_NAME);
  return doc;
}

lnp_doc *lnp_check_post(lua_State *L, int idx)
{
  lnp_doc *doc = luaL_testudata(L, idx, LNP_POST);
  if (!doc) {
    lnp_typeerror(L, idx, LNP_POST);
  }
  if (lnp_doc_is_closed(doc)) {
    lua_getiuservalue(L, idx, LNP_DOC_NAME);
    luaL_error(L, "attempt to use a closed post (%s)", lua_tostring(L, -1));
  }
  return doc;
}

np_dom *lnp_doc_dom(lua_State *L, lnp_doc *doc)
{
  if (!doc->dom) {
    np_error err;
    np_error_clear(&err);
    if (np_post_body(doc->post, &doc->dom, &err) < 0) {
      lnp_fail(L, doc, "body", &err);
    }
  }
  return doc->dom;
}

void lnp_push_handle(lua_State *L, int doc_idx, void *ptr, const char *tname)
{
  doc_idx = lua_absindex(L, doc_idx);
  lua_getiuservalue(L, doc_idx, LNP_DOC_CACHE);
  if (lua_rawgetp(L, -1, ptr) != LUA_TNIL) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 1);
  lnp_handle *h = lua_newuserdatauv(L, sizeof *h, 1);
  h->doc = lua_touserdata(L, doc_idx);
  h->ptr = ptr;
  luaL_setmetatable(L, tname);
  lua_pushvalue(L, doc_idx);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, -3, ptr);
  lua_remove(L, -2);
}

void lnp_push_doc_name(lua_State *L, int idx)
{
  idx = lua_absindex(L, idx);
  if (luaL_testudata(L, idx, LNP_POST) ||
      luaL_testudata(L, idx, LNP_FRAGMENT)) {
    lua_getiuservalue(L, idx, LNP_DOC_NAME);
    return;
  }
  lua_getiuservalue(L, idx, 1);
  lua_getiuservalue(L, -1, LNP_DOC_NAME);
  lua_remove(L, -2);
}

lnp_handle *lnp_check_handle(lua_State *L, int idx, const char *tname)
{
  lnp_handle *h = luaL_testudata(L, idx, tname);
  if (!h) {
    lnp_typeerror(L, idx, tname);
  }
  if (lnp_doc_is_closed(h->doc)) {
    lnp_push_doc_name(L, idx);
    luaL_error(L, "attempt to use a %s of a closed post (%s)",
               strcmp(tname, LNP_NODE) == 0 ? "node" : "meta value",
               lua_tostring(L, -1));
  }
  return h;
}

void lnp_retarget_handles(lua_State *L, int from_doc_idx, const np_node *from,
                          int to_doc_idx, np_node *to)
{
  from_doc_idx = lua_absindex(L, from_doc_idx);
  to_doc_idx = lua_absindex(L, to_doc_idx);
  lnp_doc *to_doc = lua_touserdata(L, to_doc_idx);
  lua_getiuservalue(L, from_doc_idx, LNP_DOC_CACHE);
  lua_getiuservalue(L, to_doc_idx, LNP_DOC_CACHE);
  /* The copy mirrors the original node for node in this order. */
  const np_node *o = from;
  np_node *n = to;
  while (o && n) {
    if (lua_rawgetp(L, -2, o) != LUA_TNIL) {
      lnp_handle *h = lua_touserdata(L, -1);
      h->doc = to_doc;
      h->ptr = n;
      lua_pushvalue(L, to_doc_idx);
      lua_setiuservalue(L, -2, 1);
      lua_rawsetp(L, -2, n);
      lua_pushnil(L);
      lua_rawsetp(L, -3, o);
    } else {
      lua_pop(L, 1);
    }
    o = np_dom_next(from, o);
    n = np_dom_next(to, n);
  }
  lua_pop(L, 2);
}

int lnp_fail(lua_State *L, const lnp_doc *doc, const char *what,
             const np_error *err)
{
  const char *name = doc->post ? np_post_path(doc->post) : "fragment";
  if (err->line > 0) {
    return luaL_error(L, "%s:%I:%I: %s: %s", name, (lua_Integer)err->line,
                      (lua_Integer)err->column, what, err->msg);
  }
  return luaL_error(L, "%s: %s: %s", name, what, err->msg);
}

void lnp_new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                   const luaL_Reg *meta, lua_CFunction index)
{
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  if (methods) {
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    if (index) {
      lua_pushcclosure(L, index, 1);
    }
    lua_setfield(L, -2, "__index");
  }
  lua_pushliteral(L, "locked"); /* getmetatable() does not reach it */
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

/* Output buffers live in a userdata whose __gc frees them, so a Lua error
 * (out of memory pushing the result) never leaks one. */
static int buf_gc(lua_State *L)
{
  np_buf_fini(luaL_checkudata(L, 1, LNP_BUFFER));
  return 0;
}

np_buf *lnp_push_buf(lua_State *L)
{
  np_buf *buf = lua_newuserdatauv(L, sizeof *buf, 0);
  np_buf_init(buf);
  luaL_setmetatable(L, LNP_BUFFER);
  return buf;
}

int lnp_return_buf(lua_State *L, np_buf *buf)
{
  lua_pushlstring(L, buf->data ? buf->data : "", buf->len);
  np_buf_fini(buf);
  return 1;
}

void lnp_open_buffer(lua_State *L)
{
  static const luaL_Reg meta[] = {{"__gc", buf_gc}, {NULL, NULL}};
  lnp_new_class(L, LNP_BUFFER, NULL, meta, NULL);
}

/* Argument errors name the post the method was called on, when there is
 * one, besides what luaL_argerror says. */
static bool push_self_doc_name(lua_State *L)
{
  static const char *const types[] = {LNP_POST, LNP_NODE, LNP_MAP, LNP_LIST};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    void *p = luaL_testudata(L, 1, types[i]);
    if (p) {
      const lnp_doc *doc = i == 0 ? p : ((lnp_handle *)p)->doc;
      if (lnp_doc_is_closed(doc)) {
        return false;
      }
      lnp_push_doc_name(L, 1);
      return true;
    }
  }
  return false;
}

int lnp_argerror(lua_State *L, int arg, const char *msg)
{
  lua_Debug ar;
  const char *fn = "?";
  if (lua_getstack(L, 0, &ar)) {
    lua_getinfo(L, "n", &ar);
    if (ar.name) {
      fn = ar.name;
    }
    if (ar.namewhat && strcmp(ar.namewhat, "method") == 0) {
      if (--arg == 0) {
        return luaL_error(L, "calling '%s' on bad self (%s)", fn, msg);
      }
    }
  }
  if (push_self_doc_name(L)) {
    return luaL_error(L, "%s: bad argument #%d to '%s' (%s)",
                      lua_tostring(L, -1), arg, fn, msg);
  }
  return luaL_error(L, "bad argument #%d to '%s' (%s)", arg, fn, msg);
}

int lnp_typeerror(lua_State *L, int arg, const char *tname)
{
  const char *got;
  if (luaL_getmetafield(L, arg, "__name") == LUA_TSTRING) {
    got = lua_tostring(L, -1);
  } else {
    got = luaL_typename(L, arg);
  }
  return lnp_argerror(L, arg,
                      lua_pushfstring(L, "%s expected, got %s", tname, got));
}

const char *lnp_checklstring(lua_State *L, int arg, size_t *len)
{
  const char *s = lua_tolstring(L, arg, len);
  if (!s) {
    lnp_typeerror(L, arg, "string");
  }
  return s;
}
