-- Tidies one scraped post and prints it as it would be written: ad slots
-- and paywall placeholders out, lazy images given a real src, the source
-- link kept as `url`. Everything else stays byte for byte.
-- Usage: newspipe lua examples/tidy.lua POST
local np = require "newspipe"

local post = assert(np.parse(assert(arg[1], "usage: tidy.lua POST")))

for junk in post.body:select("[id^=dfp-ad], #innity-in-post, .cx_paywall_placeholder") do
  junk:remove()
end
for img in post.body:select("img[data-src]") do
  if not img:attr("src") then img:set_attr("src", img:attr("data-src")) end
  img:remove_attr("data-src")
  img:remove_class("lazyload")
end
if post.meta.from then
  post.meta.url, post.meta.from = post.meta.from, nil
end

io.write(post:serialize())
io.stderr:write(("%s: %s, %d characters of text\n"):format(
  post.path, post.meta.date:format("%Y-%m-%d %H:%M %Z"), utf8.len(post.body:text())))
