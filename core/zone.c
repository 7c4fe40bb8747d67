/* TZif (RFC 8536): transition times and the offset types they switch to,
 * then a POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0") for the times after the
 * last transition. Version 1 data (32-bit times) is skipped when 64-bit
 * data follows, as in every file zic has written since 2005. */
#include "zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

typedef struct rule_date {
  char kind; /* 'M': month.week.day; 'J': day 1..365, no Feb 29; 'n': 0..365 */
  int m, w, d;  /* 'M' */
  int n;        /* 'J' and 'n' */
  int32_t time; /* seconds after local midnight (may be negative or > 24h) */
} rule_date;

typedef struct tz_rule {
  int32_t std_off, dst_off; /* seconds east of UTC */
  bool has_dst;
  rule_date start, end;
} tz_rule;

struct np_zone {
  int64_t *times; /* transitions, ascending */
  uint8_t *types; /* type index per transition */
  size_t ntimes;
  int32_t *offsets; /* per type */
  uint8_t *is_dst;
  size_t ntypes;
  bool has_rule;
  tz_rule rule;
};

void np_zone_free(np_zone *zone)
{
  if (zone) {
    free(zone->times);
    free(zone->types);
    free(zone->offsets);
    free(zone->is_dst);
    free(zone);
  }
}

/* ---- the POSIX TZ rule of the footer ---- */

static bool parse_name(const char **p)
{
  const char *s = *p;
  if (*s == '<') {
    const char *end = strchr(s, '>');
    if (!end) {
      return false;
    }
    *p = end + 1;
    return true;
  }
  size_t n = 0;
  while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z')) {
    n++;
  }
  *p = s + n;
  return n >= 3;
}

/* [+-]hh[:mm[:ss]] -> seconds (hours up to 167, as POSIX.1-2017 allows). */
static bool parse_hms(const char **p, int32_t *out)
{
  const char *s = *p;
  int sign = 1;
  if (*s == '+' || *s == '-') {
    sign = *s == '-' ? -1 : 1;
    s++;
  }
  if (*s < '0' || *s > '9') {
    return false;
  }
  int32_t parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; i++) {
    int v = 0, digits = 0;
    while (*s >= '0' && *s <= '9' && digits < 3) {
      v = v * 10 + (*s++ - '0');
      digits++;
    }
    parts[i] = v;
    if (*s != ':' || i == 2) {
      break;
    }
    s++;
  }
  if (parts[0] > 167 || parts[1] > 59 || parts[2] > 59) {
    return false;
  }
  *out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  *p = s;
  return true;
}

static bool parse_int(const char **p, int *out, int lo, int hi)
{
  const char *s = *p;
  int v = 0, digits = 0;
  while (*s >= '0' && *s <= '9' && digits < 4) {
    v = v * 10 + (*s++ - '0');
    digits++;
  }
  if (!digits || v < lo || v > hi) {
    return false;
  }
  *out = v;
  *p = s;
  return true;
}

static bool parse_rule_date(const char **p, rule_date *r)
{
  const char *s = *p;
  r->time = 7200; /* 02:00 unless given */
  if (*s == 'M') {
    s++;
    r->kind = 'M';
    if (!parse_int(&s, &r->m, 1, 12) || *s++ != '.' ||
        !parse_int(&s, &r->w, 1, 5) || *s++ != '.' ||
        !parse_int(&s, &r->d, 0, 6)) {
      return false;
    }
  } else if (*s == 'J') {
    s++;
    r->kind = 'J';
    if (!parse_int(&s, &r->n, 1, 365)) {
      return false;
    }
  } else {
    r->kind = 'n';
    if (!parse_int(&s, &r->n, 0, 365)) {
      return false;
    }
  }
  if (*s == '/') {
    s++;
    if (!parse_hms(&s, &r->time)) {
      return false;
    }
  }
  *p = s;
  return true;
}

/* "STDoffset[DST[offset][,start[/time],end[/time]]]"; offsets are west of
 * UTC there, east here. */
