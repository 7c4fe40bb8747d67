-- newspipe.zh and np.opencc: what is converted, what never is.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local zh = require "newspipe.zh"
local glossary = require "newspipe.glossary"

t.test("np.opencc loads a converter once per state", function()
  local cc = np.opencc("s2t")
  t.eq(np.opencc("s2t"), cc)
  t.eq(tostring(cc), "newspipe.Converter (s2t)")
  t.eq(cc:convert("汉字和头发"), "漢字和頭髮")
  t.eq(cc:convert("no Han here"), "no Han here")
  t.eq(np.opencc("s2twp"):convert("鼠标和软件"), "滑鼠和軟體")
  t.eq(np.opencc("t2s.json"):convert("漢字"), "汉字")
  t.raises("cannot load OpenCC config 'x2y'", np.opencc, "x2y")
  t.eq(np.has_han("abc 汉"), true)
  t.eq(np.has_han("「」，ひらがな"), false)
end)

t.test("zh.text keeps URLs and protected terms", function()
  t.eq(zh.text("s2t", "访问https://zh.wikipedia.org/wiki/发展，了解发展。"),
    "訪問https://zh.wikipedia.org/wiki/发展，瞭解發展。")
  t.eq(zh.text("s2t", "见 www.example.cn/发 和 http://a.cn/发."), "見 www.example.cn/发 和 http://a.cn/发.")
  t.eq(zh.text("s2t", "头发和发展", { "发展" }), "頭髮和发展")
  t.eq(zh.text("s2t", "English only"), "English only")
end)

local src = "---\ntitle: 汉字\ntags: [发展, 头发]\nfrom: https://example.com/发\nnote: 头发\n---\n"
  .. "<p>头发<code>头发</code><img alt=\"头发\" title=\"头发\" src=\"发.jpg\"></p>\n\n"
  .. "<div class=\"keep\">头发</div><pre>头发</pre>\n"

t.test("the stage: fields, text, attributes; never code, URLs or skips", function()
  local p = assert(np.parse_string(src, "a.md"))
  zh.convert("s2t", { fields = { "title", "tags", "from" }, attrs = true, skip = ".keep" })(p)
  t.eq(p:serialize(), "---\ntitle: 漢字\ntags: [發展, 頭髮]\nfrom: https://example.com/发\nnote: 头发\n---\n"
    .. "<p>頭髮<code>头发</code><img alt=\"頭髮\" title=\"頭髮\" src=\"发.jpg\"></p>\n\n"
    .. "<div class=\"keep\">头发</div><pre>头发</pre>\n")
  local q = assert(np.parse_string(src, "b.md"))
  zh.convert("s2t", { body = false })(q)
  t.eq(q.meta.title, "漢字")
  t.eq(q.meta.tags[1], "发展", "fields default to the title")
  t.ok(q:serialize():find("<p>头发", 1, true), "body = false")
end)

t.test("a glossary's targets are protected", function()
  local g = glossary.new { ["港珠澳大桥"] = "港珠澳大桥" }
  local p = assert(np.parse_string("---\ntitle: 港珠澳大桥开通\n---\n<p>港珠澳大桥开通了</p>\n", "g.md"))
  zh.convert("s2t", { protect = g })(p)
  t.eq(p.meta.title, "港珠澳大桥開通")
  t.eq(p.body:text(), "港珠澳大桥開通了")
end)

t.test("misuse", function()
  t.raises("unknown option 'field'", zh.convert, "s2t", { field = {} })
  t.raises("expected an OpenCC config name", zh.convert, nil)
  t.raises("cannot load OpenCC config 's2x'", zh.convert, "s2x")
  t.raises("protect must be a list of terms or a glossary", zh.convert, "s2t", { protect = "x" })
end)

t.done()
