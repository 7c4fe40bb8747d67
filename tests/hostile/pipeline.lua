-- The hostile suite's pipeline: what an editor's first pipeline does to
-- every post (clean it, read its fields, add one, write it back and to
-- JSONL), so each hostile file meets the parsers, the editor and the
-- writers. The first ordinary post deletes zz-vanishes.md, as another
-- program might while a run is under way.
local np = require "newspipe"
local clean = require "newspipe.clean"
local export = require "newspipe.export"

return np.pipeline {
  stages = {
    function(post)
      if post.path:find("2016%-03%-14") then
        os.remove((post.path:gsub("[^/]*$", "zz-vanishes.md")))
      end
    end,
    clean.scraped_news(),
    function(post)
      post.meta.characters = utf8.len(post.body:text()) or -1
      post.data.title = post.meta.title
      post.data.images = #post.body:select_all("img")
    end,
  },
  exports = {
    export.posts { dir = "posts" },
    export.jsonl { path = "posts.jsonl" },
  },
}
