-- The stage library loads with require "newspipe.<name>" (here: clean).
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local clean = require "newspipe.clean"

local html = t.posts .. "2021-05-06-river-cleanup.html"

t.test("clean.remove and clean.unwrap", function()
  local post = np.parse(html)
  clean.remove { ".ad-slot", "img" } (post)
  clean.unwrap "div.article" (post)
  t.eq(post:serialize():match("\n%-%-%-\n(.*)$"), '<p>Hundreds of volunteers spent the weekend on the river bank.</p><p>Organisers said plastic bottles made up most of the haul.</p><!-- paywall --><p>Source: <a href="https://example.org/feed">Example feed</a></p>\n')
  t.raises("clean.remove: expected a selector or a list of selectors", clean.remove, 5)
  t.raises("invalid selector", clean.remove, { "p", "##" })
end)

t.test("clean.remove_comments", function()
  local post = np.parse(html)
  clean.remove_comments()(post)
  t.ok(not post:serialize():find("<!--", 1, true))
  t.eq(#post.body:select_all("p"), 3)
end)

t.done()
