local np = require "newspipe"
local translate = require "newspipe.translate"
local export = require "newspipe.export"

return np.pipeline {
  sources = { "posts" },
  stages = {
    translate.command({ "sh", "translator.sh" },
      { cache = false, retries = 0, count = "translate (reversed)" }),
  },
  exports = { export.posts { dir = "out" } },
}
