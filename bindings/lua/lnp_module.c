/* luaopen_newspipe: the `newspipe` module, for plain lua5.4 (newspipe.so)
 * and for the newspipe command, which links it in. */
#include "lnp.h"

#ifndef NP_VERSION
#define NP_VERSION "unknown"
#endif

NP_LUAMOD int luaopen_newspipe(lua_State *L);

NP_LUAMOD int luaopen_newspipe(lua_State *L)
{
  luaL_checkversion(L);
  lnp_open_buffer(L);
  lnp_open_post(L);
  lnp_open_node(L);
  lnp_open_meta(L);
  lnp_open_time(L);
  lnp_open_selector(L);
  lnp_open_pipeline(L);
  lnp_open_terms(L);
  lnp_open_converter(L);
  lnp_open_store(L);
  lnp_open_zone(L);
  static const luaL_Reg functions[] = {{"parse", lnp_parse},
                                       {"parse_string", lnp_parse_string},
                                       {"html", lnp_html},
                                       {"selector", lnp_selector},
                                       {"time", lnp_time},
                                       {"totable", lnp_totable},
                                       {"rename", lnp_rename},
                                       {"pipeline", lnp_pipeline},
                                       {"terms", lnp_terms},
                                       {"opencc", lnp_opencc},
                                       {"has_han", lnp_has_han},
                                       {"command", lnp_command},
                                       {"sleep", lnp_sleep},
                                       {"store", lnp_store},
                                       {"zone", lnp_zone},
                                       {"json", lnp_json},
                                       {NULL, NULL}};
  luaL_newlib(L, functions);
  lnp_push_null(L);
  lua_setfield(L, -2, "null");
  lua_pushliteral(L, NP_VERSION);
  lua_setfield(L, -2, "version");
  return 1;
}
