-- newspipe.clean: each stage on invented posts in the corpus's shapes.
package.path = arg[0]:match("^(.*/)") .. "?.lua;" .. package.path
local t = require "harness"
local np = require "newspipe"
local clean = require "newspipe.clean"

local function post_of(body, name)
  return assert(np.parse_string("---\nfrom: https://news.example.org/a/b/story.html?x=1\n---\n" .. body, name or "p.html"))
end

local function body(post)
  return post:serialize():match("\n%-%-%-\n(.*)$")
end

t.test("remove, unwrap and remove_comments", function()
  local post = assert(np.parse(t.posts .. "2021-05-06-river-cleanup.html"))
  clean.remove { ".ad-slot", "img" } (post)
  clean.unwrap "div.article" (post)
  clean.remove_comments()(post)
  t.eq(body(post), '<p>Hundreds of volunteers spent the weekend on the river bank.</p><p>Organisers said plastic bottles made up most of the haul.</p><p>Source: <a href="https://example.org/feed">Example feed</a></p>\n')
  t.raises("clean.remove: expected a selector or a list of selectors", clean.remove, 5)
  t.raises("invalid selector", clean.remove, { "p", "##" })
end)

t.test("lazy_images", function()
  local post = post_of('<img class="img-fluid lazyload" data-src="https://img.example.org/a.jpg" referrerpolicy="no-referrer">'
    .. '<img src="data:image/gif;base64,R0lGOD" data-original="b.jpg" data-srcset="b.jpg 1x, b2.jpg 2x" class="lazy">'
    .. '<img src="real.jpg" data-src="other.jpg">'
    .. '<picture><source data-srcset="c.webp"></picture>\n')
  clean.lazy_images()(post)
  t.eq(body(post), '<img class="img-fluid" src="https://img.example.org/a.jpg">'
    .. '<img src="b.jpg" srcset="b.jpg 1x, b2.jpg 2x">'
    .. '<img src="real.jpg">'
    .. '<picture><source srcset="c.webp"></picture>\n')
end)

t.test("strip_attrs", function()
  local post = post_of('<p style="color:red" onclick="x()" data-gtm-id="1" class="k">a</p>\n')
  clean.strip_attrs { "style", "on*", "data-gtm-*" } (post)
  t.eq(body(post), '<p class="k">a</p>\n')
  t.raises("expected a list of attribute names", clean.strip_attrs, "style")
end)

t.test("nbsp", function()
  local post = post_of('<p>a&nbsp;b&#160;c</p><pre>x&nbsp;y</pre><p>plain</p>\n')
  clean.nbsp()(post)
  t.eq(body(post), '<p>a b c</p><pre>x y</pre><p>plain</p>\n')
end)

t.test("remove_empty", function()
  local post = post_of('<div><div id="dfp-ad-1">   </div></div><p>&nbsp;</p><p>text</p><p><img src="a.jpg"></p><p><br></p><table><tr><td></td></tr></table>\n')
  clean.remove_empty()(post)
  t.eq(body(post), '<p>text</p><p><img src="a.jpg"></p><p><br></p><table><tr><td></td></tr></table>\n')
end)

t.test("tracking_params", function()
  local post = post_of('<a href="https://x.org/a?utm_source=feed&amp;id=7&amp;utm_medium=rss#top">1</a>'
    .. '<a href="https://x.org/b?fbclid=abc">2</a><a href="https://x.org/c?id=1">3</a>\n')
  clean.tracking_params()(post)
  t.eq(body(post), '<a href="https://x.org/a?id=7#top">1</a><a href="https://x.org/b">2</a><a href="https://x.org/c?id=1">3</a>\n')
end)

