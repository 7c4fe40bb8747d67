-- bench/stages.sh's second baseline: every body parsed into its tree (what
-- any stage that looks at a body pays first), then written back.
local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  sources = { os.getenv("NP_BENCH_CORPUS") },
  stages = { function(post) local _ = post.body.first_child end },
  exports = { export.posts { dir = "posts" } },
}
