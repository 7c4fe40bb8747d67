-- The fault cases' in-place pipeline: every post gains a front-matter key
-- and a paragraph, so each rewrite is longer than the original.
local np = require "newspipe"
local export = require "newspipe.export"

return np.pipeline {
  stages = {
    function(post)
      post.meta.checked = true
      post.body:append("<p>Checked.</p>")
    end,
  },
  exports = { export.posts { in_place = true } },
}
