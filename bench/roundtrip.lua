-- The Lua side of bench/check.sh: every post on stdin (one path a line)
-- through the module as a stage would see it: parsed, its body queried,
-- written back and compared, closed. Prints the count to stderr.
local np = require "newspipe"
local p = np.selector("p")
local parsed, identical = 0, 0
for path in io.lines() do
  local post = np.parse(path)
  if post then
    parsed = parsed + 1
    post.body:select_all(p)
    if post:serialize() == post.source then identical = identical + 1 end
    post:close()
  end
end
io.stderr:write(("%d posts parsed, %d written back identical\n"):format(parsed, identical))
