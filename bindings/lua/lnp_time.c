/* newspipe.Time: a front-matter timestamp as a Lua value (an instant plus
 * the UTC offset it is shown in), and np.time, which makes one. Immutable:
 * methods return new values. */
#include "lnp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "scalar.h"

void lnp_push_time(lua_State *L, const np_timestamp *ts)
{
  np_timestamp *t = lua_newuserdatauv(L, sizeof *t, 0);
  *t = *ts;
  luaL_setmetatable(L, LNP_TIME);
}

const np_timestamp *lnp_to_time(lua_State *L, int idx)
{
  return luaL_testudata(L, idx, LNP_TIME);
}

static const np_timestamp *check_time(lua_State *L, int idx)
{
  const np_timestamp *t = lnp_to_time(L, idx);
  if (!t) {
    lnp_typeerror(L, idx, LNP_TIME);
  }
  return t;
}

static int64_t floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* -1, 0 or 1 as instant a is before, at or after instant b. */
static int compare(const np_timestamp *a, const np_timestamp *b)
{
  if (a->seconds != b->seconds) {
    return a->seconds < b->seconds ? -1 : 1;
  }
  return (a->nanos > b->nanos) - (a->nanos < b->nanos);
}

static int time_unix(lua_State *L)
{
  const np_timestamp *t = check_time(L, 1);
  if (t->nanos == 0) {
    lua_pushinteger(L, (lua_Integer)t->seconds);
  } else {
    lua_pushnumber(L, (lua_Number)t->seconds + t->nanos / 1e9);
  }
  return 1;
}

static int time_offset(lua_State *L)
{
  lua_pushinteger(L, check_time(L, 1)->offset);
  return 1;
}

/* False for a date alone and for a time written without a zone (both read
 * as UTC, as Psych does): what fields.date re-reads in the user's zone. */
static int time_zoned(lua_State *L)
{
  const np_timestamp *t = check_time(L, 1);
  lua_pushboolean(L, !t->is_date && t->zone != NP_ZONE_NONE);
  return 1;
}

static int time_is_date(lua_State *L)
{
  lua_pushboolean(L, check_time(L, 1)->is_date);
  return 1;
}

static int time_utc(lua_State *L)
{
  np_timestamp t = *check_time(L, 1);
  t.offset = 0;
  if (!t.is_date) {
    t.zone = NP_ZONE_Z;
  }
  lnp_push_time(L, &t);
  return 1;
}

/* The broken-down time as shown at the value's offset, without libc's
 * time functions (they read TZ). */
static void to_tm(const np_timestamp *t, struct tm *tm)
{
  int64_t local = t->seconds + t->offset;
  int64_t days = floor_div(local, 86400);
  int64_t secs = local - days * 86400;
  int64_t y;
  int m, d;
  np_civil_from_days(days, &y, &m, &d);
  memset(tm, 0, sizeof *tm);
  tm->tm_year = (int)(y - 1900);
  tm->tm_mon = m - 1;
  tm->tm_mday = d;
  tm->tm_hour = (int)(secs / 3600);
  tm->tm_min = (int)(secs / 60 % 60);
  tm->tm_sec = (int)(secs % 60);
  tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
  tm->tm_yday = (int)(days - np_days_from_civil(y, 1, 1));
}

/* %z and %Z are the value's own offset ("+0800", "+08:00"; "UTC" for %Z at
 * offset 0): strftime would print the machine's zone. */
