-- Random front-matter edits: keys set to random Lua values (scalars,
-- times, nested tables, other posts' lists and maps), deleted, lists grown
-- and shrunk in place. After every round the written file must read back
-- to exactly the values the proxies show. Seeded, so a failure replays.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"

local rounds = tonumber(os.getenv("NP_RANDOM_ROUNDS") or "") or 40

local words = { "x", "two words", "true", "null", "12", "1.5", "2022-11-16",
  "- dash", "a: b", "#hash", "'q'", '"dq"', "新加坡", "", " lead", "trail ",
  "[x]", "{y}", "multi\nline", "tab\there", "yes", "~", "@at", "%pct" }

local function random_value(depth, donor)
  local r = math.random(depth > 2 and 7 or 10)
  if r == 1 then return words[math.random(#words)]
  elseif r == 2 then return math.random(-1000, 1000)
  elseif r == 3 then return math.random() * 100 - 50
  elseif r == 4 then return math.random(2) == 1
  elseif r == 5 then return np.null
  elseif r == 6 then return np.time(math.random(0, 2000000000), 3600 * math.random(-12, 12))
  elseif r == 7 then return words[math.random(#words)] .. math.random(99)
  elseif r == 8 then
    local list = {}
    for i = 1, math.random(0, 4) do list[i] = random_value(depth + 1, donor) end
    return list
  elseif r == 9 then
    local map = {}
    for _ = 1, math.random(0, 4) do map["k" .. math.random(9)] = random_value(depth + 1, donor) end
    return map
  else
    return donor.meta.series or donor.meta.tags
  end
end

-- A comparable picture of a value: tables in key order, times as text.
local function picture(v)
  if getmetatable(v) == "locked" and tostring(v):find("^newspipe%.Map") then v = np.totable(v) end
  if getmetatable(v) == "locked" and tostring(v):find("^newspipe%.List") then v = np.totable(v) end
  if type(v) == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. picture(v[k]) end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif type(v) == "number" then
    return math.type(v) .. ":" .. string.format("%.17g", v)
  end
  return type(v) .. ":" .. tostring(v)
end

local function meta_picture(meta)
  local parts = {}
  for k, v in pairs(meta) do parts[#parts + 1] = k .. "=" .. picture(v) end
  return table.concat(parts, "\n")
end

t.test("random meta edits read back as shown", function()
  for round = 1, rounds do
    math.randomseed(round)
    local donor = np.parse(t.posts .. "2022-11-18-harbour-ferry.md")
    local post = np.parse(t.posts .. (round % 2 == 0 and "2022-11-18-harbour-ferry.md" or "2021-05-06-river-cleanup.html"))
    for _ = 1, 12 do
      local keys = {}
      for k in pairs(post.meta) do keys[#keys + 1] = k end
      local r = math.random(6)
      if r <= 2 then
        post.meta["new" .. math.random(5)] = random_value(0, donor)
      elseif r == 3 and #keys > 0 then
        post.meta[keys[math.random(#keys)]] = random_value(0, donor)
      elseif r == 4 and #keys > 0 then
        post.meta[keys[math.random(#keys)]] = nil
      else
        local k = keys[math.random(math.max(#keys, 1))]
        local v = k and post.meta[k]
        if v and tostring(v):find("^newspipe%.List") then
          if math.random(2) == 1 then
            table.insert(v, math.random(#v + 1), random_value(1, donor))
          elseif #v > 0 then
            table.remove(v, math.random(#v))
          end
        elseif v and tostring(v):find("^newspipe%.Map") then
          v["m" .. math.random(3)] = math.random(2) == 1 and random_value(1, donor) or nil
        end
      end
    end
    local out = post:serialize()
    local again, err = np.parse_string(out, post.path)
    if t.ok(again, "re-parses: " .. tostring(err) .. "\n" .. out) then
      t.eq(meta_picture(again.meta), meta_picture(post.meta), "round " .. round .. "\n" .. out)
      t.eq(again:serialize(), out)
    end
  end
end)

t.done()
