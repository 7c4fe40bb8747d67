-- bench/stages.sh: OpenCC s2t on titles and body text.
local np = require "newspipe"
local zh = require "newspipe.zh"
local export = require "newspipe.export"
return np.pipeline {
  sources = { os.getenv("NP_BENCH_CORPUS") },
  stages = { zh.convert("s2t") },
  exports = { export.posts { dir = "posts" } },
}
