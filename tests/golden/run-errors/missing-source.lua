local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  sources = { "posts", "drafts" },
  exports = { export.jsonl { path = "all.jsonl" } },
}
