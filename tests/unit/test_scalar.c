/* np_scalar_resolve against the typing table of docs/front-matter.md:
 * what Ruby's Psych (and so Jekyll) makes of each unquoted scalar. */
#include <math.h>

#include "harness.h"
#include "scalar.h"

static np_value resolve(const char *text)
{
  np_value v;
  memset(&v, 0, sizeof v);
  np_scalar_resolve(np_slice_from(text, strlen(text)), &v);
  return v;
}

static void kind_is(const char *text, np_value_kind kind)
{
  np_value v = resolve(text);
  if (v.kind != kind) {
    fprintf(stderr, "  '%s' typed %s, want %s\n", text,
            np_value_kind_name(v.kind), np_value_kind_name(kind));
  }
  INT_EQ(v.kind, kind);
}

static void int_is(const char *text, long long want)
{
  np_value v = resolve(text);
  INT_EQ(v.kind, NP_VALUE_INT);
  if (v.as.integer != want) {
    fprintf(stderr, "  '%s' read as %lld\n", text, (long long)v.as.integer);
  }
  INT_EQ(v.as.integer, want);
}

static void float_is(const char *text, double want)
{
  np_value v = resolve(text);
  INT_EQ(v.kind, NP_VALUE_FLOAT);
  OK(v.as.number == want || (isnan(want) && isnan(v.as.number)), text);
}

static void time_is(const char *text, long long seconds, int nanos, int offset)
{
  np_value v = resolve(text);
  INT_EQ(v.kind, NP_VALUE_TIMESTAMP);
  INT_EQ(v.as.timestamp.seconds, seconds);
  INT_EQ(v.as.timestamp.nanos, nanos);
  INT_EQ(v.as.timestamp.offset, offset);
}

int main(void)
{
  /* null */
  kind_is("", NP_VALUE_NULL);
  kind_is("~", NP_VALUE_NULL);
  kind_is("null", NP_VALUE_NULL);
  kind_is("NULL", NP_VALUE_NULL);
  kind_is("nUlL", NP_VALUE_NULL); /* Psych is case-insensitive */
  /* booleans: YAML 1.1 words, any case; y and n are strings */
  const char *trues[] = {"true", "True", "TRUE", "yes", "Yes", "on", "ON"};
  for (size_t i = 0; i < sizeof trues / sizeof *trues; i++) {
    np_value v = resolve(trues[i]);
    INT_EQ(v.kind, NP_VALUE_BOOL);
    OK(v.as.boolean, trues[i]);
  }
  const char *falses[] = {"false", "False", "no", "No", "off", "OFF"};
  for (size_t i = 0; i < sizeof falses / sizeof *falses; i++) {
    np_value v = resolve(falses[i]);
    INT_EQ(v.kind, NP_VALUE_BOOL);
    OK(!v.as.boolean, falses[i]);
  }
  kind_is("y", NP_VALUE_STRING);
  kind_is("n", NP_VALUE_STRING);
  kind_is("yess", NP_VALUE_STRING);
  kind_is("truth", NP_VALUE_STRING);
  /* integers: legacy Psych allows ',' and '_', 0x, 0b, leading-0 octal */
  int_is("0", 0);
  int_is("42", 42);
  int_is("-17", -17);
  int_is("+5", 5);
  int_is("1,000", 1000);
  int_is("1_000_000", 1000000);
  int_is("0x1F", 31);
  int_is("0b101", 5);
  int_is("017", 15);
  int_is("-9223372036854775808", INT64_MIN);
  kind_is("08", NP_VALUE_STRING);  /* not octal, not decimal */
  kind_is("1e5", NP_VALUE_STRING); /* exponent needs a dot and a sign */
  kind_is("0o17", NP_VALUE_STRING);
  kind_is("1__0", NP_VALUE_STRING);
  kind_is("12abc", NP_VALUE_STRING);
  float_is("9223372036854775808", 9223372036854775808.0);
  /* sexagesimal: Psych's own arithmetic */
  int_is("1:30", 5400);
  int_is("1:30:00", 5400);
  int_is("190:20:30", 685230);
  float_is("1:30.5", 5430.0);
  /* floats */
  float_is("1.5", 1.5);
  float_is("-0.25", -0.25);
  float_is(".5", 0.5);
  float_is("1.", 1.0);
  float_is("1.5e+3", 1500.0);
  float_is("1,000.5", 1000.5);
  float_is(".inf", INFINITY);
  float_is("-.Inf", -INFINITY);
  float_is(".NaN", NAN);
  kind_is(".", NP_VALUE_STRING);
  kind_is("1.5e3", NP_VALUE_STRING);
  kind_is("1.2.3", NP_VALUE_STRING);
  /* timestamps, each keeping its offset */
  time_is("2022-11-16T01:12:00.000Z", 1668561120, 0, 0);
  time_is("2020-03-31 10:25:07.000000000 +08:00", 1585621507, 0, 28800);
  time_is("2013-08-29 16:00:00 +0000", 1377792000, 0, 0);
  time_is("2019-12-19 11:00:00 -0500", 1576771200, 0, -18000);
  time_is("2014-03-12T10:11:00-04:00", 1394633460, 0, -14400);
  time_is("2001-12-14t21:59:43.10-05:00", 1008385183, 100000000, -18000);
  time_is("2001-12-14 21:59:43.10 -5", 1008385183, 100000000, -18000);
  time_is("2020-01-01 00:00:00", 1577836800, 0, 0);   /* no zone: UTC */
  time_is("2021-02-30 00:00:00 Z", 1614643200, 0, 0); /* rolls to 03-02 */
  kind_is("2020-13-01 00:00:00", NP_VALUE_STRING);
  kind_is("2020-01-01 25:00:00", NP_VALUE_STRING);
  kind_is("2020-01-01 10:00", NP_VALUE_STRING);
  kind_is("2020-01-01 10:00:00 +25:00", NP_VALUE_STRING);
  /* past year 9999 it could not be written back as a timestamp (fuzz_date) */
  kind_is("9999-12-31T23:59:60.99121000", NP_VALUE_STRING);
  kind_is("9999-12-31 24:00:00", NP_VALUE_STRING);
  kind_is("9999-12-31T23:59:59-01:00", NP_VALUE_TIMESTAMP);
  /* dates alone; invalid calendar dates stay strings */
  np_value d = resolve("2022-11-16");
  INT_EQ(d.kind, NP_VALUE_TIMESTAMP);
  OK(d.as.timestamp.is_date, "date alone");
  INT_EQ(d.as.timestamp.seconds, 1668556800);
  kind_is("2017-6-4", NP_VALUE_TIMESTAMP);
  kind_is("2021-02-29", NP_VALUE_STRING);
  kind_is("2020-02-29", NP_VALUE_TIMESTAMP);
  kind_is("2020-00-10", NP_VALUE_STRING);
  kind_is("2017-06-14 – 2017-06-16", NP_VALUE_STRING);
  /* strings */
  kind_is(":symbol", NP_VALUE_STRING);
  kind_is("hello world", NP_VALUE_STRING);
  kind_is("联合早报", NP_VALUE_STRING);
  kind_is("-", NP_VALUE_STRING);
  kind_is("+", NP_VALUE_STRING);
  /* plain-writability, used by the emitter */
  OK(np_scalar_plain_is_string(np_slice_from("post", 4)), "post");
  OK(!np_scalar_plain_is_string(np_slice_from("yes", 3)), "yes");
  OK(!np_scalar_plain_is_string(np_slice_from("2020", 4)), "2020");
  return np_test_summary();
}
