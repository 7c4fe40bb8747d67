/* newspipe.Post: np.parse, np.parse_string, the post's fields and its
 * serialisation; and the fragment documents np.html makes. */
#include "lnp.h"

#include <string.h>

#include "buf.h"

/* Warnings are kept in C while core code runs (a Lua error there would
 * leak its memory) and turned into post.warnings after. */
typedef struct warnings {
  const char *path;
  np_buf text; /* one "path:line:col: message" per line */
  bool is_full;
} warnings;

static void collect_warning(void *payload, const np_error *w)
{
  warnings *ws = payload;
  if (ws->is_full) {
    return;
  }
  const char *path = w->path ? w->path : ws->path;
  np_status rc = w->line > 0
                     ? np_buf_printf(&ws->text, "%s:%zu:%zu: %s\n", path,
                                     w->line, w->column, w->msg)
                     : np_buf_printf(&ws->text, "%s: %s\n", path, w->msg);
  ws->is_full = rc < 0;
}

/* Sets the post at the top of the stack's warnings from `ws`, then frees
 * them. */
static void attach_warnings(lua_State *L, warnings *ws)
{
  lua_createtable(L, 0, 0);
  const char *p = ws->text.data, *end = p + ws->text.len;
  lua_Integer i = 0;
  while (p && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    lua_pushlstring(L, p, (size_t)(nl - p));
    lua_rawseti(L, -2, ++i);
    p = nl + 1;
  }
  np_buf_fini(&ws->text);
  lua_setiuservalue(L, -2, LNP_DOC_EXTRA);
}

/* Shared by np.parse and np.parse_string: `bytes` NULL reads `path`. */
static int parse(lua_State *L, const char *path, const np_slice *bytes)
{
  lnp_doc *doc = lnp_push_post(L);
  warnings ws = {path, {0}, false};
  np_buf_init(&ws.text);
  np_error err;
  np_error_clear(&err);
  np_post *post = NULL;
  np_status rc =
      bytes ? np_post_parse(&post, path, *bytes, collect_warning, &ws, &err)
            : np_post_read(&post, path, collect_warning, &ws, &err);
  if (rc < 0) {
    np_buf_fini(&ws.text);
    luaL_pushfail(L);
    if (err.line > 0) {
      lua_pushfstring(L, "%s:%I:%I: %s", path, (lua_Integer)err.line,
                      (lua_Integer)err.column, err.msg);
    } else {
      lua_pushfstring(L, "%s: %s", path, err.msg);
    }
    return 2;
  }
  doc->post = post;
  lua_pushstring(L, path);
  lua_setiuservalue(L, -2, LNP_DOC_NAME);
  attach_warnings(L, &ws);
  return 1;
}

int lnp_parse(lua_State *L)
{
  return parse(L, luaL_checkstring(L, 1), NULL);
}

int lnp_parse_string(lua_State *L)
{
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, "<string>");
  np_slice bytes = {s, len};
  return parse(L, name, &bytes);
}

static int post_serialize(lua_State *L)
{
  lnp_doc *doc = lnp_check_post(L, 1);
  np_buf *out = lnp_push_buf(L);
  np_error err;
  np_error_clear(&err);
  if (np_post_serialize(doc->post, out, &err) < 0) {
    return lnp_fail(L, doc, "serialize", &err);
  }
  return lnp_return_buf(L, out);
}

/* post:drop([reason]): the post goes to no export; returns false, so a
 * stage may `return post:drop("why")`. */
static int post_drop(lua_State *L)
{
  lnp_check_post(L, 1);
  size_t len;
  const char *reason = lua_isnoneornil(L, 2) ? "dropped by a stage"
                                             : lnp_checklstring(L, 2, &len);
  lua_pushstring(L, reason);
  lua_setiuservalue(L, 1, LNP_DOC_DROP);
  lua_pushboolean(L, false);
  return 1;
}

const char *lnp_post_drop_reason(lua_State *L, int idx)
{
  lua_getiuservalue(L, idx, LNP_DOC_DROP);
  const char *reason = lua_tostring(L, -1); /* the post keeps it alive */
  lua_pop(L, 1);
  return reason;
}

/* post:count(group, key [, n]): adds n (default 1) to a tally that
 * `newspipe run` sums over the posts it writes and shows in its summary
 * (a glossary's replacements per term). */
static int post_count(lua_State *L)
{
  lnp_check_post(L, 1);
  size_t len;
  lnp_checklstring(L, 2, &len);
  lnp_checklstring(L, 3, &len);
  lua_Integer n = luaL_optinteger(L, 4, 1);
  if (n < 0) {
    return lnp_argerror(L, 4, "a count cannot be negative");
  }
  if (lua_getiuservalue(L, 1, LNP_DOC_COUNTS) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, LNP_DOC_COUNTS);
  }
  lua_pushvalue(L, 2);
  if (lua_rawget(L, -2) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
  }
  lua_pushvalue(L, 3);
  lua_Integer old = lua_rawget(L, -2) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
  lua_pop(L, 1);
  lua_pushvalue(L, 3);
  lua_pushinteger(L, old + n);
  lua_rawset(L, -3);
  return 0;
}

