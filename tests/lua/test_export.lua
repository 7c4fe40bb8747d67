-- newspipe.export: the specs pipelines hand to `newspipe run`, and what
-- their Lua renderers make of a post.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local export = require "newspipe.export"

local src = "---\ntitle: \"Ferry, \\\"express\\\" line\"\ndate: 2021-05-03 07:15:00 +08:00\n"
  .. "tags: [harbour, ferries]\nslug: ferry-line\nseries: 2\n---\n<div><p>Runs <b>daily</b>.</p></div>\n"
local function fresh() return assert(np.parse_string(src, "posts/dw/ferry.html")) end

t.test("path patterns", function()
  local function name(pattern)
    return (export.text { dir = "t", path = pattern }.file(fresh(), "dw/ferry.html"))
  end
  t.eq(name("{path}.txt"), "dw/ferry.txt")
  t.eq(name("{dir}/{name}.txt"), "dw/ferry.txt")
  t.eq(name("{date:%Y/%m}/{slug}.txt"), "2021/05/ferry-line.txt")
  t.eq(name("{date}-{series}.txt"), "2021-05-03-2.txt")
  t.eq(name("{{literal}}-{slug}"), "{literal}-ferry-line")
  t.eq((export.text { dir = "t" }.file(fresh(), "a/b.md")), "a/b.txt")
  local untitled = assert(np.parse_string("---\ntitle: 渡轮 新航线！\n---\nx\n", "x.md"))
  t.eq((export.markdown { dir = "m", path = "{slug}.md" }.file(untitled, "x.md")), "渡轮-新航线.md")
  t.raises("the path pattern needs front matter 'author'",
    export.text { dir = "t", path = "{author}.txt" }.file, fresh(), "x.html")
  local undated = assert(np.parse_string("---\ntitle: x\n---\ny\n", "u.md"))
  t.raises("the post has no date it can read", export.text { dir = "t", path = "{date}.txt" }.file, undated, "u.md")
  t.raises("a '{' is not closed", export.text, { dir = "t", path = "{slug" })
  t.raises("a '}' without '{'", export.text, { dir = "t", path = "slug}" })
  t.raises("'{no spaces}' is not a placeholder", export.text, { dir = "t", path = "{no spaces}" })
end)

t.test("markdown, html and text files", function()
  local _, md = export.markdown { dir = "m" }.file(fresh(), "dw/ferry.html")
  t.eq(md, src:match("^(.-%-%-%-\n.-%-%-%-\n)") .. "Runs **daily**.\n")
  local _, html = export.html { dir = "h" }.file(fresh(), "dw/ferry.html")
  t.ok(html:find("<title>Ferry, &quot;express&quot; line</title>", 1, true), html)
  t.ok(html:find('<time datetime="2021-05-03T07:15:00+08:00">', 1, true), html)
  t.ok(html:find("<div><p>Runs <b>daily</b>.</p></div>", 1, true), html)
  local _, text = export.text { dir = "t" }.file(fresh(), "dw/ferry.html")
  t.eq(text, 'Ferry, "express" line\n\nRuns daily.\n')
  local tpl = os.tmpname()
  local f = assert(io.open(tpl, "w"))
  f:write("<h1>{{ title }}</h1>{{meta.series}}|{{meta.none}}|{{body}}")
  f:close()
  local _, page = export.html { dir = "h", template = tpl }.file(fresh(), "dw/ferry.html")
  os.remove(tpl)
  t.eq(page, "<h1>Ferry, &quot;express&quot; line</h1>2||<div><p>Runs <b>daily</b>.</p></div>\n")
  t.raises("export.html: template: /nonexistent", export.html, { dir = "h", template = "/nonexistent/t.html" })
end)

