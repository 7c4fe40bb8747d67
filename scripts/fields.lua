-- newspipe.fields: stages that reshape a post's front matter. Each function
-- returns a stage; a value a stage cannot work with fails that post with a
-- message naming the field. docs/stages.md shows each at work.
local np = require "newspipe"
local date = require "newspipe.date"

local fields = {}

local function need_name(name, who, arg)
  if type(name) ~= "string" or name == "" then
    error(("fields.%s: argument #%d must be a field name"):format(who, arg), 3)
  end
end

-- The value to store: a constant, or what fn(post) returns.
local function value_of(v, post)
  if type(v) == "function" then return v(post) end
  return v
end

--- Renames `from` to `to` where it stands in the file (only the key
--- changes); nothing when `from` is absent; fails when `to` exists.
function fields.rename(from, to)
  need_name(from, "rename", 1)
  need_name(to, "rename", 2)
  return function(post)
    np.rename(post.meta, from, to)
  end
end

--- Deletes the named fields (absent ones are fine).
function fields.delete(...)
  local names = { ... }
  for i, name in ipairs(names) do need_name(name, "delete", i) end
  return function(post)
    for _, name in ipairs(names) do post.meta[name] = nil end
  end
end

--- Sets `name` to `value`, or to value(post) when it is a function
--- (returning nil deletes it).
function fields.set(name, value)
  need_name(name, "set", 1)
  return function(post)
    post.meta[name] = value_of(value, post)
  end
end

-- A front-matter list or map (a proxy), as opposed to a scalar or time.
local function is_collection(v)
  return type(v) == "userdata" and tostring(v):find("^newspipe%.[ML]") ~= nil
end

local function is_blank(v)
  return v == nil or (type(v) == "string" and not v:find("%S"))
end

--- Sets `name` only where it is missing, null or blank.
function fields.default(name, value)
  need_name(name, "default", 1)
  return function(post)
    if is_blank(post.meta[name]) then post.meta[name] = value_of(value, post) end
  end
end

--- Copies `from` to `to` (lists and maps deeply); nothing when `from` is
--- absent.
function fields.copy(from, to)
  need_name(from, "copy", 1)
  need_name(to, "copy", 2)
  return function(post)
    local v = post.meta[from]
    if v ~= nil then post.meta[to] = v end
  end
end

