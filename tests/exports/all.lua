-- Every export at once over a folder of posts, for check_all.sh.
local np = require "newspipe"
local export = require "newspipe.export"

return np.pipeline {
  sources = { os.getenv("NP_EXPORTS_SOURCE") },
  stages = {},
  exports = {
    export.posts { dir = "posts" },
    export.jsonl { path = "posts.jsonl" },
    export.csv { path = "posts.csv" },
    export.sqlite { path = "archive.db" },
    export.atom { path = "feed.xml", title = "Archive", id = "https://news.example.org/archive" },
    export.markdown { dir = "md" },
    export.html { dir = "html" },
    export.text { dir = "text" },
  },
}
