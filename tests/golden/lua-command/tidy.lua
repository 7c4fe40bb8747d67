-- Drops the ad slot, fixes the lazy image and retitles the post, then
-- prints the file as it would be written.
local np = require "newspipe"
local post = assert(np.parse(arg[1]))
for ad in post.body:select(".ad-slot") do ad:remove() end
for img in post.body:select("img[data-src]") do
  img:set_attr("src", img:attr("data-src"))
  img:remove_attr("data-src")
end
post.meta.title = post.meta.title:gsub("%s*|.*$", "")
io.write(post:serialize())
