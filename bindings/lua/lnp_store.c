/* newspipe.Store: a persistent key-value store in an SQLite file
 * (np.store), shared by a run's workers and kept between runs; the
 * translator's cache. */
#include "lnp.h"

#include "store.h"

typedef struct store_box {
  np_store *store; /* owned; NULL once closed */
} store_box;

static np_store *check_store(lua_State *L)
{
  store_box *box = luaL_checkudata(L, 1, LNP_STORE);
  if (!box->store) {
    luaL_error(L, "attempt to use a closed store");
  }
  return box->store;
}

static int store_close(lua_State *L)
{
  store_box *box = luaL_checkudata(L, 1, LNP_STORE);
  np_store_free(box->store);
  box->store = NULL;
  return 0;
}

/* store:get(space, key) -> value | nil */
static int store_get(lua_State *L)
{
  np_store *store = check_store(L);
  size_t slen, klen;
  const char *space = lnp_checklstring(L, 2, &slen);
  const char *key = lnp_checklstring(L, 3, &klen);
  np_buf *value = lnp_push_buf(L);
  np_error err;
  np_error_clear(&err);
  bool found;
  if (np_store_get(&found, store, np_slice_from(space, slen),
                   np_slice_from(key, klen), value, &err) < 0) {
    return luaL_error(L, "%s", err.msg);
  }
  if (!found) {
    lua_pushnil(L);
    return 1;
  }
  return lnp_return_buf(L, value);
}

/* store:put(space, key, value) */
static int store_put(lua_State *L)
{
  np_store *store = check_store(L);
  size_t slen, klen, vlen;
  const char *space = lnp_checklstring(L, 2, &slen);
  const char *key = lnp_checklstring(L, 3, &klen);
  const char *value = lnp_checklstring(L, 4, &vlen);
  np_error err;
  np_error_clear(&err);
  if (np_store_put(store, np_slice_from(space, slen), np_slice_from(key, klen),
                   np_slice_from(value, vlen), &err) < 0) {
    return luaL_error(L, "%s", err.msg);
  }
  return 0;
}

/* np.store(path) -> store | nil, message */
int lnp_store(lua_State *L)
{
  const char *path = lnp_checklstring(L, 1, NULL);
  lnp_check_writable(L, path, "np.store");
  store_box *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->store = NULL;
  luaL_setmetatable(L, LNP_STORE);
  np_error err;
  np_error_clear(&err);
  if (np_store_open(&box->store, path, &err) < 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err.msg);
    return 2;
  }
  return 1;
}

void lnp_open_store(lua_State *L)
{
  static const luaL_Reg methods[] = {{"get", store_get},
                                     {"put", store_put},
                                     {"close", store_close},
                                     {NULL, NULL}};
  static const luaL_Reg meta[] = {
      {"__gc", store_close}, {"__close", store_close}, {NULL, NULL}};
  lnp_new_class(L, LNP_STORE, methods, meta, NULL);
}
