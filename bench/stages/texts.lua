-- bench/stages.sh: writes the texts zh.convert converts (titles and body
-- text nodes with a Chinese character), one per line, for timing Debian's
-- opencc command on exactly them. Usage: newspipe lua texts.lua CORPUS OUT
local np = require "newspipe"
local out = assert(io.open(arg[2], "wb"))
local skip = np.selector("code, pre, script, style")
for path in io.popen("find '" .. arg[1] .. "' -type f | sort"):lines() do
  local post = np.parse(path)
  if post then
    local texts = { type(post.meta.title) == "string" and post.meta.title or "" }
    for _, n in ipairs(post.body:text_nodes(skip)) do texts[#texts + 1] = n.value end
    for _, t in ipairs(texts) do
      if np.has_han(t) then out:write((t:gsub("\n", " ")), "\n") end
    end
    post:close()
  end
end
out:close()
