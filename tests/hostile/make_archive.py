#!/usr/bin/env python3
"""Writes a hostile archive. Usage: make_archive.py KIND DIR (DIR is
created; the files' names say what they are).
  inputs  the files issue 10 lists, at full size
  more    other kinds a new user's archive brings: pathological Markdown
          and HTML, odd front matter, other encodings and file formats,
          odd names, devices, empty and linked folders"""
import gzip
import os
import random
import sys

kind, out = sys.argv[1], sys.argv[2]
os.makedirs(out)


def write(name, data):
    path = os.path.join(out, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


FM = "---\nlayout: post\ntitle: \"{}\"\ndate: 2023-03-04T05:06:07.000Z\n" \
     "tags: [ 测试 ]\n---\n"

# Text repeated to size: a scraped paragraph with the usual junk.
PARA = ('<p>市议会周二表决通过新的预算案，<a href="https://example.com/a?utm_source=x">'
        '详见</a>&nbsp;<img src="data:image/gif;base64,R0lGOD" data-src="/i/1.jpg">'
        '</p>\n<div class="ad-slot" data-ad="top"><ins></ins></div>\n')

def inputs():
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


def more():
    fm = "---\ntitle: \"{}\"\ndate: 2023-03-04\n---\n"  # the body is line 5
    # Markdown that costs parsers dear
    write("md-blockquotes.md", fm.format("100,000 > on a line") + ">" * 100000 + " deep\n")
    write("md-nested-lists.md", fm.format("1,000 nested lists") +
          "".join("  " * i + "- x\n" for i in range(1000)))
    write("md-brackets.md", fm.format("brackets") + "[" * 200000 + "\n")
    write("md-emphasis.md", fm.format("emphasis") + "*a **a " * 100000 + "\n")
    write("md-backticks.md", fm.format("backticks") +
          "".join("`" * (i % 50 + 1) + "x" for i in range(50000)) + "\n")
    write("md-link-definitions.md", fm.format("link definitions") +
          "".join("[l%d]: /u%d\n" % (i, i) for i in range(20000)) +
          "".join("[l%d] " % i for i in range(20000)) + "\n")
    write("md-wide-table.md", fm.format("5,000 columns") + "|" + "a|" * 5000 +
          "\n|" + "-|" * 5000 + "\n|" + "b|" * 5000 + "\n")
    write("md-open-links.md", fm.format("open links") + "[a](" * 50000 + "\n")
    write("md-entities.md", fm.format("entities") + "&#0; &#xD800; &#x110000; "
          "&#99999999999; &amp;amp; &notanentity; &nbsp" * 1000 + "\n")
    # HTML that costs parsers dear
    write("html-unclosed-comment.html", fm.format("comment") + "<p>a</p><!-- " +
          "x" * 1000000 + "\n")
    write("html-formatting-soup.html", fm.format("adoption agency") +
          "<b><i><u><s>" * 25000 + "text" + "</b>" * 25000 + "\n")
    write("html-table-cells.html", fm.format("cells") + "<table><tr>" +
          "<td>x" * 50000 + "</table>\n")
    write("html-huge-attribute.html", fm.format("5 MB attribute") + '<img src="' +
          "A" * 5000000 + '">\n')
    write("html-svg-deep.html", fm.format("svg") + "<svg>" + "<g>" * 20000 + "</svg>\n")
    write("html-plaintext.html", fm.format("plaintext") + "<plaintext><div></plaintext>\n")
    write("html-paragraphs.html", fm.format("100,000 paragraphs") + "<p>x" * 100000 + "\n")
    write("html-entities.html", fm.format("entities") +
          "<p>&#0;&#xD800;&#x110000;&#99999999999;&amp;amp;&notin;&notit;</p>\n" * 1000)
    write("html-document.html", "<!DOCTYPE html><html><head><title>t</title></head>"
          "<body><p>a whole page, no front matter</p></body></html>\n")
    # front matter
    write("fm-many-keys.md", "---\n" + "".join("k%d: %d\n" % (i, i) for i in range(60000)) +
          "---\nbody\n")
    write("fm-huge-string.md", "---\ntitle: " + "x" * 5000000 + "\n---\nbody\n")
    write("fm-complex-key.md", "---\n? [a, b]\n: c\ntitle: t\n---\nbody\n")
    write("fm-tags.md", "---\ntitle: !ruby/object:Foo {a: 1}\nbin: !!binary aGVsbG8=\n"
          "py: !!python/object:os.system x\n---\nbody\n")
    write("fm-merge-key.md", "---\nbase: &b {a: 1}\nchild:\n  <<: *b\n  c: 2\ntitle: m\n---\nbody\n")
    write("fm-recursive-alias.md", "---\na: &a [*a]\n---\nbody\n")
    write("fm-impossible-dates.md", "---\ndate: 2022-02-30\nd2: 9999-99-99\n"
          "d3: 2022-13-01 25:61:61\n---\nbody\n")
    write("fm-big-numbers.md", "---\nn: 123456789012345678901234567890\n"
          "h: 0xFFFFFFFFFFFFFFFFFFFF\nf: 1e99999\nnan: .nan\ninf: -.inf\n---\nbody\n")
    write("fm-yaml-directive.md", "---\n%YAML 1.2\n---\ntitle: d\n---\nbody\n")
    write("fm-tab-indent.md", "---\ntitle:\tx\n\tauthor: y\n---\nbody\n")
    write("fm-long-key.md", "---\n" + "k" * 2000 + ": v\n---\nbody\n")
    write("fm-deep-map.md", "---\n" + "".join(" " * i + "k:\n" for i in range(1000)) +
          "---\nbody\n")
    write("fm-bidi.md", "---\ntitle: \"\u202eevil\u202c \u200b zero\"\n"
          "slug: \"\u202egpj.exe\"\n---\n<p>\u202e text</p>\n")
    write("fm-toml.md", "+++\ntitle = \"hugo\"\ndate = 2023-01-01\n+++\nbody\n")
    write("fm-trailing-spaces.md", "--- \ntitle: sp\n---  \nbody\n")
    write("no-final-newline.md", "---\ntitle: x\n---")
    write("dashes-only.md", "---")
    # other encodings and formats
    write("cp1252.md", b"---\ntitle: caf\xe9 \x93quoted\x94\n---\n<p>na\xefve</p>\n")
    write("gbk.md", "---\ntitle: 中文标题\n---\n<p>正文内容</p>\n".encode("gbk"))
    write("big5-body.md", "---\ntitle: big5\n---\n".encode() +
          "<p>正文內容</p>\n".encode("big5"))
    write("utf32.md", ("\ufeff" + fm.format("UTF-32") + "x\n").encode("utf-32"))
    write("utf16-no-bom.md", (fm.format("UTF-16, no BOM") + "<p>text</p>\n").encode("utf-16-le"))
    write("gzipped.md", gzip.compress((fm.format("gz") + "body\n").encode()))
    write("zip.md", b"PK\x03\x04" + b"\0" * 100)
    write("pdf.md", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    write("jpeg.html", b"\xff\xd8\xff\xe0\0\x10JFIF\0" + b"\0" * 1000)
    write("sqlite.md", b"SQLite format 3\0" + b"\0" * 200)
    write("only-bom.md", "\ufeff")
    write("only-newlines.md", "\n" * 100000)
    # names, folders, links
    write("name with\nnewline.md", fm.format("newline in name") + "x\n")
    write(b"bad-\xff-name.md".decode("utf-8", "surrogateescape"), fm.format("bad name") + "x\n")
    write("n" * 250 + ".md", fm.format("250-byte name") + "x\n")
    write("/".join(["d"] * 100) + "/deep-folder.md", fm.format("100 folders deep") + "x\n")
    write("folder.md/inside.md", fm.format("in a folder named .md") + "x\n")
    write("UPPER.MD", fm.format("upper-case extension") + "x\n")
    write("-starts-with-dash.md", fm.format("dash") + "x\n")
    write("\u202egpj.md", fm.format("right-to-left override in name") + "x\n")
    write(".hidden.md", fm.format("hidden") + "x\n")
    write("post.md~", "an editor's backup")
    write(".post.md.swp", b"\0swap")
    os.makedirs(os.path.join(out, "empty-folder"))
    os.symlink("nowhere", os.path.join(out, "dangling-folder"))
    os.symlink("/dev/zero", os.path.join(out, "devzero.md"))
    os.symlink("/dev/urandom", os.path.join(out, "urandom.md"))
    write("../elsewhere/linked-in.md", fm.format("through a linked folder") + "x\n")
    os.symlink("../elsewhere", os.path.join(out, "linked-folder"))
    os.link(os.path.join(out, "UPPER.MD"), os.path.join(out, "hardlink.md"))


{"inputs": inputs, "more": more}[kind]()