t.test("absolutize", function()
  local post = post_of('<a href="/x">1</a><a href="../y?q#f">2</a><img src="z.jpg" srcset="z.jpg 1x, /z2.jpg 2x"><a href="//cdn.example.org/s">3</a><a href="mailto:a@b.c">4</a><a href="#top">5</a>\n')
  clean.absolutize { base = "from" } (post)
  t.eq(body(post), '<a href="https://news.example.org/x">1</a>'
    .. '<a href="https://news.example.org/a/y?q#f">2</a>'
    .. '<img src="https://news.example.org/a/b/z.jpg" srcset="https://news.example.org/a/b/z.jpg 1x, https://news.example.org/z2.jpg 2x">'
    .. '<a href="https://cdn.example.org/s">3</a><a href="mailto:a@b.c">4</a>'
    .. '<a href="https://news.example.org/a/b/story.html?x=1#top">5</a>\n')
  local r = clean._resolve
  t.eq(r("http://a/b/c/d;p?q", "../../g"), "http://a/g")
  t.eq(r("http://a/b/c/d;p?q", "./g/"), "http://a/b/c/g/")
  t.eq(r("http://a/b/c/d;p?q", ".."), "http://a/b/")
  t.eq(r("http://a/b/c/d;p?q", "g?y#s"), "http://a/b/c/g?y#s")
  t.eq(r("http://a/b/c/d;p?q", "?y"), "http://a/b/c/d;p?y")
  local none = assert(np.parse_string("---\ntitle: x\n---\n<a href='/x'>1</a>\n", "n.html"))
  t.raises("front matter 'from' is not an absolute http(s) URL (got nothing)",
    clean.absolutize { base = "from" }, none)
  t.raises('expected { base = "field" }', clean.absolutize, "from")
end)

t.test("scraped_news: the junk of each outlet goes, the article stays", function()
  local long = ("渡轮新航线每天往返八个班次，票价与现有航线相同。"):rep(12)
  local body = table.concat {
    '<div class="article">',
    '<div class="figure-media"><img class="img-fluid lazyload" data-src="https://img.example.sg/a.jpg" referrerpolicy="no-referrer"></div>',
    '<p>海事当局星期天宣布新航线。</p>',
    '<section id="imu"><div id="dfp-ad-imu1">  </div></section>',                  -- Zaobao
    '<div id="innity-in-post"></div><div class="cx_paywall_placeholder" id="sph_cdp_40"></div>',
    '<div data-e2e="advertisement" aria-label="广告 1"><div id="dotcom-mpu"></div></div>', -- BBC
    '<div class="bbccom_advert mpu-ad"></div>',
    '<div class="paragraph"><p>居民表示欢迎<span>&nbsp;</span>但希望增加班次。</p>',
    '<div class="bottomArticleBanner"><div class="adslot_infinite" data-dfp="cna2018_end1"></div></div>', -- CNA
    '<div class="paragraph moreArticle">延伸閱讀 <a href="/news/1">另一條新聞</a></div>',
    '<div class="SubscriptionInner mySubscriptionInner">訂閱電子報</div></div>',
    '<div class="m-interstitial"><div class="m-interstitial__ad">广告</div></div>',    -- RFI
    '<button data-readmore-unlocker class="m-interstitial__unlock-btn">继续浏览后续</button>',
    '<div class="StandardArticleBody_trustBadgeContainer"><span>我们的标准</span></div>', -- Reuters
    '<p><a href="https://news.example.org/x?id=7&amp;utm_source=rss&amp;utm_medium=feed" onclick="track()">原文</a>&nbsp;链接</p>',
    '<div class="ad-free-article">', long, '</div>',                                    -- the guard
    '<p><small>Feed enhanced by <a href="http://planetozh.com/blog/">Better Feed</a></small></p>',
    '<p>&nbsp;</p>',
    '</div><br><hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a></div>\n',
  }
  local post = assert(np.parse_string("---\ntitle: t\n---\n" .. body, "news.html"))
  clean.scraped_news()(post)
  t.eq(post:serialize(), "---\ntitle: t\n---\n" .. table.concat {
    '<div class="article">',
    '<div class="figure-media"><img class="img-fluid" src="https://img.example.sg/a.jpg"></div>',
    '<p>海事当局星期天宣布新航线。</p>',
    '<div class="paragraph"><p>居民表示欢迎<span> </span>但希望增加班次。</p>',
    '</div>',
    '<p><a href="https://news.example.org/x?id=7"> 原文</a> 链接</p>',
    '<div class="ad-free-article">', long, '</div>',
    '</div>\n',
  }:gsub("> 原文", ">原文"))
  t.raises("no rule 'adz'", clean.scraped_news, { without = { "adz" } })
  t.raises("unknown option 'keep'", clean.scraped_news, { keep = {} })
  local kept = assert(np.parse_string("---\n---\n" .. body, "news.html"))
  clean.scraped_news { without = { "related-links", "nbsp" } }(kept)
  t.ok(kept:serialize():find("moreArticle", 1, true), "related-links left out")
  t.ok(kept:serialize():find("&nbsp;", 1, true), "nbsp left out")
end)

t.done()
