/* np.pipeline: checks a pipeline description where it is written (errors
 * point at the pipeline file's line) and marks it for `newspipe run`. */
#include "lnp.h"

#include <string.h>

/* Registry key: pipeline table -> "file:line: " of its np.pipeline call
 * (weak keys). */
static const char where_key[] = "newspipe.pipeline_where";

static const char *const fields[] = {"sources", "stages", "exports", "options",
                                     NULL};
static const char *const options[] = {"jobs", "output", "timeout", "memory",
                                      NULL};

static bool listed(const char *key, const char *const *names)
{
  for (size_t i = 0; names[i]; i++) {
    if (strcmp(key, names[i]) == 0) {
      return true;
    }
  }
  return false;
}

/* Raises at the caller of np.pipeline: the pipeline file's line. */
static int bad(lua_State *L, const char *fmt, const char *a, const char *b)
{
  luaL_where(L, 1);
  lua_pushfstring(L, fmt, a, b);
  lua_concat(L, 2);
  return lua_error(L);
}

/* Checks that field `name` of the table at 1 is nil or a list whose items
 * all satisfy `ok`, described as `what`. */
static void check_list(lua_State *L, const char *name,
                       bool (*ok)(lua_State *L, int idx), const char *what,
                       const char *item)
{
  int type = lua_getfield(L, 1, name);
  if (type == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (type != LUA_TTABLE) {
    bad(L, "pipeline: '%s' must be a list of %s", name, what);
  }
  lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    if (!ok(L, -1)) {
      lua_pushfstring(L, "%s[%I] must be %s, got a %s", name, i, item,
                      luaL_typename(L, -1));
      bad(L, "pipeline: %s%s", lua_tostring(L, -1), "");
    }
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
        lua_tointeger(L, -1) > n) {
      bad(L, "pipeline: '%s' must be a list of %s (no other keys, no holes)",
          name, what);
    }
  }
  lua_pop(L, 1);
}

static bool is_string(lua_State *L, int idx)
{
  return lua_type(L, idx) == LUA_TSTRING;
}

static bool is_callable(lua_State *L, int idx)
{
  if (lua_isfunction(L, idx)) {
    return true;
  }
  bool ok = luaL_getmetafield(L, idx, "__call") != LUA_TNIL;
  if (ok) {
    lua_pop(L, 1);
  }
  return ok;
}

static bool is_export(lua_State *L, int idx)
{
  idx = lua_absindex(L, idx);
  if (!lua_istable(L, idx)) {
    return false;
  }
  lua_getfield(L, idx, "kind");
  const char *kind = lua_tostring(L, -1);
  bool ok = kind && (strcmp(kind, "posts") == 0 || strcmp(kind, "jsonl") == 0 ||
                     strcmp(kind, "sqlite") == 0);
  const char *fn = !kind                          ? NULL
                   : strcmp(kind, "files") == 0   ? "file"
                   : strcmp(kind, "records") == 0 ? "record"
                   : strcmp(kind, "feed") == 0    ? "entry"
                                                  : NULL;
  if (fn) { /* rendered by its function */
    lua_getfield(L, idx, fn);
    ok = lua_isfunction(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return ok;
}

static void check_options(lua_State *L)
{
  int type = lua_getfield(L, 1, "options");
  if (type == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (type != LUA_TTABLE) {
    bad(L, "pipeline: 'options' must be a table%s%s", "", "");
  }
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    if (!listed(key, options)) {
      bad(L, "pipeline: unknown option '%s' (options are: %s)", key,
          "jobs, output, timeout, memory");
    }
    bool ok = strcmp(key, "output") == 0
                  ? lua_type(L, -1) == LUA_TSTRING
                  : lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) > 0;
    if (!ok) {
      bad(L, "pipeline: option '%s' must be %s", key,
          strcmp(key, "output") == 0 ? "a folder name"
                                     : "a number greater than 0");
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

int lnp_pipeline(lua_State *L)
{
  if (!lua_istable(L, 1)) {
    return lnp_typeerror(L, 1, "table");
  }
  lua_settop(L, 1);
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (!listed(key, fields)) {
      lua_pushvalue(L, -1);
      bad(L, "pipeline: unknown field '%s' (fields are: %s)",
          luaL_tolstring(L, -1, NULL), "sources, stages, exports, options");
    }
  }
  check_list(L, "sources", is_string, "paths (strings)", "a path");
  check_list(L, "stages", is_callable, "functions", "a function");
  check_list(L, "exports", is_export,
             "exports (made by require \"newspipe.export\")",
             "an export (made by require \"newspipe.export\")");
  check_options(L);
  luaL_setmetatable(L, LNP_PIPELINE);
  /* where it was written, for messages about its sources */
  lua_getfield(L, LUA_REGISTRYINDEX, where_key);
  lua_pushvalue(L, 1);
  luaL_where(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  return 1;
}

bool lnp_is_pipeline(lua_State *L, int idx)
{
  if (!lua_istable(L, idx) || !lua_getmetatable(L, idx)) {
    return false;
  }
  luaL_getmetatable(L, LNP_PIPELINE);
  bool is = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return is;
}

void lnp_pipeline_where(lua_State *L, int idx)
{
  idx = lua_absindex(L, idx);
  lua_getfield(L, LUA_REGISTRYINDEX, where_key);
  lua_pushvalue(L, idx);
  lua_rawget(L, -2);
  lua_remove(L, -2);
  if (!lua_isstring(L, -1)) {
    lua_pop(L, 1);
    lua_pushliteral(L, "");
  }
}

void lnp_open_pipeline(lua_State *L)
{
  static const luaL_Reg meta[] = {{NULL, NULL}};
  lnp_new_class(L, LNP_PIPELINE, NULL, meta, NULL);
  lua_createtable(L, 0, 0);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, where_key);
}
