/* np_zone: offsets agree with glibc's localtime_r (which reads the same
 * files) at random instants from 1850 to 2200 in zones with and without
 * daylight saving, southern ones and half-hours included; wall-clock times
 * read back; gaps and overlaps are read as documented; bad names fail. */
/* glibc's struct tm has tm_gmtoff only with its own extensions on */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "zone.h"

static const char *const zones[] = {
    "Asia/Singapore",    "Asia/Hong_Kong",   "Asia/Shanghai",
    "Asia/Taipei",       "America/New_York", "Europe/London",
    "Europe/Berlin",     "Australia/Sydney", "Asia/Kolkata",
    "America/St_Johns",  "Pacific/Chatham",  "UTC",
    "Africa/Casablanca", "America/Santiago", NULL};

static void test_against_libc(void)
{
  srand(11);
  for (int z = 0; zones[z]; z++) {
    np_zone *zone;
    np_error err;
    INT_EQ(np_zone_load(&zone, zones[z], &err), NP_OK);
    char tz[64];
    snprintf(tz, sizeof tz, ":%s", zones[z]);
    setenv("TZ", tz, 1);
    tzset();
    int mismatches = 0;
    for (int i = 0; i < 20000; i++) {
      /* 1850 .. 2200 */
      int64_t t =
          -3786825600LL + (int64_t)((double)rand() / RAND_MAX * 11045000000.0);
      time_t tt = (time_t)t;
      struct tm tm;
      localtime_r(&tt, &tm);
      int32_t got = np_zone_offset_at(zone, t);
      if (got != tm.tm_gmtoff && mismatches++ < 3) {
        fprintf(stderr, "%s at %lld: %d, libc %ld\n", zones[z], (long long)t,
                got, tm.tm_gmtoff);
      }
      /* the wall clock read back gives the same instant, unless it is
       * one of an overlap's two */
      int64_t local = t + got;
      int32_t back = np_zone_offset_for_local(zone, local);
      if (local - back != t && np_zone_offset_at(zone, local - back) != back) {
        mismatches++;
      }
    }
    INT_EQ(mismatches, 0);
    np_zone_free(zone);
  }
}

static void test_gaps_and_overlaps(void)
{
  np_zone *ny;
  np_error err;
  INT_EQ(np_zone_load(&ny, "America/New_York", &err), NP_OK);
  /* 2020-03-08 02:30 never happened: read at EST, -5 h */
  int64_t gap = 1583634600; /* 2020-03-08T02:30:00 as if UTC */
  INT_EQ(np_zone_offset_for_local(ny, gap), -5 * 3600);
  /* 2020-11-01 01:30 happened twice: the first, EDT */
  int64_t overlap = 1604194200; /* 2020-11-01T01:30:00 as if UTC */
  INT_EQ(np_zone_offset_for_local(ny, overlap), -4 * 3600);
  INT_EQ(np_zone_offset_for_local(ny, overlap + 7200), -5 * 3600);
  /* far past the last transition in the file: the footer's rule */
  INT_EQ(np_zone_offset_at(ny, 7258118400LL + 180 * 86400), -4 * 3600);
  np_zone_free(ny);
  np_zone *sg;
  INT_EQ(np_zone_load(&sg, "Asia/Singapore", &err), NP_OK);
  INT_EQ(np_zone_offset_at(sg, 1668561120), 8 * 3600);
  INT_EQ(np_zone_offset_at(sg, 0), 7 * 3600 + 1800); /* +07:30 until 1982 */
  np_zone_free(sg);
  np_zone_free(NULL);
}

static void test_bad_names(void)
{
  np_zone *z = (np_zone *)1;
  np_error err;
  INT_EQ(np_zone_load(&z, "Asia/Atlantis", &err), NP_EINVAL);
  OK(z == NULL, "no zone");
  OK(strstr(err.msg, "no time zone 'Asia/Atlantis'") != NULL, err.msg);
  INT_EQ(np_zone_load(&z, "../../etc/passwd", &err), NP_EINVAL);
  STR_EQ(err.msg, "'../../etc/passwd' is not a time zone name");
  INT_EQ(np_zone_load(&z, "/etc/passwd", &err), NP_EINVAL);
  INT_EQ(np_zone_load(&z, "", &err), NP_EINVAL);
  INT_EQ(np_zone_load(&z, "Asia", &err), NP_ESYNTAX); /* a folder */
}

int main(void)
{
  test_against_libc();
  test_gaps_and_overlaps();
  test_bad_names();
  return np_test_summary();
}
