-- The stage library over every corpus post: what each stage promises on
-- real posts. Skips (77) without the corpus.
-- Usage: newspipe lua stages_corpus.lua CORPUS_DIR
local np = require "newspipe"
local fields = require "newspipe.fields"
local corpus = arg[1]

local paths = dofile((arg[0]:match("^(.*/)") or "./") .. "corpus_paths.lua")(corpus)

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

-- clean.scraped_news(): every rule is made from real posts (it must still
-- find some); afterwards no ad slot, paywall, lazy-image attribute or
-- tracking parameter is left, and no article paragraph is lost.
do
  local clean = require "newspipe.clean"
  local preset = require "newspipe.scraped_news"
  local stage = clean.scraped_news()
  local regen = os.getenv("NP_REGEN") == "1"
  local here = arg[0]:match("^(.*/)") or "./"
  local digest_file = here .. "scraped_news.sha256"

  -- The corpus's own definition of an ad slot (SOURCES.md, "Traits"): an
  -- id, class, data-e2e or aria-label value with one of these words.
  local trait_words = { ad = true, ads = true, dfp = true, innity = true,
    outbrain = true, paywall = true, sponsored = true, taboola = true }
  local function is_ad_trait(el)
    for _, name in ipairs { "id", "class", "data-e2e", "aria-label" } do
      local v = el:attr(name)
      if v then
        for word in v:lower():gmatch("%w+") do
          if trait_words[word] or word:find("^advert") then return true end
        end
      end
    end
    return false
  end
  local leftovers = np.selector("img[data-src], img[data-original], img[data-lazy-src], "
    .. "img.lazyload, img.lazy, [referrerpolicy], a[href*='utm_'], a[href*='fbclid=']")
  local paragraphs = np.selector("p, li, h1, h2, h3, h4, h5, h6, blockquote, figcaption, td")
  local all = np.selector("*")
  local function norm(text) return (text:gsub("\u{a0}", " "):gsub("%s+", " ")) end

  local fired, fired_sources = {}, {}
  local checked, digests = 0, {}
  -- golden text for the 1st and 3rd post (by path) of every source, and of
  -- every outlet of the two multi-outlet feeds (waimei's tags, news1's
  -- categories)
  local seen_in_group = {}
  local function is_sample(post, name)
    local src = name:match("^([^/]+)/")
    if not src then return false end
    local group = src
    if src == "waimei" or src == "news1" then
      local outlet = post.meta.tags or post.meta.categories
      if type(outlet) == "userdata" then outlet = outlet[1] end
      group = src .. ":" .. tostring(outlet)
    end
    seen_in_group[group] = (seen_in_group[group] or 0) + 1
    return seen_in_group[group] == 1 or seen_in_group[group] == 3
  end

  each_post(function(post, name)
    local src = name:match("^[^/]+")
    -- what the rules call junk, before cleaning
    local junk = {}
    for _, rule in ipairs(preset.rules) do
      local found = {}
      rule.find(post.body, found)
      if #found > 0 then
        fired[rule.id] = (fired[rule.id] or 0) + 1
        fired_sources[rule.id] = fired_sources[rule.id] or {}
        fired_sources[rule.id][src] = true
      end
      for _, el in ipairs(found) do junk[el] = true end
    end
    local function in_junk(el)
      while el do
        if junk[el] then return true end
        el = el.parent
      end
      return false
    end
    local wanted = {}
    for el in post.body:select(paragraphs) do
      local text = norm(el:text()):match("^ ?(.-) ?$")
      if utf8.len(text) and utf8.len(text) >= 15 and not in_junk(el) then
        wanted[#wanted + 1] = text
      end
    end
    local sampled = is_sample(post, name)
    local ok, err = pcall(stage, post)
    if not ok then fail(name .. ": scraped_news: " .. err) return end
    checked = checked + 1
    for el in post.body:select(all) do
      if is_ad_trait(el) then
        fail(("%s: an ad slot is left: <%s id=%q class=%q>"):format(name, el.tag,
          el:attr("id") or "", el:attr("class") or ""))
        break
      end
    end
    local left = post.body:select_one(leftovers)
    if left then fail(("%s: left over: %s"):format(name, left:html():sub(1, 120))) end
    local text = norm(post.body:text())
    for _, para in ipairs(wanted) do
      if not text:find(para, 1, true) then
        fail(("%s: a paragraph was lost: %q"):format(name, para:sub(1, 80)))
        break
      end
    end
    if sampled then
      local tmp = os.tmpname()
      local f = assert(io.open(tmp, "wb"))
      f:write(post.body:text())
      f:close()
      local sum = io.popen("sha256sum < '" .. tmp .. "'"):read("l"):match("^%x+")
      os.remove(tmp)
      digests[#digests + 1] = sum .. "  " .. name
    end
  end)

  for _, rule in ipairs(preset.rules) do
    local srcs = {}
    for s in pairs(fired_sources[rule.id] or {}) do srcs[#srcs + 1] = s end
    table.sort(srcs)
    print(("scraped_news rule %-14s fired in %4d posts (%s)"):format(rule.id,
      fired[rule.id] or 0, table.concat(srcs, ", ")))
    if not fired[rule.id] then fail("rule " .. rule.id .. " matches no corpus post: unjustified") end
  end
  print(("scraped_news: %d posts cleaned; ad slots, lazy attributes and tracking "
    .. "parameters left: see failures (%d)"):format(checked, failures))

  -- golden text: the cleaned text of two posts per source, as digests
  -- (corpus text stays out of the repository); NP_REGEN=1 rewrites them
  table.sort(digests, function(a, b) return a:sub(67) < b:sub(67) end)
  local got = table.concat(digests, "\n") .. "\n"
  if regen then
    local f = assert(io.open(digest_file, "wb"))
    f:write(got)
    f:close()
    print("wrote " .. digest_file)
  else
    local f = io.open(digest_file, "rb")
    local want = f and f:read("a") or ""
    if f then f:close() end
    if got ~= want then
      fail("golden text of the sample posts changed (review with `newspipe lua "
        .. "examples/tidy.lua`-style output, then NP_REGEN=1): " .. digest_file)
      local w = {}
      for line in want:gmatch("[^\n]+") do w[line:sub(67)] = line:sub(1, 64) end
      for line in got:gmatch("[^\n]+") do
        if w[line:sub(67)] ~= line:sub(1, 64) then io.stderr:write("  changed: " .. line:sub(67) .. "\n") end
      end
    end
  end
end

print(failures == 0 and "ok" or ("%d failures"):format(failures))
os.exit(failures == 0 and 0 or 1)
