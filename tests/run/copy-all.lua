-- Copies every post out and records it in a JSONL: for the stop test.
local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  stages = { function(post) post.data.n = #post.source end },
  exports = { export.posts { dir = "posts" }, export.jsonl { path = "all.jsonl" } },
}
