-- The SQLite export over a folder of posts, for check_sqlite.sh.
local np = require "newspipe"
local export = require "newspipe.export"

return np.pipeline {
  sources = { os.getenv("NP_EXPORTS_SOURCE") },
  stages = {},
  exports = { export.sqlite { path = "archive.db" } },
}
