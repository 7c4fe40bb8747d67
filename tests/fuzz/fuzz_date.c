/* libFuzzer target for the date parsers. In C, a front-matter scalar that
 * types as a timestamp must write back (in its own style and as ISO 8601)
 * as text that reads back as the same timestamp, and text the emitter
 * would write plain as a string must read back as a string. In Lua,
 * newspipe.date's date.read must return a timestamp or nil and a message
 * for any text, never raise an error. */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "date.h"
#include "scalar.h"

#ifndef NP_FUZZ_LUA_DIR
#error "NP_FUZZ_LUA_DIR: the build tree's lua/ folder (newspipe/date.lua)"
#endif

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int luaopen_newspipe(lua_State *L);

static void check_scalar(np_slice text)
{
  np_value v;
  np_scalar_resolve(text, &v);
  if (np_scalar_plain_is_string(text) && v.kind != NP_VALUE_STRING) {
    abort(); /* the emitter would write a string that reads back typed */
  }
  if (v.kind != NP_VALUE_TIMESTAMP) {
    return;
  }
  np_buf out;
  np_buf_init(&out);
  for (int iso = 0; iso < 2; iso++) {
    np_buf_clear(&out);
    np_status rc = iso ? np_timestamp_format_iso(&out, &v.as.timestamp)
                       : np_timestamp_format(&out, &v.as.timestamp);
    np_value back;
    np_scalar_resolve(np_buf_slice(&out), &back);
    if (rc < 0 || back.kind != NP_VALUE_TIMESTAMP ||
        !np_timestamp_equal(&back.as.timestamp, &v.as.timestamp)) {
      abort(); /* written, it reads back as another value */
    }
  }
  np_buf_fini(&out);
}

static lua_State *lua_with_date(void)
{
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_newspipe);
  lua_setfield(L, -2, "newspipe");
  lua_pop(L, 1);
  lua_getglobal(L, "package");
  lua_pushstring(L, NP_FUZZ_LUA_DIR "/?.lua");
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
  if (luaL_dostring(L, "return require('newspipe.date').read") != LUA_OK) {
    abort(); /* not a finding: the target cannot find date.lua */
  }
  return L; /* date.read stays on the stack */
}

static void check_lua(lua_State *L, np_slice text)
{
  lua_pushvalue(L, 1);
  lua_pushlstring(L, text.ptr, text.len);
  if (lua_pcall(L, 1, 2, 0) != LUA_OK) {
    abort(); /* date.read raised instead of returning nil, why */
  }
  if (lua_isnil(L, -2) && !lua_isstring(L, -1)) {
    abort(); /* a refusal without a reason */
  }
  lua_settop(L, 1);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
  static lua_State *L;
  if (!L) {
    L = lua_with_date();
  }
  np_slice text = np_slice_from((const char *)data, size);
  check_scalar(text);
  check_lua(L, text);
  return 0;
}
