-- The example pipeline: tidies the sample posts and exports them.
--   newspipe run examples/pipeline.lua        (writes examples/out/)
local np = require "newspipe"
local clean = require "newspipe.clean"
local export = require "newspipe.export"

-- Compiled once per worker, not once per post.
local junk = np.selector("[id^=dfp-ad], #innity-in-post, .cx_paywall_placeholder, .ad-slot, [data-e2e=advertisement]")

return np.pipeline {
  sources = { "posts" },
  stages = {
    function(post)
      for el in post.body:select(junk) do el:remove() end
    end,
    clean.remove_comments(),
    function(post)                      -- lazy images get a real src
      for img in post.body:select("img[data-src]") do
        if not img:attr("src") then img:set_attr("src", img:attr("data-src")) end
        img:remove_attr("data-src")
        img:remove_class("lazyload")
      end
    end,
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
