-- The tutorial's pipeline (docs/tutorial.md): the sample posts cleaned,
-- their dates and links made uniform, converted to Traditional Chinese
-- (Taiwan), and exported as posts, a searchable SQLite archive and an
-- Atom feed.
--   newspipe run examples/archive/pipeline.lua      (writes examples/archive/out/)
local np     = require "newspipe"
local clean  = require "newspipe.clean"
local fields = require "newspipe.fields"
local zh     = require "newspipe.zh"
local export = require "newspipe.export"

return np.pipeline {
  sources = { "../posts" },
  stages = {
    fields.date("date", { zone = "Asia/Hong_Kong" }),
    fields.date("published", { comment = true, zone = "Asia/Hong_Kong" }),
    fields.rename("from", "url"),
    clean.scraped_news(),
    clean.remove_comments(),
    zh.convert("s2tw", { fields = { "title", "tags", "categories" } }),
  },
  exports = {
    export.posts { dir = "posts" },
    export.sqlite { path = "archive.db" },
    export.atom { path = "feed.xml", title = "Newsroom archive", id = "https://newsroom.example/" },
  },
}
