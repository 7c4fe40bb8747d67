-- One post loops forever, one hoards Lua memory, one grows its document
-- without end, one drops itself; the rest must be written. Which post does what is decided by its file name.
local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  stages = {
    function(post)
      if post.path:find("zaobao", 1, true) then
        while true do end
      elseif post.path:find("RTHK", 1, true) then
        local hoard = {}
        for i = 1, 1e9 do hoard[i] = ("x"):rep(1000) .. i end
      elseif post.path:find("plain-language", 1, true) then
        local big = ("<p>" .. ("y"):rep(100000) .. "</p>")
        while true do post.body:append(big) end
      elseif post.path:find("article_", 1, true) then
        return post:drop("a listing page, not an article")
      end
    end,
    function(post) post.data.title = post.meta.title end,
  },
  exports = { export.jsonl { path = "all.jsonl" } },
}
