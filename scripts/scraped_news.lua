-- newspipe.scraped_news: the clean.scraped_news() preset. Each rule names
-- what it removes and where the shared corpus shows it (the corpus test
-- checks every rule still finds real posts). Removal is guarded: an element
-- holding more text than its rule's `guard` (characters) is never removed
-- whole, so a misnamed wrapper cannot take an article with it. The guards
-- are a few times the longest text each rule removes from the corpus (ad
-- slots: "广告", "继续浏览后续"; related lists: 187 characters).
local np = require "newspipe"

local preset = {}

-- Parts of class and id tokens that mark an ad slot, after splitting at
-- "-", "_" and lower-to-upper case changes ("dfp-ad-imu1", "bbccom_advert",
-- "AdSlot__container", "o-ads", "gpt-ad-slot-1", "mpu-ad").
local ad_parts = {}
for _, p in ipairs { "ad", "ads", "adv", "advert", "adverts", "advertisement",
  "advertising", "adslot", "adsense", "adunit", "adsbygoogle", "dfp", "gpt",
  "innity", "outbrain", "taboola", "sponsored", "mpu", "interstitial" } do
  ad_parts[p] = true
end

-- Parts of tokens that mark a paywall or its placeholder.
local paywall_parts = { paywall = true, nykpaywall = true, barrier = true }

-- Parts that mark the site's promotion of itself (newsletter and app
-- boxes, donation and subscription widgets).
local promo_parts = { promo = true, donate = true, subscription = true,
  newsletter = true }

