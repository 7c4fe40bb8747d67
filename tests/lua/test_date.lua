-- newspipe.date: the date shapes of scraped front matter.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local date = require "newspipe.date"

local function read(text, opts)
  local v, why = date.read(text, opts)
  return v and tostring(v) or why
end

t.test("ISO 8601 and what YAML and Jekyll write", function()
  t.eq(read("2022-11-16T01:12:00.000Z"), "2022-11-16T01:12:00Z")
  t.eq(read("2020-08-08 00:16:22.000000000 +08:00"), "2020-08-08T00:16:22+08:00")
  t.eq(read("2019-12-19 9:00:00 -0500"), "2019-12-19T09:00:00-05:00")
  t.eq(read("2013-08-29 16:00:00 +0000"), "2013-08-29T16:00:00Z")
  t.eq(read("2020-01-01 9:30:00 UTC"), "2020-01-01T09:30:00Z")
  t.eq(read("2016-05-11 14:30"), "2016-05-11T14:30:00Z")
  t.eq(read("2016-05-11t14:30:05,25+05:30"), "2016-05-11T14:30:05.25+05:30")
  t.eq(read("  2022-11-16 "), "2022-11-16")
  t.eq(read("20221116"), "2022-11-16")
end)

t.test("RFC 2822, Chinese and English dates", function()
  t.eq(read("Wed, 16 Nov 2022 09:12:00 +0800"), "2022-11-16T09:12:00+08:00")
  t.eq(read("16 Nov 2022 01:12 GMT"), "2022-11-16T01:12:00Z")
  t.eq(read("Tue, 15 Nov 2022 20:12:00 EST"), "2022-11-15T20:12:00-05:00")
  t.eq(read("2022年11月16日"), "2022-11-16")
  t.eq(read("2022年1月6日 09:12"), "2022-01-06T09:12:00Z")
  t.eq(read("2022/11/16 09:12:30"), "2022-11-16T09:12:30Z")
  t.eq(read("March 31, 2021"), "2021-03-31")
  t.eq(read("Sept. 3, 2020"), "2020-09-03")
  t.eq(read("3 September 2020"), "2020-09-03")
end)

t.test("Unix seconds and milliseconds", function()
  t.eq(read("1668561120000"), "2022-11-16T01:12:00Z")
  t.eq(read("1668561120123"), "2022-11-16T01:12:00.123Z")
  t.eq(read("1668561120"), "2022-11-16T01:12:00Z")
  t.eq(read(1668561120), "2022-11-16T01:12:00Z")
  t.eq(read(1668561120000, { zone = "+08:00" }), "2022-11-16T09:12:00+08:00")
  t.eq(read(1668561120, { zone = 8 * 3600 }), "2022-11-16T09:12:00+08:00")
  -- too large for milliseconds too: a reason, not an error (found by fuzzing)
  t.eq(read("2012209220122092009"), 'is "2012209220122092009", too far from '
    .. "1970 to be Unix seconds or milliseconds")
  t.eq(read(("9"):rep(30)), 'is "' .. ("9"):rep(30) .. '", too far from 1970 '
    .. "to be Unix seconds or milliseconds")
  t.eq(read(1e300), "is 1e+300, too far from 1970 to be Unix seconds or milliseconds")
end)

t.test("zone: values written without one are read at it", function()
  local z = { zone = 8 * 3600 }
  t.eq(read("2016-05-11 14:30", z), "2016-05-11T14:30:00+08:00")
  t.eq(read("2022-11-16", z), "2022-11-16T00:00:00+08:00")
  t.eq(read("2022-11-16T01:12:00Z", z), "2022-11-16T01:12:00Z", "a zone in the text wins")
  t.eq(read(np.time("2020-01-01 10:00:00"), z), "2020-01-01T10:00:00+08:00")
  t.eq(read(np.time("2020-01-01"), { zone = -3600 }), "2020-01-01T00:00:00-01:00")
  t.eq(read(np.time("2020-01-01 10:00:00+02:00"), z), "2020-01-01T10:00:00+02:00")
  t.eq(date.zone("+08:00"), 28800)
  t.eq(date.zone("-0530"), -19800)
  t.eq(date.zone("UTC"), 0)
  t.eq(date.zone(3600), 3600)
  t.eq(tostring(date.zone("Asia/Hong_Kong")), "Asia/Hong_Kong")
  local none, why = date.zone("Asia/Atlantis")
  t.eq(none, nil)
  t.ok(why:find("zone no time zone 'Asia/Atlantis'", 1, true), why)
  t.eq((date.zone("+25:00")), nil)
  t.eq(select(2, date.zone("8 hours")), 'zone "8 hours" is neither an offset such as "+08:00" nor a zone name such as "Asia/Singapore"')
end)

t.test("named zones: the offset each date had there", function()
  local ny = { zone = "America/New_York" }
  t.eq(read("2020-07-01 12:00", ny), "2020-07-01T12:00:00-04:00")
  t.eq(read("2020-12-01 12:00", ny), "2020-12-01T12:00:00-05:00")
  t.eq(read("2020-03-08 02:30", ny), "2020-03-08T03:30:00-04:00", "a gap: read at EST")
  t.eq(read("2020-11-01 01:30", ny), "2020-11-01T01:30:00-04:00", "twice: the first")
  t.eq(read("2022-11-16", ny), "2022-11-16T00:00:00-05:00")
  t.eq(read(1593619200, ny), "2020-07-01T12:00:00-04:00")
  t.eq(read(1593619200000, ny), "2020-07-01T12:00:00-04:00")
  t.eq(read(np.time("2020-07-01 12:00:00"), ny), "2020-07-01T12:00:00-04:00")
  t.eq(read("1975-06-01 12:00", { zone = "Asia/Singapore" }), "1975-06-01T12:00:00+07:30")
  t.eq(read("2022-11-16 09:12", { zone = "Asia/Singapore" }), "2022-11-16T09:12:00+08:00")
  t.raises("no time zone 'Mars/Olympus'", date.read, "2022-11-16", { zone = "Mars/Olympus" })
end)

t.test("formats are tried first", function()
  local f = { formats = { "%d/%m/%Y %I:%M %p", "%d.%m.%y" } }
  t.eq(read("16/11/2022 9:12 pm", f), "2022-11-16T21:12:00Z")
  t.eq(read("16.11.22", f), "2022-11-16")
  t.eq(read("16.11.70", f), "1970-11-16")
  t.eq(read("2022-11-16", f), "2022-11-16", "then the built-in shapes")
  t.eq(read("2022-11-16%", { formats = { "%Y-%m-%d%%" } }), "2022-11-16")
  t.eq(date.check_format("%Y 100%%"), true)
  t.eq(select(2, date.check_format("%Y-%Q")), 'format "%Y-%Q": unknown conversion %Q')
end)

t.test("what is not a date says so", function()
  for _, bad in ipairs { "YYYY-MM-DD", "2022-02-30", "2021-02-29", "2016-01-01 (optional)",
      "2022-13-01", "2022-11-16 24:00", "Smarch 3, 2020", "13/11/2022 13:00 pm" } do
    local v, why = date.read(bad)
    t.eq(v, nil, bad)
    t.ok(why:find(("is %q, which is not a date"):format(bad), 1, true), why)
  end
  t.eq(read("2020-02-29"), "2020-02-29", "a leap day")
  t.eq(select(2, date.read(true)), "is a boolean, not a date")
end)

t.done()
