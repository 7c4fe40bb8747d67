-- newspipe.translate: an external translator command on fields and body
-- paragraphs. The command is an argv list (never a shell); texts go on its
-- stdin, one per line (or as an argument), translations come back on its
-- stdout. Calls are batched, time-limited and retried; every translation is
-- kept in a persistent cache keyed by (command, text), so a re-run costs
-- nothing; a translator that fails fails the post, with its stderr.
-- docs/stages.md shows it at work.
local np = require "newspipe"

local translate = {}

local option_names = { "batch", "cache", "count", "fields", "html", "input",
  "paragraphs", "retries", "retry_delay", "skip", "timeout" }
local known = {}
for _, name in ipairs(option_names) do known[name] = true end

local function check_options(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then error("translate.command: options must be a table", 3) end
  for key in pairs(opts) do
    if not known[key] then
      error(("translate.command: unknown option '%s' (options are: %s)")
        :format(tostring(key), table.concat(option_names, ", ")), 3)
    end
  end
  return opts
end

local function positive(v, name, default, integer)
  if v == nil then return default end
  if type(v) ~= "number" or v < 0 or (integer and math.type(v) ~= "integer") then
    error(("translate.command: %s must be a %snumber >= 0"):format(name,
      integer and "whole " or ""), 3)
  end
  return v
end

-- The folder of the file that called translate.command: the pipeline's.
local function caller_dir(level)
  local source = debug.getinfo(level + 1, "S").source
  return source:match("^@(.*/)") or "./"
end

-- The last lines of a command's stderr, for a message.
local function stderr_tail(text)
  text = text:gsub("%s+$", "")
  if text == "" then return "" end
  if #text > 600 then text = "..." .. text:sub(-600) end
  return ": " .. text
end

-- Lines of a batch's output: one trailing line end dropped, CRLF read as LF.
local function lines_of(out, count)
  out = out:gsub("\r\n", "\n"):gsub("\n$", "")
  if count == 1 then return { out } end
  local lines = {}
  for line in (out .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = line end
  return lines
end

--- The stage: translates opts.fields (default {"title"}; list items too)
--- and the body's paragraphs (opts.paragraphs, a selector; false for none)
--- with the command `argv`. See docs/stages.md for every option.
function translate.command(argv, opts)
  if type(argv) ~= "table" or type(argv[1]) ~= "string" or argv[1] == "" then
    error("translate.command: expected the command as a list, such as { \"trans\", \"-b\", \":en\" }", 2)
  end
  for i, a in ipairs(argv) do
    if type(a) ~= "string" then
      error(("translate.command: argument %d of the command is a %s, not a string"):format(i, type(a)), 2)
    end
  end
  opts = check_options(opts)
  local input = opts.input or "stdin"
  if input ~= "stdin" and input ~= "arg" then
    error(("translate.command: input must be \"stdin\" or \"arg\", not %q"):format(tostring(input)), 2)
  end
  local batch = positive(opts.batch, "batch", 20, true)
  if input == "arg" or batch < 1 then batch = 1 end
  local timeout = positive(opts.timeout, "timeout", 60)
  local retries = positive(opts.retries, "retries", 2, true)
  local retry_delay = positive(opts.retry_delay, "retry_delay", 1)
  local field_names = opts.fields or { "title" }
  local paragraphs = opts.paragraphs
  if paragraphs == nil then
    paragraphs = "p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, dt, dd, td, th"
  end
  local para_sel = paragraphs and np.selector(paragraphs)
  local skip_css = "code, pre, script, style"
  if opts.skip then skip_css = skip_css .. ", " .. opts.skip end
  local skip = np.selector(skip_css)
  local name = table.concat(argv, " ")
  local group = opts.count
  if group == nil then group = "translate " .. argv[1] end

  local store
  if opts.cache ~= false then
    local path = opts.cache or (caller_dir(2) .. "translations.sqlite")
    local why
    store, why = np.store(path)
    if not store then error("translate.command: cache: " .. why, 2) end
  end
  local space = table.concat({ "translate", input, table.unpack(argv) }, "\0")

  -- Runs the command on `texts` (retrying), returns their translations.
  local function call(texts)
    local joined = table.concat(texts, "\n")
    local args, stdin = { table.unpack(argv) }, nil
    if input == "stdin" then
      stdin = joined .. "\n"
    else
      local placed = false
      for i, a in ipairs(args) do
        if a == "{}" then args[i], placed = joined, true end
      end
      if not placed then args[#args + 1] = joined end
    end
    local problem
    for attempt = 0, retries do
      if attempt > 0 then np.sleep(retry_delay * 2 ^ (attempt - 1)) end
      local r, why = np.command(args, { input = stdin, timeout = timeout })
      if not r then error("translate: " .. why, 0) end -- will not start
      if r.timed_out then
        problem = ("took longer than %g s (timeout)"):format(timeout) .. stderr_tail(r.stderr)
      elseif r.status ~= 0 then
        problem = (r.status and ("exited with status %d"):format(r.status)
          or ("was killed by signal %d"):format(r.signal)) .. stderr_tail(r.stderr)
      else
        local lines = lines_of(r.stdout, #texts)
        if #lines == #texts then return lines end
        problem = ("gave %d line%s for %d texts (one a line)"):format(#lines,
          #lines == 1 and "" or "s", #texts)
      end
    end
    error(("translate: '%s' %s%s"):format(name, problem,
      retries > 0 and (" (tried %d times)"):format(retries + 1) or ""), 0)
  end

  return function(post)
    -- what to translate, and where each translation goes
    local jobs = {}
    local function add(text, apply)
      if text:find("%S") then jobs[#jobs + 1] = { text = text, apply = apply } end
    end
    for _, fname in ipairs(field_names) do
      local v = post.meta[fname]
      if type(v) == "string" then
        add(v, function(t) post.meta[fname] = t end)
      elseif type(v) == "userdata" and tostring(v):find("^newspipe%.List") then
        for i, item in ipairs(v) do
          if type(item) == "string" then add(item, function(t) v[i] = t end) end
        end
      end
    end
    if para_sel then
      for el in post.body:select(para_sel) do
        -- the innermost paragraphs only, outside skipped elements
        if not el:select_one(para_sel) and not el:closest(skip) and not el:select_one(skip) then
          if opts.html then
            add(el:inner_html():gsub("%s+", " "):match("^ ?(.-) ?$"), function(t)
              for _, child in ipairs(el:children()) do child:remove() end
              el:append(np.html(t))
            end)
          else
            add(el:text():gsub("%s+", " "):match("^ ?(.-) ?$"), function(t) el:set_text(t) end)
          end
        end
      end
    end

    -- each distinct text once: from the cache, else from the command
    local translation, missing, seen = {}, {}, {}
    local cached = 0
    for _, job in ipairs(jobs) do
      local text = job.text
      if not seen[text] then
        seen[text] = true
        local hit = store and store:get(space, text)
        if hit then
          translation[text] = hit
          cached = cached + 1
        else
          missing[#missing + 1] = text
        end
      end
    end
    local i = 1
    while i <= #missing do
      local texts = { missing[i] }
      i = i + 1
      -- a text with a line end goes alone: lines are how a batch splits
      if batch > 1 and not texts[1]:find("\n", 1, true) then
        while #texts < batch and i <= #missing and not missing[i]:find("\n", 1, true) do
          texts[#texts + 1] = missing[i]
          i = i + 1
        end
      end
      local out = call(texts)
      for k, text in ipairs(texts) do
        translation[text] = out[k]
        if store then store:put(space, text, out[k]) end
      end
    end

    for _, job in ipairs(jobs) do
      local t = translation[job.text]
      if t ~= job.text then job.apply(t) end -- the same text: no edit at all
    end
    if group then
      if #missing > 0 then post:count(group, "translated", #missing) end
      if cached > 0 then post:count(group, "from the cache", cached) end
    end
  end
end

return translate
