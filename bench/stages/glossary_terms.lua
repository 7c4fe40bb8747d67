-- bench/stages.sh: a 10,000-term glossary from the corpus itself (7,000
-- Han bigrams, 3,000 English words, in order of first appearance), so
-- terms really occur. Usage: newspipe lua glossary_terms.lua CORPUS OUT
local out = assert(io.open(arg[2], "wb"))
local seen, han, latin = {}, 0, 0
for path in io.popen("find '" .. arg[1] .. "' -type f | sort"):lines() do
  local f = io.open(path, "rb")
  local text = f:read("a")
  f:close()
  for w in text:gmatch("[\228-\233][\128-\191][\128-\191][\228-\233][\128-\191][\128-\191]") do
    if han < 7000 and not seen[w] then
      seen[w], han = true, han + 1
      out:write(w, "\tT", han, "\n")
    end
  end
  for w in text:gmatch("%a%a%a%a+") do
    if latin < 3000 and not seen[w] then
      seen[w], latin = true, latin + 1
      out:write(w, "\tE", latin, "\n")
    end
  end
  if han >= 7000 and latin >= 3000 then break end
end
out:close()
