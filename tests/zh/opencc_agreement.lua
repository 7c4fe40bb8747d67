-- zh.convert agrees with Debian's `opencc` command: every corpus title and
-- body text converted by the stage equals the same text converted by
-- `opencc -c CONFIG.json`. Texts holding a URL are compared piecewise: the
-- URL must stay as it was. Skips (77) without the corpus or the command.
-- Usage: newspipe lua opencc_agreement.lua CORPUS_DIR CONFIG...
local np = require "newspipe"
local zh = require "newspipe.zh"
local corpus = table.remove(arg, 1)
local configs = arg

local function run_ok(cmd) return os.execute(cmd .. " >/dev/null 2>&1") == true end
if not run_ok("command -v opencc") then
  print("skipped: no opencc command (apt-get install opencc)")
  os.exit(77)
end
local paths = dofile((arg[0]:match("^(.*/)") or "./") .. "../on_corpus/corpus_paths.lua")(corpus)

local skip = np.selector("code, pre, script, style")
local SEP = "\n\30\n" -- a record separator line: no OpenCC key holds one

-- The texts the stage converts, in its order: the title, then the body's.
local function texts_of(post)
  local texts = {}
  if type(post.meta.title) == "string" then texts[1] = post.meta.title end
  for _, node in ipairs(post.body:text_nodes(skip)) do texts[#texts + 1] = node.value end
  return texts
end

local function has_url(text) return text:find("://", 1, true) or text:find("www.", 1, true) end

local failures = 0
local function fail(msg)
  failures = failures + 1
  if failures <= 20 then io.stderr:write("FAIL " .. msg .. "\n") end
end

for _, config in ipairs(configs) do
  local stage = zh.convert(config, { fields = { "title" } })
  local originals, converted, owners = {}, {}, {}
  local url_texts = 0
  for _, path in ipairs(paths) do
    local post = np.parse(path)
    if post then
      local before = texts_of(post)
      stage(post)
      local after = texts_of(post)
      if #before ~= #after then
        fail(("%s: %s: %d texts became %d"):format(config, path, #before, #after))
      end
      for i, text in ipairs(before) do
        if np.has_han(text) and not text:find("\30", 1, true) then
          if has_url(text) then
            url_texts = url_texts + 1
            for url in text:gmatch("%a+://[%w%-._~:/?#@!$&'()*+,;=%%]+") do
              if not after[i]:find(url, 1, true) then
                fail(("%s: %s: the URL %s changed"):format(config, path, url))
              end
            end
          else
            originals[#originals + 1] = text
            converted[#converted + 1] = after[i]
            owners[#owners + 1] = path
          end
        end
      end
      post:close()
    end
  end
  local input = os.tmpname()
  local output = os.tmpname()
  local f = assert(io.open(input, "wb"))
  f:write(table.concat(originals, SEP))
  f:close()
  assert(run_ok(("opencc -c %s.json -i '%s' -o '%s'"):format(config, input, output)),
    "opencc failed for " .. config)
  f = assert(io.open(output, "rb"))
  local expected = f:read("a")
  f:close()
  os.remove(input)
  os.remove(output)
  local got = table.concat(converted, SEP)
  if got ~= expected then
    -- find the texts that differ
    local i = 0
    for want in (expected .. SEP):gmatch("(.-)\n\30\n") do
      i = i + 1
      if converted[i] ~= want then
        fail(("%s: %s: %q, opencc says %q"):format(config, owners[i] or "?",
          (converted[i] or "(none)"):sub(1, 80), want:sub(1, 80)))
      end
    end
    if i ~= #converted then fail(("%s: %d texts, opencc gave %d"):format(config, #converted, i)) end
    if failures == 0 then fail(config .. ": outputs differ") end
  end
  print(("%s: %d texts (%d bytes) equal to opencc's; %d with URLs kept"):format(
    config, #converted, #got, url_texts))
end
print(failures == 0 and "ok" or ("%d failures"):format(failures))
os.exit(failures == 0 and 0 or 1)
