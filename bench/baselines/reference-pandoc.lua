-- The benchmark's reference task as a pandoc (2.17) Lua filter, one pandoc
-- process per post, the way pandoc users batch-convert a folder:
--   NP_ARCHIVE=ARCHIVE NP_OUT=OUT pandoc -f markdown-smart -t html \
--     --lua-filter reference-pandoc.lua -o OUT/posts/PATH.html ARCHIVE/PATH
-- The markdown reader reads the YAML front matter into doc.meta. Pandoc's
-- document model has no HTML tree: raw HTML in a Markdown body stays raw
-- text, so the body is written as HTML and read back with pandoc's HTML
-- reader (for an .html post, the file's body is read as HTML), whose
-- Divs, Spans and Images keep ids, classes and attributes. The record goes
-- to OUT/records/PATH.json; bench/bench.sh joins them in path order.
local archive, out = os.getenv("NP_ARCHIVE"), os.getenv("NP_OUT")
local stringify = pandoc.utils.stringify

local function has_class(el, name)
  for _, c in ipairs(el.classes) do
    if c == name then return true end
  end
  return false
end

local function any_contains(el, part)
  if el.identifier:find(part, 1, true) then return true end
  for _, c in ipairs(el.classes) do
    if c:find(part, 1, true) then return true end
  end
  return false
end

-- script, style and iframe the HTML reader drops itself; noscript it
-- unwraps, so its content cannot be told apart.
local function junk(el)
  local id = el.identifier
  return (id == "imu" and has_class(el, "section")) or id:find("^dfp%-ad")
    or id == "innity-in-post" or has_class(el, "cx_paywall_placeholder")
    or any_contains(el, "outbrain")
end

local function drop_junk(el)
  if junk(el) then return {} end
end

local images
local function image(img)
  local lazy = img.attributes["data-src"]
  if lazy then
    img.src = lazy
    img.attributes["data-src"] = nil
    img.attributes["referrerpolicy"] = nil
    local kept = {}
    for _, c in ipairs(img.classes) do
      if c ~= "lazyload" then kept[#kept + 1] = c end
    end
    img.classes = kept
  end
  images[#images + 1] = img.src
  return img
end

-- pandoc 2.17's Lua has no JSON encoder.
local function json(v)
  local t = type(v)
  if v == nil then return "null" end
  if t == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c)
      local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
      return named[c] or ("\\u%04x"):format(c:byte())
    end) .. '"'
  end
  if t == "table" then
    local parts = {}
    if #v > 0 or next(v) == nil then
      for i, x in ipairs(v) do parts[i] = json(x) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys)
    for i, k in ipairs(keys) do parts[i] = json(k) .. ":" .. json(v[k]) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  return tostring(v)
end

local function meta_value(m)
  if m == nil then return nil end
  if pandoc.utils.type(m) == "List" or (type(m) == "table" and m.t == "MetaList") then
    local items = {}
    for i, x in ipairs(m) do items[i] = stringify(x) end
    return items
  end
  return stringify(m)
end

local function body_of(path)
  local f = assert(io.open(path, "rb"))
  local raw = f:read("a"):gsub("^\239\187\191", "")
  f:close()
  local body = raw:match("^%-%-%-[ \t]*\r?\n.-\n[%-%.][%-%.][%-%.][ \t]*\r?\n(.*)$")
  return body or raw
end

function Pandoc(doc)
  local path = PANDOC_STATE.input_files[1]
  local rel = path:sub(#archive + 2)
  local html = rel:match("%.html?$") and body_of(path) or pandoc.write(pandoc.Pandoc(doc.blocks), "html")
  local body = pandoc.read(html, "html")
  images = {}
  body = body:walk { Div = drop_junk, Span = drop_junk }:walk { Image = image }
  local text = pandoc.write(body, "plain", { wrap_text = "wrap-none" })
  text = text:gsub("\194\160", " "):gsub("[ \t]+", " "):gsub(" *\n[ \n]*", "\n"):gsub("^%s+", ""):gsub("%s+$", "")
  local m = doc.meta
  local record = {
    path = rel,
    title = meta_value(m.title),
    date = meta_value(m.date),
    tags = meta_value(m.tags),
    url = meta_value(m.from) or meta_value(m.url) or meta_value(m.link),
    text = text,
    images = images,
  }
  local f = assert(io.open(out .. "/records/" .. rel .. ".json", "wb"))
  f:write(json(record), "\n")
  f:close()
  return pandoc.Pandoc(body.blocks, doc.meta)
end
