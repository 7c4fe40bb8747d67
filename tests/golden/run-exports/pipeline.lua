-- A file per post in three formats, with a path pattern, a name collision
-- (two posts share a title) and a hostile slug, into a scratch folder that
-- show.lua prints and removes.
local np = require "newspipe"
local clean = require "newspipe.clean"
local export = require "newspipe.export"

return np.pipeline {
  sources = { "posts" },
  stages = { clean.scraped_news() },
  exports = {
    export.markdown { dir = "md", path = "{date:%Y/%m}/{slug}.md" },
    export.html { dir = "html", path = "{categories}/{name}.html" },
    export.text { dir = "text" },
  },
  options = { output = "/tmp/newspipe-golden-run-exports" },
}
