-- Runs every ```lua block of a Markdown page (docs/lua-api.md) as its own
-- chunk, with `np` and a freshly parsed sample `post` in scope; run from
-- the top of the repository. Usage: doc_examples.lua PAGE POSTS_DIR
local np = require "newspipe"
local page, posts = arg[1], arg[2]
local sample = posts .. "/2022-11-20-zaobao-harbour-ferry.md"

local f = assert(io.open(page, "rb"))
local text = f:read("a")
f:close()

local ran, failed = 0, 0
local line, block, block_line = 0, nil, nil
for l in (text .. "\n"):gmatch("(.-)\n") do
  line = line + 1
  if block then
    if l == "```" then
      ran = ran + 1
      local env = setmetatable({ np = np, post = assert(np.parse(sample)) },
        { __index = _G })
      local chunk, err = load(table.concat(block, "\n"),
        ("=%s:%d"):format(page, block_line), "t", env)
      local ok = chunk ~= nil
      if ok then ok, err = xpcall(chunk, debug.traceback) end
      if not ok then
        failed = failed + 1
        io.stderr:write(("FAIL example at %s:%d: %s\n"):format(page, block_line, err))
      end
      block = nil
    else
      block[#block + 1] = l
    end
  elseif l == "```lua" then
    block, block_line = {}, line + 1
  end
end
print(("%d examples, %d failed"):format(ran, failed))
os.exit((failed == 0 and ran > 0) and 0 or 1)
