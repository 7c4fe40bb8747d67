-- newspipe.fields and np.rename.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local fields = require "newspipe.fields"

local src = "---\ntitle: \"【港闻】渡轮新航线：周末启航！\"\nfrom: https://news.example.org/a\ntags: 港口, 交通 ,, 渡轮\nviews: '1024'\nflag: yes\nseries:\n  name: 港口交通\n  part: 2\nempty: ''\n---\n<h2>Ferry line opens</h2>\n<p>Body.</p>\n"

local function fresh() return assert(np.parse_string(src, "f.md")) end
local function fm(post) return post:serialize():match("^%-%-%-\n(.-)%-%-%-\n") end

t.test("np.rename renames in place", function()
  local post = fresh()
  t.eq(np.rename(post.meta, "from", "url"), true)
  t.eq(np.rename(post.meta, "nope", "x"), false)
  t.ok(fm(post):find("\nurl: https://news.example.org/a\ntags:", 1, true), fm(post))
  t.raises("key exists", np.rename, post.meta, "url", "title")
  t.eq(np.rename(post.meta.series, "part", "episode"), true)
  t.eq(post.meta.series.episode, 2)
  t.raises("string expected, got number", np.rename, post.meta, 1, "x")
end)

t.test("rename, delete, set, default, copy", function()
  local post = fresh()
  fields.rename("from", "url")(post)
  fields.delete("flag", "nope")(post)
  fields.set("layout", "post")(post)
  fields.set("length", function(p) return #p.body:text() end)(post)
  fields.default("empty", "filled")(post)
  fields.default("title", "never")(post)
  fields.copy("series", "series_copy")(post)
  local m = post.meta
  t.eq(m.url, "https://news.example.org/a")
  t.eq(m.from, nil)
  t.eq(m.flag, nil)
  t.eq(m.layout, "post")
  t.eq(m.length, 23)
  t.eq(m.empty, "filled")
  t.eq(m.title, "【港闻】渡轮新航线：周末启航！")
  t.eq(m.series_copy.name, "港口交通")
  t.raises("fields.rename: argument #2 must be a field name", fields.rename, "a")
end)

t.test("slug keeps every script's letters", function()
  local post = fresh()
  fields.slug("title")(post)
  t.eq(post.meta.slug, "港闻-渡轮新航线-周末启航")
  local p = assert(np.parse_string("---\ntitle: \"What's new in Ruby 3.4? A tour!\"\n---\n", "r.md"))
  fields.slug("title", "permalink")(p)
  t.eq(p.meta.permalink, "what-s-new-in-ruby-3-4-a-tour")
  local bad = assert(np.parse_string("---\ntitle: [a]\n---\n", "b.md"))
  t.raises("fields.slug: 'title' is not text", fields.slug("title"), bad)
end)

t.test("split and join", function()
  local post = fresh()
  fields.split("tags")(post)
  t.eq(#post.meta.tags, 3)
  t.eq(post.meta.tags[2], "交通")
  fields.join("tags", " / ")(post)
  t.eq(post.meta.tags, "港口 / 交通 / 渡轮")
end)

t.test("coerce", function()
  local post = fresh()
  fields.coerce("views", "int")(post)
  t.eq(math.type(post.meta.views), "integer")
  t.eq(post.meta.views, 1024)
  fields.coerce("flag", "string")(post)
  t.eq(post.meta.flag, "true")
  fields.coerce("flag", "bool")(post)
  t.eq(post.meta.flag, true)
  t.raises("fields.coerce: 'title' is \"【港闻】渡轮新航线：周末启航！\", which is not of type int",
    fields.coerce("title", "int"), post)
  t.raises("'series' is a list or map", fields.coerce("series", "string"), post)
  t.raises("unknown type 'number'", fields.coerce, "views", "number")
end)

t.test("date", function()
  local p = assert(np.parse_string(
    "---\ndate: \"2019-03-04\"\nwhen: 2020-01-01 10:00:00\nat: 2022-11-16T01:12:00.000Z\n"
    .. "odd: 16/11/2022\nblank: ''\nlist: [1]\nbad: YYYY-MM-DD\n---\n"
    .. "<div><p>x</p><!-- ad --><!--1668561120000--></div>\n", "d.md"))
  local before = p:serialize()
  fields.date("at")(p)
  fields.date("missing")(p)
  fields.date("blank")(p)
  t.eq(p:serialize(), before, "typed, missing and blank values are left as they are")
  fields.date("date", { zone = "+08:00" })(p)
  fields.date("when", { zone = "+08:00" })(p)
  fields.date("odd", { formats = { "%d/%m/%Y" } })(p)
  fields.date("published", { comment = true, zone = "+08:00" })(p)
  t.eq(tostring(p.meta.date), "2019-03-04T00:00:00+08:00")
  t.eq(tostring(p.meta.when), "2020-01-01T10:00:00+08:00")
  t.eq(tostring(p.meta.odd), "2022-11-16")
  t.eq(tostring(p.meta.published), "2022-11-16T09:12:00+08:00")
  t.ok(fm(p):find('date: 2019-03-04T00:00:00+08:00\nwhen: 2020-01-01T10:00:00+08:00\nat: 2022-11-16T01:12:00.000Z\n', 1, true), fm(p))
  t.raises([[fields.date: 'bad' is "YYYY-MM-DD", which is not a date]], fields.date("bad"), p)
  t.raises([[fields.date: 'list' is a list or map, not a date]], fields.date("list"), p)
  t.raises([[fields.date: zone no time zone 'Asia/Atlantis']], fields.date, "date", { zone = "Asia/Atlantis" })
  t.raises([[fields.date: format "%Q": unknown]], fields.date, "date", { formats = { "%Q" } })
  t.raises([[unknown option 'zones']], fields.date, "date", { zones = 1 })
end)

t.test("from_body", function()
  local p = assert(np.parse_string("---\nauthor: x\n---\n<h2> Ferry\n line  opens </h2><p>b</p>\n", "h.html"))
  fields.from_body("title", "h1, h2")(p)
  t.eq(p.meta.title, "Ferry line opens")
  fields.from_body("author", "p")(p)
  t.eq(p.meta.author, "x", "a set field stays")
end)

t.done()
