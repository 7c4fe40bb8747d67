/* np.command: runs an external program (argv list, never a shell) with
 * text on its stdin, under a deadline; what newspipe.translate calls. */
#include "lnp.h"

#include <stdlib.h>
#include <time.h>

#include "command.h"

static const char wait_hook_key[] = "newspipe.wait_hook";

void lnp_set_wait_hook(lua_State *L, lnp_wait_hook *hook)
{
  lua_pushlightuserdata(L, hook);
  lua_setfield(L, LUA_REGISTRYINDEX, wait_hook_key);
}

static void waited(lua_State *L, const struct timespec *since)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  lua_getfield(L, LUA_REGISTRYINDEX, wait_hook_key);
  lnp_wait_hook *hook = lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (hook) {
    hook->waited(hook->ud, (double)(t.tv_sec - since->tv_sec) +
                               (t.tv_nsec - since->tv_nsec) / 1e9);
  }
}

/* np.sleep(seconds): waits (a translator's retry pause); like a command's
 * time, not counted as the stage's. */
int lnp_sleep(lua_State *L)
{
  lua_Number s = luaL_checknumber(L, 1);
  if (!(s >= 0 && s <= 3600)) {
    return lnp_argerror(L, 1, "seconds must be within 0..3600");
  }
  struct timespec since, nap = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
  clock_gettime(CLOCK_MONOTONIC, &since);
  while (nanosleep(&nap, &nap) != 0) {
  }
  waited(L, &since);
  return 0;
}

/* np.command(argv [, {input = s, timeout = seconds}]) -> {status, signal,
 * stdout, stderr, timed_out} | nil, message (when it cannot start). */
int lnp_command(lua_State *L)
{
  if (lnp_sandboxed(L)) {
    return luaL_error(L, "np.command is not allowed under --sandbox");
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer argc = luaL_len(L, 1);
  if (argc < 1) {
    return lnp_argerror(L, 1, "the command list is empty");
  }
  if (argc > 100000) {
    return lnp_argerror(L, 1, "too many arguments");
  }
  size_t input_len = 0;
  const char *input = "";
  double timeout = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    if (lua_getfield(L, 2, "input") != LUA_TNIL) {
      input = lua_tolstring(L, -1, &input_len);
      if (!input) {
        return lnp_argerror(L, 2, "input must be a string");
      }
    }
    /* input stays on the stack, so it lives through the call */
    if (lua_getfield(L, 2, "timeout") != LUA_TNIL) {
      int is_num;
      timeout = (double)lua_tonumberx(L, -1, &is_num);
      if (!is_num || !(timeout >= 0)) {
        return lnp_argerror(L, 2, "timeout must be a number of seconds");
      }
    }
    lua_pop(L, 1);
  }
  /* argv in a userdata, so an error below frees it with the GC */
  char **argv = lua_newuserdatauv(L, ((size_t)argc + 1) * sizeof *argv, 0);
  for (lua_Integer i = 1; i <= argc; i++) {
    if (lua_rawgeti(L, 1, i) != LUA_TSTRING) {
      return lnp_argerror(L, 1,
                          lua_pushfstring(L,
                                          "argument %I is a %s, not a string",
                                          i, luaL_typename(L, -1)));
    }
    /* the table at 1 keeps the string alive while the command runs */
    argv[i - 1] = (char *)lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  argv[argc] = NULL;
  np_buf *out = lnp_push_buf(L);
  np_buf *errout = lnp_push_buf(L);
  np_command_result result;
  np_error err;
  np_error_clear(&err);
  struct timespec since;
  clock_gettime(CLOCK_MONOTONIC, &since);
  np_status rc = np_command_run(&result, argv, np_slice_from(input, input_len),
                                timeout, out, errout, &err);
  waited(L, &since);
  if (rc < 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err.msg);
    return 2;
  }
  lua_createtable(L, 0, 5);
  if (result.status >= 0) {
    lua_pushinteger(L, result.status);
    lua_setfield(L, -2, "status");
  }
  if (result.signal) {
    lua_pushinteger(L, result.signal);
    lua_setfield(L, -2, "signal");
  }
  lua_pushboolean(L, result.timed_out);
  lua_setfield(L, -2, "timed_out");
  lua_pushlstring(L, out->data ? out->data : "", out->len);
  lua_setfield(L, -2, "stdout");
  lua_pushlstring(L, errout->data ? errout->data : "", errout->len);
  lua_setfield(L, -2, "stderr");
  return 1;
}
