-- The benchmark's reference task (bench/README.md), the same for every
-- tool compared: drop scripts, frames and the ad, paywall and outbrain
-- slots; make lazy images plain; write a JSONL record per post and the
-- cleaned post itself.
--   newspipe run bench/reference.lua ARCHIVE -o OUT
local np = require "newspipe"
local date = require "newspipe.date"
local export = require "newspipe.export"

local junk = np.selector [=[script, style, iframe, noscript, section#imu,
  [id^="dfp-ad"], #innity-in-post, .cx_paywall_placeholder,
  [class*="outbrain"], [id*="outbrain"]]=]
local lazy = np.selector "img[data-src]"

local function clean(post)
  for _, el in ipairs(post.body:select_all(junk)) do el:remove() end
  for _, img in ipairs(post.body:select_all(lazy)) do
    img:set_attr("src", img:attr("data-src"))
    img:remove_attr("data-src")
    img:remove_attr("referrerpolicy")
    img:remove_class("lazyload")
  end
end

local function record(post, path)
  local meta = post.meta
  local images = {}
  for i, img in ipairs(post.body:select_all("img")) do images[i] = img:attr("src") or "" end
  return {
    path = path,
    title = meta.title,
    date = meta.date ~= nil and (date.read(meta.date) or meta.date) or nil,
    tags = meta.tags,
    url = meta.from or meta.url or meta.link,
    text = post.body:text(),
    images = images,
  }
end

return np.pipeline {
  stages = { clean },
  exports = {
    export.posts { dir = "posts" },
    export.jsonl { path = "records.jsonl", record = record },
  },
}
