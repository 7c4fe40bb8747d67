-- Nodes: fields, navigation, attributes, classes, text and serialisation,
-- selectors.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"

local md = t.posts .. "2022-11-18-harbour-ferry.md"
local html = t.posts .. "2021-05-06-river-cleanup.html"

t.test("types, tags and navigation", function()
  local body = np.parse(html).body
  t.eq(body.type, "document")
  t.eq(body.tag, nil)
  t.eq(body.parent, nil)
  local div = body.first_child
  t.eq(div.type, "element")
  t.eq(div.tag, "div")
  t.eq(div.parent, body)
  t.eq(body.last_child.type, "text", "the final newline")
  local p1 = div.first_child
  t.eq(p1.tag, "p")
  t.eq(p1.prev, nil)
  t.eq(p1.next.tag, "div")
  t.eq(p1.next.prev, p1)
  t.eq(p1.first_child.type, "text")
  t.eq(p1.first_child.tag, nil)
  t.eq(p1.first_child.value, "Hundreds of volunteers spent the weekend on the river bank.")
  t.eq(p1.value, nil)
  local comment = div:select_one("img").parent.next
  t.eq(comment.type, "comment")
  t.eq(#div:children(), 5)
  t.eq(div:children()[5], div.last_child)
  t.eq(tostring(div), "newspipe.Node <div>")
  t.eq(tostring(comment), "newspipe.Node (comment)")
  t.raises("newspipe.Node has no field 'frist_child'", function() return div.frist_child end)
  t.raises("read-only", function() div.tag = "p" end)
end)

t.test("line and column are where the node starts in the file", function()
  local body = np.parse(md).body
  local img = body:select_one("img")
  t.eq(img.line, 25)
  t.eq(img.column, 27)
  t.eq(body:select_one("div").line, 24)
  t.eq(body:select_one("div").column, 1)
  t.eq(body:select_one("em").line, 32, "Markdown-made elements too")
  img:set_attr("src", "x.jpg")
  t.eq(img.line, 25, "an edited node keeps its place")
  local new = body:select_one("div"):append("<p>new</p>")
  t.eq(new.line, nil, "a new node has none")
  t.eq(np.html("<b>x</b>").first_child.line, nil)
end)

t.test("attributes", function()
  local body = np.parse(md).body
  local img = body:select_one("img")
  t.eq(img:attr("data-src"), "https://img.example.org/ferry.jpg")
  t.eq(img:attr("DATA-SRC"), "https://img.example.org/ferry.jpg", "names match in lower case")
  t.eq(img:attr("src"), nil)
  local names = {}
  for name, value in img:attrs() do names[#names + 1] = name .. "=" .. value end
  t.eq(table.concat(names, " "), "class=img-fluid lazyload data-src=https://img.example.org/ferry.jpg alt=渡轮")
  img:set_attr("src", img:attr("data-src"))
  t.eq(img:remove_attr("data-src"), true)
  t.eq(img:remove_attr("data-src"), false)
  t.eq(img:html(), '<img class="img-fluid lazyload" alt="渡轮" src="https://img.example.org/ferry.jpg">')
  img:set_attr("alt", 'say "hi" & <go>')
  t.ok(img:html():find('alt="say &quot;hi&quot; &amp; <go>"', 1, true), img:html())
  t.eq(body.first_child:attr("x"), nil, "a comment has none")
  t.raises("a comment node has no attributes", function() body.first_child:set_attr("x", "y") end)
  t.raises("not a valid attribute name", function() img:set_attr("a b", "y") end)
  t.raises("empty attribute name", function() img:attr("") end)
  t.raises("(string expected, got no value)", function() img:set_attr("x") end)
  t.raises("bad argument #2 to 'set_attr' (not valid UTF-8)", function() img:set_attr("x", "\xff") end)
end)

t.test("argument errors name the post", function()
  local img = np.parse(md).body:select_one("img")
  t.raises(md .. ": bad argument #1 to 'attr' (string expected, got table)", function() img:attr({}) end)
  t.raises("bad argument #1 to 'attr' (newspipe.Node expected, got number)", function() img.attr(5, "x") end)
  t.raises("newspipe.Node expected, got newspipe.Post", function() img.attr(np.parse(md), "x") end)
end)

t.test("classes", function()
  local body = np.parse(md).body
  local p = body:select_one("p.lead")
  t.eq(p:has_class("note"), true)
  t.eq(p:has_class("not"), false)
  p:add_class("checked")
  p:add_class("note")
  t.eq(p:attr("class"), "lead note checked")
  p:remove_class("lead")
  t.eq(p:attr("class"), "note checked")
  p:remove_class("note")
  p:remove_class("checked")
  t.eq(p:attr("class"), nil, "no class left removes the attribute")
  local q = body:select_one("a")
  q:add_class("fare")
  t.eq(q:attr("class"), "fare")
  t.raises("a class name has no spaces", function() q:add_class("a b") end)
  t.eq(body.first_child:has_class("x"), false)
end)

t.test("text, html, inner_html and markdown", function()
  local post = np.parse(md)
  local p = post.body:select_one("p")
  t.eq(p:text(), "新航线连接东岸与离岛， 每天开出十二班。")
  t.eq(p:html(), "<p>新航线连接东岸与离岛，&nbsp;每天开出十二班。</p>", "bytes as in the file")
  t.eq(p:inner_html(), "新航线连接东岸与离岛，&nbsp;每天开出十二班。")
  t.eq(p.first_child:text(), "新航线连接东岸与离岛， 每天开出十二班。")
  local a = post.body:select_one("a[href*=fares]")
  t.eq(a:markdown(), "[票价表](https://news.example.org/fares?utm_source=feed&id=7)\n")
  t.eq(post.body:select_one("h2"):markdown(), "## [【港闻】渡轮新航线周末启航](https://news.example.org/harbour/story20221118-555)\n")
  t.ok(post.body:text():find("^【港闻】渡轮新航线周末启航\n\n"), post.body:text())
  t.eq(post.body:html(), post.source:match("\n%-%-%-\n(.*)$"), "the body's html is its bytes")
end)

t.test("select, select_all, select_one, closest, matches", function()
  local body = np.parse(md).body
  local tags = {}
  for el in body:select("div > p") do tags[#tags + 1] = el:text():sub(1, 6) end
  t.eq(#tags, 3)
  local all = body:select_all("[id^=dfp-ad]")
  t.eq(#all, 1)
  t.eq(all[1]:attr("id"), "dfp-ad-imu1")
  t.eq(body:select_one("table"), nil)
  t.eq(#body:select_all("table"), 0)
  local ad = all[1]
  t.eq(ad:closest("section"):attr("id"), "imu")
  t.eq(ad:closest("div"), ad, "closest starts at the node itself")
  t.eq(ad:closest("article"), nil)
  t.eq(ad:matches("#imu > div"), true)
  t.eq(ad:matches("p"), false)
  t.eq(body.first_child:matches("*"), false, "only elements match")
  local sel = np.selector("p.lead")
  t.eq(tostring(sel), "newspipe.Selector (p.lead)")
  local other = np.parse(html).body
  t.eq(#body:select_all(sel), 1)
  t.eq(#other:select_all(sel), 0, "a selector works on any post")
  t.eq(#other:select_all("p"), 3)
end)

t.test("removing while iterating over select", function()
  local post = np.parse(html)
  local n = 0
  for p in post.body:select("p") do
    p:remove()
    n = n + 1
  end
  t.eq(n, 3)
  t.eq(#post.body:select_all("p"), 0)
end)

t.test("invalid selectors raise with the column", function()
  local body = np.parse(md).body
  t.raises("invalid selector 'div[': ", function() body:select_all("div[") end)
  t.raises("at column 5", function() body:select_one("div[") end)
  t.raises("invalid selector", function() body:matches("p >") end)
  t.raises("invalid selector", np.selector, "##")
  t.raises("CSS string or newspipe.Selector expected, got number", function() body:select_one(5) end)
end)

t.done()
