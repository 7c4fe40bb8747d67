local np = require "newspipe"
local glossary = require "newspipe.glossary"
local export = require "newspipe.export"

return np.pipeline {
  sources = { "posts" },
  stages = {
    glossary.apply("places.tsv", { fields = { "title", "tags" }, attrs = { "alt" } }),
  },
  exports = { export.posts { dir = "out" } },
}
