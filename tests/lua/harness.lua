-- A small test harness for the Lua API tests, in the shape of
-- tests/unit/harness.h: test(name, fn), eq/ok/raises, then done() prints
-- "N passed, N failed" and exits non-zero on any failure.
--
-- With NP_GC_TORTURE=1 in the environment, every function of the newspipe
-- module and every method and metamethod of its classes runs between two
-- full garbage collections: a handle the C side forgot to anchor is freed
-- at once, and ASan sees the use.
local harness = {}
local passed, failed = 0, 0
local current = "?"

local function where(level)
  local info = debug.getinfo(level + 1, "Sl")
  return info and (info.short_src .. ":" .. info.currentline) or "?"
end

local function fail(msg, level)
  failed = failed + 1
  io.stderr:write(("FAIL %s (%s): %s\n"):format(current, where(level + 1), msg))
end

function harness.ok(cond, msg)
  if cond then
    passed = passed + 1
  else
    fail(msg or "expected a true value", 2)
  end
  return cond
end

-- Plain tables as text with sorted keys, so two are equal when their
-- contents are; anything else as tostring.
local function show(v)
  if type(v) ~= "table" or getmetatable(v) then
    return type(v) == "string" and ("%q"):format(v) or tostring(v)
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return show(a) < show(b) end)
  local parts = {}
  for i, k in ipairs(keys) do parts[i] = ("[%s]=%s"):format(show(k), show(v[k])) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function harness.eq(got, want, msg)
  if got == want or (type(got) == "table" and type(want) == "table"
      and show(got) == show(want)) then
    passed = passed + 1
    return true
  end
  fail(("%sgot %s, want %s"):format(msg and (msg .. ": ") or "",
    show(got), show(want)), 2)
  return false
end

-- Calls fn; passes when it raises an error whose message contains `plain`
-- (a plain substring, not a pattern).
function harness.raises(plain, fn, ...)
  local okay, err = pcall(fn, ...)
  if okay then
    fail(("expected an error containing %q, got none"):format(plain), 2)
    return false
  end
  err = tostring(err)
  if harness.torture then
    -- the wrappers rename the function and shift method arguments by one
    local function generic(s)
      return (s:gsub("bad argument #%d+ to '[^']*' ", "bad argument "))
    end
    err, plain = generic(err), generic(plain)
  end
  if not err:find(plain, 1, true) then
    fail(("expected an error containing %q, got %q"):format(plain, err), 2)
    return false
  end
  passed = passed + 1
  return true
end

function harness.test(name, fn)
  current = name
  local okay, err = xpcall(fn, debug.traceback)
  if not okay then
    fail("raised: " .. tostring(err), 1)
  end
end

function harness.done()
  print(("%d passed, %d failed"):format(passed, failed))
  os.exit(failed == 0 and 0 or 1)
end

-- The directory of test posts, next to this file.
harness.posts = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "posts/"

local function torture(np)
  local function wrap(f)
    return function(...)
      collectgarbage()
      local r = table.pack(f(...))
      collectgarbage()
      return table.unpack(r, 1, r.n)
    end
  end
  for name, f in pairs(np) do
    if type(f) == "function" then np[name] = wrap(f) end
  end
  local registry = debug.getregistry()
  for _, class in ipairs { "Post", "Node", "Map", "List", "Time", "Selector" } do
    local mt = registry["newspipe." .. class]
    local index = mt.__index
    if type(index) == "table" then
      for name, f in pairs(index) do index[name] = wrap(f) end
    elseif type(index) == "function" then
      -- a C closure whose upvalue 1, when a table, holds the methods
      local _, methods = debug.getupvalue(index, 1)
      if type(methods) == "table" then
        for name, f in pairs(methods) do methods[name] = wrap(f) end
      end
    end
    for name, f in pairs(mt) do
      if type(f) == "function" and name ~= "__gc" then mt[name] = wrap(f) end
    end
  end
end

if os.getenv("NP_GC_TORTURE") == "1" then
  torture(require "newspipe")
  harness.torture = true
end

return harness
