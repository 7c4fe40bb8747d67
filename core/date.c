/* Civil-calendar arithmetic (Howard Hinnant's days_from_civil algorithm) and
 * timestamp formatting. No libc time functions: they depend on TZ and
 * locale, and a worker thread must not. */
#include "date.h"

int64_t np_days_from_civil(int64_t y, int64_t m, int64_t d)
{
  /* Normalise the month first so that m = 13 rolls into the next year. */
  y += (m - 1) >= 0 ? (m - 1) / 12 : -((12 - m) / 12);
  m = ((m - 1) % 12 + 12) % 12 + 1;
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + 1 - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + (d - 1);
}

void np_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static np_status format_date(np_buf *out, int64_t days)
{
  int64_t y;
  int m, d;
  np_civil_from_days(days, &y, &m, &d);
  /* YAML timestamps want four year digits, after an optional '-' */
  if (y >= 0 && y <= 9999) {
    return np_buf_printf(out, "%04lld-%02d-%02d", (long long)y, m, d);
  }
  if (y < 0 && y >= -9999) {
    return np_buf_printf(out, "-%04lld-%02d-%02d", (long long)-y, m, d);
  }
  return np_buf_printf(out, "%lld-%02d-%02d", (long long)y, m, d);
}

static np_status format_offset(np_buf *out, int32_t offset, np_zone_style st)
{
  char sign = offset < 0 ? '-' : '+';
  int32_t a = offset < 0 ? -offset : offset;
  int hh = (int)(a / 3600);
  int mm = (int)(a % 3600 / 60);
  switch (st) {
  case NP_ZONE_COMPACT:
    return np_buf_printf(out, "%c%02d%02d", sign, hh, mm);
  case NP_ZONE_HOURS:
    if (mm == 0) {
      return np_buf_printf(out, "%c%02d", sign, hh);
    }
    return np_buf_printf(out, "%c%02d:%02d", sign, hh, mm);
  default:
    return np_buf_printf(out, "%c%02d:%02d", sign, hh, mm);
  }
}

static np_status format_common(np_buf *out, const np_timestamp *ts, char sep,
                               unsigned frac_digits, bool space, bool iso)
{
  np_zone_style zone = ts->zone;
  if (ts->is_date) {
    return format_date(out, floor_div(ts->seconds, 86400));
  }
  int64_t local = ts->seconds + ts->offset;
  int64_t days = floor_div(local, 86400);
  int64_t sod = local - days * 86400;
  np_status rc = format_date(out, days);
  if (rc == NP_OK) {
    rc = np_buf_printf(out, "%c%02d:%02d:%02d", sep, (int)(sod / 3600),
                       (int)(sod % 3600 / 60), (int)(sod % 60));
  }
  if (rc == NP_OK && frac_digits > 0) {
    char digits[10];
    int32_t n = ts->nanos;
    for (int i = 8; i >= 0; i--) {
      digits[i] = (char)('0' + n % 10);
      n /= 10;
    }
    digits[9] = '\0';
    rc = np_buf_printf(out, ".%.*s", (int)(frac_digits > 9 ? 9 : frac_digits),
                       digits);
    for (unsigned i = 9; rc == NP_OK && i < frac_digits; i++) {
      rc = np_buf_append_char(out, '0');
    }
  }
  if (rc < 0) {
    return rc;
  }
  if (iso) {
    if (ts->offset == 0 && zone != NP_ZONE_COLON && zone != NP_ZONE_COMPACT &&
        zone != NP_ZONE_HOURS) {
      return np_buf_append_char(out, 'Z');
    }
    return format_offset(out, ts->offset, NP_ZONE_COLON);
  }
  if (zone == NP_ZONE_NONE) {
    return NP_OK;
  }
  if (space) {
    rc = np_buf_append_char(out, ' ');
  }
  if (rc == NP_OK) {
    rc = zone == NP_ZONE_Z ? np_buf_append_char(out, 'Z')
                           : format_offset(out, ts->offset, zone);
  }
  return rc;
}

np_status np_timestamp_format(np_buf *out, const np_timestamp *ts)
{
  np_timestamp t = *ts;
  unsigned digits = t.frac_digits;
  if (t.nanos != 0) {
    /* Never drop precision the value has. */
    unsigned need = 9;
    int32_t n = t.nanos;
    while (need > 1 && n % 10 == 0) {
      n /= 10;
      need--;
    }
    if (digits < need) {
      digits = need;
    }
  }
  if (t.zone == NP_ZONE_NONE && t.offset != 0) {
    t.zone = NP_ZONE_COLON; /* the offset must survive the rewrite */
  }
  if (t.zone == NP_ZONE_Z && t.offset != 0) {
    t.zone = NP_ZONE_COLON;
  }
  char sep = (t.sep == ' ' || t.sep == 't') ? t.sep : 'T';
  return format_common(out, &t, sep, digits, t.space_before_zone, false);
}

np_status np_timestamp_format_iso(np_buf *out, const np_timestamp *ts)
{
  unsigned digits = 0;
  if (ts->nanos != 0) {
    digits = 9;
    int32_t n = ts->nanos;
    while (digits > 1 && n % 10 == 0) {
      n /= 10;
      digits--;
    }
  }
  return format_common(out, ts, 'T', digits, false, true);
}

bool np_timestamp_equal(const np_timestamp *a, const np_timestamp *b)
{
  return a->seconds == b->seconds && a->nanos == b->nanos &&
         a->offset == b->offset && a->is_date == b->is_date;
}
