/* --sandbox: a Lua state fit to run a pipeline from someone else. It may
 * read files and compute; it may not run programs (os.execute, io.popen,
 * np.command), load binary chunks or C code (load and require take text
 * only), reach around these rules (the debug library, string.dump), or
 * write, remove or rename a file outside the output folder (io.open in a
 * writing mode, io.output, os.remove, os.rename, np.store). The output
 * folder is set when it is known; until then no file may be written. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "lnp.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lualib.h>

/* Registry key: the output folder's real path (a string), false while it
 * is not known yet; nil when the state is not sandboxed. */
static const char sandbox_key = 'S';

static int refused(lua_State *L)
{
  return luaL_error(L, "%s is not allowed under --sandbox",
                    lua_tostring(L, lua_upvalueindex(1)));
}

/* Replaces table[name] (the table on top of the stack) with a function
 * that refuses, naming `what`. */
static void refuse(lua_State *L, const char *name, const char *what)
{
  lua_pushstring(L, what);
  lua_pushcclosure(L, refused, 1);
  lua_setfield(L, -2, name);
}

bool lnp_sandboxed(lua_State *L)
{
  bool on = lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_key) != LUA_TNIL;
  lua_pop(L, 1);
  return on;
}

/* The real path of the folder that would hold `path`, with the last
 * component appended, or NULL (errno set). */
static char *resolve_parent(const char *path)
{
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  char dir[PATH_MAX];
  if (!slash) {
    snprintf(dir, sizeof dir, ".");
  } else {
    snprintf(dir, sizeof dir, "%.*s", (int)(slash == path ? 1 : slash - path),
             path);
  }
  char *real = realpath(dir, NULL);
  if (!real) {
    return NULL;
  }
  size_t n = strlen(real) + strlen(base) + 2;
  char *full = malloc(n);
  if (full) {
    snprintf(full, n, "%s/%s", real, base);
  }
  free(real);
  return full;
}

void lnp_check_writable(lua_State *L, const char *path, const char *who)
{
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_key) == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  const char *out = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
  lua_pop(L, 1); /* `out` stays valid: the registry holds the string */
  if (!out) {
    luaL_error(L,
               "%s: '%s': no file may be written under --sandbox before "
               "the run (only into its output folder)",
               who, path);
  }
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  char *full = NULL;
  struct stat st;
  bool ok = strcmp(base, "..") != 0 && strcmp(base, ".") != 0 && *base &&
            (full = resolve_parent(path)) != NULL;
  if (ok && lstat(full, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *target = realpath(full, NULL); /* writing follows the link */
    free(full);
    full = target;
    ok = full != NULL;
  }
  size_t n = strlen(out);
  ok = ok && strncmp(full, out, n) == 0 && full[n] == '/';
  free(full);
  if (!ok) {
    luaL_error(L,
               "%s: '%s' is outside the output folder %s: not allowed "
               "under --sandbox",
               who, path, out);
  }
}

/* Calls the function the wrapper stands for (its upvalue 1) with the
 * wrapper's arguments, returning what it returns. */
static int call_original(lua_State *L)
{
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* io.open(path, mode) and io.output(path): writing modes only inside. */
static int sandboxed_open(lua_State *L)
{
  const char *mode = luaL_optstring(L, 2, "r");
  if (strpbrk(mode, "wa+")) {
    lnp_check_writable(L, luaL_checkstring(L, 1), "io.open");
  }
  return call_original(L);
}

static int sandboxed_output(lua_State *L)
{
  if (lua_type(L, 1) == LUA_TSTRING) {
    lnp_check_writable(L, lua_tostring(L, 1), "io.output");
  }
  return call_original(L);
}

static int sandboxed_remove(lua_State *L)
{
  lnp_check_writable(L, luaL_checkstring(L, 1), "os.remove");
  return call_original(L);
}

static int sandboxed_rename(lua_State *L)
{
  lnp_check_writable(L, luaL_checkstring(L, 1), "os.rename");
  lnp_check_writable(L, luaL_checkstring(L, 2), "os.rename");
  return call_original(L);
}

/* load(chunk [, name [, mode [, env]]]): text chunks only. */
static int text_load(lua_State *L)
{
  int n = lua_gettop(L) >= 4 ? 4 : 3; /* an absent env is not a nil one */
  lua_settop(L, n);
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  return call_original(L);
}

/* loadfile(name [, mode [, env]]) and dofile(name): text only. */
static int text_loadfile(lua_State *L)
{
  const char *name = luaL_optstring(L, 1, NULL);
  bool has_env = !lua_isnone(L, 3);
  if (luaL_loadfilex(L, name, "t") != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  if (has_env) {
    lua_pushvalue(L, 3);
    if (!lua_setupvalue(L, -2, 1)) {
      lua_pop(L, 1);
    }
  }
  return 1;
}

static int text_dofile(lua_State *L)
{
  const char *name = luaL_optstring(L, 1, NULL);
  lua_settop(L, 1);
  if (luaL_loadfilex(L, name, "t") != LUA_OK) {
    return lua_error(L);
  }
  lua_call(L, 0, LUA_MULTRET);
  return lua_gettop(L) - 1;
}

/* package.searchers' Lua searcher, loading text only (the stock one takes
 * binary chunks too). */
static int text_searcher(lua_State *L)
{
  const char *name = luaL_checkstring(L, 1);
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "searchpath");
  lua_pushstring(L, name);
  lua_getfield(L, -3, "path");
  lua_call(L, 2, 2);
  if (lua_isnil(L, -2)) {
    return 1; /* the message of where it looked */
  }
  const char *file = lua_tostring(L, -2);
  if (luaL_loadfilex(L, file, "t") != LUA_OK) {
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s",
                      name, file, lua_tostring(L, -1));
  }
  lua_pushstring(L, file);
  return 2;
}

