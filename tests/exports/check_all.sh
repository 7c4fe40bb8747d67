#!/usr/bin/env bash
# Every export in one run: -j1 and -j4 write the same files (the database:
# the same rows); each HTML page parses without one error in html5lib's
# strict mode (the HTML standard's parser); each Markdown file, read back,
# has the text its post had; each text file is its post's text.
# Usage: check_all.sh NEWSPIPE SOURCE_DIR (skips, 77, when it is missing)
set -u
newspipe=$1
source_dir=$2
# shellcheck source=tests/exports/common.sh
. "$(dirname "$0")/common.sh"
run_both all.lua
diff -r -x archive.db -x report.jsonl "$tmp/j1" "$tmp/j4" >/dev/null ||
  fail "-j1 and -j4 outputs differ"
rows() { sqlite3 "$1" "SELECT * FROM posts ORDER BY path" | sha256sum; }
[ "$(rows "$tmp/j1/archive.db")" = "$(rows "$tmp/j4/archive.db")" ] || fail "-j1 and -j4 databases differ"
echo "-j1 and -j4: $(find "$tmp/j1" -type f | wc -l) files alike"
"$newspipe" lua "$here/markdown_text.lua" "$tmp/j1" || fail "Markdown and text files"
/usr/bin/python3 - "$tmp/j1/html" <<'PY' || fail "html5lib"
import pathlib, sys, html5lib
pages = sorted(pathlib.Path(sys.argv[1]).rglob("*.html"))
for page in pages:
    parser = html5lib.HTMLParser(strict=True)
    try:
        parser.parse(page.read_bytes(), transport_encoding="utf-8")
    except Exception as e:
        sys.exit(f"{page}: {e}")
print(f"{len(pages)} HTML pages parse without an error")
PY
echo "1 passed, 0 failed"
