#!/usr/bin/env python3
"""Writes the hostile archive: every kind of file a scraped archive can
bring, at full size, beside three ordinary posts. Usage: make_archive.py DIR
(DIR is created; the files' names say what they are)."""
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


FM = "---\nlayout: post\ntitle: \"{}\"\ndate: 2023-03-04T05:06:07.000Z\n" \
     "tags: [ 测试 ]\n---\n"

# Text repeated to size: a scraped paragraph with the usual junk.
PARA = ('<p>市议会周二表决通过新的预算案，<a href="https://example.com/a?utm_source=x">'
        '详见</a>&nbsp;<img src="data:image/gif;base64,R0lGOD" data-src="/i/1.jpg">'
        '</p>\n<div class="ad-slot" data-ad="top"><ins></ins></div>\n')

write("empty.md", b"")
write("front-matter-only.md", FM.format("only front matter"))
write("no-closing-delimiter.md",
      "---\ntitle: never closed\ndate: 2023-01-01\n\nThe body starts here.\n")
rng = random.Random(7)
write("binary.md", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(65536)))
write("invalid-utf8.md", FM.format("bad \xff byte").encode("utf-8", "surrogateescape")
      .replace(b"\xc3\xbf", b"\xff") + b"<p>caf\xe9 and \xc0\xaf</p>\n")
write("nul-bytes.md", FM.format("nul") + "<p>before\0after</p>\n\0\0\0\n")
write("large-body.html", FM.format("50 MB body") + PARA * (50 * 2**20 // len(PARA.encode())))
write("nested-divs.html", FM.format("100,000 nested divs") +
      "<div>" * 100000 + "deep" + "</div>" * 100000 + "\n")
write("million-attributes.html", FM.format("a million attributes") +
      "<div " + " ".join("data-a%d=\"%d\"" % (i, i) for i in range(1000000)) + ">x</div>\n")
# The billion laughs: each level aliases the one before ten times.
bomb = ["---", "title: bomb", 'a0: &a0 ["lol"]']
for i in range(1, 10):
    bomb.append("a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)))
write("yaml-anchor-bomb.md", "\n".join(bomb) + "\n---\nbody\n")
write("long-line.md", FM.format("10 MB line") + "词" * (10 * 2**20 // 3) + "\n")
write("cr-only.md", (FM.format("CR only") + "<p>one</p>\n\n<p>two</p>\n").replace("\n", "\r"))
write("mixed-line-ends.md", "---\r\ntitle: mixed\nauthor: x\r\n---\n<p>a</p>\r\n<p>b</p>\r")
write("bom-crlf.md", ("\ufeff" + FM.format("BOM and CRLF") + "<p>text</p>\n").replace("\n", "\r\n"))
write("front-matter-not-a-map.md", "---\n- a\n- b\n---\nbody\n")
write("bad-yaml.md", "---\ntitle: \"unterminated\ndate: 2023-01-01\n---\nbody\n")
write("duplicate-keys.md", "---\ntitle: a\ntitle: b\n---\nbody\n")
write("utf16.md", ("\ufeff" + FM.format("UTF-16") + "<p>text</p>\n").encode("utf-16-le"))
write("only-delimiters.md", "---\n---\n")
write("deep-yaml.md", "---\nx: " + "[" * 10000 + "]" * 10000 + "\n---\n")
write("html-bomb-tables.html", FM.format("tables") + "<table><tr><td>" * 3000 + "x\n")
write("script-only.html", FM.format("script") + "<script>" + "<div>" * 200000 + "</script>\n")
os.symlink(".", os.path.join(out, "loop"))
os.symlink("loop-b.md", os.path.join(out, "loop-a.md"))
os.symlink("loop-a.md", os.path.join(out, "loop-b.md"))
os.symlink("does-not-exist.md", os.path.join(out, "dangling.md"))
write("unreadable.md", FM.format("unreadable") + "<p>x</p>\n")
os.chmod(os.path.join(out, "unreadable.md"), 0)
write("zz-vanishes.md", FM.format("deleted mid-run") + "<p>x</p>\n")
# 2 GB that take no disk (sparse): refused before a byte is read
with open(os.path.join(out, "huge-sparse.md"), "wb") as f:
    f.write(FM.format("2 GB").encode())
    f.truncate(2**31 + 5)
# a named pipe is not a post: the walk passes it by (reading it would wait)
os.mkfifo(os.path.join(out, "pipe.md"))
