-- bench/stages.sh's baseline: read, write back (nothing changes).
local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  sources = { os.getenv("NP_BENCH_CORPUS") },
  stages = {},
  exports = { export.posts { dir = "posts" } },
}
