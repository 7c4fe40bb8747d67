/* newspipe.Zone: a named time zone of the tz database (np.zone), for
 * reading wall-clock times written without an offset. Each Lua state keeps
 * the zones it loaded, by name. */
#include "lnp.h"

#include "zone.h"

typedef struct zone_box {
  np_zone *zone; /* owned; NULL once collected */
} zone_box;

static const char cache_key[] = "newspipe.zones";

static const np_zone *check_zone(lua_State *L)
{
  return ((zone_box *)luaL_checkudata(L, 1, LNP_ZONE))->zone;
}

static int zone_gc(lua_State *L)
{
  zone_box *box = luaL_checkudata(L, 1, LNP_ZONE);
  np_zone_free(box->zone);
  box->zone = NULL;
  return 0;
}

static int zone_tostring(lua_State *L)
{
  luaL_checkudata(L, 1, LNP_ZONE);
  lua_getiuservalue(L, 1, 1);
  return 1;
}

/* zone:offset_at(unix_seconds) -> seconds east of UTC then */
static int zone_offset_at(lua_State *L)
{
  const np_zone *zone = check_zone(L);
  lua_Integer t = (lua_Integer)luaL_checknumber(L, 2);
  lua_pushinteger(L, np_zone_offset_at(zone, (int64_t)t));
  return 1;
}

/* zone:offset_for_local(seconds) -> the offset a wall-clock time (as
 * seconds since 1970 as if UTC) is read with */
static int zone_offset_for_local(lua_State *L)
{
  const np_zone *zone = check_zone(L);
  lua_Integer local = (lua_Integer)luaL_checknumber(L, 2);
  lua_pushinteger(L, np_zone_offset_for_local(zone, (int64_t)local));
  return 1;
}

/* np.zone(name) -> zone | nil, message */
int lnp_zone(lua_State *L)
{
  const char *name = lnp_checklstring(L, 1, NULL);
  if (lua_getfield(L, LUA_REGISTRYINDEX, cache_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, cache_key);
  }
  if (lua_getfield(L, -1, name) == LUA_TUSERDATA) {
    return 1;
  }
  lua_pop(L, 1);
  zone_box *box = lua_newuserdatauv(L, sizeof *box, 1);
  box->zone = NULL;
  luaL_setmetatable(L, LNP_ZONE);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  np_error err;
  np_error_clear(&err);
  if (np_zone_load(&box->zone, name, &err) < 0) {
    if (err.status == NP_ENOMEM) {
      return luaL_error(L, "out of memory");
    }
    luaL_pushfail(L);
    lua_pushstring(L, err.msg);
    return 2;
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name);
  return 1;
}

void lnp_open_zone(lua_State *L)
{
  static const luaL_Reg methods[] = {
      {"offset_at", zone_offset_at},
      {"offset_for_local", zone_offset_for_local},
      {NULL, NULL}};
  static const luaL_Reg meta[] = {
      {"__gc", zone_gc}, {"__tostring", zone_tostring}, {NULL, NULL}};
  lnp_new_class(L, LNP_ZONE, methods, meta, NULL);
}
