/* The Lua state the newspipe command runs scripts in: the standard
 * libraries, the newspipe module linked in, and the stage library in
 * scripts/ on package.path (the build tree's copy when running from it). */
#include "lua_host.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#ifndef NP_LUA_SCRIPT_DIR
#define NP_LUA_SCRIPT_DIR "/usr/local/share/lua/5.4"
#endif

int luaopen_newspipe(lua_State *L);

/* <directory of this executable>/lua when it holds newspipe/ (the build
 * tree's layout), else NULL. */
static char *build_tree_lua_dir(void)
{
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) {
    return NULL;
  }
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) {
    return NULL;
  }
  *slash = '\0';
  size_t len = strlen(exe) + sizeof "/lua/newspipe";
  char *dir = malloc(len);
  if (!dir) {
    return NULL;
  }
  snprintf(dir, len, "%s/lua/newspipe", exe);
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    free(dir);
    return NULL;
  }
  dir[strlen(dir) - sizeof "/newspipe" + 1] = '\0';
  return dir;
}

/* Runs in protected mode: package.path and the preloaded module. */
static int setup(lua_State *L)
{
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_newspipe);
  lua_setfield(L, -2, "newspipe");
  lua_pop(L, 1);

  char *build_dir = lua_touserdata(L, 1);
  lua_getglobal(L, "package");
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (build_dir) {
    luaL_addstring(&b, build_dir);
    luaL_addstring(&b, "/?.lua;");
  }
  luaL_addstring(&b, NP_LUA_SCRIPT_DIR "/?.lua;");
  lua_getfield(L, -2, "path");
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  lua_setfield(L, -2, "path");
  return 0;
}

lua_State *np_lua_host_new(lua_Alloc alloc, void *ud, const char **problem)
{
  lua_State *L = alloc ? lua_newstate(alloc, ud) : luaL_newstate();
  if (!L) {
    *problem = "cannot create a Lua state: out of memory";
    return NULL;
  }
  char *build_dir = build_tree_lua_dir();
  lua_pushcfunction(L, setup);
  lua_pushlightuserdata(L, build_dir);
  int rc = lua_pcall(L, 1, 0, 0);
  free(build_dir);
  if (rc != LUA_OK) {
    *problem = "cannot set up Lua: out of memory";
    lua_close(L);
    return NULL;
  }
  return L;
}

/* Whether `msg` starts with a position, "chunk:line: ", as errors raised
 * by Lua itself and by error(msg) do. error(msg, 0) leaves it out: a
 * deliberate message (a stage library's "fields.date: 'date' is ..."),
 * which a traceback would only bury. */
static bool has_position(const char *msg)
{
  for (const char *p = msg; *p && *p != '\n'; p++) {
    if (p[0] == ':' && p[1] == ' ') {
      return false; /* a "word: " before any "chunk:line: " */
    }
    if (p[0] == ':' && p[1] >= '0' && p[1] <= '9') {
      const char *q = p + 1;
      while (*q >= '0' && *q <= '9') {
        q++;
      }
      if (q[0] == ':' && q[1] == ' ') {
        return true;
      }
    }
  }
  return false;
}

/* As lua.c's msghandler: a traceback after the message, unless the message
 * was raised without a position on purpose. */
static int message_handler(lua_State *L)
{
  const char *msg = lua_tostring(L, 1);
  if (!msg) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
      return 1;
    }
    msg =
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  if (has_position(msg)) {
    luaL_traceback(L, L, msg, 1);
  }
  return 1;
}

int np_lua_host_call(lua_State *L, int nargs, int nresults)
{
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, message_handler);
  lua_insert(L, base);
  int rc = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  return rc;
}
