-- newspipe.export: where a pipeline's posts go. Each function describes an
-- export for np.pipeline's `exports` list; `newspipe run` writes them.
-- Relative paths are inside the run's output folder (-o DIR, or
-- options.output, default "out" beside the pipeline file).
local export = {}

local function check(args, who, allowed)
  if type(args) ~= "table" then
    error(("%s: expected a table of options, like %s { ... }"):format(who, who), 3)
  end
  for k in pairs(args) do
    if not allowed[k] then
      local names = {}
      for name in pairs(allowed) do names[#names + 1] = name end
      table.sort(names)
      error(("%s: unknown option '%s' (options are: %s)"):format(
        who, tostring(k), table.concat(names, ", ")), 3)
    end
  end
end

--- Writes each post back, with minimal diffs: into `dir`, at the path it
--- had under its source folder; or, with `in_place = true`, over the source
--- file itself (only files whose bytes change are touched).
function export.posts(args)
  check(args, "export.posts", { dir = true, in_place = true })
  if args.in_place ~= nil and type(args.in_place) ~= "boolean" then
    error("export.posts: in_place must be true or false", 2)
  end
  if args.in_place and args.dir then
    error("export.posts: give either dir or in_place = true, not both", 2)
  end
  if not args.in_place and type(args.dir) ~= "string" then
    error("export.posts: dir (a folder) or in_place = true is needed", 2)
  end
  return { kind = "posts", dir = args.dir, in_place = args.in_place == true }
end

--- One JSON object a line at `path`: the post's path, its meta (timestamps
--- as ISO 8601), its text, and post.data when a stage filled it.
function export.jsonl(args)
  check(args, "export.jsonl", { path = true })
  if type(args.path) ~= "string" then
    error("export.jsonl: path (a file name) is needed", 2)
  end
  return { kind = "jsonl", path = args.path }
end

return export
