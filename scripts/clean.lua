-- newspipe.clean: stages that strip scraped junk from post bodies. Each
-- function returns a stage: a function(post) that edits post.body in place.
-- docs/stages.md shows each at work.
local np = require "newspipe"

local clean = {}

-- Accepts one CSS selector or a list of them; compiles each once.
local function selectors(arg, who)
  if type(arg) == "string" then arg = { arg } end
  if type(arg) ~= "table" or #arg == 0 then
    error(("%s: expected a selector or a list of selectors"):format(who), 3)
  end
  local compiled = {}
  for i, css in ipairs(arg) do compiled[i] = np.selector(css) end
  return compiled
end

-- Calls fn(node) for every node under root, in document order, without
-- recursion (scraped HTML nests deep); nodes are collected first, so fn
-- may remove them.
local function each_node(root, keep, fn)
  local found = {}
  local node = root.first_child
  while node do
    if keep(node) then found[#found + 1] = node end
    if node.first_child then
      node = node.first_child
    else
      while node ~= root and not node.next do node = node.parent end
      node = node ~= root and node.next or nil
    end
  end
  for _, n in ipairs(found) do fn(n) end
end


--- Removes every element matching any of `sel` (one selector or a list).
function clean.remove(sel)
  local list = selectors(sel, "clean.remove")
  return function(post)
    for _, s in ipairs(list) do
      for el in post.body:select(s) do el:remove() end
    end
  end
end

--- Replaces every element matching any of `sel` by its children.
function clean.unwrap(sel)
  local list = selectors(sel, "clean.unwrap")
  return function(post)
    for _, s in ipairs(list) do
      for el in post.body:select(s) do el:unwrap() end
    end
  end
end

--- Removes every HTML comment from the body.
function clean.remove_comments()
  return function(post)
    each_node(post.body, function(n) return n.type == "comment" end,
      function(n) n:remove() end)
  end
end

-- The attributes lazy loaders keep the real image in, best first.
local lazy_src = { "data-src", "data-original", "data-lazy-src", "data-lazy", "data-url" }
local lazy_srcset = { "data-srcset", "data-lazy-srcset", "data-original-set" }
local lazy_classes = { "lazyload", "lazyloaded", "lazy", "lazy-load", "b-lazy" }

-- A src that only holds the place of the real image.
local function is_placeholder(src)
  return src == nil or src == "" or src:find("^data:") ~= nil
      or src:find("blank%.gif") ~= nil or src:find("placeholder", 1, true) ~= nil
      or src:find("spacer%.gif") ~= nil
end

--- Gives lazily loaded images their real source: the first of data-src,
--- data-original, data-lazy-src... becomes src (when src is missing or a
--- placeholder), data-srcset and the like become srcset; the lazy
--- attributes, lazy-loading classes and referrerpolicy go.
function clean.lazy_images()
  local imgs = np.selector("img, source")
  return function(post)
    for img in post.body:select(imgs) do
      for _, name in ipairs(lazy_src) do
        local v = img:attr(name)
        if v and v ~= "" then
          if is_placeholder(img:attr("src")) then img:set_attr("src", v) end
          break
        end
      end
      for _, name in ipairs(lazy_srcset) do
        local v = img:attr(name)
        if v and v ~= "" and not img:attr("srcset") then
          img:set_attr("srcset", v)
          break
        end
      end
      for _, name in ipairs(lazy_src) do img:remove_attr(name) end
      for _, name in ipairs(lazy_srcset) do img:remove_attr(name) end
      for _, c in ipairs(lazy_classes) do img:remove_class(c) end
      img:remove_attr("referrerpolicy")
    end
  end
end

--- Removes the named attributes from every element; a name ending in "*"
--- is a prefix: strip_attrs { "style", "on*", "data-gtm-*" }.
function clean.strip_attrs(names)
  if type(names) ~= "table" or #names == 0 then
    error("clean.strip_attrs: expected a list of attribute names", 2)
  end
  local exact, prefixes = {}, {}
  for _, name in ipairs(names) do
    if type(name) ~= "string" or name == "" then
      error("clean.strip_attrs: attribute names are non-empty strings", 2)
    end
    if name:sub(-1) == "*" then
      prefixes[#prefixes + 1] = name:sub(1, -2):lower()
    else
      exact[name:lower()] = true
    end
  end
  return function(post)
    for el in post.body:select("*") do
      local doomed = {}
      for name in el:attrs() do
        local hit = exact[name]
        for _, p in ipairs(prefixes) do
          hit = hit or name:sub(1, #p) == p
        end
        if hit then doomed[#doomed + 1] = name end
      end
      for _, name in ipairs(doomed) do el:remove_attr(name) end
    end
  end
end

--- Turns every no-break space (&nbsp;, U+00A0) in the body's text into a
--- plain space.
function clean.nbsp()
  return function(post)
    for _, t in ipairs(post.body:text_nodes()) do
      local value = t.value
      if value:find("\u{a0}", 1, true) then
        t:set_text((value:gsub("\u{a0}", " ")))
      end
    end
  end
end

-- Elements that mean something even empty.
local keep_empty = { img = true, br = true, hr = true, video = true, audio = true,
  iframe = true, embed = true, object = true, source = true, picture = true,
  svg = true, canvas = true, input = true, td = true, th = true, tr = true,
  col = true, area = true, track = true, wbr = true, math = true }

-- Whether `el` shows anything: an element kept even empty, some text, or
-- an element child still there (children are judged first).
local function has_content(el)
  if keep_empty[el.tag] then return true end
  for _, child in ipairs(el:children()) do
    if child.type == "element" then return true end
    if child.type == "text" and child.value:find("[^%s\u{a0}]") then
      -- the value is UTF-8: a non-space byte may be part of U+00A0 only
      if child.value:gsub("\u{a0}", ""):find("%S") then return true end
    end
  end
  return false
end

--- Removes elements left with no text and nothing to show (empty ad
--- slots, <p>&nbsp;</p>), innermost first, so a wrapper emptied by the
--- removal goes too.
function clean.remove_empty()
  return function(post)
    local els = post.body:select_all("*")
    for i = #els, 1, -1 do
      local el = els[i]
      if el.parent and not has_content(el) then el:remove() end
    end
  end
end

-- Query parameters that track readers, not address content.
local tracking = { "^utm_", "^fbclid$", "^gclid$", "^dclid$", "^msclkid$",
  "^mc_cid$", "^mc_eid$", "^igshid$", "^_ga$", "^_gl$", "^yclid$", "^spm$",
  "^ref_src$", "^ref_url$", "^cmpid$", "^ncid$", "^sr_share$", "^share$",
  "^s_cid$", "^__twitter_impression$", "^mkt_tok$", "^oly_[ae]nc_id$",
  "^vero_[a-z]+$", "^wt%.mc_id$", "^wt%.[a-z_]+$" }

local function is_tracking(name)
  name = name:lower()
  for _, p in ipairs(tracking) do
    if name:find(p) then return true end
  end
  return false
end

-- The URL without tracking parameters, or nil when it had none.
local function strip_tracking(url)
  local base, query, fragment = url:match("^([^?#]*)%?([^#]*)(.*)$")
  if not base then return nil end
  local kept, dropped = {}, false
  for part in query:gmatch("[^&]+") do
    local name = part:match("^([^=]*)")
    if is_tracking(name) then dropped = true else kept[#kept + 1] = part end
  end
  if not dropped then return nil end
  return base .. (#kept > 0 and ("?" .. table.concat(kept, "&")) or "") .. fragment
end

--- Removes utm_* and other tracking parameters (fbclid, gclid, mc_cid...)
--- from links; the other parameters and the #fragment stay as they were.
function clean.tracking_params()
  local links = np.selector("a[href*='?'], area[href*='?']")
  return function(post)
    for a in post.body:select(links) do
      local url = strip_tracking(a:attr("href"))
      if url then a:set_attr("href", url) end
    end
  end
end

-- RFC 3986 §5.2: `ref` resolved against the absolute URL `base`.
local function remove_dots(path)
  local out = {}
  for seg in (path .. "/"):gmatch("([^/]*)/") do out[#out + 1] = seg end
  local ends_dir = path:sub(-1) == "/" or path:match("/%.%.?$")
  local stack = {}
  for i, seg in ipairs(out) do
    if seg == ".." then
      if #stack > 1 then stack[#stack] = nil end
    elseif seg ~= "." or i == 1 then
      stack[#stack + 1] = seg
    end
  end
  local r = table.concat(stack, "/")
  if ends_dir and r:sub(-1) ~= "/" then r = r .. "/" end
  if path:sub(-1) ~= "/" and not ends_dir and r:sub(-1) == "/" and #r > 1 then
    r = r:sub(1, -2)
  end
  return r
end

local function resolve(base, ref)
  if ref:find("^[%a][%w+.-]*:") then return ref end   -- has a scheme
  local scheme, authority, path = base:match("^([%a][%w+.-]*:)(//[^/?#]*)([^?#]*)")
  if not scheme then return nil end
  if ref:sub(1, 2) == "//" then return scheme .. ref end
  if ref:sub(1, 1) == "#" then return base:gsub("#.*$", "") .. ref end
  if ref:sub(1, 1) == "?" then return scheme .. authority .. path .. ref end
  if ref:sub(1, 1) == "/" then
    local p, rest = ref:match("^([^?#]*)(.*)$")
    return scheme .. authority .. remove_dots(p) .. rest
  end
  local dir = path:match("^(.*/)") or "/"
  local p, rest = ref:match("^([^?#]*)(.*)$")
  return scheme .. authority .. remove_dots(dir .. p) .. rest
end
clean._resolve = resolve -- for the tests

--- The preset for scraped news posts: ad slots, paywall placeholders, the
--- feed aggregator's footer, self-promotion, related-article lists,
--- publisher boilerplate and page chrome removed (never an element holding
--- more than 300 characters of text), then lazy images, tracking
--- parameters, event-handler attributes, no-break spaces and blank blocks
--- cleaned. opts.without lists rule ids to leave out; docs/stages.md lists
--- every rule and the real posts it was made from.
function clean.scraped_news(opts)
  if opts ~= nil and type(opts) ~= "table" then
    error("clean.scraped_news: options must be a table", 2)
  end
  return require("newspipe.scraped_news").stage(clean, opts)
end

--- Makes relative links and image sources absolute against the URL in the
--- front-matter field `base` (absolutize { base = "from" }); a post whose
--- field holds no absolute http(s) URL fails with a message.
function clean.absolutize(args)
  if type(args) ~= "table" or type(args.base) ~= "string" then
    error('clean.absolutize: expected { base = "field" }', 2)
  end
  local field = args.base
  local targets = np.selector("a[href], area[href], img[src], source[src], video[src], audio[src], iframe[src], img[srcset], source[srcset]")
  return function(post)
    local base = post.meta[field]
    if type(base) ~= "string" or not base:find("^https?://[^/]") then
      error(("clean.absolutize: front matter '%s' is not an absolute http(s) URL (got %s)")
        :format(field, base == nil and "nothing" or tostring(base)), 0)
    end
    for el in post.body:select(targets) do
      for _, name in ipairs { "href", "src" } do
        local v = el:attr(name)
        if v and v ~= "" then
          local abs = resolve(base, v)
          if abs and abs ~= v then el:set_attr(name, abs) end
        end
      end
      local set = el:attr("srcset")
      if set then
        local parts = {}
        for item in set:gmatch("[^,]+") do
          local url, desc = item:match("^%s*(%S+)(.-)%s*$")
          if url then parts[#parts + 1] = (resolve(base, url) or url) .. desc end
        end
        local joined = table.concat(parts, ", ")
        if joined ~= set then el:set_attr("srcset", joined) end
      end
    end
  end
end

return clean
