#!/usr/bin/python3
"""Scrubs a fuzz finding of the text it took from the corpus it grew from.

The fuzzers start from the shared corpus, so what they find can hold most
of a real post; the project keeps none (DEVELOPERS.md). This keeps the
shape that made the finding: the first byte, every byte that is not a letter (markup,
punctuation, digits, white space, invalid UTF-8), tag and attribute names,
front-matter keys, entity names, the words Markdown reads (http,
https, ftp, www, mailto) or YAML types (true, false, null, ...), and a
letter alone after a digit (the T and Z of a date). Letters
are overwritten by their place in the file, each by one of the same
UTF-8 length, so offsets and line lengths stay as they were.

Usage: tests/fuzz/scrub.py IN [OUT]   (OUT defaults to standard output)
Check the scrubbed file still fails at the commit before the fix
(tests/fuzz/README.md says how)."""
import re
import sys
import unicodedata

KEEP_WORDS = {
    b"http", b"https", b"ftp", b"www", b"mailto", b"true", b"false", b"null",
    b"yes", b"no", b"on", b"off", b"True", b"False", b"Null", b"NULL",
}
ASCII = b"abcdefghijklmnopqrstuvwxyz"
# letters of each UTF-8 length to write in place of others
WIDE = {2: "àéîõüçñøåæ", 3: "甲乙丙丁戊己庚辛壬癸", 4: "𠀀𠀁𠀂𠀃𠀄"}

# What is kept as it is: a tag's name, an attribute's name, an entity;
# in front matter, a key at the start of a line.
KEPT = re.compile(
    rb"</?[A-Za-z][^\s/>]*"          # <name, </name
    rb"|[A-Za-z_:][-A-Za-z0-9_:.]*(?==)"  # attribute name before =
    rb"|&#?[A-Za-z0-9]+;"            # entity
)
KEY = re.compile(rb"(?m:^[ \t]*[A-Za-z_][-A-Za-z0-9_ ]*(?=:[ \t\r\n]))")
FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n.*?^(?:---|\.\.\.)",
                          re.S | re.M)


def kept_ranges(data):
    """The (start, end) of what is kept as it is, in order."""
    ranges = [m.span() for m in KEPT.finditer(data)]
    fm = FRONT_MATTER.match(data)
    if fm:
        ranges += [m.span() for m in KEY.finditer(data, 0, fm.end())]
    ranges.sort()
    merged = []
    for start, end in ranges:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
WORD = re.compile(rb"[A-Za-z]+")


def scrub_letters(data, start, end, out):
    """Overwrites the letters of data[start:end] into out."""
    i = start
    while i < end:
        m = WORD.match(data, i, end)
        if m:
            word = m.group()
            after_digit = i > 0 and 48 <= data[i - 1] <= 57
            if word in KEEP_WORDS or (len(word) == 1 and after_digit):
                out += word
            else:
                for k, c in enumerate(word):
                    letter = ASCII[(i + k) % 26]
                    out.append(letter - 32 if 65 <= c <= 90 else letter)
            i = m.end()
            continue
        b = data[i]
        n = 2 if 0xC0 <= b < 0xE0 else 3 if 0xE0 <= b < 0xF0 else \
            4 if 0xF0 <= b < 0xF8 else 1
        piece = data[i:i + n]
        try:
            ch = piece.decode("utf-8") if n > 1 else None
        except UnicodeDecodeError:
            ch = None
        if ch and len(ch) == 1 and unicodedata.category(ch).startswith("L"):
            choices = WIDE[n]
            out += choices[i % len(choices)].encode("utf-8")
            i += n
        else:
            out.append(b)  # markup, digits, spaces, punctuation, bad bytes
            i += 1


def scrub(data):
    out = bytearray()
    at = 0
    for start, end in kept_ranges(data):
        scrub_letters(data, at, start, out)
        out += data[start:end]
        at = end
    scrub_letters(data, at, len(data), out)
    assert len(out) == len(data)
    if data:
        out[0] = data[0]  # fuzz_roundtrip reads Markdown or HTML from it
    return bytes(out)


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], "rb") as f:
        data = scrub(f.read())
    if len(argv) == 3:
        with open(argv[2], "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
