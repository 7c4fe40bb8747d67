/* Civil dates and timestamp formatting. */
#include "buf.h"
#include "date.h"
#include "harness.h"

static void fmt_is(np_timestamp ts, const char *want, bool iso)
{
  np_buf b;
  np_buf_init(&b);
  if (iso) {
    np_timestamp_format_iso(&b, &ts);
  } else {
    np_timestamp_format(&b, &ts);
  }
  MEM_EQ(b.data, b.len, want);
  np_buf_fini(&b);
}

int main(void)
{
  INT_EQ(np_days_from_civil(1970, 1, 1), 0);
  INT_EQ(np_days_from_civil(2000, 3, 1), 11017);
  INT_EQ(np_days_from_civil(1969, 12, 31), -1);
  INT_EQ(np_days_from_civil(2021, 2, 30), np_days_from_civil(2021, 3, 2));
  for (int64_t d = -800000; d < 800000; d += 997) {
    int64_t y;
    int m, dd;
    np_civil_from_days(d, &y, &m, &dd);
    if (np_days_from_civil(y, m, dd) != d) {
      INT_EQ(np_days_from_civil(y, m, dd), d);
      break;
    }
  }
  np_timestamp ts = {1668561120, 0, 0, false, 'T', 3, false, NP_ZONE_Z};
  fmt_is(ts, "2022-11-16T01:12:00.000Z", false);
  fmt_is(ts, "2022-11-16T01:12:00Z", true);
  np_timestamp rthk = {1585621507, 0, 28800, false,
                       ' ',        9, true,  NP_ZONE_COLON};
  fmt_is(rthk, "2020-03-31 10:25:07.000000000 +08:00", false);
  fmt_is(rthk, "2020-03-31T10:25:07+08:00", true);
  np_timestamp compact = {1576771200, 500000000, -18000, false,
                          ' ',        0,         true,   NP_ZONE_COMPACT};
  fmt_is(compact, "2019-12-19 11:00:00.5 -0500", false);
  fmt_is(compact, "2019-12-19T11:00:00.5-05:00", true);
  np_timestamp date = {1668556800, 0, 0, true, 'T', 0, false, NP_ZONE_NONE};
  fmt_is(date, "2022-11-16", false);
  fmt_is(date, "2022-11-16", true);
  np_timestamp old = {-86400, 0, 0, false, 'T', 0, false, NP_ZONE_NONE};
  fmt_is(old, "1969-12-31T00:00:00", false);
  fmt_is(old, "1969-12-31T00:00:00Z", true);
  /* negative years keep four digits, so they read back as timestamps
   * (found by fuzzing) */
  np_timestamp bc = {np_days_from_civil(-450, 9, 8) * 86400 + 3 * 3600,
                     0,
                     0,
                     false,
                     ' ',
                     0,
                     true,
                     NP_ZONE_HOURS};
  fmt_is(bc, "-0450-09-08 03:00:00 +00", false);
  return np_test_summary();
}
