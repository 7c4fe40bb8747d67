/* The Lua state newspipe runs scripts in (see lua_host.c). */
#ifndef NP_LUA_HOST_H
#define NP_LUA_HOST_H

#include <lua.h>

/** A new state with the standard libraries, `require "newspipe"` and the
 * stage library on package.path, allocating with `alloc` (NULL: Lua's
 * default). NULL (with *problem set) on failure. Returns owned: lua_close
 * it. */
lua_State *np_lua_host_new(lua_Alloc alloc, void *ud, const char **problem);

/** lua_pcall with a traceback appended to the error message. */
int np_lua_host_call(lua_State *L, int nargs, int nresults);

#endif
