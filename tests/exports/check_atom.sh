#!/usr/bin/env bash
# The Atom export read back by its real consumers: xmllint (well-formed
# XML) and feedparser (no bozo error: a valid Atom feed); entries newest
# first with unique ids, every post with a date in the full feed, the
# five newest in the short one; -j1 and -j4 give the same bytes.
# Usage: check_atom.sh NEWSPIPE SOURCE_DIR (skips, 77, when it is missing)
set -u
newspipe=$1
source_dir=$2
# shellcheck source=tests/exports/common.sh
. "$(dirname "$0")/common.sh"
run_both atom.lua
for f in all.xml newest.xml; do
  cmp "$tmp/j1/$f" "$tmp/j4/$f" || fail "$f differs between -j1 and -j4"
  xmllint --noout "$tmp/j1/$f" || fail "xmllint: $f"
done
/usr/bin/python3 - "$tmp/j1" <<'PY' || fail "feedparser check"
import json, sys, feedparser
out = sys.argv[1]
full = feedparser.parse(out + "/all.xml")
short = feedparser.parse(out + "/newest.xml")
for name, d in (("all.xml", full), ("newest.xml", short)):
    assert not d.bozo, (name, d.get("bozo_exception"))
    assert d.version == "atom10", (name, d.version)
times = [e.updated_parsed for e in full.entries]
assert times == sorted(times, reverse=True), "entries are not newest first"
ids = [e.id for e in full.entries]
assert len(ids) == len(set(ids)), "entry ids repeat"
dated = sum(1 for line in open(out + "/posts.jsonl", encoding="utf-8")
            if json.loads(line)["meta"].get("date") not in (None, ""))
# a date newspipe cannot read ("YYYY-MM-DD" in a draft) leaves its post out
assert dated - 10 <= len(full.entries) <= dated, (len(full.entries), dated)
assert [e.id for e in short.entries] == ids[:5], "the short feed is not the five newest"
assert all(e.get("content") for e in full.entries), "an entry without content"
print(f"{len(full.entries)} entries of {dated} dated posts; feedparser and xmllint agree")
PY
echo "1 passed, 0 failed"