static void add_offset(luaL_Buffer *b, int32_t offset, bool colon)
{
  int32_t a = offset < 0 ? -offset : offset;
  char s[16];
  snprintf(s, sizeof s, colon ? "%c%02d:%02d" : "%c%02d%02d",
           offset < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
  luaL_addstring(b, s);
}

static int time_format(lua_State *L)
{
  const np_timestamp *t = check_time(L, 1);
  size_t len;
  const char *fmt = lnp_checklstring(L, 2, &len);
  struct tm tm;
  to_tm(t, &tm);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (size_t i = 0; i < len; i++) {
    if (fmt[i] != '%') {
      luaL_addchar(&b, fmt[i]);
      continue;
    }
    if (++i == len) {
      lnp_argerror(L, 2, "format ends with a lone '%'");
    }
    char spec[4] = {'%', fmt[i], 0, 0};
    if (fmt[i] == 'E' || fmt[i] == 'O') { /* modifiers: %Ey, %Od... */
      if (++i == len) {
        lnp_argerror(L, 2, "format ends inside a conversion");
      }
      spec[2] = fmt[i];
    }
    if (spec[1] == 'z') {
      add_offset(&b, t->offset, false);
    } else if (spec[1] == 'Z') {
      if (t->offset == 0) {
        luaL_addstring(&b, "UTC");
      } else {
        add_offset(&b, t->offset, true);
      }
    } else if (!strchr("aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyY%", spec[1])) {
      lnp_argerror(
          L, 2, lua_pushfstring(L, "invalid conversion '%s' in format", spec));
    } else {
      char out[256];
      size_t n = strftime(out, sizeof out, spec, &tm);
      luaL_addlstring(&b, out, n);
    }
  }
  luaL_pushresult(&b);
  return 1;
}

static int time_tostring(lua_State *L)
{
  const np_timestamp *t = check_time(L, 1);
  np_buf *out = lnp_push_buf(L);
  if (np_timestamp_format_iso(out, t) < 0) {
    return luaL_error(L, "out of memory");
  }
  return lnp_return_buf(L, out);
}

/* Lua calls __eq for any two userdata: a time never equals a node. */
static int time_eq(lua_State *L)
{
  const np_timestamp *a = lnp_to_time(L, 1), *b = lnp_to_time(L, 2);
  lua_pushboolean(L, a && b && compare(a, b) == 0);
  return 1;
}

/* The order of two times, or Lua's own error for anything else. */
static int order(lua_State *L)
{
  const np_timestamp *a = lnp_to_time(L, 1), *b = lnp_to_time(L, 2);
  if (!a || !b) {
    const char *t1 = luaL_typename(L, 1), *t2 = luaL_typename(L, 2);
    if (luaL_getmetafield(L, 1, "__name") == LUA_TSTRING) {
      t1 = lua_tostring(L, -1);
    }
    if (luaL_getmetafield(L, 2, "__name") == LUA_TSTRING) {
      t2 = lua_tostring(L, -1);
    }
    return luaL_error(L, "attempt to compare %s with %s", t1, t2);
  }
  return compare(a, b);
}

static int time_lt(lua_State *L)
{
  lua_pushboolean(L, order(L) < 0);
  return 1;
}

static int time_le(lua_State *L)
{
  lua_pushboolean(L, order(L) <= 0);
  return 1;
}

void lnp_open_time(lua_State *L)
{
  static const luaL_Reg methods[] = {
      {"unix", time_unix},   {"format", time_format},
      {"utc", time_utc},     {"offset", time_offset},
      {"zoned", time_zoned}, {"is_date", time_is_date},
      {NULL, NULL}};
  static const luaL_Reg meta[] = {{"__tostring", time_tostring},
                                  {"__eq", time_eq},
                                  {"__lt", time_lt},
                                  {"__le", time_le},
                                  {NULL, NULL}};
  lnp_new_class(L, LNP_TIME, methods, meta, NULL);
}

/* ---- np.time ---- */

static const lua_Integer max_offset = 24 * 3600 - 1;

static int32_t check_offset(lua_State *L, int idx, lua_Integer offset)
{
  if (offset < -max_offset || offset > max_offset) {
    lnp_argerror(L, idx, "offset must be within +/-86399 seconds");
  }
  return (int32_t)offset;
}

static np_timestamp from_unix(lua_State *L, int32_t offset)
{
  np_timestamp t = {0};
  t.sep = 'T';
  t.zone = offset == 0 ? NP_ZONE_Z : NP_ZONE_COLON;
  t.offset = offset;
  if (lua_isinteger(L, 1)) {
    t.seconds = (int64_t)lua_tointeger(L, 1);
    return t;
  }
  lua_Number n = lua_tonumber(L, 1);
  /* ±2^53 seconds: far past any calendar; also rejects NaN and infinity */
  if (!(n > -9007199254740992.0 && n < 9007199254740992.0)) {
    lnp_argerror(L, 1, "seconds out of range");
  }
  lua_Number whole = floor(n);
  t.seconds = (int64_t)whole;
  t.nanos = (int32_t)((n - whole) * 1e9);
  if (t.nanos > 999999999) {
    t.nanos = 999999999;
  }
  t.frac_digits = t.nanos ? 9 : 0;
  return t;
}

static lua_Integer field(lua_State *L, const char *name, lua_Integer dflt,
                         lua_Integer lo, lua_Integer hi)
{
  int type = lua_getfield(L, 1, name);
  lua_Integer v = dflt;
  int is_int;
  if (type != LUA_TNIL) {
    v = lua_tointegerx(L, -1, &is_int);
    if (!is_int) {
      lnp_argerror(L, 1,
                   lua_pushfstring(L, "field '%s' is not an integer", name));
    }
  } else if (dflt < lo) {
    lnp_argerror(L, 1, lua_pushfstring(L, "field '%s' missing", name));
  }
  if (v < lo || v > hi) {
    lnp_argerror(L, 1, lua_pushfstring(L, "field '%s' out of range", name));
  }
  lua_pop(L, 1);
  return v;
}

static np_timestamp from_table(lua_State *L)
{
  lua_Integer year = field(L, "year", -1000000, -999999, 999999);
  lua_Integer month = field(L, "month", 0, 1, 12);
  lua_Integer day = field(L, "day", 0, 1, 31);
  lua_Integer hour = field(L, "hour", 0, 0, 23);
  lua_Integer min = field(L, "min", 0, 0, 59);
  lua_Integer sec = field(L, "sec", 0, 0, 60);
  lua_Integer nsec = field(L, "nsec", 0, 0, 999999999);
  lua_Integer offset = field(L, "offset", 0, -max_offset, max_offset);
  np_timestamp t = {0};
  t.sep = 'T';
  t.nanos = (int32_t)nsec;
  /* as many digits as the fraction needs: .123, .123456 or .123456789 */
  t.frac_digits = nsec == 0             ? 0
                  : nsec % 1000000 == 0 ? 3
                  : nsec % 1000 == 0    ? 6
                                        : 9;
  t.offset = (int32_t)offset;
  t.zone = offset == 0 ? NP_ZONE_Z : NP_ZONE_COLON;
  t.seconds = np_days_from_civil(year, month, day) * 86400 + hour * 3600 +
              min * 60 + sec - offset;
  return t;
}

/* np.time() now (UTC, whole seconds); np.time(seconds [, offset]);
 * np.time("2022-11-16T01:12:00Z") -> time or nil, message;
 * np.time{year=, month=, day=, hour=, min=, sec=, nsec=, offset=}. */
int lnp_time(lua_State *L)
{
  np_timestamp t = {0};
  switch (lua_type(L, 1)) {
  case LUA_TNONE:
  case LUA_TNIL: {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    t.seconds = (int64_t)now.tv_sec;
    t.sep = 'T';
    t.zone = NP_ZONE_Z;
    break;
  }
  case LUA_TNUMBER: {
    int32_t offset =
        lua_isnoneornil(L, 2) ? 0 : check_offset(L, 2, luaL_checkinteger(L, 2));
    t = from_unix(L, offset);
    break;
  }
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    np_value v;
    memset(&v, 0, sizeof v);
    np_scalar_resolve(np_slice_from(s, len), &v);
    if (v.kind != NP_VALUE_TIMESTAMP) {
      luaL_pushfail(L);
      lua_pushfstring(L, "not a timestamp: '%s'", s);
      return 2;
    }
    t = v.as.timestamp;
    break;
  }
  case LUA_TTABLE:
    t = from_table(L);
    break;
  default:
    return lnp_typeerror(L, 1, "number, string or table");
  }
  lnp_push_time(L, &t);
  return 1;
}
