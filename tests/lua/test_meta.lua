-- post.meta: typed reads, table-like edits, nested lists and maps, np.null,
-- np.totable, and the minimal diffs they make.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"

local md = t.posts .. "2022-11-18-harbour-ferry.md"

local function fm(post)
  return post:serialize():match("^%-%-%-\n(.-\n)%-%-%-\n")
end

t.test("values come typed", function()
  local m = np.parse(md).meta
  t.eq(m.title, "【港闻】渡轮新航线周末启航")
  t.eq(m.comments, true)
  t.eq(m.draft, false)
  t.eq(math.type(m.views), "integer")
  t.eq(m.views, 1024)
  t.eq(m.rating, 4.5)
  t.eq(m.subtitle, nil, "null reads as nil")
  t.eq(m.nope, nil)
  t.eq(getmetatable(m.date), "locked")
  t.eq(m.date:unix(), 1668743100)
  t.eq(tostring(m.tags), "newspipe.List (1 items)")
  t.eq(m.tags[1], "海港日报")
  t.eq(m.series.name, "港口交通")
  t.eq(m.series.part, 2)
  t.eq(m[1], nil, "keys are strings")
end)

t.test("pairs runs in file order; ipairs and # on lists", function()
  local m = np.parse(md).meta
  local keys = {}
  for k in pairs(m) do keys[#keys + 1] = k end
  t.eq(table.concat(keys, " "), "layout title date author from tags comments views rating draft subtitle series related")
  local r = m.related
  t.eq(#r, 2)
  local seen = {}
  for i, v in ipairs(r) do seen[i] = v end
  t.eq(table.concat(seen, " "), "https://news.example.org/a https://news.example.org/b")
  local n = 0
  for i, v in pairs(r) do n = n + 1; t.eq(v, r[i]) end
  t.eq(n, 2)
  t.eq(m.related, m.related, "one proxy per value")
end)

t.test("setting, adding and deleting keys", function()
  local post = np.parse(md)
  local m = post.meta
  m.title = "新标题"
  m.views = nil
  m.summary = "A new key goes last"
  local out = fm(post)
  t.ok(out:find('title: "新标题"\n', 1, true), out)
  t.ok(not out:find("views:", 1, true), out)
  t.ok(out:find("\nsummary: A new key goes last\n$"), out)
  local keys = {}
  for k in pairs(m) do keys[#keys + 1] = k end
  t.eq(keys[#keys], "summary")
  t.eq(keys[2], "title", "an existing key keeps its place")
end)

t.test("removing keys while iterating", function()
  local m = np.parse(md).meta
  for k in pairs(m) do
    if k ~= "title" then m[k] = nil end
  end
  local keys = {}
  for k in pairs(m) do keys[#keys + 1] = k end
  t.eq(table.concat(keys, " "), "title")
end)

t.test("lists edit in place, with table.insert and table.remove", function()
  local post = np.parse(md)
  local tags = post.meta.tags
  tags[#tags + 1] = "渡轮"
  table.insert(tags, 1, "交通")
  t.eq(#tags, 3)
  t.eq(fm(post):match("tags: [^\n]*"), "tags: [ 交通, 海港日报, 渡轮 ]")
  t.eq(table.remove(tags, 2), "海港日报")
  tags[1] = nil -- removes item 1, the rest move down
  t.eq(#tags, 1)
  t.eq(tags[1], "渡轮")
  t.raises("list index must be 1..2", function() tags[5] = "x" end)
  t.raises("list index must be 1..2", function() tags.x = "x" end)
  local rel = post.meta.related
  rel[1] = "https://news.example.org/c"
  t.ok(fm(post):find("related:\n%- https://news.example.org/c\n%- https://news.example.org/b\n"), fm(post))
end)

t.test("nested maps edit in place", function()
  local post = np.parse(md)
  local series = post.meta.series
  series.part = 3
  series.name = nil
  series.url = "https://news.example.org/series"
  t.eq(post.meta.series.part, 3)
  local out = fm(post)
  t.ok(out:find("series:\n  part: 3\n  url: https://news.example.org/series\nrelated:", 1, true), out)
  local keys = {}
  for k, v in pairs(series) do keys[#keys + 1] = k .. "=" .. tostring(v) end
  t.eq(table.concat(keys, " "), "part=3 url=https://news.example.org/series")
end)

t.test("Lua values become YAML values", function()
  local post = np.parse_string("---\ntitle: x\n---\n", "v.md")
  local m = post.meta
  m.list = { "a", 2, true }
  m.map = { b = 1, a = { "x" } }
  m.empty = {}
  m.none = np.null
  m.when = np.time { year = 2022, month = 11, day = 16, hour = 9, offset = 8 * 3600 }
  m.copy = m.map
  m.float = 0.5
  t.eq(post:serialize(), "---\ntitle: x\nlist:\n  - a\n  - 2\n  - true\nmap:\n  a:\n    - x\n  b: 1\nempty: []\nnone: null\nwhen: 2022-11-16T09:00:00+08:00\ncopy:\n  a:\n    - x\n  b: 1\nfloat: 0.5\n---\n")
  t.eq(m.none, nil)
  t.eq(m.list[3], true)
  t.eq(m.map.a[1], "x")
  m.copy.b = 2
  t.eq(m.map.b, 1, "assigning a proxy copies it")
end)

t.test("strings that look like other types stay strings", function()
  local post = np.parse_string("---\na: x\n---\n", "q.md")
  post.meta.a = "true"
  post.meta.b = "2022-11-16"
  post.meta.c = "12"
  local again = assert(np.parse_string(post:serialize(), "q.md"))
  t.eq(again.meta.a, "true")
  t.eq(again.meta.b, "2022-11-16")
  t.eq(again.meta.c, "12")
end)

t.test("null items in lists read as np.null, so ipairs sees them all", function()
  local post = np.parse_string("---\nl: [a, null, b]\n---\n", "n.md")
  local l = post.meta.l
  t.eq(#l, 3)
  t.eq(l[2], np.null)
  local n = 0
  for _ in ipairs(l) do n = n + 1 end
  t.eq(n, 3)
  t.eq(table.remove(l, 1), "a")
  t.eq(l[1], np.null)
  t.eq(l[2], "b")
  t.eq(post:serialize(), "---\nl: [null, b]\n---\n")
end)

t.test("values that cannot go into front matter raise", function()
  local m = np.parse(md).meta
  t.raises("cannot store a function in front matter", function() m.x = print end)
  t.raises("must be a list (keys 1..n) or a map (string keys)", function() m.x = { 1, a = 2 } end)
  t.raises("not valid UTF-8", function() m.x = "\xff" end)
  t.raises("string key expected", function() m[1] = "x" end)
  local loop = {}
  loop[1] = loop
  t.raises("nested deeper than 64 levels", function() m.x = loop end)
end)

t.test("np.totable copies into plain tables", function()
  local m = np.parse(md).meta
  local plain = np.totable(m)
  t.eq(type(plain), "table")
  t.eq(plain.series.name, "港口交通")
  t.eq(plain.related[2], "https://news.example.org/b")
  t.eq(getmetatable(plain.related), nil)
  t.eq(np.totable(m.tags)[1], "海港日报")
  t.eq(np.totable(5), 5)
end)

t.test("meta from another post is copied, strings and all", function()
  local a = np.parse(md)
  local b = np.parse_string("---\ntitle: b\n---\n", "b.md")
  b.meta.series = a.meta.series
  b.meta.everything = a.meta
  a:close()
  collectgarbage()
  t.eq(b.meta.series.name, "港口交通")
  t.eq(b.meta.everything.title, "【港闻】渡轮新航线周末启航")
end)

t.done()
