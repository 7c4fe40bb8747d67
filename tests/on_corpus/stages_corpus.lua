-- The stage library over every corpus post: what each stage promises on
-- real posts. Skips (77) without the corpus.
-- Usage: newspipe lua stages_corpus.lua CORPUS_DIR
local np = require "newspipe"
local fields = require "newspipe.fields"
local corpus = arg[1]

local list = io.popen(("find '%s' -type f \\( -name '*.md' -o -name '*.markdown' -o -name '*.html' \\) | sort"):format(corpus))
local paths = {}
for p in list:lines() do paths[#paths + 1] = p end
list:close()
if #paths == 0 then
  print("skipped: no corpus at " .. tostring(corpus))
  os.exit(77)
end

local failures = 0
local function fail(what)
  failures = failures + 1
  if failures <= 30 then io.stderr:write("FAIL " .. what .. "\n") end
end

local function each_post(fn)
  for _, path in ipairs(paths) do
    local post = np.parse(path)
    if post then
      fn(post, path:sub(#corpus + 2))
      post:close()
    end
  end
end

-- fields.date reads every corpus date but six template leftovers in 18f
-- drafts: five "2016-07-18 (optional)", which a format reads, and one
-- literal "YYYY-MM-DD", which must fail with its value in the message.
do
  local plain = fields.date("date", { zone = "+08:00", comment = true })
  local with_format = fields.date("date", { zone = "+08:00", formats = { "%Y-%m-%d (optional)" } })
  local read, optional, template = 0, 0, 0
  each_post(function(post, name)
    local had = post.meta.date
    local ok, err = pcall(plain, post)
    if ok then
      read = read + 1
      local v = post.meta.date
      local blank = had == nil or (type(had) == "string" and not had:find("%S"))
      if not blank and not (type(v) == "userdata" and v.unix) then
        fail(name .. ": date not a timestamp after fields.date")
      end
    elseif err:find('is "%d%d%d%d%-%d%d%-%d%d %(optional%)"') then
      optional = optional + 1
      if not pcall(with_format, post) then fail(name .. ": the format did not read it") end
    elseif err:find([['date' is "YYYY-MM-DD", which is not a date]], 1, true) then
      template = template + 1
    else
      fail(name .. ": " .. err)
    end
  end)
  print(("fields.date: %d read, %d '(optional)' read with a format, %d template refused")
    :format(read, optional, template))
  if optional ~= 5 or template ~= 1 then fail("expected 5 '(optional)' and 1 template") end
end

print(failures == 0 and "ok" or ("%d failures"):format(failures))
os.exit(failures == 0 and 0 or 1)
