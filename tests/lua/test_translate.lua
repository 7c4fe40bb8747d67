-- newspipe.translate and np.command: real commands (rev, tr, echo, sh as
-- a stand-in translator), batching, the cache, retries, failures, hangs.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local translate = require "newspipe.translate"

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir))
local log = dir .. "/calls.log"
local function calls()
  local f = io.open(log)
  if not f then return 0 end
  local n = 0
  for _ in f:lines() do n = n + 1 end
  f:close()
  return n
end
-- rev, logging each call: how the tests count the translator's calls
local logged_rev = { "sh", "-c", "echo call >> " .. log .. "; rev" }

local src = "---\ntitle: Hello world\ntags: [one, two]\n---\n"
  .. "<p>First <b>para</b>\n graph.</p><ul><li><p>inner</p></li></ul>"
  .. "<pre>code</pre><p>&nbsp;</p><p>Hello world</p>\n"
local function fresh() return assert(np.parse_string(src, "t.md")) end

t.test("np.command runs argv with stdin, under a deadline", function()
  local r = np.command({ "tr", "a-z", "A-Z" }, { input = "hello\n", timeout = 10 })
  t.eq(r.stdout, "HELLO\n")
  t.eq(r.status, 0)
  t.eq(r.timed_out, false)
  r = np.command { "sh", "-c", "echo bad >&2; exit 4" }
  t.eq(r.status, 4)
  t.eq(r.stderr, "bad\n")
  r = np.command({ "sleep", "5" }, { timeout = 0.2 })
  t.eq(r.timed_out, true)
  t.eq(r.signal, 9)
  local none, why = np.command { "newspipe-no-such-translator" }
  t.eq(none, nil)
  t.eq(why, "cannot run 'newspipe-no-such-translator': No such file or directory")
  t.raises("argument 2 is a number, not a string", np.command, { "echo", 1 })
  t.raises("the command list is empty", np.command, {})
end)

t.test("fields, innermost paragraphs, skips, one batch", function()
  local p = fresh()
  translate.command(logged_rev, { fields = { "title", "tags" }, cache = false })(p)
  t.eq(p:serialize(), "---\ntitle: dlrow olleH\ntags: [eno, owt]\n---\n"
    .. "<p>.hparg arap tsriF</p><ul><li><p>renni</p></li></ul>"
    .. "<pre>code</pre><p>&nbsp;</p><p>dlrow olleH</p>\n")
  t.eq(calls(), 1, "five distinct texts, one call")
  os.remove(log)
  translate.command(logged_rev, { batch = 2, cache = false, paragraphs = "p" })(fresh())
  t.eq(calls(), 2, "title + 3 paragraphs (one repeats the title) in batches of 2")
  os.remove(log)
end)

t.test("tr, and the text as an argument", function()
  local p = fresh()
  translate.command({ "tr", "a-z", "A-Z" }, { cache = false, paragraphs = false })(p)
  t.eq(p.meta.title, "HELLO WORLD")
  t.ok(p:serialize():find("<p>First <b>para</b>", 1, true), "paragraphs = false")
  local q = fresh()
  translate.command({ "echo", "[fr]", "{}" }, { input = "arg", cache = false, paragraphs = "li p" })(q)
  t.eq(q.meta.title, "[fr] Hello world")
  t.eq(q.body:select_one("li"):text(), "[fr] inner")
end)

t.test("texts never reach a shell, whatever they hold", function()
  local marker = dir .. "/pwned"
  local hostile = "$(touch " .. marker .. ") `touch " .. marker .. "`; touch " .. marker
  local p = assert(np.parse_string("---\ntitle: '" .. hostile:gsub("'", "''") .. "'\n---\n"
    .. "<p>" .. hostile .. " | touch " .. marker .. "</p>\n", "t.md"))
  translate.command({ "echo", "{}" }, { input = "arg", cache = false })(p)
  translate.command({ "cat" }, { cache = false })(p)
  t.eq(p.meta.title, hostile, "the text came back as it went")
  t.eq(p.body:select_one("p"):text(), hostile .. " | touch " .. marker)
  t.eq(io.open(marker), nil, "nothing ran it")
end)

t.test("the cache: a second run calls nothing", function()
  local cache = dir .. "/cache.sqlite"
  translate.command(logged_rev, { cache = cache })(fresh())
  t.eq(calls(), 1)
  local p = fresh()
  translate.command(logged_rev, { cache = cache })(p)
  t.eq(calls(), 1, "all from the cache")
  t.eq(p.meta.title, "dlrow olleH")
  translate.command({ "tr", "a-z", "A-Z" }, { cache = cache })(p)
  t.eq(p.meta.title, "DLROW OLLEH", "another command, another key")
  os.remove(log)
end)

t.test("a failing translator fails the post with its stderr", function()
  local failing = { "sh", "-c", "echo 'quota exceeded for today' >&2; exit 3" }
  t.raises("translate: 'sh -c echo 'quota exceeded for today' >&2; exit 3' exited with status 3: quota exceeded for today (tried 2 times)",
    translate.command(failing, { cache = false, retries = 1, retry_delay = 0 }), fresh())
  t.raises("took longer than 0.2 s (timeout)",
    translate.command({ "sleep", "10" }, { cache = false, timeout = 0.2, retries = 0 }), fresh())
  t.raises("gave 1 line for 3 texts (one a line)",
    translate.command({ "echo", "one line" }, { cache = false, retries = 0 }), fresh())
  t.raises("translate: cannot run 'newspipe-no-such-translator'",
    translate.command({ "newspipe-no-such-translator" }, { cache = false }), fresh())
end)

t.test("retries: a translator that fails once", function()
  local flag = dir .. "/failed-once"
  local flaky = { "sh", "-c", ("if [ -e %s ]; then rev; else touch %s; exit 1; fi"):format(flag, flag) }
  local p = fresh()
  translate.command(flaky, { cache = false, retries = 1, retry_delay = 0 })(p)
  t.eq(p.meta.title, "dlrow olleH")
end)

t.test("options are checked when the pipeline loads", function()
  t.raises("expected the command as a list", translate.command, "rev")
  t.raises("argument 2 of the command is a number", translate.command, { "rev", 2 })
  t.raises("unknown option 'batches'", translate.command, { "rev" }, { batches = 2 })
  t.raises('input must be "stdin" or "arg"', translate.command, { "rev" }, { input = "file" })
  t.raises("batch must be a whole number >= 0", translate.command, { "rev" }, { batch = 1.5 })
  t.raises("cache: cannot open", translate.command, { "rev" }, { cache = dir .. "/no/such/dir/c.sqlite" })
end)

os.execute("rm -rf " .. dir)
t.done()
