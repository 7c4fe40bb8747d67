-- bench/stages.sh: the scraped-news preset on every post.
local np = require "newspipe"
local clean = require "newspipe.clean"
local export = require "newspipe.export"
return np.pipeline {
  sources = { os.getenv("NP_BENCH_CORPUS") },
  stages = { clean.scraped_news() },
  exports = { export.posts { dir = "posts" } },
}
