/* newspipe lua: runs a Lua script with the newspipe module, as lua5.4
 * would with newspipe.so installed. */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "cli.h"
#include "lua_host.h"

static const char usage[] =
    "Usage: newspipe lua SCRIPT [ARG]...\n"
    "       newspipe lua -e CODE [ARG]...\n"
    "Run a Lua 5.4 script (SCRIPT, '-' for standard input, or the CODE\n"
    "given) with the newspipe module: `local np = require \"newspipe\"`.\n"
    "ARGs are in the global table `arg` (arg[0] is the script, or \"-e\") and\n"
    "in `...`.\n"
    "\n"
    "  -e CODE      run CODE instead of a script file\n"
    "  -h, --help   show this help\n"
    "\n"
    "Exit status: 0 when the script ends normally, 1 when it raises an error\n"
    "(message and traceback on stderr), 2 on usage trouble.\n";

int np_cmd_lua(int argc, char **argv)
{
  if (argc < 2) {
    fputs(usage, stderr);
    return NP_EXIT_USAGE;
  }
  if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
    fputs(usage, stdout);
    return NP_EXIT_OK;
  }
  int first = 1; /* argv index of the script (or of -e) */
  const char *code = NULL;
  if (strcmp(argv[1], "-e") == 0) {
    if (argc < 3) {
      np_cli_fail("lua: -e needs CODE");
      return NP_EXIT_USAGE;
    }
    code = argv[2];
    first = 2;
  } else if (argv[1][0] == '-' && argv[1][1] != '\0') {
    np_cli_fail("lua: unknown option '%s' (try 'newspipe lua --help')",
                argv[1]);
    return NP_EXIT_USAGE;
  }
  const char *problem = NULL;
  lua_State *L = np_lua_host_new(NULL, NULL, &problem);
  if (!L) {
    np_cli_fail("%s", problem);
    return NP_EXIT_FAILED;
  }
  /* arg, as lua.c builds it */
  lua_createtable(L, argc - first - 1, 1);
  for (int i = first; i < argc; i++) {
    lua_pushstring(L, code && i == first ? "-e" : argv[i]);
    lua_rawseti(L, -2, i - first);
  }
  lua_setglobal(L, "arg");

  const char *script = argv[first];
  int rc = code ? luaL_loadbuffer(L, code, strlen(code), "=(command line)")
                : luaL_loadfile(L, strcmp(script, "-") == 0 ? NULL : script);
  if (rc == LUA_OK) {
    for (int i = first + 1; i < argc; i++) {
      lua_pushstring(L, argv[i]);
    }
    rc = np_lua_host_call(L, argc - first - 1, 0);
  }
  int status = NP_EXIT_OK;
  if (rc != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    np_cli_fail("%s", msg ? msg : "(error object is not a string)");
    status = NP_EXIT_FAILED;
  }
  lua_close(L);
  return status;
}
