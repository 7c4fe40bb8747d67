/* newspipe.Selector: CSS selectors compiled once (np.selector) and usable
 * with any post; CSS strings given to node methods are compiled through a
 * weak cache, so a loop over posts compiles each selector once. */
#include "lnp.h"

#include <string.h>

typedef struct selector_box {
  np_selector *sel; /* owned; NULL once collected */
} selector_box;

/* Registry key of the cache: CSS text -> selector userdata, weak values. */
static const char cache_key[] = "newspipe.selector_cache";

static int selector_gc(lua_State *L)
{
  selector_box *box = luaL_checkudata(L, 1, LNP_SELECTOR);
  np_selector_free(box->sel);
  box->sel = NULL;
  return 0;
}

static int selector_tostring(lua_State *L)
{
  luaL_checkudata(L, 1, LNP_SELECTOR);
  lua_getiuservalue(L, 1, 1);
  lua_pushfstring(L, "newspipe.Selector (%s)", lua_tostring(L, -1));
  return 1;
}

/* Compiles the CSS string at `idx` into a new selector userdata (pushed);
 * a syntax error raises as a bad argument `arg`. */
static selector_box *compile(lua_State *L, int idx, int arg)
{
  size_t len;
  const char *css = lnp_checklstring(L, idx, &len);
  selector_box *box = lua_newuserdatauv(L, sizeof *box, 1);
  box->sel = NULL;
  luaL_setmetatable(L, LNP_SELECTOR);
  lua_pushvalue(L, idx);
  lua_setiuservalue(L, -2, 1);
  np_error err;
  np_error_clear(&err);
  if (np_selector_compile(&box->sel, np_slice_from(css, len), &err) < 0) {
    if (err.status == NP_ENOMEM) {
      luaL_error(L, "out of memory");
    }
    lnp_argerror(L, arg,
                 lua_pushfstring(L, "invalid selector '%s': %s at column %I",
                                 css, err.msg, (lua_Integer)err.column));
  }
  return box;
}

int lnp_selector(lua_State *L)
{
  compile(L, 1, 1);
  return 1;
}

const np_selector *lnp_check_selector(lua_State *L, int idx)
{
  selector_box *box = luaL_testudata(L, idx, LNP_SELECTOR);
  if (box) {
    return box->sel;
  }
  if (lua_type(L, idx) != LUA_TSTRING) {
    lnp_typeerror(L, idx, "CSS string or newspipe.Selector");
  }
  lua_getfield(L, LUA_REGISTRYINDEX, cache_key);
  lua_pushvalue(L, idx);
  if (lua_rawget(L, -2) == LUA_TNIL) {
    lua_pop(L, 1);
    box = compile(L, idx, idx);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
  } else {
    box = lua_touserdata(L, -1);
  }
  /* The argument slot keeps the selector alive while the call runs. */
  lua_replace(L, idx);
  lua_pop(L, 1);
  return box->sel;
}

void lnp_open_selector(lua_State *L)
{
  static const luaL_Reg meta[] = {
      {"__gc", selector_gc}, {"__tostring", selector_tostring}, {NULL, NULL}};
  lnp_new_class(L, LNP_SELECTOR, NULL, meta, NULL);
  lua_createtable(L, 0, 0);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "v");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, cache_key);
}
