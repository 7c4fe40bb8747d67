-- newspipe.zh: Chinese script conversion with OpenCC (Simplified <->
-- Traditional, Taiwan and Hong Kong variants and phrases) on chosen fields
-- and on the body's text, never on URLs, code or what the user protects.
-- docs/stages.md shows it at work.
local np = require "newspipe"

local zh = {}

-- A URL: a scheme and "://", or "www.", then everything up to a space, an
-- ASCII quote or bracket that cannot end a URL, or CJK punctuation
-- (U+3000-303F, U+FF00-FF65: "，。「」（）" end a link in Chinese prose).
local function url_end(text, pos)
  local n = #text
  while pos <= n do
    local b = text:byte(pos)
    if b < 0x80 then
      if b <= 0x20 or b == 0x22 or b == 0x3C or b == 0x3E or b == 0x60 or b == 0x7F then
        break
      end
      pos = pos + 1
    else
      local b2, b3 = text:byte(pos + 1, pos + 2)
      if (b == 0xE3 and b2 == 0x80) -- U+3000-303F
          or (b == 0xEF and (b2 == 0xBC or (b2 == 0xBD and (b3 or 0) <= 0xA5))) then -- U+FF00-FF65
        break
      end
      pos = pos + (b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1)
    end
  end
  -- trailing sentence punctuation is not part of the link
  while pos > 1 and text:sub(pos - 1, pos - 1):find("[.,;:!?)]") do pos = pos - 1 end
  return pos - 1
end

local function find_url(text, init)
  local s1, e1 = text:find("%f[%w][%a][%w+.-]*://", init)
  local s2, e2 = text:find("%f[%w]www%.", init)
  local s, e = s1, e1
  if s2 and (not s1 or s2 < s1) then s, e = s2, e2 end
  if not s then return nil end
  return s, url_end(text, e + 1)
end

-- Converts text except its URLs and protected terms (np.terms or nil).
local function convert_text(cc, text, protect)
  if not np.has_han(text) then return text end
  local out, pos = {}, 1
  while true do
    local s, e = find_url(text, pos)
    if protect then
      local ps, pe = protect:find(text, pos)
      if ps and (not s or ps < s) then s, e = ps, pe end
    end
    if not s then
      out[#out + 1] = cc:convert(text:sub(pos))
      return table.concat(out)
    end
    out[#out + 1] = cc:convert(text:sub(pos, s - 1))
    out[#out + 1] = text:sub(s, e)
    pos = e + 1
  end
end

local function protected_terms(protect)
  if protect == nil then return nil end
  if type(protect) ~= "table" then
    error("zh.convert: protect must be a list of terms or a glossary", 3)
  end
  local list = protect
  local g = package.loaded["newspipe.glossary"]
  if g and g.is_glossary(protect) then list = protect.targets end
  if #list == 0 then return nil end
  local seen, distinct = {}, {}
  for _, term in ipairs(list) do
    if not seen[term] then seen[term] = true; distinct[#distinct + 1] = term end
  end
  return np.terms(distinct)
end

local options = { fields = true, body = true, skip = true, attrs = true, protect = true }

local function check_options(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then error("zh.convert: options must be a table", 3) end
  for key in pairs(opts) do
    if not options[key] then
      error(("zh.convert: unknown option '%s' (options are: attrs, body, fields, protect, skip)")
        :format(tostring(key)), 3)
    end
  end
  return opts
end

--- The text converted by OpenCC config `config` ("s2t", "t2s", "s2tw",
--- "s2twp", "s2hk", "t2tw", "t2hk", "tw2s", "tw2sp", "hk2s", ...), URLs
--- and the terms in `protect` (a list) left as they are.
function zh.text(config, text, protect)
  return convert_text(np.opencc(config), text, protect and protected_terms(protect))
end

--- The stage: converts opts.fields (default {"title"}; list items too)
--- and, unless opts.body == false, the body's text outside "code, pre,
--- script, style" and opts.skip (a selector), plus the attributes
--- opts.attrs names (true: alt and title). opts.protect: terms never
--- converted (a list, or a glossary, whose targets are protected). The
--- converter loads once per worker.
function zh.convert(config, opts)
  if type(config) ~= "string" then error("zh.convert: expected an OpenCC config name such as \"s2t\"", 2) end
  opts = check_options(opts)
  local cc = np.opencc(config)
  local protect = protected_terms(opts.protect)
  local skip_css = "code, pre, script, style"
  if opts.skip then skip_css = skip_css .. ", " .. opts.skip end
  local walk = require("newspipe.rewrite").walker {
    fields = opts.fields or { "title" },
    body = opts.body,
    skip = skip_css,
    attrs = opts.attrs == true and { "alt", "title" } or opts.attrs,
  }
  return function(post)
    walk(post, function(text) return convert_text(cc, text, protect) end)
  end
end

return zh
