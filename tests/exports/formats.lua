-- The record exports over a folder of posts, for check_formats.sh: CSV
-- with the default columns, JSONL with the text of the same posts, and a
-- slim JSONL keeping two front-matter keys. Posts from NP_EXPORTS_SOURCE.
local np = require "newspipe"
local export = require "newspipe.export"

return np.pipeline {
  sources = { os.getenv("NP_EXPORTS_SOURCE") },
  stages = {},
  exports = {
    export.csv { path = "posts.csv" },
    export.jsonl { path = "posts.jsonl" },
    export.jsonl { path = "slim.jsonl", fields = { "title", "date" } },
  },
}
