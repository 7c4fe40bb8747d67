-- Random edit sequences over two posts and some fragments: every editing
-- method with arbitrary nodes (ancestors, removed nodes, other posts'
-- nodes, text nodes, the bodies). Whatever is refused must raise cleanly;
-- whatever is done must leave trees that serialise and re-parse, or, for
-- a Markdown tree that no Markdown reads back (a <p> in a <p>), a refusal
-- that says where and why. Seeded, so a failure replays.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"

local rounds = tonumber(os.getenv("NP_RANDOM_ROUNDS") or "") or 40
local steps = 60

local ops = { "append", "prepend", "insert_before", "insert_after", "replace",
  "wrap", "remove", "unwrap", "clone", "set_text", "set_attr", "add_class",
  "remove_class", "html", "text", "markdown", "select_all", "closest" }
local snippets = { "<p>x</p>", "<b>1</b><i>2</i>", "text &amp; more", "",
  "<div><span></span></div>", "<!-- c -->", "<td>cell</td>", "<img src=a>" }

local function all_nodes(root, into)
  local n = root
  while n do
    into[#into + 1] = n
    if n.first_child then
      n = n.first_child
    else
      while n ~= root and not n.next do n = n.parent end
      n = n ~= root and n.next or nil
    end
  end
end

t.test("random edits never crash and leave valid trees", function()
  local refused, done, written, unwritable = 0, 0, 0, 0
  for round = 1, rounds do
    math.randomseed(round)
    local a = np.parse(t.posts .. "2022-11-18-harbour-ferry.md")
    local b = np.parse(t.posts .. "2021-05-06-river-cleanup.html")
    local pool = {}
    all_nodes(a.body, pool)
    all_nodes(b.body, pool)
    for _ = 1, 3 do pool[#pool + 1] = np.html(snippets[math.random(#snippets)]) end
    for _ = 1, steps do
      local node = pool[math.random(#pool)]
      local op = ops[math.random(#ops)]
      local arg
      if math.random(2) == 1 then
        arg = pool[math.random(#pool)]
      else
        arg = snippets[math.random(#snippets)]
      end
      if op == "set_attr" then
        arg = "data-x"
      elseif op == "add_class" or op == "remove_class" then
        arg = "k"
      elseif op == "select_all" or op == "closest" then
        arg = "p, b, div > span"
      elseif op == "set_text" then
        arg = "t<" .. round
      end
      local ok, r1 = pcall(node[op], node, arg, "v")
      if ok then
        done = done + 1
        if op == "clone" then pool[#pool + 1] = r1 end
        if type(r1) == "userdata" and op ~= "clone" and op ~= "closest" then
          pool[#pool + 1] = r1
        end
      else
        refused = refused + 1
        if not tostring(r1):find(": ", 1, true) then
          t.ok(false, "unclear error: " .. tostring(r1))
        end
      end
    end
    for _, post in ipairs { a, b } do
      local ok, out = pcall(post.serialize, post)
      if ok then
        local again = np.parse_string(out, post.path)
        t.ok(again ~= nil, "re-parses")
        t.eq(again:serialize(), out, "round-trips")
        written = written + 1
      else
        -- a Markdown tree no Markdown can write (a <p> in a <p>, a <td>
        -- outside a table) is refused, with the place and the reason
        t.ok(post == a, "only a Markdown body is read back: " .. out)
        t.ok(out:find("^.-%.md:%d+:%d+: serialize: the edited Markdown body " ..
          "would not read back as edited: .+; the post is not written$"),
          "a refusal says where and why: " .. out)
        unwritable = unwritable + 1
      end
      t.ok(#post.body:text() >= 0)
    end
    a:close()
    for _, n in ipairs(pool) do
      local ok = pcall(function() return n:html() end)
      if ok then t.ok(#n:html() >= 0) end
    end
  end
  t.ok(done > rounds * steps / 3, "most edits were done: " .. done)
  t.ok(refused > 0, "some were refused: " .. refused)
  print(("%d posts written, %d refused as unwritable"):format(written, unwritable))
end)

t.done()
