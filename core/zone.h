/* Named time zones ("Asia/Singapore", "America/New_York") read from the
 * system's tz database (TZif files under /usr/share/zoneinfo or $TZDIR),
 * without libc's TZ environment variable, which one thread cannot change
 * without racing the others. */
#ifndef NP_ZONE_H
#define NP_ZONE_H

#include "error.h"

typedef struct np_zone np_zone;

/** Loads zone `name` (letters, digits, "/", "_", "-", "+"; no ".."). Sets
 * `*out` (owned: np_zone_free). NP_EINVAL for a name that is not a zone,
 * NP_ESYNTAX for a file that is not TZif, NP_ENOMEM. */
np_status np_zone_load(np_zone **out, const char *name, np_error *err);

void np_zone_free(np_zone *zone);

/** Seconds east of UTC in the zone at Unix time `t`. */
int32_t np_zone_offset_at(const np_zone *zone, int64_t t);

/** The offset to read a wall-clock time with: `local` is that time's
 * seconds since 1970-01-01 00:00 as if it were UTC. An ambiguous time (a
 * clock set back: 01:30 happens twice) is read as the earlier instant; a
 * time that never existed (a clock set forward past 02:30) with the offset
 * in force before the change. */
int32_t np_zone_offset_for_local(const np_zone *zone, int64_t local);

#endif
