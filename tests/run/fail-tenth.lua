-- Fails the posts whose size is a multiple of 10 bytes (about one in ten),
-- and writes the others out.
local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  stages = {
    function(post)
      if #post.source % 10 == 0 then
        error("refusing a post of " .. #post.source .. " bytes")
      end
      post.meta.checked = true
    end,
  },
  exports = { export.posts { dir = "posts" }, export.jsonl { path = "all.jsonl" } },
}
