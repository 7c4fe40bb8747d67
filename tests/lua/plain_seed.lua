-- Run by plain lua5.4 with only the built module on package.cpath (and the
-- built scripts on package.path): the seed post, read, queried, edited and
-- written back. Usage: lua5.4 plain_seed.lua CORPUS_DIR
local corpus = arg[1] or ""
local seed = corpus .. "/seed/2022-11-16-zaobao-wang-yi-lavrov.md"
local f = io.open(seed, "rb")
if not f then
  print("skipped: no corpus at " .. corpus)
  os.exit(77)
end
local original = f:read("a")
f:close()

local np = require "newspipe"
local failures = 0
local function check(cond, what)
  if not cond then
    failures = failures + 1
    io.stderr:write("FAIL: " .. what .. "\n")
  end
end

local post = assert(np.parse(seed))
check(package.searchpath("newspipe", package.cpath), "newspipe.so found on package.cpath")
check(post.meta.comments == true, "comments is true")
check(post.meta.date:unix() == 1668561120, "date:unix() is 1668561120")
check(post.meta.tags[1] == "联合早报", "tags[1]")

local ads = post.body:select_all('[id^="dfp-ad"]')
check(#ads == 2, "two ad slots, got " .. #ads)
for _, ad in ipairs(ads) do ad:remove() end
post.meta.title = "王毅会见拉夫罗夫"

local out = post:serialize()
-- a minimal diff: the title line and the two ad slots' bytes, nothing else
local want = original
  :gsub('title: "【G20】王毅会见拉夫罗夫：乐见俄重申反核战立场"', 'title: "王毅会见拉夫罗夫"')
  :gsub('<div id="dfp%-ad%-[%w]+">.-</div>', "")
check(out == want, "serialised with a minimal diff")

local text = post.body:text()
check(text:find("中共中央政治局委员、国务委员兼外长王毅", 1, true), "text extracted")
check(not text:find("<", 1, true), "no markup in text")

local clean = require "newspipe.clean"
clean.remove_comments()(post)
check(not post:serialize():find("<!--1668561120000-->", 1, true), "newspipe.clean loads")

print(failures == 0 and "plain lua5.4: all good" or ("%d failures"):format(failures))
os.exit(failures == 0 and 0 or 1)
