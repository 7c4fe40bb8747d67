/* newspipe.Converter: an OpenCC converter (np.opencc). Loading one takes
 * tens of milliseconds, so each Lua state keeps the converters it loaded,
 * by config name: a worker loads each config once, whatever its stages
 * ask. */
#include "lnp.h"

#include "zh.h"

typedef struct converter_box {
  np_zh *zh; /* owned; NULL once collected */
} converter_box;

/* Registry key of the table: config name -> converter userdata. */
static const char cache_key[] = "newspipe.opencc_converters";

static int converter_gc(lua_State *L)
{
  converter_box *box = luaL_checkudata(L, 1, LNP_CONVERTER);
  np_zh_free(box->zh);
  box->zh = NULL;
  return 0;
}

static int converter_tostring(lua_State *L)
{
  luaL_checkudata(L, 1, LNP_CONVERTER);
  lua_getiuservalue(L, 1, 1);
  lua_pushfstring(L, "newspipe.Converter (%s)", lua_tostring(L, -1));
  return 1;
}

/* converter:convert(text) -> text; text without Han comes back as is.
 * converter:convert_text(text [, protect]) -> text: the same for prose,
 * URLs and the terms `protect` (np.terms) finds kept as they are. */
static int convert(lua_State *L, bool prose)
{
  converter_box *box = luaL_checkudata(L, 1, LNP_CONVERTER);
  size_t len;
  const char *text = lnp_checklstring(L, 2, &len);
  const np_terms *protect =
      prose && !lua_isnoneornil(L, 3) ? lnp_check_terms(L, 3) : NULL;
  np_slice s = np_slice_from(text, len);
  if (!np_zh_has_han(s)) {
    lua_settop(L, 2);
    return 1;
  }
  np_buf *out = lnp_push_buf(L);
  np_error err;
  np_error_clear(&err);
  np_status rc = prose ? np_zh_convert_text(box->zh, out, s, protect, &err)
                       : np_zh_convert(box->zh, out, s, &err);
  if (rc < 0) {
    return luaL_error(L, "%s", err.msg);
  }
  return lnp_return_buf(L, out);
}

static int converter_convert(lua_State *L)
{
  return convert(L, false);
}

static int converter_convert_text(lua_State *L)
{
  return convert(L, true);
}

/* np.opencc(config) -> converter: this state's converter for `config`,
 * loaded on first use. */
int lnp_opencc(lua_State *L)
{
  const char *config = lnp_checklstring(L, 1, NULL);
  if (lua_getfield(L, LUA_REGISTRYINDEX, cache_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, cache_key);
  }
  if (lua_getfield(L, -1, config) == LUA_TUSERDATA) {
    return 1;
  }
  lua_pop(L, 1);
  converter_box *box = lua_newuserdatauv(L, sizeof *box, 1);
  box->zh = NULL;
  luaL_setmetatable(L, LNP_CONVERTER);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  np_error err;
  np_error_clear(&err);
  if (np_zh_open(&box->zh, config, &err) < 0) {
    return err.status == NP_ENOMEM ? luaL_error(L, "out of memory")
                                   : lnp_argerror(L, 1, err.msg);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, config);
  return 1;
}

/* np.has_han(text) -> boolean: whether text holds a CJK ideograph. */
int lnp_has_han(lua_State *L)
{
  size_t len;
  const char *text = lnp_checklstring(L, 1, &len);
  lua_pushboolean(L, np_zh_has_han(np_slice_from(text, len)));
  return 1;
}

void lnp_open_converter(lua_State *L)
{
  static const luaL_Reg methods[] = {{"convert", converter_convert},
                                     {"convert_text", converter_convert_text},
                                     {NULL, NULL}};
  static const luaL_Reg meta[] = {
      {"__gc", converter_gc}, {"__tostring", converter_tostring}, {NULL, NULL}};
  lnp_new_class(L, LNP_CONVERTER, methods, meta, NULL);
}
