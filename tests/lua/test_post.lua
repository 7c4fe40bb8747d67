-- np.parse, np.parse_string, post fields, serialize, close.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"

local md = t.posts .. "2022-11-18-harbour-ferry.md"
local html = t.posts .. "2021-05-06-river-cleanup.html"

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

t.test("the module", function()
  t.ok(np.version:match("^%d+%.%d+%.%d+$"), np.version)
  t.eq(package.loaded.newspipe, np)
  t.eq(type(np.null), "userdata")
end)

t.test("parse reads a post and keeps its bytes", function()
  local post = np.parse(md)
  t.eq(post.path, md)
  t.eq(post.source, slurp(md))
  t.eq(post:serialize(), slurp(md), "unedited serialises identically")
  t.eq(#post.warnings, 0)
  t.eq(tostring(post), "newspipe.Post (" .. md .. ")")
end)

t.test("parse_string names the post, and the name picks the body format", function()
  local p = np.parse_string("---\ntitle: x\n---\n*hi*\n", "a.md")
  t.eq(p.path, "a.md")
  t.eq(p.body:select_one("em"):text(), "hi")
  local h = np.parse_string("---\ntitle: x\n---\n*hi*\n", "a.html")
  t.eq(h.body:select_one("em"), nil, "HTML bodies are not Markdown")
  local anon = np.parse_string("no front matter\n")
  t.eq(anon.path, "<string>")
  t.eq(anon.meta.title, nil)
  t.eq(anon:serialize(), "no front matter\n")
end)

t.test("a post that cannot be read gives nil and a message with its place", function()
  local p, err = np.parse(t.posts .. "missing.md")
  t.eq(p, nil)
  t.ok(err:find("missing.md", 1, true), err)
  p, err = np.parse_string("---\ntitle: [unclosed\n---\nbody\n", "bad.md")
  t.eq(p, nil)
  t.ok(err:find("^bad%.md:%d+:%d+: "), err)
  p, err = np.parse_string("---\ntitle: x\n", "open.md")
  t.eq(p, nil)
  t.eq(err, "open.md:1:1: front matter opened here is never closed (no '---' or '...' line follows)")
end)

t.test("body warnings are kept on the post", function()
  local p = np.parse_string("---\nt: 1\n---\nbad \xff byte\n", "w.md")
  t.eq(#p.warnings, 1)
  t.ok(p.warnings[1]:find("^w%.md:4:5: "), p.warnings[1])
end)

t.test("edits change only what was edited", function()
  local post = np.parse(md)
  post.meta.title = "新标题"
  local out = post:serialize()
  local want = slurp(md):gsub('title: "【港闻】渡轮新航线周末启航"', 'title: "新标题"')
  t.eq(out, want)
  post.body:select_one("#dfp-ad-imu1"):remove()
  t.eq(post:serialize(), (want:gsub('<div id="dfp%-ad%-imu1"></div>', "")))
end)

t.test("a closed post and its handles raise, naming the post", function()
  local post = np.parse(html)
  local body, meta, tags = post.body, post.meta, post.meta.tags
  local p = body:select_one("p")
  post:close()
  post:close() -- closing twice is harmless
  t.raises("attempt to use a closed post (" .. html .. ")", function() return post.meta end)
  t.raises("attempt to use a closed post", function() return post:serialize() end)
  t.raises("attempt to use a node of a closed post (" .. html .. ")", function() return p:text() end)
  t.raises("attempt to use a node of a closed post", function() return body.first_child end)
  t.raises("attempt to use a meta value of a closed post", function() return meta.title end)
  t.raises("attempt to use a meta value of a closed post", function() return #tags end)
  t.eq(tostring(p), "newspipe.Node (closed post)")
  t.eq(tostring(post), "newspipe.Post (" .. html .. ", closed)")
end)

t.test("to-be-closed posts close at the end of their scope", function()
  local node
  do
    local post <close> = np.parse(html)
    node = post.body.first_child
  end
  t.raises("closed post", function() return node.tag end)
end)

t.test("post fields are read-only and misnamed ones are errors", function()
  local post = np.parse(html)
  t.raises("read-only", function() post.meta = {} end)
  t.raises("newspipe.Post has no field 'titel'", function() return post.titel end)
  t.raises("bad argument #1 to 'newspipe.parse' (", np.parse)
  t.raises("(string expected, got no value)", np.parse)
  t.raises("(string expected, got table)", np.parse_string, {})
  t.raises("newspipe.Post expected, got newspipe.Node", post.serialize, post.body)
end)

t.test("post.data and post:drop", function()
  local post = np.parse(html)
  t.eq(type(post.data), "table")
  t.eq(post.data, post.data, "one table per post")
  post.data.x = 1
  t.eq(post.data.x, 1)
  t.eq(post:drop("not an article"), false)
  t.raises("string expected, got table", function() post:drop({}) end)
end)

t.test("np.pipeline checks the description", function()
  local export = require "newspipe.export"
  local p = np.pipeline { sources = { "a" }, stages = { print },
    exports = { export.posts { dir = "out" } }, options = { jobs = 1 } }
  t.eq(p.exports[1].kind, "posts")
  t.raises("unknown field 'stage'", np.pipeline, { stage = {} })
  t.raises("unknown option 'jobz'", np.pipeline, { options = { jobz = 1 } })
  t.raises("option 'jobs' must be a number greater than 0", np.pipeline, { options = { jobs = 0 } })
  t.raises("stages[2] must be a function, got a number", np.pipeline, { stages = { print, 5 } })
  t.raises("sources[1] must be a path, got a table", np.pipeline, { sources = { {} } })
  t.raises("exports[1] must be an export", np.pipeline, { exports = { {} } })
  t.raises("'sources' must be a list of paths (strings) (no other keys, no holes)",
    np.pipeline, { sources = { x = "a" } })
  t.raises("export.posts: dir (a folder) or in_place = true is needed", export.posts, {})
  t.raises("export.posts: give either dir or in_place = true, not both", export.posts,
    { dir = "a", in_place = true })
  t.raises("export.jsonl: unknown option 'file'", export.jsonl, { file = "x" })
end)

t.test("a node keeps its post alive", function()
  local node = np.parse(md).body:select_one("p")
  for _ = 1, 3 do collectgarbage() end
  t.eq(node:text(), "新航线连接东岸与离岛， 每天开出十二班。")
  t.eq(node.parent.tag, "div")
end)

t.done()
