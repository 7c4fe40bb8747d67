-- The corpus tests' common start: every post file under `dir` (the names
-- newspipe reads as posts: .md .markdown .html .htm .txt), sorted; the
-- calling test skips (exit 77) when there are none, as when a clone has no
-- ../shared/corpus. Usage: local paths = dofile(".../corpus_paths.lua")(dir)
return function(dir)
  local list = io.popen(("find '%s' -type f \\( -name '*.md' -o -name '*.markdown' "
    .. "-o -name '*.html' -o -name '*.htm' -o -name '*.txt' \\) 2>/dev/null | sort"):format(dir))
  local paths = {}
  for p in list:lines() do paths[#paths + 1] = p end
  list:close()
  if #paths == 0 then
    print("skipped: no corpus at " .. tostring(dir))
    os.exit(77)
  end
  return paths
end
