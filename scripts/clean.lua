-- newspipe.clean: stages that strip scraped junk from post bodies. Each
-- function returns a stage: a function(post) that edits post.body in place.
-- (The rest of the library, scraped_news() and friends, comes with the
-- stage library's issue.)
local np = require "newspipe"

local clean = {}

-- Accepts one CSS selector or a list of them; compiles each once.
local function selectors(arg, who)
  if type(arg) == "string" then arg = { arg } end
  if type(arg) ~= "table" or #arg == 0 then
    error(("%s: expected a selector or a list of selectors"):format(who), 3)
  end
  local compiled = {}
  for i, css in ipairs(arg) do compiled[i] = np.selector(css) end
  return compiled
end

--- Removes every element matching any of `sel` (one selector or a list).
function clean.remove(sel)
  local list = selectors(sel, "clean.remove")
  return function(post)
    for _, s in ipairs(list) do
      for el in post.body:select(s) do el:remove() end
    end
  end
end

--- Replaces every element matching any of `sel` by its children.
function clean.unwrap(sel)
  local list = selectors(sel, "clean.unwrap")
  return function(post)
    for _, s in ipairs(list) do
      for el in post.body:select(s) do el:unwrap() end
    end
  end
end

--- Removes every HTML comment from the body.
function clean.remove_comments()
  return function(post)
    local comments = {}
    local node, body = post.body.first_child, post.body
    -- document order without recursion: scraped HTML nests deep
    while node do
      if node.type == "comment" then comments[#comments + 1] = node end
      if node.first_child then
        node = node.first_child
      else
        while node ~= body and not node.next do node = node.parent end
        node = node ~= body and node.next or nil
      end
    end
    for _, c in ipairs(comments) do c:remove() end
  end
end

return clean