static bool parse_rule(const char *s, tz_rule *r)
{
  int32_t west;
  memset(r, 0, sizeof *r);
  if (!parse_name(&s) || !parse_hms(&s, &west)) {
    return false;
  }
  r->std_off = -west;
  if (!*s) {
    return true;
  }
  if (!parse_name(&s)) {
    return false;
  }
  r->has_dst = true;
  r->dst_off = r->std_off + 3600;
  if (*s && *s != ',') {
    if (!parse_hms(&s, &west)) {
      return false;
    }
    r->dst_off = -west;
  }
  if (*s != ',') {
    /* no dates: POSIX leaves them to the implementation; glibc uses the
     * US rules of 2007 */
    r->start = (rule_date){'M', 3, 2, 0, 0, 7200};
    r->end = (rule_date){'M', 11, 1, 0, 0, 7200};
    return *s == '\0';
  }
  s++;
  if (!parse_rule_date(&s, &r->start) || *s++ != ',' ||
      !parse_rule_date(&s, &r->end)) {
    return false;
  }
  return *s == '\0';
}

static bool is_leap(int64_t y)
{
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int64_t floor_mod(int64_t a, int64_t b)
{
  int64_t m = a % b;
  return m < 0 ? m + b : m;
}

/* Local seconds since the epoch (as if UTC) at which `d` happens in year y. */
static int64_t rule_local_time(const rule_date *d, int64_t y)
{
  int64_t day;
  if (d->kind == 'M') {
    static const int month_days[] = {31, 28, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    int64_t first = np_days_from_civil(y, d->m, 1);
    int weekday = (int)floor_mod(first + 4, 7); /* 1970-01-01: Thursday */
    int mday = 1 + (d->d - weekday + 7) % 7 + (d->w - 1) * 7;
    int length = month_days[d->m - 1] + (d->m == 2 && is_leap(y));
    while (mday > length) {
      mday -= 7;
    }
    day = first + mday - 1;
  } else if (d->kind == 'J') {
    day = np_days_from_civil(y, 1, 1) + d->n - 1 +
          (is_leap(y) && d->n >= 60 ? 1 : 0);
  } else {
    day = np_days_from_civil(y, 1, 1) + d->n;
  }
  return day * 86400 + d->time;
}

static int32_t rule_offset_at(const tz_rule *r, int64_t t)
{
  if (!r->has_dst) {
    return r->std_off;
  }
  int64_t y;
  int m, d;
  np_civil_from_days((t + r->std_off) / 86400 - ((t + r->std_off) % 86400 < 0),
                     &y, &m, &d);
  int64_t start = rule_local_time(&r->start, y) - r->std_off;
  int64_t end = rule_local_time(&r->end, y) - r->dst_off;
  bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? r->dst_off : r->std_off;
}

/* ---- the TZif file ---- */

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

static int64_t be64(const unsigned char *p)
{
  return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct counts {
  size_t isut, isstd, leap, time, type, chars;
} counts;

static bool header(const unsigned char *p, size_t len, counts *c)
{
  if (len < 44 || memcmp(p, "TZif", 4) != 0) {
    return false;
  }
  c->isut = be32(p + 20);
  c->isstd = be32(p + 24);
  c->leap = be32(p + 28);
  c->time = be32(p + 32);
  c->type = be32(p + 36);
  c->chars = be32(p + 40);
  return c->type >= 1 && c->type <= 256 && c->time <= 100000 &&
         c->chars <= 100000 && c->leap <= 100000;
}

static size_t block_size(const counts *c, size_t time_size)
{
  return c->time * time_size + c->time + c->type * 6 + c->chars +
         c->leap * (time_size + 4) + c->isstd + c->isut;
}

static np_status parse_tzif(np_zone *z, const unsigned char *p, size_t len)
{
  counts c;
  if (!header(p, len, &c)) {
    return NP_ESYNTAX;
  }
  size_t time_size = 4;
  const unsigned char *data = p + 44;
  if (p[4] >= '2') { /* skip the 32-bit block for the 64-bit one */
    size_t skip = 44 + block_size(&c, 4);
    if (skip > len || !header(p + skip, len - skip, &c)) {
      return NP_ESYNTAX;
    }
    data = p + skip + 44;
    time_size = 8;
  }
  size_t need = (size_t)(data - p) + block_size(&c, time_size);
  if (need > len) {
    return NP_ESYNTAX;
  }
  z->ntimes = c.time;
  z->ntypes = c.type;
  z->times = malloc((c.time ? c.time : 1) * sizeof *z->times);
  z->types = malloc(c.time ? c.time : 1);
  z->offsets = malloc(c.type * sizeof *z->offsets);
  z->is_dst = malloc(c.type);
  if (!z->times || !z->types || !z->offsets || !z->is_dst) {
    return NP_ENOMEM;
  }
  for (size_t i = 0; i < c.time; i++) {
    z->times[i] =
        time_size == 8 ? be64(data + i * 8) : (int32_t)be32(data + i * 4);
  }
  const unsigned char *idx = data + c.time * time_size;
  for (size_t i = 0; i < c.time; i++) {
    if (idx[i] >= c.type) {
      return NP_ESYNTAX;
    }
    z->types[i] = idx[i];
  }
  const unsigned char *info = idx + c.time;
  for (size_t i = 0; i < c.type; i++) {
    z->offsets[i] = (int32_t)be32(info + i * 6);
    z->is_dst[i] = info[i * 6 + 4];
    if (z->offsets[i] < -89999 || z->offsets[i] > 93599) {
      return NP_ESYNTAX;
    }
  }
  if (time_size == 8 && need < len && p[need] == '\n') {
    const char *footer = (const char *)p + need + 1;
    const char *end = memchr(footer, '\n', len - need - 1);
    if (end && end > footer) {
      char rule[128];
      size_t n = (size_t)(end - footer);
      if (n < sizeof rule) {
        memcpy(rule, footer, n);
        rule[n] = '\0';
        z->has_rule = parse_rule(rule, &z->rule);
      }
    }
  }
  return NP_OK;
}

static bool valid_name(const char *name)
{
  if (!*name || *name == '/' || strstr(name, "..") || strlen(name) > 200) {
    return false;
  }
  for (const char *s = name; *s; s++) {
    bool ok = (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || strchr("/_-+", *s);
    if (!ok) {
      return false;
    }
  }
  return true;
}

np_status np_zone_load(np_zone **out, const char *name, np_error *err)
{
  *out = NULL;
  if (!valid_name(name)) {
    return np_error_set(err, NP_EINVAL, "'%s' is not a time zone name", name);
  }
  const char *dir = getenv("TZDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/%s",
           dir && *dir ? dir : "/usr/share/zoneinfo", name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    return np_error_set(err, NP_EINVAL,
                        "no time zone '%s' (not in %s; zone names are "
                        "like Asia/Singapore or America/New_York)",
                        name, dir && *dir ? dir : "/usr/share/zoneinfo");
  }
  unsigned char *bytes = malloc(1 << 20);
  size_t len = bytes ? fread(bytes, 1, 1 << 20, f) : 0;
  fclose(f);
  np_zone *z = calloc(1, sizeof *z);
  np_status rc = bytes && z ? parse_tzif(z, bytes, len) : NP_ENOMEM;
  free(bytes);
  if (rc < 0) {
    np_zone_free(z);
    return rc == NP_ENOMEM
               ? np_error_set(err, NP_ENOMEM, "out of memory")
               : np_error_set(err, NP_ESYNTAX,
                              "%s is not a time zone file (TZif)", path);
  }
  *out = z;
  return NP_OK;
}

int32_t np_zone_offset_at(const np_zone *z, int64_t t)
{
  if (z->ntimes == 0 || t < z->times[0]) {
    if (z->ntimes == 0 && z->has_rule) {
      return rule_offset_at(&z->rule, t);
    }
    /* before the first transition: the first standard-time type */
    for (size_t i = 0; i < z->ntypes; i++) {
      if (!z->is_dst[i]) {
        return z->offsets[i];
      }
    }
    return z->offsets[0];
  }
  size_t lo = 0, hi = z->ntimes; /* last time <= t is in [lo, hi) */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (z->times[mid] <= t) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  if (lo == z->ntimes - 1 && z->has_rule) {
    return rule_offset_at(&z->rule, t);
  }
  return z->offsets[z->types[lo]];
}

int32_t np_zone_offset_for_local(const np_zone *z, int64_t local)
{
  /* every zone is within 26 hours of UTC: the instant lies in this window,
   * and a window this short holds at most one change of offset */
  int32_t before = np_zone_offset_at(z, local - 93600);
  int32_t after = np_zone_offset_at(z, local + 93600);
  bool before_ok = np_zone_offset_at(z, local - before) == before;
  bool after_ok = np_zone_offset_at(z, local - after) == after;
  if (before_ok && after_ok) {
    return before > after ? before : after; /* the earlier instant */
  }
  if (after_ok) {
    return after;
  }
  return before; /* valid, or a time the change skipped */
}
