-- newspipe.rewrite: the walk the text-rewriting stages share (glossary,
-- zh): a post's chosen fields (strings, and the strings in lists), the
-- body's text nodes outside skipped elements, and chosen attributes.
local np = require "newspipe"

local rewrite = {}

local function is_list(v)
  return type(v) == "userdata" and tostring(v):find("^newspipe%.List") ~= nil
end

--- A function(post, fn) that calls fn(text) on every text spec names and
--- writes back what it returns when that differs: spec.fields (a list of
--- front-matter keys), the body's text nodes unless spec.body == false,
--- outside the elements spec.skip (a CSS string) matches, and the
--- attributes in spec.attrs (a list of names) of elements outside them.
function rewrite.walker(spec)
  local fields = spec.fields or {}
  local skip = np.selector(spec.skip)
  local attrs = spec.attrs or {}
  local with_attrs = #attrs > 0 and np.selector("[" .. table.concat(attrs, "], [") .. "]")
  return function(post, fn)
    for _, name in ipairs(fields) do
      local v = post.meta[name]
      if type(v) == "string" then
        local new = fn(v)
        if new ~= v then post.meta[name] = new end
      elseif is_list(v) then
        for i, item in ipairs(v) do
          if type(item) == "string" then
            local new = fn(item)
            if new ~= item then v[i] = new end
          end
        end
      end
    end
    if spec.body == false then return end
    for _, node in ipairs(post.body:text_nodes(skip)) do
      local text = node.value
      local new = fn(text)
      if new ~= text then node:set_text(new) end
    end
    if with_attrs then
      for el in post.body:select(with_attrs) do
        if not el:closest(skip) then
          for _, attr in ipairs(attrs) do
            local v = el:attr(attr)
            if v then
              local new = fn(v)
              if new ~= v then el:set_attr(attr, new) end
            end
          end
        end
      end
    end
  end
end

return rewrite
