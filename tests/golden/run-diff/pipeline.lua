-- Drops the ad slots, retitles, and fills post.data: the diff shows the
-- edits, the JSONL the data.
local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  sources = { "posts" },
  stages = {
    function(post)
      for ad in post.body:select(".ad-slot") do ad:remove() end
      post.meta.title = post.meta.title:gsub("%s*|.*$", "")
    end,
    function(post)
      if post.meta.title:find("Tram") then return post:drop("trams are covered elsewhere") end
      post.data.paragraphs = #post.body:select_all("p")
    end,
  },
  exports = { export.posts { dir = "posts" } },
}
