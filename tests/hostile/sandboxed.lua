-- The sandbox case's pipeline, as someone else might write it: its one
-- stage tries everything --sandbox forbids, and a few things it allows,
-- and records what happened in post.data.tried (name -> "allowed" or
-- "refused: why"). NP_TEST_OUT is the output folder, NP_TEST_OUTSIDE a
-- folder beside it, NP_TEST_BINARY a binary chunk saved as a .lua file.
local np = require "newspipe"
local export = require "newspipe.export"

local out, outside = os.getenv("NP_TEST_OUT"), os.getenv("NP_TEST_OUTSIDE")
local binary = os.getenv("NP_TEST_BINARY")

-- allowed when `fn` returns something true and raises nothing
local function try(tried, name, fn)
  local ok, result, why = pcall(fn)
  if ok and result then
    tried[name] = "allowed"
  else
    tried[name] = "refused: " .. tostring(ok and why or result)
  end
end

return np.pipeline {
  exports = { export.jsonl { path = "tried.jsonl" } },
  stages = {
    function(post)
      local t = {}
      try(t, "os.execute", function() return os.execute("touch " .. outside .. "/executed") end)
      try(t, "io.popen", function() return io.popen("touch " .. outside .. "/popened") end)
      try(t, "np.command", function() return np.command { "touch", outside .. "/commanded" } end)
      try(t, "os.exit", function() return os.exit(3) end)
      try(t, "os.tmpname", function() return os.tmpname() end)
      try(t, "io.tmpfile", function() return io.tmpfile() end)
      try(t, "string.dump", function() return string.dump(try) end)
      try(t, "package.loadlib", function() return package.loadlib("libc.so.6", "*") end)
      try(t, "debug.getupvalue", function() return debug.getupvalue(io.open, 1) end)
      try(t, "debug.sethook", function() debug.sethook(); return true end)
      local chunk = io.open(binary, "rb"):read("a")
      try(t, "load binary", function() return load(chunk) end)
      try(t, "loadfile binary", function() return loadfile(binary) end)
      try(t, "dofile binary", function() dofile(binary); return true end)
      try(t, "require binary", function()
        package.path = binary:gsub("[^/]*$", "?.lua") .. ";" .. package.path
        return require(binary:match("([^/]*)%.lua$"))
      end)
      try(t, "write outside", function() return io.open(outside .. "/written", "w") end)
      try(t, "write via ..", function() return io.open(out .. "/../escaped", "w") end)
      try(t, "write via symlink", function() return io.open(out .. "/link", "w") end)
      try(t, "append outside", function() return io.open(outside .. "/appended", "a") end)
      try(t, "io.output outside", function() return io.output(outside .. "/output") end)
      try(t, "os.remove outside", function() return os.remove(outside .. "/keep") end)
      try(t, "os.rename out of it", function() return os.rename(outside .. "/keep", out .. "/taken") end)
      try(t, "np.store outside", function() return np.store(outside .. "/store.db") end)
      -- allowed
      try(t, "read anywhere", function() return io.open(outside .. "/keep", "r") end)
      try(t, "load text", function() return load("return 1") end)
      try(t, "load text with env", function() return load("return x", "c", "t", { x = 1 })() == 1 end)
      try(t, "require text", function() return require("newspipe.fields") end)
      try(t, "write inside", function()
        local f = io.open(out .. "/note-" .. post.path:match("[^/]*$") .. ".txt", "w")
        return f and f:write("ok") and f:close()
      end)
      try(t, "remove inside", function()
        io.open(out .. "/scratch.txt", "w"):close()
        return os.remove(out .. "/scratch.txt")
      end)
      try(t, "debug.traceback", function() return debug.traceback("x") end)
      post.data.tried = t
    end,
  },
}
