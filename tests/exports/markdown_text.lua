-- For check_all.sh: every exported Markdown file, parsed again, has the
-- text its post has (the text export's, after its title line), white
-- space aside. Usage: newspipe lua markdown_text.lua OUT_DIR
local np = require "newspipe"
local out = arg[1]
-- white space aside: where a line break falls between inline HTML and
-- Markdown differs by a space in a few scraped bodies
local function norm(s) return (s:gsub("%s+", "")) end
local checked, failures = 0, 0
for path in io.popen("cd '" .. out .. "/md' && find . -type f | sort"):lines() do
  local md = np.parse(out .. "/md/" .. path:sub(3))
  local src_rel = path:sub(3):gsub("%.md$", "")
  if not md then
    failures = failures + 1
    io.stderr:write("FAIL unreadable Markdown export " .. path .. "\n")
  else
    local txt = io.open(out .. "/text/" .. src_rel .. ".txt", "rb")
    if txt then
      local want = txt:read("a")
      txt:close()
      local body = want:match("^.-\n\n(.*)\n$") or ""
      if norm(md.body:text()) ~= norm(body) then
        failures = failures + 1
        if failures <= 5 then
          io.stderr:write(("FAIL %s: the Markdown reads back as other text\n"):format(path))
        end
      end
      checked = checked + 1
    end
    md:close()
  end
end
print(("%d Markdown files read back with their post's text"):format(checked))
os.exit(failures == 0 and checked > 0 and 0 or 1)
