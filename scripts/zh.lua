-- newspipe.zh: Chinese script conversion with OpenCC (Simplified <->
-- Traditional, Taiwan and Hong Kong variants and phrases) on chosen fields
-- and on the body's text, never on URLs, code or what the user protects.
-- docs/stages.md shows it at work.
local np = require "newspipe"

local zh = {}

-- Converts text except its URLs and protected terms (np.terms or nil):
-- converter:convert_text does it in C (a URL is a scheme and "://", or
-- "www.", up to a blank, a quote or bracket, or CJK punctuation).
local function convert_text(cc, text, protect)
  return cc:convert_text(text, protect)
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
