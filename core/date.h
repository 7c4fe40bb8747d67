/* Timestamps as front matter holds them: an instant plus the UTC offset it
 * was written with, and how it was written so a rewrite looks the same. */
#ifndef NP_DATE_H
#define NP_DATE_H

#include "buf.h"
#include "common.h"

/** How a timestamp's zone was written. */
typedef enum np_zone_style {
  NP_ZONE_NONE,    /**< no zone: read as UTC, as Psych does */
  NP_ZONE_Z,       /**< "Z" */
  NP_ZONE_COLON,   /**< "+08:00" */
  NP_ZONE_COMPACT, /**< "+0800" */
  NP_ZONE_HOURS    /**< "+08" */
} np_zone_style;

typedef struct np_timestamp {
  int64_t seconds; /**< Unix seconds of the instant (UTC) */
  int32_t nanos;   /**< 0 .. 999,999,999 */
  int32_t offset;  /**< seconds east of UTC the text was written in */
  bool is_date;    /**< a date alone ("2022-11-16"): midnight UTC */
  /* Style, used only when writing the value back out. */
  char sep;            /**< 'T', 't' or ' ' between date and time */
  uint8_t frac_digits; /**< digits after the seconds' dot (0: no dot) */
  bool space_before_zone;
  np_zone_style zone;
} np_timestamp;

/** Days since 1970-01-01 of a proleptic Gregorian date; months and days out
 * of range roll over, as Ruby's Time.utc does for days. */
int64_t np_days_from_civil(int64_t y, int64_t m, int64_t d);

/** The civil date of a day count from 1970-01-01. */
void np_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/** Appends `ts` as text that reads back as the same value: ISO 8601 in the
 * timestamp's own style ("2022-11-16T01:12:00.000Z"). */
np_status np_timestamp_format(np_buf *out, const np_timestamp *ts);

/** Appends `ts` as strict ISO 8601 with its offset (for JSON and tools):
 * "2022-11-16T01:12:00Z", "2020-03-31T10:25:07+08:00", fractions only when
 * non-zero, dates alone as "2022-11-16". */
np_status np_timestamp_format_iso(np_buf *out, const np_timestamp *ts);

/** Same instant, same offset and same kind (style is ignored). */
bool np_timestamp_equal(const np_timestamp *a, const np_timestamp *b);

#endif
