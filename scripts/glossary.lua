-- newspipe.glossary: replaces terms by their translations (or preferred
-- forms) in fields and body text, from a TSV or CSV list, in one pass per
-- text (np.terms: leftmost, longest match first). docs/stages.md shows it.
local np = require "newspipe"

local glossary = {}
local Glossary = {}
Glossary.__index = Glossary

-- Splits CSV text (RFC 4180: quoted fields, "" inside quotes, line ends
-- inside quotes) into rows; each row is a list of fields plus .line.
local function csv_rows(text, name)
  local rows, pos, line = {}, 1, 1
  while pos <= #text do
    local row, row_line = { line = line }, line
    while true do
      local field
      if text:sub(pos, pos) == '"' then
        local parts, p = {}, pos + 1
        while true do
          local q = text:find('"', p, true)
          if not q then
            error(("%s:%d: a quoted field is not closed"):format(name, row_line), 0)
          end
          parts[#parts + 1] = text:sub(p, q - 1)
          if text:sub(q + 1, q + 1) == '"' then
            parts[#parts + 1] = '"'
            p = q + 2
          else
            pos = q + 1
            break
          end
        end
        field = table.concat(parts)
        local _, newlines = field:gsub("\n", "")
        line = line + newlines
        if not text:find("^[,\r\n]", pos) and pos <= #text then
          error(("%s:%d: text after a quoted field"):format(name, line), 0)
        end
      else
        local stop = text:find("[,\r\n]", pos) or #text + 1
        field = text:sub(pos, stop - 1)
        pos = stop
      end
      row[#row + 1] = field
      local c = text:sub(pos, pos)
      if c == "," then
        pos = pos + 1
      else
        pos = pos + (text:find("^\r?\n", pos) and #text:match("^\r?\n", pos) or 1)
        line = line + 1
        break
      end
    end
    if #row > 1 or row[1] ~= "" then rows[#rows + 1] = row end -- blank lines
  end
  return rows
end

-- TSV: one term per line, source<TAB>target[<TAB>anything]; lines that are
-- empty or start with "#" are skipped.
local function tsv_rows(text)
  local rows, line = {}, 0
  text = text:gsub("\r\n", "\n")
  if text:sub(-1) ~= "\n" then text = text .. "\n" end
  for l in text:gmatch("(.-)\n") do
    line = line + 1
    if l ~= "" and l:sub(1, 1) ~= "#" then
      local row = { line = line }
      for field in (l .. "\t"):gmatch("(.-)\t") do row[#row + 1] = field end
      rows[#rows + 1] = row
    end
  end
  return rows
end

-- A glossary from rows of {source, target}: checks them and builds the
-- matcher. `name` prefixes messages ("terms.tsv:12: ...").
local function build(rows, name, opts)
  local sources, targets, where = {}, {}, {}
  for _, row in ipairs(rows) do
    local at = row.line and ("%s:%d"):format(name, row.line) or name
    local source, target = row[1], row[2]
    if #row < 2 then
      error(("%s: expected a term and its target, separated by %s")
        :format(at, opts.format == "csv" and "a comma" or "a tab"), 0)
    end
    if source == "" then error(at .. ": the term is empty", 0) end
    if target == "" then
      error(("%s: '%s' has no target"):format(at, source), 0)
    end
    if utf8.len(source) == nil or utf8.len(target) == nil then
      error(at .. ": not valid UTF-8", 0)
    end
    local seen = where[source]
    if seen then
      if targets[seen.index] ~= target then
        error(("%s: '%s' is already on %s, with another target")
          :format(at, source, seen.at), 0)
      end
    else
      sources[#sources + 1] = source
      targets[#targets + 1] = target
      where[source] = { index = #sources, at = row.line and ("line %d"):format(row.line) or "the list" }
    end
  end
  local g = setmetatable({ name = name, sources = sources, targets = targets }, Glossary)
  g.terms = np.terms(sources, { whole_words = opts.whole_words })
  return g
end

local function check_opts(opts, allowed, who)
  if opts == nil then return {} end
  if type(opts) ~= "table" then error(who .. ": options must be a table", 3) end
  for key in pairs(opts) do
    if not allowed[key] then
      local names = {}
      for k in pairs(allowed) do names[#names + 1] = k end
      table.sort(names)
      error(("%s: unknown option '%s' (options are: %s)")
        :format(who, tostring(key), table.concat(names, ", ")), 3)
    end
  end
  return opts
end

local load_options = { whole_words = true, header = true, format = true }

--- Reads a glossary file: TSV (source<TAB>target, "#" comments) or CSV
--- (RFC 4180), by opts.format or the file's extension. opts.header = true
--- skips the first row; opts.whole_words = true matches Latin-script terms
--- only as whole words. Raises "file:line: what" on a bad row.
function glossary.load(path, opts)
  opts = check_opts(opts, load_options, "glossary.load")
  if type(path) ~= "string" then error("glossary.load: expected a file name", 2) end
  local f, err = io.open(path, "rb")
  if not f then error("glossary.load: " .. err, 2) end
  local text = f:read("a")
  f:close()
  text = text:gsub("^\239\187\191", "") -- a BOM
  local format = opts.format or (path:lower():find("%.csv$") and "csv" or "tsv")
  if format ~= "csv" and format ~= "tsv" then
    error(("glossary.load: format must be \"tsv\" or \"csv\", not %q"):format(tostring(format)), 2)
  end
  local rows = format == "csv" and csv_rows(text, path) or tsv_rows(text)
  if opts.header then table.remove(rows, 1) end
  local g = build(rows, path, { whole_words = opts.whole_words, format = format })
  g.path = path
  return g
end

--- A glossary from a Lua table: a list of {source, target} pairs, or a map
--- source -> target.
function glossary.new(list, opts)
  opts = check_opts(opts, { whole_words = true }, "glossary.new")
  if type(list) ~= "table" then error("glossary.new: expected a table", 2) end
  local rows = {}
  if #list > 0 then
    for i, pair in ipairs(list) do
      if type(pair) ~= "table" then
        error(("glossary.new: item %d is not a {source, target} pair"):format(i), 2)
      end
      rows[i] = { pair[1], pair[2] }
    end
  else
    for source, target in pairs(list) do rows[#rows + 1] = { source, target } end
    table.sort(rows, function(a, b) return a[1] < b[1] end)
  end
  for i, row in ipairs(rows) do
    if type(row[1]) ~= "string" or type(row[2]) ~= "string" then
      error(("glossary.new: item %d: source and target must be strings"):format(i), 2)
    end
  end
  return build(rows, "glossary", opts)
end

--- Replaces every term in `text`; returns the text and the number of
--- replacements. `counts`, when given, gets counts[i] += 1 per replacement
--- of term i.
function Glossary:replace(text, counts)
  return self.terms:replace(text, self.targets, counts)
end

local function is_glossary(v) return getmetatable(v) == Glossary end
glossary.is_glossary = is_glossary

local apply_options = { fields = true, body = true, skip = true, attrs = true,
  count = true, whole_words = true, header = true, format = true }

--- The stage: replaces the glossary's terms (a glossary, a file name, or a
--- table for glossary.new) in opts.fields (default {"title"}; list items
--- too) and, unless opts.body == false, in the body's text, outside
--- opts.skip (default "code, pre, script, style") and in the attributes
--- opts.attrs names (e.g. {"alt", "title"}). Replacements per term go to
--- the run summary under opts.count (default "glossary <file name>").
function glossary.apply(source, opts)
  opts = check_opts(opts, apply_options, "glossary.apply")
  local g = source
  if type(source) == "string" then
    g = glossary.load(source, { whole_words = opts.whole_words, header = opts.header, format = opts.format })
  elseif type(source) == "table" and not is_glossary(source) then
    g = glossary.new(source, { whole_words = opts.whole_words })
  elseif not is_glossary(source) then
    error("glossary.apply: expected a glossary, a file name or a table", 2)
  end
  local walk = require("newspipe.rewrite").walker {
    fields = opts.fields or { "title" },
    body = opts.body,
    skip = opts.skip or "code, pre, script, style",
    attrs = opts.attrs,
  }
  local group = opts.count
  if group == nil then
    group = g.path and ("glossary " .. g.path:match("[^/]*$")) or "glossary"
  end

  return function(post)
    local counts = {}
    walk(post, function(text) return (g:replace(text, counts)) end)
    if group then
      for i, n in pairs(counts) do post:count(group, g.sources[i], n) end
    end
  end
end

return glossary
