-- The example pipeline: tidies the sample posts and exports them.
--   newspipe run examples/pipeline.lua        (writes examples/out/)
local np = require "newspipe"
local clean = require "newspipe.clean"
local export = require "newspipe.export"

return np.pipeline {
  sources = { "posts" },
  stages = {
    clean.scraped_news(),               -- ad slots, paywalls, lazy images, &nbsp;...
    clean.remove_comments(),
    function(post)                      -- what the JSONL records carry
      post.data.characters = utf8.len(post.body:text())
      post.data.images = #post.body:select_all("img")
    end,
  },
  exports = {
    export.posts { dir = "posts" },
    export.jsonl { path = "posts.jsonl" },
  },
}
