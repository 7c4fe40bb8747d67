-- bench/stages.sh: a 10,000-term glossary on titles and body text.
local np = require "newspipe"
local glossary = require "newspipe.glossary"
local export = require "newspipe.export"
return np.pipeline {
  sources = { os.getenv("NP_BENCH_CORPUS") },
  stages = { glossary.apply(os.getenv("NP_BENCH_GLOSSARY"), { whole_words = true }) },
  exports = { export.posts { dir = "posts" } },
}
