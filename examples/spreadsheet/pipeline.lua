-- A spreadsheet of the archive for editors: one row a post with its
-- outlet, its date in one format whatever the source wrote, its length,
-- its pictures and its links, as CSV (opens in LibreOffice and Excel) and
-- as JSONL (for pandas, jq or DuckDB). The posts themselves are not
-- rewritten.
--   newspipe run examples/spreadsheet/pipeline.lua  (writes examples/spreadsheet/out/)
local np     = require "newspipe"
local clean  = require "newspipe.clean"
local fields = require "newspipe.fields"
local export = require "newspipe.export"

-- the outlet: the categories or tags the feed software filled, else the
-- author (lists and maps in post.meta are proxies: np.totable copies them)
local function outlet(post)
  for _, key in ipairs { "categories", "category", "tags", "author" } do
    local v = np.totable(post.meta[key])
    if type(v) == "table" then v = v[1] end
    if type(v) == "string" and v ~= "" then return v end
  end
  return ""
end

-- words: each Chinese character counts as one, as Chinese word counts go;
-- other text counts its runs of letters and digits
local function words(post)
  local text, han = post.body:text(), 0
  local readable = pcall(function()
    for _, c in utf8.codes(text) do
      if c >= 0x3400 and c <= 0x9FFF then han = han + 1 end
    end
  end)
  if not readable then return "" end        -- invalid UTF-8 in the body
  return han + select(2, text:gsub("%w+", ""))
end

return np.pipeline {
  sources = { "../posts" },
  stages = {
    fields.date("date", { zone = "Asia/Hong_Kong" }),
    fields.rename("from", "url"),
    clean.scraped_news(),
    function(post)
      post.data.outlet = outlet(post)
      post.data.words = words(post)
      post.data.images = #post.body:select_all("img")
      post.data.links = #post.body:select_all("a[href]")
    end,
  },
  exports = {
    export.csv {
      path = "posts.csv",
      columns = {
        "path", "title", "date", "url",
        { name = "outlet", value = function(post) return post.data.outlet end },
        { name = "words", value = function(post) return post.data.words end },
        { name = "images", value = function(post) return post.data.images end },
        { name = "links", value = function(post) return post.data.links end },
      },
    },
    export.jsonl {
      path = "posts.jsonl",
      record = function(post, path)     -- path: the post's under its folder
        return {
          path = path, title = post.meta.title, date = tostring(post.meta.date),
          url = post.meta.url, outlet = post.data.outlet, words = post.data.words,
          images = post.data.images, links = post.data.links,
        }
      end,
    },
  },
}
