/* newspipe.Terms: a list of terms found in one pass, leftmost and longest
 * first (np.terms); what newspipe.glossary replaces with and newspipe.zh
 * protects with. */
#include "lnp.h"

#include "terms.h"

typedef struct terms_box {
  np_terms *terms; /* owned; NULL once collected */
} terms_box;

const np_terms *lnp_check_terms(lua_State *L, int idx)
{
  terms_box *box = luaL_checkudata(L, idx, LNP_TERMS);
  return box->terms;
}

static int terms_gc(lua_State *L)
{
  terms_box *box = luaL_checkudata(L, 1, LNP_TERMS);
  np_terms_free(box->terms);
  box->terms = NULL;
  return 0;
}

static int terms_len(lua_State *L)
{
  lua_pushinteger(L, np_terms_count(lnp_check_terms(L, 1)));
  return 1;
}

/* terms:find(text [, init]) -> start, stop, index | nil: the first match
 * at or after byte `init`, as string.find gives positions (1-based,
 * inclusive), and the term's position in the list. */
static int terms_find(lua_State *L)
{
  const np_terms *terms = lnp_check_terms(L, 1);
  size_t len;
  const char *text = lnp_checklstring(L, 2, &len);
  lua_Integer init = luaL_optinteger(L, 3, 1);
  if (init < 1) {
    init = 1;
  }
  np_span span;
  uint32_t index;
  if ((size_t)init > len + 1 ||
      !np_terms_find(&span, &index, terms, np_slice_from(text, len),
                     (size_t)init - 1)) {
    luaL_pushfail(L);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)span.start + 1);
  lua_pushinteger(L, (lua_Integer)span.end);
  lua_pushinteger(L, (lua_Integer)index + 1);
  return 3;
}

/* terms:replace(text, replacements [, counts]) -> text, n: every match
 * replaced by replacements[index] in one pass (a term whose replacement is
 * nil stays); counts[index] grows by one per replacement. */
static int terms_replace(lua_State *L)
{
  const np_terms *terms = lnp_check_terms(L, 1);
  size_t len;
  const char *text = lnp_checklstring(L, 2, &len);
  luaL_checktype(L, 3, LUA_TTABLE);
  bool counting = !lua_isnoneornil(L, 4);
  if (counting) {
    luaL_checktype(L, 4, LUA_TTABLE);
  }
  np_slice s = np_slice_from(text, len);
  luaL_Buffer out;
  luaL_buffinit(L, &out);
  lua_Integer n = 0;
  size_t done = 0, from = 0;
  np_span span;
  uint32_t index;
  while (np_terms_find(&span, &index, terms, s, from)) {
    from = span.end;
    if (lua_rawgeti(L, 3, (lua_Integer)index + 1) != LUA_TSTRING) {
      lua_pop(L, 1);
      continue;
    }
    size_t rlen;
    const char *r = lua_tolstring(L, -1, &rlen);
    lua_pop(L, 1); /* the table keeps the string alive */
    luaL_addlstring(&out, text + done, span.start - done);
    luaL_addlstring(&out, r, rlen);
    done = span.end;
    n++;
    if (counting) {
      lua_rawgeti(L, 4, (lua_Integer)index + 1);
      lua_Integer count = lua_tointeger(L, -1);
      lua_pop(L, 1);
      lua_pushinteger(L, count + 1);
      lua_rawseti(L, 4, (lua_Integer)index + 1);
    }
  }
  if (n == 0) {
    lua_pushvalue(L, 2); /* no copy when nothing matched */
  } else {
    luaL_addlstring(&out, text + done, len - done);
    luaL_pushresult(&out);
  }
  lua_pushinteger(L, n);
  return 2;
}

/* np.terms(list [, {whole_words = true}]): list is a sequence of distinct,
 * non-empty strings. */
int lnp_terms(lua_State *L)
{
  luaL_checktype(L, 1, LUA_TTABLE);
  unsigned flags = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "whole_words");
    if (lua_toboolean(L, -1)) {
      flags |= NP_TERMS_WHOLE_WORDS;
    }
    lua_pop(L, 1);
  }
  terms_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->terms = NULL;
  luaL_setmetatable(L, LNP_TERMS);
  box->terms = np_terms_new(flags);
  if (!box->terms) {
    return luaL_error(L, "out of memory");
  }
  lua_Integer n = luaL_len(L, 1);
  for (lua_Integer i = 1; i <= n; i++) {
    if (lua_rawgeti(L, 1, i) != LUA_TSTRING) {
      return lnp_argerror(L, 1,
                          lua_pushfstring(L, "term %I is a %s, not a string", i,
                                          luaL_typename(L, -1)));
    }
    size_t len;
    const char *term = lua_tolstring(L, -1, &len);
    np_error err;
    np_error_clear(&err);
    uint32_t index;
    if (np_terms_add(&index, box->terms, np_slice_from(term, len), &err) < 0) {
      if (err.status == NP_ENOMEM) {
        return luaL_error(L, "out of memory");
      }
      return lnp_argerror(L, 1, lua_pushfstring(L, "term %I: %s", i, err.msg));
    }
    if ((lua_Integer)index + 1 != i) {
      return lnp_argerror(L, 1,
                          lua_pushfstring(L, "term %I repeats term %d ('%s')",
                                          i, (int)index + 1, term));
    }
    lua_pop(L, 1);
  }
  return 1;
}

void lnp_open_terms(lua_State *L)
{
  static const luaL_Reg methods[] = {
      {"find", terms_find}, {"replace", terms_replace}, {NULL, NULL}};
  static const luaL_Reg meta[] = {
      {"__gc", terms_gc}, {"__len", terms_len}, {NULL, NULL}};
  lnp_new_class(L, LNP_TERMS, methods, meta, NULL);
}
