-- The archive as plain Markdown and plain text, for a static site or a
-- text corpus: every post cleaned, scraped HTML turned into Markdown, one
-- file a post named by its date and slug; posts left with almost no text
-- after cleaning are dropped (and said so in out/report.jsonl).
--   newspipe run examples/markdown/pipeline.lua     (writes examples/markdown/out/)
local np     = require "newspipe"
local clean  = require "newspipe.clean"
local fields = require "newspipe.fields"
local export = require "newspipe.export"

return np.pipeline {
  sources = { "../posts" },
  stages = {
    fields.date("date", { zone = "Asia/Hong_Kong" }),
    fields.slug("title"),
    fields.delete("layout", "comments"),
    clean.scraped_news(),
    clean.remove_comments(),
    function(post)
      if utf8.len(post.body:text()) < 40 then
        return post:drop("fewer than 40 characters of text after cleaning")
      end
    end,
  },
  exports = {
    export.markdown { dir = "md", path = "{date:%Y/%m}/{slug}.md" },
    export.text { dir = "text", path = "{date:%Y-%m-%d}-{slug}.txt" },
  },
}