-- CJK and other punctuation that separates words like ASCII punctuation
-- does (slugs keep letters of every script, as Jekyll's do).
local wide_punct = { "，", "。", "、", "：", "；", "！", "？", "「", "」", "『",
  "』", "（", "）", "【", "】", "《", "》", "〈", "〉", "“", "”", "‘", "’", "—",
  "…", "·", "　", "～", "﹣", "＂", "＇", "／" }

--- A URL slug of `text`: lower case, every run of spaces and punctuation
--- one "-", letters of every script kept ("渡轮新航线-ferry-line").
function fields.slugify(text)
  for _, p in ipairs(wide_punct) do text = text:gsub(p, " ") end
  return (text:lower():gsub("[%z\1-\127]", function(c)
    return c:find("[%w]") and c or " "
  end):gsub("%s+", "-"):gsub("^%-+", ""):gsub("%-+$", ""))
end

--- Makes a URL slug of `from` into `to` (default "slug") with
--- fields.slugify; nothing when `to` is already set.
function fields.slug(from, to)
  need_name(from, "slug", 1)
  to = to or "slug"
  need_name(to, "slug", 2)
  return function(post)
    if not is_blank(post.meta[to]) then return end
    local text = post.meta[from]
    if type(text) ~= "string" then
      error(("fields.slug: '%s' is not text (got %s)"):format(from, type(text)), 0)
    end
    post.meta[to] = fields.slugify(text)
  end
end

--- Splits the text of `name` at `sep` (default ",") into a list, trimming
--- each item and dropping empty ones; a list is left as it is.
function fields.split(name, sep)
  need_name(name, "split", 1)
  sep = sep or ","
  return function(post)
    local v = post.meta[name]
    if type(v) ~= "string" then return end
    local items, start = {}, 1
    while true do
      local i, j = v:find(sep, start, true)
      local item = v:sub(start, (i or #v + 1) - 1):match("^%s*(.-)%s*$")
      if item ~= "" then items[#items + 1] = item end
      if not i then break end
      start = j + 1
    end
    post.meta[name] = items
  end
end

--- Joins the list in `name` with `sep` (default ", ") into one text.
function fields.join(name, sep)
  need_name(name, "join", 1)
  sep = sep or ", "
  return function(post)
    local v = post.meta[name]
    if not is_collection(v) then return end
    local parts = {}
    for i, item in ipairs(v) do
      if is_collection(item) then
        error(("fields.join: '%s' item %d is a list or map, not text"):format(name, i), 0)
      end
      parts[i] = item == np.null and "" or tostring(item)
    end
    post.meta[name] = table.concat(parts, sep)
  end
end

local coercions = {
  string = function(v) return tostring(v) end,
  int = function(v)
    local n = math.tointeger(tonumber(type(v) == "string" and v:match("^%s*(.-)%s*$") or v))
    return n
  end,
  float = function(v) return tonumber(v) and tonumber(v) + 0.0 end,
  bool = function(v)
    if type(v) == "boolean" then return v end
    local s = tostring(v):lower()
    if s == "true" or s == "yes" or s == "on" or s == "1" then return true end
    if s == "false" or s == "no" or s == "off" or s == "0" then return false end
  end,
}

--- Converts `name` to "string", "int", "float" or "bool"; a value that
--- does not convert fails the post with a message naming the field.
function fields.coerce(name, kind)
  need_name(name, "coerce", 1)
  local convert = coercions[kind]
  if not convert then
    error(("fields.coerce: unknown type '%s' (types are: bool, float, int, string)")
      :format(tostring(kind)), 2)
  end
  return function(post)
    local v = post.meta[name]
    if v == nil then return end
    if is_collection(v) then
      error(("fields.coerce: '%s' is a list or map, not a %s"):format(name, kind), 0)
    end
    local c = convert(v)
    if c == nil then
      error(("fields.coerce: '%s' is %q, which is not of type %s"):format(name, tostring(v), kind), 0)
    end
    post.meta[name] = c
  end
end

-- The digits of the first comment in document order that holds only a
-- Unix time in seconds or milliseconds, or nil.
local function unix_comment(root)
  local node = root.first_child
  while node do
    if node.type == "comment" then
      local digits = node.value:match("^%s*(%d+)%s*$")
      if digits and #digits >= 9 then return digits end
    end
    if node.first_child then
      node = node.first_child
    else
      while node ~= root and not node.next do node = node.parent end
      node = node ~= root and node.next or nil
    end
  end
end

--- Reads `name` into a timestamp: ISO 8601 and YAML's forms, RFC 2822,
--- "2022年11月16日", "March 31, 2021", Unix seconds or milliseconds, or
--- opts.formats (strptime-like, tried first). opts.zone ("Asia/Singapore",
--- "+08:00", "UTC") is the zone of values written without an offset;
--- opts.comment = true reads
--- a missing or blank field from the first body comment holding only a Unix
--- time, as Zaobao posts carry (<!--1668561120000-->). Missing or blank
--- values are left alone; one it cannot read fails the post.
function fields.date(name, opts)
  need_name(name, "date", 1)
  opts = opts or {}
  if type(opts) ~= "table" then error("fields.date: argument #2 must be a table of options", 2) end
  for key in pairs(opts) do
    if key ~= "zone" and key ~= "formats" and key ~= "comment" then
      error(("fields.date: unknown option '%s' (options are: comment, formats, zone)")
        :format(tostring(key)), 2)
    end
  end
  local read_opts = { formats = opts.formats }
  if opts.zone ~= nil then
    local why
    read_opts.zone, why = date.zone(opts.zone)
    if not read_opts.zone then error("fields.date: " .. why, 2) end
  end
  if opts.formats ~= nil then
    if type(opts.formats) ~= "table" then error("fields.date: formats must be a list", 2) end
    for _, format in ipairs(opts.formats) do
      local ok, why = date.check_format(format)
      if not ok then error("fields.date: " .. why, 2) end
    end
  end
  return function(post)
    local v = post.meta[name]
    if is_blank(v) and opts.comment then v = unix_comment(post.body) end
    if is_blank(v) or v == np.null then return end
    if is_collection(v) then
      error(("fields.date: '%s' is a list or map, not a date"):format(name), 0)
    end
    local t, why = date.read(v, read_opts)
    if not t then error(("fields.date: '%s' %s"):format(name, why), 0) end
    if t ~= v or tostring(t) ~= tostring(v) then post.meta[name] = t end
  end
end

--- Fills `name`, when missing or blank, with the text of the first element
--- of the body `selector` matches (e.g. a missing title from the first
--- heading); nothing when none matches.
function fields.from_body(name, selector)
  need_name(name, "from_body", 1)
  local sel = np.selector(selector)
  return function(post)
    if not is_blank(post.meta[name]) then return end
    local el = post.body:select_one(sel)
    if el then
      local text = el:text():gsub("%s+", " "):match("^%s*(.-)%s*$")
      if text ~= "" then post.meta[name] = text end
    end
  end
end

return fields
