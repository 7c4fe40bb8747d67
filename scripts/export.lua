-- newspipe.export: where a pipeline's posts go. Each function describes an
-- export for np.pipeline's `exports` list; `newspipe run` writes them.
-- Relative paths are inside the run's output folder (-o DIR, or
-- options.output, default "out" beside the pipeline file).
local export = {}

local function check(args, who, allowed)
  if type(args) ~= "table" then
    error(("%s: expected a table of options, like %s { ... }"):format(who, who), 3)
  end
  for k in pairs(args) do
    if not allowed[k] then
      local names = {}
      for name in pairs(allowed) do names[#names + 1] = name end
      table.sort(names)
      error(("%s: unknown option '%s' (options are: %s)"):format(
        who, tostring(k), table.concat(names, ", ")), 3)
    end
  end
end

--- Writes each post back, with minimal diffs: into `dir`, at the path it
--- had under its source folder; or, with `in_place = true`, over the source
--- file itself (only files whose bytes change are touched).
function export.posts(args)
  check(args, "export.posts", { dir = true, in_place = true })
  if args.in_place ~= nil and type(args.in_place) ~= "boolean" then
    error("export.posts: in_place must be true or false", 2)
  end
  if args.in_place and args.dir then
    error("export.posts: give either dir or in_place = true, not both", 2)
  end
  if not args.in_place and type(args.dir) ~= "string" then
    error("export.posts: dir (a folder) or in_place = true is needed", 2)
  end
  return { kind = "posts", dir = args.dir, in_place = args.in_place == true }
end

--- One JSON object a line at `path`: the post's path, its meta (timestamps
--- as ISO 8601; only the keys in `fields` when given), its text, and
--- post.data when a stage filled it. With `record = function(post, path)`,
--- the object is the table that function returns (written by np.json).
function export.jsonl(args)
  check(args, "export.jsonl", { path = true, fields = true, record = true })
  if type(args.path) ~= "string" then
    error("export.jsonl: path (a file name) is needed", 2)
  end
  if args.record ~= nil then
    if type(args.record) ~= "function" then
      error("export.jsonl: record must be a function(post, path) returning a table", 2)
    end
    if args.fields ~= nil then
      error("export.jsonl: give either fields or record, not both", 2)
    end
    local make, json = args.record, require("newspipe").json
    return {
      kind = "records",
      json = true,
      path = args.path,
      record = function(post, relpath) return json(make(post, relpath)) .. "\n" end,
    }
  end
  if args.fields ~= nil then
    if type(args.fields) ~= "table" then
      error("export.jsonl: fields must be a list of front-matter keys", 2)
    end
    for i, f in ipairs(args.fields) do
      if type(f) ~= "string" then
        error(("export.jsonl: fields[%d] must be a key (a string)"):format(i), 2)
      end
    end
  end
  return { kind = "jsonl", path = args.path, fields = args.fields }
end

-- ---- CSV ----

-- A CSV field (RFC 4180): quoted when it holds a comma, a quote, a line
-- end or leading or trailing blanks.
local function csv_field(s)
  if s:find('[,"\r\n]') or s:find("^%s") or s:find("%s$") then
    return '"' .. s:gsub('"', '""') .. '"'
  end
  return s
end

local function is_proxy(v, kind)
  return type(v) == "userdata" and tostring(v):find("^newspipe%." .. kind) ~= nil
end

