#!/usr/bin/env bash
# Reads the CSV and JSONL exports back with their real consumers: Python's
# csv and json modules (every row equals the same post's JSONL record) and
# the sqlite3 shell's .import (one row a post); -j1 and -j4 give the same
# bytes. Usage: check_formats.sh NEWSPIPE SOURCE_DIR (skips, 77, when
# SOURCE_DIR is missing).
set -u
newspipe=$1
source_dir=$2
# shellcheck source=tests/exports/common.sh
. "$(dirname "$0")/common.sh"
run_both formats.lua
for f in posts.csv posts.jsonl slim.jsonl; do
  cmp "$tmp/j1/$f" "$tmp/j4/$f" || fail "$f differs between -j1 and -j4"
done
/usr/bin/python3 - "$tmp/j1" <<'PY' || fail "python3 check"
import csv, json, sys
out = sys.argv[1]
csv.field_size_limit(sys.maxsize)  # bodies over 128 KB are in the corpus
records = [json.loads(line) for line in open(out + "/posts.jsonl", encoding="utf-8")]
slim = [json.loads(line) for line in open(out + "/slim.jsonl", encoding="utf-8")]
with open(out + "/posts.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == len(records) == len(slim), (len(rows), len(records), len(slim))
assert list(rows[0].keys()) == ["path", "title", "date", "url", "tags", "text"] if rows else True
for row, rec, s in zip(rows, records, slim):
    assert rec["path"].endswith(row["path"]), (rec["path"], row["path"])
    assert row["text"] == rec["text"], row["path"]
    title = rec["meta"].get("title")
    if isinstance(title, str):
        assert row["title"] == title, row["path"]
    assert set(s["meta"]) <= {"title", "date"}, s["meta"].keys()
    tags = rec["meta"].get("tags")
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        assert row["tags"] == "; ".join(tags), (row["tags"], tags)
print(f"{len(rows)} CSV rows equal their JSONL records")
PY
rows=$(sqlite3 :memory: ".import --csv $tmp/j1/posts.csv p" "select count(*) from p")
records=$(wc -l <"$tmp/j1/posts.jsonl")
[ "$rows" -eq "$records" ] || fail "sqlite3 .import read $rows rows, want $records"
echo "sqlite3 .import: $rows rows"
echo "1 passed, 0 failed"