void lnp_post_counts(lua_State *L, int idx,
                     void (*fn)(void *payload, np_slice group, np_slice key,
                                lua_Integer n),
                     void *payload)
{
  idx = lua_absindex(L, idx);
  if (lua_getiuservalue(L, idx, LNP_DOC_COUNTS) != LUA_TTABLE) {
    lua_pop(L, 1);
    return;
  }
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    size_t glen;
    const char *group = lua_tolstring(L, -2, &glen); /* strings only */
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      size_t klen;
      const char *key = lua_tolstring(L, -2, &klen);
      fn(payload, np_slice_from(group, glen), np_slice_from(key, klen),
         lua_tointeger(L, -1));
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

np_status lnp_read_post(lua_State *L, const char *path, np_warning_fn warn,
                        void *payload, np_error *err)
{
  return lnp_parse_post(L, path, (np_buf){NULL, 0, 0, 0}, warn, payload, err);
}

np_status lnp_parse_post(lua_State *L, const char *path, np_buf bytes,
                         np_warning_fn warn, void *payload, np_error *err)
{
  lnp_doc *doc = lnp_push_post(L);
  np_post *post = NULL;
  np_status rc = bytes.data ? np_post_parse(&post, path, np_buf_slice(&bytes),
                                            warn, payload, err)
                            : np_post_read(&post, path, warn, payload, err);
  if (rc < 0) {
    lua_pop(L, 1);
    return rc;
  }
  doc->post = post;
  lua_pushstring(L, path);
  lua_setiuservalue(L, -2, LNP_DOC_NAME);
  lua_createtable(L, 0, 0);
  lua_setiuservalue(L, -2, LNP_DOC_EXTRA);
  return NP_OK;
}

void lnp_close_post(lua_State *L, int idx)
{
  lnp_doc *doc = luaL_checkudata(L, idx, LNP_POST);
  np_post_free(doc->post);
  doc->post = NULL;
  doc->dom = NULL;
  doc->lines = (np_line_index){NULL, 0};
}

static int post_close(lua_State *L)
{
  lnp_close_post(L, 1);
  return 0;
}

static int post_tostring(lua_State *L)
{
  lnp_doc *doc = luaL_checkudata(L, 1, LNP_POST);
  lua_getiuservalue(L, 1, LNP_DOC_NAME);
  lua_pushfstring(L, "newspipe.Post (%s%s)", lua_tostring(L, -1),
                  lnp_doc_is_closed(doc) ? ", closed" : "");
  return 1;
}

static void push_field(lua_State *L, lnp_doc *doc, const char *key)
{
  if (strcmp(key, "path") == 0) {
    lua_pushstring(L, np_post_path(doc->post));
  } else if (strcmp(key, "source") == 0) {
    np_slice s = np_post_source(doc->post);
    lua_pushlstring(L, s.ptr, s.len);
  } else if (strcmp(key, "meta") == 0) {
    lnp_push_meta(L, 1);
  } else if (strcmp(key, "body") == 0) {
    np_dom *dom = lnp_doc_dom(L, doc);
    lnp_push_handle(L, 1, dom->root, LNP_NODE);
  } else if (strcmp(key, "warnings") == 0) {
    lua_getiuservalue(L, 1, LNP_DOC_EXTRA);
  } else if (strcmp(key, "data") == 0) {
    if (lua_getiuservalue(L, 1, LNP_DOC_DATA) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_createtable(L, 0, 0);
      lua_pushvalue(L, -1);
      lua_setiuservalue(L, 1, LNP_DOC_DATA);
    }
  } else {
    luaL_error(L, "newspipe.Post has no field '%s'", key);
  }
}

/* Methods first (upvalue 1), then the fields. */
static int post_index(lua_State *L)
{
  luaL_checkudata(L, 1, LNP_POST);
  const char *key = lnp_checklstring(L, 2, NULL);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
    return 1; /* methods check the post themselves: close() may be late */
  }
  push_field(L, lnp_check_post(L, 1), key);
  return 1;
}

static int post_newindex(lua_State *L)
{
  lnp_check_post(L, 1);
  return luaL_error(L, "newspipe.Post fields are read-only (edit post.meta "
                       "and post.body instead)");
}

static int fragment_gc(lua_State *L)
{
  lnp_doc *doc = luaL_checkudata(L, 1, LNP_FRAGMENT);
  np_arena_free(doc->arena);
  doc->arena = NULL;
  doc->dom = NULL;
  return 0;
}

void lnp_open_post(lua_State *L)
{
  static const luaL_Reg methods[] = {{"serialize", post_serialize},
                                     {"close", post_close},
                                     {"drop", post_drop},
                                     {"count", post_count},
                                     {NULL, NULL}};
  static const luaL_Reg meta[] = {{"__gc", post_close},
                                  {"__close", post_close},
                                  {"__tostring", post_tostring},
                                  {"__newindex", post_newindex},
                                  {NULL, NULL}};
  lnp_new_class(L, LNP_POST, methods, meta, post_index);
  static const luaL_Reg fragment_meta[] = {{"__gc", fragment_gc}, {NULL, NULL}};
  lnp_new_class(L, LNP_FRAGMENT, NULL, fragment_meta, NULL);
}
