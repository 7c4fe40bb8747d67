/* Psych's ScalarScanner#tokenize, rule by rule, in the order Psych tries
 * them. Each rule's regular expression is quoted above its matcher. */
#include "scalar.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cursor {
  const char *p;
  const char *end;
} cursor;

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static bool is_ruby_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

static char lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool eq_nocase(np_slice s, const char *lit)
{
  size_t n = strlen(lit);
  if (s.len != n) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    if (lower(s.ptr[i]) != lit[i]) {
      return false;
    }
  }
  return true;
}

/* Consumes between min and max digits; returns how many, or -1. */
static int digits(cursor *c, int min, int max, int64_t *value)
{
  int n = 0;
  int64_t v = 0;
  while (n < max && c->p < c->end && is_digit(*c->p)) {
    v = v * 10 + (*c->p - '0');
    c->p++;
    n++;
  }
  if (n < min) {
    return -1;
  }
  if (value) {
    *value = v;
  }
  return n;
}

static bool accept(cursor *c, char ch)
{
  if (c->p < c->end && *c->p == ch) {
    c->p++;
    return true;
  }
  return false;
}

/* ---- rule: booleans and null (Psych's word branch) -------------------- */

static bool resolve_word(np_slice s, np_value *out)
{
  if (np_slice_eq_str(s, "~") || eq_nocase(s, "null")) {
    out->kind = NP_VALUE_NULL;
    return true;
  }
  if (eq_nocase(s, "yes") || eq_nocase(s, "true") || eq_nocase(s, "on")) {
    out->kind = NP_VALUE_BOOL;
    out->as.boolean = true;
    return true;
  }
  if (eq_nocase(s, "no") || eq_nocase(s, "false") || eq_nocase(s, "off")) {
    out->kind = NP_VALUE_BOOL;
    out->as.boolean = false;
    return true;
  }
  return false;
}

/* ---- rule: timestamps ------------------------------------------------- */
/* TIME = /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?
 *         (?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/
 * then Time.utc / Time.new validate: month 1-12, day 1-31 (rolling over
 * past the month's end), hour 0-24 (24 only as 24:00:00), minute 0-59,
 * second 0-60, |offset| < 24h. */

static bool parse_zone(cursor *c, np_timestamp *ts)
{
  const char *zone_start = c->p;
  while (c->p < c->end && is_ruby_space(*c->p)) {
    c->p++;
  }
  ts->space_before_zone = c->p > zone_start;
  if (c->p == c->end) {
    return !ts->space_before_zone; /* "\s*" needs a zone after it */
  }
  if (accept(c, 'Z')) {
    ts->zone = NP_ZONE_Z;
    return c->p == c->end;
  }
  int sign = 1;
  if (accept(c, '-')) {
    sign = -1;
  } else if (!accept(c, '+')) {
    return false;
  }
  /* Psych's second look, /^([+\-]?\d{1,2})\:?(\d{1,2})?$/, splits the digits
   * as "hh" + "m" / "mm"; a three-digit run is read as hh and m. */
  const char *d = c->p;
  int64_t all;
  int n = digits(c, 1, 4, &all);
  if (n < 0) {
    return false;
  }
  int64_t hh, mm = 0;
  if (n <= 2) {
    hh = all;
    ts->zone = NP_ZONE_HOURS;
    if (accept(c, ':')) {
      ts->zone = NP_ZONE_COLON;
      if (c->p < c->end) {
        if (digits(c, 2, 2, &mm) < 0) {
          return false;
        }
      }
    }
  } else {
    hh = (d[0] - '0') * 10 + (d[1] - '0');
    mm = n == 3 ? (d[2] - '0') : (d[2] - '0') * 10 + (d[3] - '0');
    ts->zone = NP_ZONE_COMPACT;
  }
  if (c->p != c->end) {
    return false;
  }
  int64_t off = hh * 3600 + mm * 60;
  if (off >= 86400) {
    return false; /* Ruby: "utc_offset out of range" */
  }
  ts->offset = (int32_t)(sign * off);
  return true;
}

