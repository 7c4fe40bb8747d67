#!/usr/bin/python3
"""fuzz.scrub: scrub.py keeps a finding's shape and drops its text; and no
kept finding holds corpus text (a 40-byte run of the corpus with 8 or more
letters outside markup). The second part skips without the corpus.

Usage: test_scrub.py REGRESSIONS_DIR [CORPUS_DIR]"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scrub  # noqa: E402

failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what)


post = ("---\ntitle: 渡轮新航线\ndate: 2022-11-20T03:45:00Z\ndraft: true\n---\n"
        "Visit www.example.org or <a href=\"https://x.org/a\">the "
        "harbour</a>&nbsp;now.\n\n## Ferry times\n").encode()
out = scrub.scrub(post)
text = out.decode()
check(len(out) == len(post), "same length")
check(out[0] == post[0], "first byte kept")
check("title: " in text and "date: 2022-11-20T03:45:00Z" in text,
      "front-matter keys and dates kept: " + text)
check("draft: true" in text, "YAML words kept")
check("渡轮" not in text and "harbour" not in text and "Ferry" not in text,
      "text overwritten: " + text)
check("www." in text and "https://" in text, "autolink words kept")
check("<a href=\"" in text and "</a>&nbsp;" in text and "\n\n## " in text,
      "markup kept: " + text)
check(scrub.scrub(b"") == b"", "empty input")
check(scrub.scrub(b"\xff\xfe<b>") == b"\xff\xfe<b>", "bad bytes kept")

regressions = sys.argv[1]
corpus_dir = sys.argv[2] if len(sys.argv) > 2 else None
if corpus_dir and os.path.isdir(corpus_dir):
    corpus = bytearray()
    for root, _, files in os.walk(corpus_dir):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                corpus += f.read() + b"\0"
    corpus = bytes(corpus)
    for name in sorted(os.listdir(regressions)):
        with open(os.path.join(regressions, name), "rb") as f:
            data = f.read()
        kept = scrub.kept_ranges(data)
        for i in range(0, max(0, len(data) - 40), 8):
            window = data[i:i + 40]
            letters = sum(1 for k, c in enumerate(window)
                          if (65 <= c <= 90 or 97 <= c <= 122 or c >= 0xE4)
                          and not any(s <= i + k < e for s, e in kept))
            if letters >= 8 and window in corpus:
                check(False, "%s: corpus text at byte %d: %r (tests/fuzz/"
                      "scrub.py)" % (name, i, window))
                break
else:
    print("no corpus: the regressions were not compared with it")
print("%s" % ("ok" if failed == 0 else "%d failed" % failed))
sys.exit(1 if failed else 0)