local function token_parts(token)
  local parts = {}
  token = token:gsub("(%l)(%u)", "%1-%2")
  for part in token:gmatch("[^%-_]+") do parts[#parts + 1] = part:lower() end
  return parts
end

local named = np.selector("[class], [id]")

-- The parts of every class and id token of the body's elements, computed
-- once per post for all the rules that look at them.
local function named_parts(body, ctx)
  if not ctx.named then
    local list = {}
    for el in body:select(named) do
      local parts = {}
      for _, name in ipairs { "class", "id" } do
        local v = el:attr(name)
        if v then
          for token in v:gmatch("%S+") do
            for _, part in ipairs(token_parts(token)) do parts[part] = true end
          end
        end
      end
      list[#list + 1] = { el = el, parts = parts }
    end
    ctx.named = list
  end
  return ctx.named
end

local function by_parts(set)
  return function(body, found, ctx)
    for _, item in ipairs(named_parts(body, ctx or {})) do
      for part in pairs(item.parts) do
        if set[part] then
          found[#found + 1] = item.el
          break
        end
      end
    end
  end
end

local function by_selector(css)
  local sel = np.selector(css)
  return function(body, found)
    for el in body:select(sel) do found[#found + 1] = el end
  end
end

--- The removal rules, in order: id, what, where the corpus has it, the
--- most text an element it removes may hold, and the finder
--- (find(body, found [, ctx]): appends to `found`; ctx, one table per
--- post, lets the rules share work).
preset.rules = {
  { id = "ads", what = "ad slots named by class or id",
    seen = "Zaobao dfp-ad-*/innity, CNA adslot_*, BBC bbccom_advert/mpu-ad, "
      .. "FT o-ads, RFI m-interstitial/m-block-ad, Economist gpt-ad-slot, "
      .. "Reuters AdSlot, Nei.st ads_*",
    guard = 100, find = by_parts(ad_parts) },
  { id = "ad-attributes", what = "ad slots marked by attributes",
    seen = "BBC data-e2e=advertisement and aria-label 广告, CNA data-dfp, "
      .. "FT data-o-ads-*, RFI data-tms-ad-*, Economist data-test-id=Inline Ad",
    find = by_selector("[data-e2e=advertisement], [data-dfp], [data-o-ads-name], "
      .. "[data-tms-ad-type], [data-tms-ad-pos], [data-ad-slot], [data-ad-client], "
      .. "[data-test-id='Inline Ad'], [aria-label^=广告], [aria-label^=廣告], "
      .. "[aria-label^=Advertisement i]"), guard = 100 },
  { id = "paywalls", what = "paywall placeholders and barriers",
    seen = "Zaobao cx_paywall_placeholder, Nei.st BarrierFailsafe/nykpaywall",
    guard = 100, find = by_parts(paywall_parts) },
  { id = "feed-footers", what = "what feed software appends to every post",
    seen = "feedx.net's 获取更多RSS box (news1, waimei), the Better Feed "
      .. "plugin's Permalink/del.icio.us/Feed enhanced lines (CDT)",
    find = by_selector("div:has(> a[href*='://feedx.']), "
      .. "p:has(> small > a[href*='planetozh.com']), "
      .. "p:has(> small > a[href*='del.icio.us/post'])"), guard = 400 },
  { id = "promotions", what = "the site promoting itself",
    seen = "RFI o-self-promo, CNA SubscriptionInner, 寒冬 donate-us",
    guard = 200, find = by_parts(promo_parts) },
  { id = "related-links", what = "lists of other articles",
    seen = "CNA moreArticle, Nei.st's collection sidebar",
    find = by_selector(".moreArticle, .related-articles, .related-posts, "
      .. "section.collection"), guard = 600 },
  { id = "trust-badges", what = "publisher boilerplate under every article",
    seen = "Reuters StandardArticleBody_trustBadgeContainer",
    find = by_selector("[class*=trustBadge]"), guard = 100 },
  { id = "page-chrome", what = "buttons, scripts, styles, link and meta "
      .. "elements, browser-extension leftovers",
    seen = "RFI read-more button, Reuters slideshow buttons, BBC style blocks, "
      .. "Epoch Times gtx-bubble, waimei link/meta",
    find = by_selector("button, script, style, link, meta, template, #gtx-anchor, "
      .. ".gtx-bubble, .jfk-bubble"), guard = 100 },
}

local function text_length(el)
  local text = el:text()
  return utf8.len(text) or #text
end

local function is_blank(node)
  return node.type == "comment" or
    (node.type == "text" and not node.value:gsub("\u{a0}", " "):find("%S"))
end

-- Removes the <br>/<hr> that a removed footer leaves dangling at the end
-- of its parent, and parents the removal left empty.
local function tidy_after(parent, prev)
  local node = prev
  while node and parent and node.parent == parent do
    local before = node.prev
    local last = true
    local n = node.next
    while n do
      if not is_blank(n) then last = false break end
      n = n.next
    end
    if not last then break end
    if node.type == "element" and (node.tag == "br" or node.tag == "hr") then
      node:remove()
    elseif not is_blank(node) then
      break
    end
    node = before
  end
  while parent and parent.type == "element" do
    for _, c in ipairs(parent:children()) do
      if not is_blank(c) then return end
    end
    local up = parent.parent
    parent:remove()
    parent = up
  end
end

-- blocks only: a blank inline element (<span>&nbsp;</span>) may be the
-- space between two words
local empty_blocks = np.selector("p, div, section, center")

local function remove_blank_blocks(body)
  local els = body:select_all(empty_blocks)
  for i = #els, 1, -1 do
    local el = els[i]
    if el.parent then
      local blank = true
      for _, c in ipairs(el:children()) do
        if not is_blank(c) then blank = false break end
      end
      if blank then el:remove() end
    end
  end
end

--- The preset stage. opts.without: rule ids to leave out (preset.rules'
--- ids, plus "lazy-images", "tracking-params", "nbsp", "event-handlers",
--- "empty-blocks").
function preset.stage(clean, opts)
  opts = opts or {}
  local without = {}
  local known = { ["lazy-images"] = true, ["tracking-params"] = true, nbsp = true,
    ["event-handlers"] = true, ["empty-blocks"] = true }
  for _, r in ipairs(preset.rules) do known[r.id] = true end
  for key in pairs(opts) do
    if key ~= "without" then
      error(("clean.scraped_news: unknown option '%s' (options are: without)"):format(tostring(key)), 3)
    end
  end
  for _, id in ipairs(opts.without or {}) do
    if not known[id] then
      local ids = {}
      for k in pairs(known) do ids[#ids + 1] = k end
      table.sort(ids)
      error(("clean.scraped_news: no rule '%s' (rules are: %s)"):format(tostring(id),
        table.concat(ids, ", ")), 3)
    end
    without[id] = true
  end
  local lazy = clean.lazy_images()
  local tracking = clean.tracking_params()
  local nbsp = clean.nbsp()
  local handlers = clean.strip_attrs { "on*" }

  return function(post)
    local ctx = {}
    for _, rule in ipairs(preset.rules) do
      if not without[rule.id] then
        local found = {}
        rule.find(post.body, found, ctx)
        for _, el in ipairs(found) do
          -- gone with an ancestor already, or too much text to be junk
          if el.parent and (el.tag == "script" or el.tag == "style"
              or text_length(el) <= rule.guard) then
            local parent, prev = el.parent, el.prev
            el:remove()
            tidy_after(parent, prev)
          end
        end
      end
    end
    if not without["lazy-images"] then lazy(post) end
    if not without["tracking-params"] then tracking(post) end
    if not without["event-handlers"] then handlers(post) end
    if not without.nbsp then nbsp(post) end
    if not without["empty-blocks"] then remove_blank_blocks(post.body) end
  end
end

return preset
