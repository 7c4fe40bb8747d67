-- The record exports under --incremental, for the incremental-records
-- case: a skipped post's CSV row is copied from the last run, its SQLite
-- row stays as it was.
local np = require "newspipe"
local export = require "newspipe.export"

return np.pipeline {
  sources = { "posts" },
  stages = {},
  exports = { export.csv { path = "posts.csv" }, export.sqlite { path = "archive.db" } },
}