-- A front-matter value as one CSV cell: lists joined, maps as key=value.
local function cell(v, join)
  if v == nil then return "" end
  if is_proxy(v, "List") then
    local items = {}
    for i, item in ipairs(v) do items[i] = cell(item, join) end
    return table.concat(items, join)
  end
  if is_proxy(v, "Map") then
    local items = {}
    for k, item in pairs(v) do items[#items + 1] = k .. "=" .. cell(item, join) end
    return table.concat(items, join)
  end
  if type(v) == "userdata" and v == require("newspipe").null then return "" end
  return tostring(v)
end

local csv_columns = {
  path = function(_, relpath) return relpath end,
  title = function(post) return post.meta.title end,
  date = function(post)
    local v = post.meta.date
    return v ~= nil and (require("newspipe.date").read(v) or v) or nil
  end,
  url = function(post) return post.meta.url or post.meta.from end,
  text = function(post) return post.body:text() end,
  html = function(post) return post.body:inner_html { fresh = true } end,
}

--- One CSV file at `path` (RFC 4180: UTF-8, CRLF, a header row): a row a
--- post with `columns` (default path, title, date, url, tags, text). A
--- column is a name — path, title, date (ISO 8601), url (url or from),
--- text, html, or any front-matter field — or { name = "...", value =
--- function(post) ... end }. List values are joined with `join` ("; ").
function export.csv(args)
  check(args, "export.csv", { path = true, columns = true, join = true })
  if type(args.path) ~= "string" then error("export.csv: path (a file name) is needed", 2) end
  local join = args.join or "; "
  if type(join) ~= "string" then error("export.csv: join must be a string", 2) end
  local specs = args.columns or { "path", "title", "date", "url", "tags", "text" }
  if type(specs) ~= "table" or #specs == 0 then
    error("export.csv: columns must be a list of names or { name =, value = } tables", 2)
  end
  local names, getters = {}, {}
  for i, spec in ipairs(specs) do
    if type(spec) == "string" then
      names[i] = spec
      getters[i] = csv_columns[spec] or function(post) return post.meta[spec] end
    elseif type(spec) == "table" and type(spec.name) == "string" and type(spec.value) == "function" then
      names[i], getters[i] = spec.name, spec.value
    else
      error(("export.csv: column %d must be a name or { name = \"...\", value = function(post) ... end }"):format(i), 2)
    end
  end
  local header = {}
  for i, name in ipairs(names) do header[i] = csv_field(name) end
  return {
    kind = "records",
    path = args.path,
    header = table.concat(header, ",") .. "\r\n",
    record = function(post, relpath)
      local row = {}
      for i, get in ipairs(getters) do row[i] = csv_field(cell(get(post, relpath), join)) end
      return table.concat(row, ",") .. "\r\n"
    end,
  }
end

-- ---- a file per post: markdown, html, text ----

-- Placeholders of a path pattern, each a function(post, relpath, arg).
local function stem(relpath) return (relpath:gsub("%.[^./]*$", "")) end
local placeholders = {
  path = function(_, relpath) return stem(relpath) end,
  dir = function(_, relpath) return relpath:match("^(.*)/") or "" end,
  name = function(_, relpath) return stem(relpath:match("[^/]*$")) end,
  slug = function(post, relpath)
    local slug = post.meta.slug
    if type(slug) == "string" and slug:find("%S") then return slug end
    local title = post.meta.title
    if type(title) == "string" then
      slug = require("newspipe.fields").slugify(title)
      if slug ~= "" then return slug end
    end
    return stem(relpath:match("[^/]*$"))
  end,
  date = function(post, _, fmt)
    local v = post.meta.date
    local t = v ~= nil and require("newspipe.date").read(v)
    if not t then
      error(("the post has no date it can read (date: %s)"):format(tostring(v)), 0)
    end
    return t:format(fmt or "%Y-%m-%d")
  end,
}

-- Compiles "{date:%Y/%m}/{slug}.md" into function(post, relpath) -> name.
-- Other {names} are front-matter fields; "{{" and "}}" are braces.
local function compile_pattern(pattern, who)
  if type(pattern) ~= "string" or pattern == "" then
    error(who .. ": path must be a pattern such as \"{date:%Y/%m}/{slug}.md\"", 4)
  end
  local parts = {}
  local pos = 1
  while pos <= #pattern do
    local open = pattern:find("[{}]", pos)
    if not open then parts[#parts + 1] = pattern:sub(pos) break end
    if open > pos then parts[#parts + 1] = pattern:sub(pos, open - 1) end
    local c = pattern:sub(open, open)
    if pattern:sub(open + 1, open + 1) == c then
      parts[#parts + 1] = c
      pos = open + 2
    elseif c == "}" then
      error(("%s: path %q: a '}' without '{' (write '}}' for a brace)"):format(who, pattern), 4)
    else
      local close = pattern:find("}", open, true)
      if not close then
        error(("%s: path %q: a '{' is not closed"):format(who, pattern), 4)
      end
      local inside = pattern:sub(open + 1, close - 1)
      local name, arg = inside:match("^([%w_%-]+):(.*)$")
      if not name then name, arg = inside:match("^([%w_%-]+)$"), "" end
      if not name then
        error(("%s: path %q: '%s' is not a placeholder"):format(who, pattern,
          pattern:sub(open, close)), 4)
      end
      local fn = placeholders[name] or function(post)
        local v = post.meta[name]
        if v == nil or type(v) == "userdata" and not v.unix then
          error(("the path pattern needs front matter '%s', which the post has not (as text)")
            :format(name), 0)
        end
        return tostring(v)
      end
      parts[#parts + 1] = { fn = fn, arg = arg ~= "" and arg or nil }
      pos = close + 1
    end
  end
  return function(post, relpath)
    local out = {}
    for i, p in ipairs(parts) do
      out[i] = type(p) == "string" and p or p.fn(post, relpath, p.arg)
    end
    return table.concat(out)
  end
end

local function escape_html(s)
  return (s:gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }))
end

local function title_of(post, relpath)
  local t = post.meta.title
  if type(t) == "string" and t:find("%S") then return t end
  return stem(relpath:match("[^/]*$"))
end

-- The front matter as the post has it now ("---\n...---\n"), or "".
local function front_matter(post)
  return post:serialize():match("^\239?\187?\191?(%-%-%-\r?\n.-\r?\n%-%-%-\r?\n)") or ""
end

local builtin_template = [[
<!DOCTYPE html>
<html{{lang_attr}}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>body{max-width:40em;margin:2em auto;padding:0 1em;font:1.1em/1.6 system-ui,sans-serif}img{max-width:100%;height:auto}</style>
</head>
<body>
<article>
<h1>{{title}}</h1>
{{date_line}}{{body}}
</article>
</body>
</html>
]]

-- Fills {{name}} in a template: title, date, lang, url, body (raw HTML),
-- meta.<field>; values are escaped but the body.
local function fill(template, post, relpath)
  local t = post.meta.date and require("newspipe.date").read(post.meta.date)
  local lang = post.meta.lang
  local values = {
    title = escape_html(title_of(post, relpath)),
    date = t and escape_html(tostring(t)) or "",
    date_line = t and ('<p><time datetime="%s">%s</time></p>\n'):format(
      escape_html(tostring(t)), escape_html(t:is_date() and tostring(t) or t:format("%Y-%m-%d %H:%M"))) or "",
    lang = type(lang) == "string" and escape_html(lang) or "",
    lang_attr = type(lang) == "string" and (' lang="%s"'):format(escape_html(lang)) or "",
    url = type(post.meta.url or post.meta.from) == "string" and escape_html(post.meta.url or post.meta.from) or "",
    path = escape_html(relpath),
    body = post.body:inner_html { fresh = true },
  }
  return (template:gsub("{{%s*([%w_%.%-]+)%s*}}", function(key)
    if values[key] then return values[key] end
    local field = key:match("^meta%.(.+)$")
    if field then
      local v = post.meta[field]
      return v ~= nil and escape_html(tostring(v)) or ""
    end
  end))
end

local function file_export(kind, args, allowed, ext, render)
  local who = "export." .. kind
  check(args, who, allowed)
  if type(args.dir) ~= "string" then
    error(("%s: dir (a folder) is needed"):format(who), 3)
  end
  local name_of = compile_pattern(args.path or ("{path}." .. ext), who)
  return {
    kind = "files",
    format = kind,
    dir = args.dir,
    file = function(post, relpath) return name_of(post, relpath), render(post, relpath) end,
  }
end

--- A Markdown file per post under `dir`: its front matter, then its body
--- as Markdown (Markdown posts as they are; HTML turned into Markdown where
--- Markdown can say it). `path`: the file's name pattern (default
--- "{path}.md"; see docs/commands/run.md).
local containers = { "div", "section", "article", "main", "span", "font", "center" }

function export.markdown(args)
  local np = require "newspipe"
  local wrappers = np.selector(table.concat(containers, ", "))
  return file_export("markdown", args, { dir = true, path = true }, "md", function(post)
    if not post.path:lower():find("%.html?$") then
      return post:serialize() -- a Markdown post already is one
    end
    -- HTML: generic containers say nothing Markdown can keep, and would
    -- keep everything inside them HTML; the text goes without them
    local copy = np.html(post.body:inner_html { fresh = true })
    local found = copy:select_all(wrappers)
    for i = #found, 1, -1 do found[i]:unwrap() end
    return front_matter(post) .. copy:markdown()
  end)
end

--- A standalone HTML page per post under `dir`, from a small built-in
--- template or `template` (a file with {{title}}, {{date}}, {{body}},
--- {{lang}}, {{url}}, {{path}}, {{meta.<field>}}).
function export.html(args)
  local template = builtin_template
  if args and args.template ~= nil then
    if type(args.template) ~= "string" then error("export.html: template must be a file name", 2) end
    local f, why = io.open(args.template, "rb")
    if not f then error("export.html: template: " .. why, 2) end
    template = f:read("a")
    f:close()
  end
  return file_export("html", args, { dir = true, path = true, template = true }, "html", function(post, relpath)
    return fill(template, post, relpath)
  end)
end

--- A plain-text file per post under `dir`: its title, a blank line, its
--- text as a reader sees it.
function export.text(args)
  return file_export("text", args, { dir = true, path = true }, "txt", function(post, relpath)
    return title_of(post, relpath) .. "\n\n" .. post.body:text() .. "\n"
  end)
end

-- ---- SQLite ----

--- A SQLite database at `path`: a `posts` table (path unique, title, date
--- as ISO 8601 and date_unix, url, tags and meta as JSON, text, html), a
--- `tags` table (post, tag), and with `fts = true` (the default) a
--- `posts_fts` full-text index over title and text with newspipe's
--- tokenizer, which finds Chinese words of one or two characters too.
--- Re-running updates rows by path.
function export.sqlite(args)
  check(args, "export.sqlite", { path = true, fts = true })
  if type(args.path) ~= "string" then error("export.sqlite: path (a file name) is needed", 2) end
  if args.fts ~= nil and type(args.fts) ~= "boolean" then
    error("export.sqlite: fts must be true or false", 2)
  end
  return { kind = "sqlite", path = args.path, fts = args.fts ~= false }
end

-- ---- Atom ----

-- XML text: escaped, and without the characters XML 1.0 forbids (C0
-- controls but tab and line ends; scraped front matter has some).
local function xml(s)
  return (tostring(s):gsub("[%z\1-\8\11\12\14-\31]", ""):gsub("[&<>\"]",
    { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }))
end

-- An IRI-safe path: bytes outside the unreserved set and "/" escaped.
local function iri_path(path)
  return (path:gsub("[^%w%-%._~/]", function(c) return ("%%%02X"):format(c:byte()) end))
end

local function absolute_url(v)
  return type(v) == "string" and v:find("^https?://[^%s]+$") and v or nil
end

--- A valid Atom 1.0 feed (RFC 4287) at `path` of the `limit` (default 50)
--- newest posts, newest first: title, id, link, `author` (default: the
--- feed's title) for the feed; each entry's id is its url (url or from)
--- or, under the feed's http(s) `id` (else `link`), "/" .. its path; its
--- updated its date (posts without one are
--- left out), its content the body as HTML, its summary the excerpt or
--- description when there is one.
function export.atom(args)
  check(args, "export.atom", { path = true, title = true, id = true, link = true,
    limit = true, author = true })
  for _, key in ipairs { "path", "title", "id" } do
    if type(args[key]) ~= "string" or args[key] == "" then
      error(("export.atom: %s is needed (a string)"):format(key), 2)
    end
  end
  if not args.id:find("^%a[%w+.-]*:") then
    error("export.atom: id must be an IRI, such as \"https://example.org/archive\" or \"urn:uuid:...\"", 2)
  end
  if args.link ~= nil and not absolute_url(args.link) then
    error("export.atom: link must be an absolute http(s) URL", 2)
  end
  local limit = args.limit or 50
  if math.type(limit) ~= "integer" or limit < 1 then
    error("export.atom: limit must be a whole number of entries (1 or more)", 2)
  end
  local head = { '<?xml version="1.0" encoding="utf-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom">\n',
    "  <title>", xml(args.title), "</title>\n",
    "  <id>", xml(args.id), "</id>\n",
    "  <author><name>", xml(args.author or args.title), "</name></author>\n",
    '  <generator uri="https://github.com/newspipe">newspipe</generator>\n' }
  if args.link then
    head[#head + 1] = ('  <link rel="alternate" href="%s"/>\n'):format(xml(args.link))
  end
  local date = require "newspipe.date"
  -- entries without a url of their own get ids under the feed's http(s)
  -- id or link: a permanent, unique IRI per post path
  local base = (absolute_url(args.id) or args.link or ""):gsub("/$", "")
  return {
    kind = "feed",
    path = args.path,
    limit = limit,
    header = table.concat(head),
    entry = function(post, relpath)
      local v = post.meta.date
      local t = v ~= nil and date.read(v)
      if not t then return "", "" end -- no date: not in the feed
      local updated = t:is_date() and tostring(t) .. "T00:00:00Z" or tostring(t)
      local url = absolute_url(post.meta.url) or absolute_url(post.meta.from)
      if not url and base == "" then
        error("export.atom: this post has no url (url or from), and the feed's "
          .. "id and link are not http(s) URLs to make its entry id from", 0)
      end
      local e = { "  <entry>\n",
        "    <title>", xml(title_of(post, relpath)), "</title>\n",
        "    <id>", xml(url or (base .. "/" .. iri_path(relpath))), "</id>\n",
        "    <updated>", updated, "</updated>\n" }
      if url then e[#e + 1] = ('    <link rel="alternate" href="%s"/>\n'):format(xml(url)) end
      local summary = post.meta.excerpt or post.meta.description
      if type(summary) == "string" and summary:find("%S") then
        e[#e + 1] = "    <summary>" .. xml(summary) .. "</summary>\n"
      end
      e[#e + 1] = '    <content type="html">' .. xml(post.body:inner_html { fresh = true }) .. "</content>\n"
      e[#e + 1] = "  </entry>\n"
      return ("%d\t%s"):format(math.floor(t:unix()), updated), table.concat(e)
    end,
  }
end

return export
