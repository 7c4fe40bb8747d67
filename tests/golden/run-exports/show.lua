-- Prints every file under the folder (sorted, with its bytes), then
-- removes the folder. Usage: newspipe lua show.lua DIR
local dir = arg[1]
local list = io.popen("cd '" .. dir .. "' && find . -type f | LC_ALL=C sort")
for path in list:lines() do
  local f = assert(io.open(dir .. "/" .. path, "rb"))
  io.write("== ", path, "\n", f:read("a"), "\n")
  f:close()
end
list:close()
os.execute("rm -rf '" .. dir .. "'")
