local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  sources = { "posts" },
  exports = { export.posts { folder = "out" } },
}
