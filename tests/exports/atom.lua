-- The Atom export over a folder of posts, for check_atom.sh: every dated
-- post (limit beyond any archive here), and the five newest.
local np = require "newspipe"
local export = require "newspipe.export"

return np.pipeline {
  sources = { os.getenv("NP_EXPORTS_SOURCE") },
  stages = {},
  exports = {
    export.atom { path = "all.xml", title = "Archive", id = "https://news.example.org/archive",
      link = "https://news.example.org/", limit = 1000000 },
    export.atom { path = "newest.xml", title = "Newest <5>", id = "urn:uuid:1e8f6d1c-0c6b-4f4e-9d55-6a1f1c0d2b7a",
      link = "https://news.example.org/archive", limit = 5 },
    export.jsonl { path = "posts.jsonl", fields = { "date" } },
  },
}