t.test("csv: RFC 4180 quoting, columns, lists joined", function()
  local spec = export.csv { path = "p.csv", columns = { "path", "title", "date", "tags",
    { name = "words", value = function(post) return #post.body:text() end } } }
  t.eq(spec.header, "path,title,date,tags,words\r\n")
  t.eq(spec.record(fresh(), "dw/ferry.html"),
    'dw/ferry.html,"Ferry, ""express"" line",2021-05-03T07:15:00+08:00,harbour; ferries,11\r\n')
  t.raises("column 2 must be a name", export.csv, { path = "p.csv", columns = { "path", 3 } })
  t.raises("unknown option 'sep'", export.csv, { path = "p.csv", sep = ";" })
  t.raises("fields[1] must be a key", export.jsonl, { path = "p.jsonl", fields = { 1 } })
end)

t.test("jsonl records a function makes, written by np.json", function()
  local spec = export.jsonl { path = "r.jsonl", record = function(post, path)
    return { path = path, title = post.meta.title, date = post.meta.date, tags = post.meta.tags,
      images = {}, n = 2, half = 0.5, ok = true, missing = np.null }
  end }
  t.eq(spec.kind, "records")
  t.eq(spec.record(fresh(), "dw/ferry.html"), '{"date":"2021-05-03T07:15:00+08:00","half":0.5,'
    .. '"images":[],"missing":null,"n":2,"ok":true,"path":"dw/ferry.html",'
    .. '"tags":["harbour","ferries"],"title":"Ferry, \\"express\\" line"}\n')
  t.raises("give either fields or record", export.jsonl, { path = "r", fields = {}, record = print })
  t.raises("record must be a function", export.jsonl, { path = "r", record = {} })
  t.eq(np.json { 1, "二", { a = false } }, '[1,"\228\186\140",{"a":false}]')
  t.eq(np.json "line\nend", '"line\\nend"')
  t.raises("np.json: cannot write a function as JSON", np.json, { f = print })
  t.raises("np.json: a table must be a list", np.json, { 1, x = 2 })
  local loop = {}
  loop[1] = loop
  t.raises("np.json: nested deeper than", np.json, loop)
end)

t.test("atom: entries, and what a feed must have", function()
  local spec = export.atom { path = "f.xml", title = "A & B", id = "https://news.example.org/a/", limit = 3 }
  t.eq(spec.limit, 3)
  t.ok(spec.header:find("<title>A &amp; B</title>", 1, true), spec.header)
  local key, entry = spec.entry(fresh(), "dw/ferry 1.html")
  t.eq(key, "1619997300\t2021-05-03T07:15:00+08:00")
  t.ok(entry:find("<id>https://news.example.org/a/dw/ferry%201.html</id>", 1, true), entry)
  t.ok(entry:find('<content type="html">&lt;div&gt;&lt;p&gt;Runs', 1, true), entry)
  local undated = assert(np.parse_string("---\ntitle: x\n---\nz\n", "u.md"))
  t.eq(table.pack(spec.entry(undated, "u.md")), table.pack("", ""), "no date: left out")
  local dated = assert(np.parse_string("---\ntitle: x\ndate: 2020-01-02\n---\n<p>z</p>\n", "d.html"))
  dated.meta.title = "x\1y" -- a stage's value: XML 1.0 cannot hold U+0001
  local _, e = spec.entry(dated, "d.html")
  t.ok(e:find("<title>xy</title>", 1, true), "control characters dropped: " .. e)
  t.ok(e:find("<updated>2020-01-02T00:00:00Z</updated>", 1, true), e)
  local no_base = export.atom { path = "f.xml", title = "t", id = "urn:uuid:0f0c0a4e-0000-4000-8000-000000000000" }
  t.raises("this post has no url", no_base.entry, dated, "d.md")
  t.raises("title is needed", export.atom, { path = "f.xml", id = "https://x.org/" })
  t.raises("id must be an IRI", export.atom, { path = "f.xml", title = "t", id = "archive" })
  t.raises("limit must be a whole number", export.atom, { path = "f.xml", title = "t", id = "https://x.org/", limit = 0 })
end)

t.done()