static bool resolve_time(np_slice s, np_value *out)
{
  cursor c = {s.ptr, s.ptr + s.len};
  np_timestamp ts;
  memset(&ts, 0, sizeof ts);
  int64_t y, mo, d, h, mi, sec;
  bool neg = accept(&c, '-');
  if (digits(&c, 4, 4, &y) < 0 || !accept(&c, '-') ||
      digits(&c, 1, 2, &mo) < 0 || !accept(&c, '-') ||
      digits(&c, 1, 2, &d) < 0) {
    return false;
  }
  if (c.p < c.end && (*c.p == 'T' || *c.p == 't')) {
    ts.sep = *c.p++;
  } else if (c.p < c.end && is_ruby_space(*c.p)) {
    ts.sep = ' ';
    while (c.p < c.end && is_ruby_space(*c.p)) {
      c.p++;
    }
  } else {
    return false;
  }
  if (digits(&c, 1, 2, &h) < 0 || !accept(&c, ':') ||
      digits(&c, 2, 2, &mi) < 0 || !accept(&c, ':') ||
      digits(&c, 2, 2, &sec) < 0) {
    return false;
  }
  if (accept(&c, '.')) {
    int n = 0;
    int32_t nanos = 0;
    while (c.p < c.end && is_digit(*c.p)) {
      if (n < 9) {
        nanos = nanos * 10 + (*c.p - '0');
      }
      n++;
      c.p++;
    }
    for (int i = n; i < 9; i++) {
      nanos *= 10;
    }
    ts.nanos = nanos;
    ts.frac_digits = (uint8_t)(n > 9 ? 9 : n);
    if (n == 0) {
      ts.frac_digits = 0;
    }
  }
  ts.zone = NP_ZONE_NONE;
  if (!parse_zone(&c, &ts)) {
    return false;
  }
  if (neg) {
    y = -y;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60 ||
      (h == 24 && (mi != 0 || sec != 0))) {
    return false;
  }
  int64_t days = np_days_from_civil(y, mo, d);
  int64_t local = days * 86400 + h * 3600 + mi * 60 + sec;
  if (local >= np_days_from_civil(10000, 1, 1) * 86400) {
    return false; /* 9999-12-31T24:00 or a leap second: a year of five
                     digits, which would not read back as a timestamp */
  }
  ts.seconds = local - ts.offset;
  out->kind = NP_VALUE_TIMESTAMP;
  out->as.timestamp = ts;
  return true;
}

/* ---- rule: dates ------------------------------------------------------ */
/* /^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/ then
 * Date.strptime(s, '%F'), which rejects day 0, month 0 and 2021-02-30. */