static void wrap(lua_State *L, const char *name, lua_CFunction fn)
{
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, fn, 1);
  lua_setfield(L, -2, name);
}

void lnp_sandbox(lua_State *L)
{
  lua_pushboolean(L, 0);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &sandbox_key);

  lua_pushglobaltable(L);
  wrap(L, "load", text_load);
  lua_pushcfunction(L, text_loadfile);
  lua_setfield(L, -2, "loadfile");
  lua_pushcfunction(L, text_dofile);
  lua_setfield(L, -2, "dofile");
  lua_pop(L, 1);

  lua_getglobal(L, "os");
  refuse(L, "execute", "os.execute");
  refuse(L, "exit", "os.exit");
  refuse(L, "tmpname", "os.tmpname");
  wrap(L, "remove", sandboxed_remove);
  wrap(L, "rename", sandboxed_rename);
  lua_pop(L, 1);

  lua_getglobal(L, "io");
  refuse(L, "popen", "io.popen");
  refuse(L, "tmpfile", "io.tmpfile");
  wrap(L, "open", sandboxed_open);
  wrap(L, "output", sandboxed_output);
  lua_pop(L, 1);

  lua_getglobal(L, "string");
  refuse(L, "dump", "string.dump");
  lua_pop(L, 1);

  /* debug reaches upvalues (the real io.open) and hooks (the timeout):
   * only its traceback stays, as the global and as require "debug" */
  lua_newtable(L);
  lua_getglobal(L, "debug");
  lua_getfield(L, -1, "traceback");
  lua_setfield(L, -3, "traceback");
  lua_pop(L, 1);
  lua_pushvalue(L, -1);
  lua_setglobal(L, "debug");
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_insert(L, -2);
  lua_setfield(L, -2, "debug");
  lua_pop(L, 1);

  /* require: preloaded modules and Lua text; no C libraries */
  lua_getglobal(L, "package");
  refuse(L, "loadlib", "package.loadlib");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_getfield(L, -1, "searchers");
  lua_rawgeti(L, -1, 1); /* the preload searcher */
  lua_newtable(L);
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  lua_pushcfunction(L, text_searcher);
  lua_rawseti(L, -2, 2);
  lua_setfield(L, -3, "searchers");
  lua_pop(L, 2);
}

/* The real path `folder` has or will have once made: its deepest existing
 * folder resolved, the rest appended ("." and ".." in the rest refused). */
static char *future_realpath(const char *folder)
{
  char *real = realpath(folder, NULL);
  if (real || errno != ENOENT) {
    return real;
  }
  const char *slash = strrchr(folder, '/');
  const char *base = slash ? slash + 1 : folder;
  if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
    errno = EINVAL;
    return NULL;
  }
  char *parent =
      slash ? strndup(folder, slash == folder ? 1 : (size_t)(slash - folder))
            : strdup(".");
  char *above = parent ? future_realpath(parent) : NULL;
  free(parent);
  if (!above) {
    return NULL;
  }
  size_t n = strlen(above) + strlen(base) + 2;
  char *full = malloc(n);
  if (full) {
    snprintf(full, n, "%s/%s", strcmp(above, "/") == 0 ? "" : above, base);
  }
  free(above);
  return full;
}

int lnp_sandbox_set_output(lua_State *L, const char *folder)
{
  char *real = future_realpath(folder);
  if (!real) {
    return -1;
  }
  lua_pushstring(L, real);
  free(real);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &sandbox_key);
  return 0;
}
