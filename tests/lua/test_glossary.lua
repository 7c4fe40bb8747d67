-- np.terms, node:text_nodes, post:count and newspipe.glossary.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local glossary = require "newspipe.glossary"

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir))
local function file(name, text)
  local path = dir .. "/" .. name
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

t.test("np.terms finds leftmost, longest first", function()
  local terms = np.terms { "香港", "香港人", "cat" }
  t.eq(#terms, 3)
  t.eq(table.pack(terms:find("我是香港人")), table.pack(7, 15, 2))
  t.eq(table.pack(terms:find("香港香港", 2)), table.pack(7, 12, 1))
  t.eq(terms:find("none"), nil)
  local counts = {}
  t.eq(table.pack(terms:replace("香港人和香港 cat", { "HK", "HKer" }, counts)),
    table.pack("HKer和HK cat", 2), "a term without a replacement stays")
  t.eq(counts[1], 1)
  t.eq(counts[2], 1)
  t.eq(counts[3], nil)
  local words = np.terms({ "cat" }, { whole_words = true })
  t.eq(words:replace("cat concatenate cat.", { "dog" }), "dog concatenate dog.")
  t.raises("term 2 repeats term 1 ('a')", np.terms, { "a", "a" })
  t.raises("term 1: a term cannot be empty", np.terms, { "" })
  t.raises("term 2 is a number, not a string", np.terms, { "a", 1 })
  t.raises("term 1: a term must be valid UTF-8", np.terms, { "\xff" })
end)

t.test("node:text_nodes skips what the selector matches", function()
  local f = np.html("<p>a<code>b</code><b>c<pre>d</pre></b></p>e<!--x-->")
  local got = {}
  for _, n in ipairs(f:text_nodes("code, pre")) do got[#got + 1] = n.value end
  t.eq(table.concat(got, " "), "a c e")
  t.eq(#f:text_nodes(), 5)
  t.eq(#f:select_one("code"):text_nodes(), 1)
end)

t.test("post:count keeps tallies for the run summary", function()
  local p = assert(np.parse_string("---\n---\nx\n", "c.md"))
  p:count("g", "a")
  p:count("g", "a", 2)
  p:count("g", 7, 0)
  t.raises("a count cannot be negative", p.count, p, "g", "a", -1)
  t.raises("bad argument #2 to 'count' (string expected, got no value)", function() p:count("g") end)
end)

t.test("TSV and CSV files", function()
  local g = glossary.load(file("a.tsv", "\239\187\191# comment\r\n香港\tHong Kong\tnote\r\n\r\n澳门\tMacao"))
  t.eq(g.sources, { "香港", "澳门" })
  t.eq(g:replace("香港和澳门"), "Hong Kong和Macao")
  local c = glossary.load(file("b.csv", 'source,target\n"say ""hi""",hello\n\n"two\nlines",2\ncat,dog\n'),
    { header = true, whole_words = true })
  t.eq(c.sources, { 'say "hi"', "two\nlines", "cat" })
  t.eq(c:replace('I say "hi" to cats and a cat'), "I hello to cats and a dog")
  local m = glossary.new { b = "B", a = "A" }
  t.eq(m.sources, { "a", "b" })
  t.eq(glossary.new({ { "x", "y" } }):replace("xx"), "yy")
end)

t.test("bad glossaries say where", function()
  t.raises("a.tsv:1: expected a term and its target, separated by a tab",
    glossary.load, file("a.tsv", "香港\n"))
  t.raises("a.tsv:2: 'b' has no target", glossary.load, file("a.tsv", "a\tA\nb\t\n"))
  t.raises("a.tsv:3: 'a' is already on line 1, with another target",
    glossary.load, file("a.tsv", "a\tA\n#\na\tB\n"))
  t.eq(#glossary.load(file("a.tsv", "a\tA\na\tA\n")).sources, 1, "a repeat with the same target is fine")
  t.raises("b.csv:2: a quoted field is not closed", glossary.load, file("b.csv", 'a,b\n"c,d\n'))
  t.raises("b.csv:1: text after a quoted field", glossary.load, file("b.csv", '"a"x,b\n'))
  t.raises("a.tsv:1: not valid UTF-8", glossary.load, file("a.tsv", "\xff\tA\n"))
  t.raises("No such file", glossary.load, dir .. "/none.tsv")
  t.raises("unknown option 'wholewords'", glossary.load, "x.tsv", { wholewords = true })
  t.raises("format must be", glossary.load, file("a.tsv", "a\tA\n"), { format = "xls" })
end)

t.test("the stage: fields, list items, body text, attributes, skips", function()
  local path = file("g.tsv", "香港\tHong Kong\n台湾\tTaiwan\n")
  local post = assert(np.parse_string(
    "---\ntitle: 香港人\ntags: [香港, x]\nnote: 香港\n---\n<p>香港<code>香港</code>"
    .. "<img alt='台湾' title='台湾' src='香港.jpg'></p>\n", "a.md"))
  glossary.apply(path, { fields = { "title", "tags" }, attrs = { "alt" } })(post)
  t.eq(post:serialize(), "---\ntitle: Hong Kong人\ntags: [Hong Kong, x]\nnote: 香港\n---\n"
    .. "<p>Hong Kong<code>香港</code><img alt=\"Taiwan\" title='台湾' src='香港.jpg'></p>\n")
  local md = assert(np.parse_string("---\n---\n# 台湾 *news*\n\n`台湾` and 台湾\n", "b.md"))
  glossary.apply(glossary.new { ["台湾"] = "Taiwan" }, { count = false })(md)
  t.eq(md:serialize(), "---\n---\n# Taiwan *news*\n\n`台湾` and Taiwan\n")
  t.raises("unknown option 'field'", glossary.apply, path, { field = {} })
  t.raises("expected a glossary, a file name or a table", glossary.apply, 3)
end)

os.execute("rm -rf " .. dir)
t.done()
