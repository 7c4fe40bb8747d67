-- newspipe.date: reads the dates scraped front matter holds (ISO 8601 and
-- YAML's variants, RFC 2822, "2022年11月16日", "March 31, 2021", Unix
-- seconds and milliseconds) into timestamps. fields.date is the stage that
-- uses it; docs/stages.md shows both.
local np = require "newspipe"

local date = {}

local time_mt = getmetatable(np.time(0))

local months = { "january", "february", "march", "april", "may", "june", "july",
  "august", "september", "october", "november", "december" }
local weekdays = { "monday", "tuesday", "wednesday", "thursday", "friday",
  "saturday", "sunday" }

-- Zone names RFC 2822 allows (hours east of UTC).
local zone_names = { z = 0, ut = 0, utc = 0, gmt = 0, est = -5, edt = -4,
  cst = -6, cdt = -5, mst = -7, mdt = -6, pst = -8, pdt = -7 }

-- The index in `names` of a full name or an abbreviation of at least three
-- letters ("Mar", "Sept."), case-insensitively.
local function name_index(names, word)
  word = word:lower()
  if #word < 3 then return nil end
  for i, name in ipairs(names) do
    if name:sub(1, #word) == word then return i end
  end
end

-- "+08:00", "+0800", "+08", "-05:00", "Z", "UTC", "GMT", "EST" -> seconds
-- east of UTC and the rest of the text, or nil.
local function read_zone(text, pos)
  local sign, hh, mm, stop = text:match("^([+-])(%d%d):?(%d%d)()", pos)
  if not sign then
    sign, hh, stop = text:match("^([+-])(%d%d)()", pos)
    mm = "0"
  end
  if sign then
    local h, m = tonumber(hh), tonumber(mm)
    if h > 23 or m > 59 then return nil end
    local offset = h * 3600 + m * 60
    return sign == "-" and -offset or offset, stop
  end
  local word, after = text:match("^(%a+)()", pos)
  local hours = word and zone_names[word:lower()]
  if hours then return hours * 3600, after end
end

local zone_mt = getmetatable(np.zone("UTC") or {})

--- The zone `zone` names: an offset in seconds east of UTC for "+08:00",
--- "-0500", "UTC", "Z" or a number of seconds; a tz database zone
--- (np.zone) for a name such as "Asia/Singapore", whose offset follows
--- the zone's history and daylight saving. nil and a message otherwise.
function date.zone(zone)
  if math.type(zone) == "integer" and zone > -86400 and zone < 86400 then
    return zone
  end
  if getmetatable(zone) == zone_mt then return zone end
  if type(zone) == "string" then
    local offset, stop = read_zone(zone, 1)
    if offset and stop == #zone + 1 then return offset end
    if zone:find("^%a[%w_+-]*/") or zone:find("^%a[%w_+-]*$") then
      local named, why = np.zone(zone)
      if named then return named end
      return nil, "zone " .. why
    end
  end
  return nil, ("zone %s is neither an offset such as \"+08:00\" nor a zone "
    .. "name such as \"Asia/Singapore\""):format(type(zone) == "string"
      and ("%q"):format(zone) or tostring(zone))
end

-- The offset of wall-clock time `local_secs` (seconds since 1970 as if UTC)
-- at `zone` (an offset or a named zone).
local function local_offset(zone, local_secs)
  if math.type(zone) then return zone end
  return zone:offset_for_local(local_secs)
end

-- The offset at `zone` of the instant `t` (Unix seconds).
local function offset_at(zone, t)
  if zone == nil then return 0 end
  if math.type(zone) then return zone end
  return zone:offset_at(math.floor(t))
end

-- Each conversion reads from text at pos into the fields table f and
-- returns where it stopped, or nil when the text does not fit.
local function number(key, pattern)
  return function(text, pos, f)
    local digits, stop = text:match("^(" .. pattern .. ")()", pos)
    if not digits then return nil end
    f[key] = tonumber(digits)
    return stop
  end
end

local conversions = {
  Y = number("year", "%d%d%d%d"),
  m = number("month", "%d%d?"),
  d = number("day", "%d%d?"),
  e = number("day", "%d%d?"),
  H = number("hour", "%d%d?"),
  I = number("hour12", "%d%d?"),
  M = number("min", "%d%d"),
  y = function(text, pos, f)
    local yy, stop = text:match("^(%d%d)()", pos)
    if not yy then return nil end
    yy = tonumber(yy)
    f.year = yy < 69 and 2000 + yy or 1900 + yy -- as POSIX strptime does
    return stop
  end,
  S = function(text, pos, f) -- seconds, and a fraction after "." or ","
    local ss, stop = text:match("^(%d%d)()", pos)
    if not ss then return nil end
    f.sec = tonumber(ss)
    local frac, after = text:match("^[.,](%d+)()", stop)
    if frac then
      f.nsec = tonumber((frac .. "00000000"):sub(1, 9))
      stop = after
    end
    return stop
  end,
  b = function(text, pos, f)
    local word, stop = text:match("^(%a+)%.?()", pos)
    f.month = word and name_index(months, word)
    return f.month and stop
  end,
  a = function(text, pos)
    local word, stop = text:match("^(%a+)%.?()", pos)
    return word and name_index(weekdays, word) and stop
  end,
  p = function(text, pos, f)
    local ap, stop = text:match("^([AaPp])%.?[Mm]%.?()", pos)
    if not ap then return nil end
    f.pm = ap:lower() == "p"
    return stop
  end,
  z = function(text, pos, f)
    local offset, stop = read_zone(text, pos)
    f.offset = offset
    return stop
  end,
}
conversions.B, conversions.h, conversions.A, conversions.Z =
  conversions.b, conversions.b, conversions.a, conversions.z

local days_in_month = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

local function month_length(year, month)
  if month == 2 and year % 4 == 0 and (year % 100 ~= 0 or year % 400 == 0) then
    return 29
  end
  return days_in_month[month]
end

--- Checks a format before it is used: true, or nil and what is wrong.
function date.check_format(format)
  if type(format) ~= "string" then return nil, "a format must be a string" end
  for conv in format:gsub("%%%%", ""):gmatch("%%(.?)") do
    if not conversions[conv] then
      return nil, ("format %q: unknown conversion %%%s"):format(format, conv)
    end
  end
  return true
end

-- Matches all of `text` against the strptime-like `format`; the fields
-- read, or nil. A space in the format matches any run of spaces (or none);
-- other characters match themselves, ASCII letters in either case.
local function match(format, text)
  local f, pos, i = {}, 1, 1
  while i <= #format do
    local c = format:sub(i, i)
    if c == "%" then
      local conv = format:sub(i + 1, i + 1)
      if conv == "%" then
        if text:sub(pos, pos) ~= "%" then return nil end
        pos = pos + 1
      else
        local read = conversions[conv]
        pos = read(text, pos, f)
        if not pos then return nil end
      end
      i = i + 2
    elseif c == " " then
      pos = text:match("^%s*()", pos)
      i = i + 1
    else
      if text:sub(pos, pos):lower() ~= c:lower() then return nil end
      pos, i = pos + 1, i + 1
    end
  end
  if pos ~= #text + 1 then return nil end
  return f
end

-- The timestamp the fields describe, or nil when they name no real time.
local function build(f, zone)
  if f.hour12 then
    if f.pm == nil or f.hour12 < 1 or f.hour12 > 12 then return nil end
    f.hour = f.hour12 % 12 + (f.pm and 12 or 0)
  end
  if not (f.year and f.month and f.day) then return nil end
  if f.month < 1 or f.month > 12 or f.day < 1
      or f.day > month_length(f.year, f.month) then
    return nil
  end
  if (f.hour or 0) > 23 or (f.min or 0) > 59 or (f.sec or 0) > 60 then return nil end
  local offset = f.offset
  if not offset and zone then
    offset = local_offset(zone, np.time { year = f.year, month = f.month,
      day = f.day, hour = f.hour, min = f.min, sec = f.sec }:unix())
  end
  if not f.hour and not offset then -- a date alone stays a date
    return np.time(("%04d-%02d-%02d"):format(f.year, f.month, f.day))
  end
  local t = np.time { year = f.year, month = f.month, day = f.day, hour = f.hour,
    min = f.min, sec = f.sec, nsec = f.nsec, offset = offset }
  if not f.offset and zone and not math.type(zone) then
    -- a time a clock change skipped: shown as the zone's clocks showed it
    local real = zone:offset_at(t:unix())
    if real ~= offset then t = np.time(t:unix(), real) end
  end
  return t
end

-- Tried in order after the caller's own formats; "T" matches "t" too.
local builtin_formats = {
  -- ISO 8601 and what YAML and Jekyll write
  "%Y-%m-%dT%H:%M:%S %z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M %z",
  "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S",
  "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M", "%Y-%m-%d",
  -- RFC 2822 (feeds, mail)
  "%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M %z", "%d %b %Y %H:%M:%S %z",
  "%d %b %Y %H:%M %z",
  -- Chinese and Japanese, and slashed
  "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日",
  "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y%m%d",
  -- English prose
  "%B %d, %Y %H:%M", "%B %d, %Y", "%B %d %Y", "%d %B %Y", "%a, %B %d, %Y",
}

local function describe(v)
  return type(v) == "string" and ("%q"):format(v) or tostring(v)
end

-- Unix seconds, or milliseconds when the number is too large to be seconds
-- of this era (1e11 seconds is the year 5138); nil and why past that.
local function from_unix(n, zone, shown)
  if not n or n ~= n or n >= 1e14 or n <= -1e14 then
    return nil, ("is %s, too far from 1970 to be Unix seconds or "
      .. "milliseconds"):format(shown)
  end
  if math.type(n) ~= "integer" then
    return np.time(n, offset_at(zone, n))
  end
  if n >= 100000000000 or n <= -100000000000 then
    local s, ms = n // 1000, n % 1000
    local offset = offset_at(zone, s)
    local f = os.date("!*t", s + offset) -- the wall clock at zone
    return np.time { year = f.year, month = f.month, day = f.day, hour = f.hour,
      min = f.min, sec = f.sec, nsec = ms * 1000000, offset = offset }
  end
  return np.time(n, offset_at(zone, n))
end

-- A timestamp read as UTC because it was written without a zone, read
-- again as the same wall-clock time at `zone`.
local function assume_zone(t, zone)
  local secs = t:unix()
  local whole = math.floor(secs)
  local f = os.date("!*t", whole)
  return np.time { year = f.year, month = f.month, day = f.day, hour = f.hour,
    min = f.min, sec = f.sec, nsec = math.floor((secs - whole) * 1e9 + 0.5),
    offset = local_offset(zone, whole) }
end


--- Reads `value` (text, a number of Unix seconds or milliseconds, or a
--- timestamp) into a timestamp. opts.formats: strptime-like patterns
--- (%Y %y %m %d %e %H %I %p %M %S %b %B %a %z, "%%"), tried before the
--- built-in shapes; opts.zone: the zone (date.zone's forms) of values
--- written without one. Returns the timestamp, or nil and why.
function date.read(value, opts)
  opts = opts or {}
  local zone = opts.zone
  if zone ~= nil then
    local why
    zone, why = date.zone(zone)
    if not zone then error(why, 2) end
  end
  if getmetatable(value) == time_mt then
    if zone and not value:zoned() then return assume_zone(value, zone) end
    return value
  end
  if math.type(value) then return from_unix(value, zone, describe(value)) end
  if type(value) ~= "string" then
    return nil, ("is a %s, not a date"):format(type(value))
  end
  local text = value:match("^%s*(.-)%s*$")
  if text:find("^%-?%d+$") and #text >= 9 then
    return from_unix(math.tointeger(tonumber(text)), zone, describe(value))
  end
  for _, formats in ipairs { opts.formats or {}, builtin_formats } do
    for _, format in ipairs(formats) do
      local f = match(format, text)
      local t = f and build(f, zone)
      if t then return t end
    end
  end
  return nil, ("is %s, which is not a date (read: ISO 8601, RFC 2822, "
    .. "\"2022年11月16日\", \"March 31, 2021\", Unix seconds or milliseconds%s)")
    :format(describe(value), opts.formats and ", and the formats given" or
      "; name other shapes with formats = {...}")
end

return date