static bool is_leap(int64_t y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool resolve_date(np_slice s, np_value *out)
{
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  cursor c = {s.ptr, s.ptr + s.len};
  int64_t y, m, d;
  if (digits(&c, 4, 4, &y) < 0 || !accept(&c, '-') ||
      digits(&c, 1, 2, &m) < 0 || !accept(&c, '-') ||
      digits(&c, 1, 2, &d) < 0 || c.p != c.end) {
    return false;
  }
  if (m < 1 || m > 12 || d < 1) {
    return false;
  }
  int dim = mdays[m - 1] + (m == 2 && is_leap(y));
  if (d > dim) {
    return false;
  }
  np_timestamp ts;
  memset(&ts, 0, sizeof ts);
  ts.is_date = true;
  ts.seconds = np_days_from_civil(y, m, d) * 86400;
  ts.zone = NP_ZONE_NONE;
  ts.sep = 'T';
  out->kind = NP_VALUE_TIMESTAMP;
  out->as.timestamp = ts;
  return true;
}

/* ---- rules: numbers --------------------------------------------------- */

/* Copies `s` without ',' and '_' into buf (NUL-terminated); false if long. */
static bool strip_separators(np_slice s, char *buf, size_t size)
{
  size_t n = 0;
  for (size_t i = 0; i < s.len; i++) {
    if (s.ptr[i] == ',' || s.ptr[i] == '_') {
      continue;
    }
    if (n + 1 >= size) {
      return false;
    }
    buf[n++] = s.ptr[i];
  }
  buf[n] = '\0';
  return true;
}

static bool set_float(const char *text, np_value *out)
{
  char *end;
  errno = 0;
  double f = strtod(text, &end);
  if (*end != '\0' || end == text) {
    return false;
  }
  out->kind = NP_VALUE_FLOAT;
  out->as.number = f;
  return true;
}

/* Ruby's Integer(): 0b/0o-less octal/0x prefixes after an optional sign.
 * Past int64 Psych has a Bignum; we keep the nearest float instead. */
static bool set_integer(const char *text, np_value *out)
{
  const char *p = text;
  bool neg = false;
  if (*p == '+' || *p == '-') {
    neg = *p == '-';
    p++;
  }
  int base = 10;
  if (p[0] == '0' && p[1] == 'b') {
    base = 2;
    p += 2;
  } else if (p[0] == '0' && p[1] == 'x') {
    base = 16;
    p += 2;
  } else if (p[0] == '0' && p[1] != '\0') {
    base = 8;
    p += 1;
  }
  if (*p == '\0') {
    return false; /* "0b", "0x": Ruby raises; we keep the text */
  }
  uint64_t v = 0;
  bool overflow = false;
  double approx = 0;
  for (const char *q = p; *q; q++) {
    int dv;
    char ch = lower(*q);
    if (is_digit(ch)) {
      dv = ch - '0';
    } else if (ch >= 'a' && ch <= 'f') {
      dv = ch - 'a' + 10;
    } else {
      return false;
    }
    if (dv >= base) {
      return false;
    }
    approx = approx * base + dv;
    if (v > (UINT64_MAX - (uint64_t)dv) / (uint64_t)base) {
      overflow = true;
    } else {
      v = v * (uint64_t)base + (uint64_t)dv;
    }
  }
  if (!overflow && (neg ? v <= (uint64_t)INT64_MAX + 1 : v <= INT64_MAX)) {
    out->kind = NP_VALUE_INT;
    out->as.integer = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
  }
  if (!overflow) {
    approx = (double)v; /* exact conversion, one rounding */
  }
  out->kind = NP_VALUE_FLOAT;
  out->as.number = neg ? -approx : approx;
  return true;
}

/* INTEGER_LEGACY:
 *   [-+]?0b[0-1_,]+ | [-+]?0[0-7_,]+ |
 *   [-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*) | [-+]?0x[0-9a-fA-F_,]+ */
static bool matches_integer(np_slice s)
{
  size_t i = 0;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    i++;
  }
  np_slice r = np_slice_from(s.ptr + i, s.len - i);
  if (r.len == 0) {
    return false;
  }
  if (r.len >= 3 && r.ptr[0] == '0' && (r.ptr[1] == 'b' || r.ptr[1] == 'x')) {
    bool hex = r.ptr[1] == 'x';
    for (size_t k = 2; k < r.len; k++) {
      char ch = r.ptr[k];
      bool ok = ch == '_' || ch == ',' ||
                (hex ? (is_digit(ch) || (lower(ch) >= 'a' && lower(ch) <= 'f'))
                     : (ch == '0' || ch == '1'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
  if (r.ptr[0] == '0') {
    if (r.len == 1) {
      return true;
    }
    for (size_t k = 1; k < r.len; k++) {
      char ch = r.ptr[k];
      if (!((ch >= '0' && ch <= '7') || ch == '_' || ch == ',')) {
        return false;
      }
    }
    return true;
  }
  if (r.ptr[0] < '1' || r.ptr[0] > '9') {
    return false;
  }
  for (size_t k = 1; k < r.len; k++) {
    char ch = r.ptr[k];
    if (is_digit(ch)) {
      continue;
    }
    if ((ch == ',' || ch == '_') && k + 1 < r.len && is_digit(r.ptr[k + 1])) {
      k++;
      continue;
    }
    return false;
  }
  return true;
}

/* FLOAT = /^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$/ */
static bool matches_float(np_slice s)
{
  size_t i = 0;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    i++;
  }
  if (i < s.len && is_digit(s.ptr[i])) {
    i++;
    while (i < s.len &&
           (is_digit(s.ptr[i]) || s.ptr[i] == '_' || s.ptr[i] == ',')) {
      i++;
    }
  }
  if (i >= s.len || s.ptr[i] != '.') {
    return false;
  }
  i++;
  while (i < s.len && is_digit(s.ptr[i])) {
    i++;
  }
  if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
    i++;
    if (i >= s.len || (s.ptr[i] != '+' && s.ptr[i] != '-')) {
      return false;
    }
    i++;
    size_t start = i;
    while (i < s.len && is_digit(s.ptr[i])) {
      i++;
    }
    if (i == start) {
      return false;
    }
  }
  return i == s.len;
}

/* Float(s.delete(',_').gsub(/\.([Ee]|$)/, '\1')) */
static bool resolve_float(np_slice s, np_value *out)
{
  char buf[128];
  if (!strip_separators(s, buf, sizeof buf)) {
    return false;
  }
  char fixed[128];
  size_t n = 0;
  for (size_t i = 0; buf[i]; i++) {
    if (buf[i] == '.' &&
        (buf[i + 1] == '\0' || buf[i + 1] == 'e' || buf[i + 1] == 'E')) {
      continue;
    }
    fixed[n++] = buf[i];
  }
  fixed[n] = '\0';
  return set_float(fixed, out);
}

/* Sexagesimal: /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/ (and with a
 * trailing /\.[0-9_]*$/ for floats). Psych sums n * 60 ** |e - 2| over the
 * parts, so "1:30" is 1*3600 + 30*60 = 5400. */
static bool resolve_sexagesimal(np_slice s, np_value *out)
{
  size_t i = 0;
  bool neg = false;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    neg = s.ptr[i] == '-';
    i++;
  }
  if (i >= s.len || !is_digit(s.ptr[i])) {
    return false;
  }
  double parts[3];
  int nparts = 0;
  double head = 0;
  while (i < s.len && (is_digit(s.ptr[i]) || s.ptr[i] == '_')) {
    if (s.ptr[i] != '_') {
      head = head * 10 + (s.ptr[i] - '0');
    }
    i++;
  }
  parts[nparts++] = neg ? -head : head;
  while (i < s.len && s.ptr[i] == ':') {
    if (nparts == 3) {
      return false;
    }
    i++;
    size_t start = i;
    int v = 0;
    while (i < s.len && is_digit(s.ptr[i]) && i - start < 2) {
      v = v * 10 + (s.ptr[i] - '0');
      i++;
    }
    size_t len = i - start;
    if (len == 0 || (len == 2 && s.ptr[start] > '5')) {
      return false;
    }
    parts[nparts++] = v;
  }
  if (nparts < 2) {
    return false;
  }
  bool is_float = false;
  double frac = 0, scale = 0.1;
  if (i < s.len && s.ptr[i] == '.') {
    is_float = true;
    i++;
    while (i < s.len && (is_digit(s.ptr[i]) || s.ptr[i] == '_')) {
      if (s.ptr[i] != '_') {
        frac += (s.ptr[i] - '0') * scale;
        scale /= 10;
      }
      i++;
    }
  }
  if (i != s.len) {
    return false;
  }
  parts[nparts - 1] += frac;
  double total = 0;
  for (int e = 0; e < nparts; e++) {
    int power = e - 2 < 0 ? 2 - e : e - 2;
    total += parts[e] * pow(60, power);
  }
  if (is_float) {
    out->kind = NP_VALUE_FLOAT;
    out->as.number = total;
  } else if (fabs(total) < 9.2e18) {
    out->kind = NP_VALUE_INT;
    out->as.integer = (int64_t)total;
  } else {
    out->kind = NP_VALUE_FLOAT;
    out->as.number = total;
  }
  return true;
}

static bool resolve_special_float(np_slice s, np_value *out)
{
  if (eq_nocase(s, ".inf") || eq_nocase(s, "+.inf")) {
    out->as.number = INFINITY;
  } else if (eq_nocase(s, "-.inf")) {
    out->as.number = -INFINITY;
  } else if (eq_nocase(s, ".nan")) {
    out->as.number = NAN;
  } else {
    return false;
  }
  out->kind = NP_VALUE_FLOAT;
  return true;
}

void np_scalar_resolve(np_slice s, np_value *out)
{
  if (s.len == 0) {
    out->kind = NP_VALUE_NULL;
    return;
  }
  if (resolve_word(s, out)) {
    return;
  }
  char c0 = s.ptr[0];
  /* Every remaining rule starts with a digit, a sign, '.' or ':'. */
  if (is_digit(c0) || c0 == '-' || c0 == '+' || c0 == '.') {
    if (resolve_time(s, out) || resolve_date(s, out) ||
        resolve_special_float(s, out)) {
      return;
    }
    if (resolve_sexagesimal(s, out)) {
      return;
    }
    if (matches_float(s)) {
      /* "." and "+." alone stay strings */
      bool bare_dot = s.len <= 2 && s.ptr[s.len - 1] == '.' &&
                      (s.len == 1 || c0 == '+' || c0 == '-');
      if (!bare_dot && resolve_float(s, out)) {
        return;
      }
    } else if (matches_integer(s)) {
      char buf[128];
      if (strip_separators(s, buf, sizeof buf) && set_integer(buf, out)) {
        return;
      }
    }
  }
  /* ":sym" is a Symbol to Psych; Jekyll's safe loading keeps it as text. */
  out->kind = NP_VALUE_STRING;
  out->as.string = s;
}

bool np_scalar_plain_is_string(np_slice text)
{
  np_value v;
  memset(&v, 0, sizeof v);
  np_scalar_resolve(text, &v);
  return v.kind == NP_VALUE_STRING;
}
