#!/usr/bin/env bash
# The SQLite export read back by its real consumers: the sqlite3 shell and
# Python's sqlite3, each loading the newspipe_fts extension. A search for
# WORD (a two-character Chinese word) finds exactly the posts whose title
# or text contains it, as does a one-character search; highlight() marks
# the whole word; `newspipe search --count` agrees; re-running upserts (no
# duplicates); -j1 and -j4 give the same rows.
# Usage: check_sqlite.sh NEWSPIPE EXTENSION SOURCE_DIR WORD
set -u
newspipe=$1
ext=${2%.so}
source_dir=$3
word=$4
char=${word:0:1}
# shellcheck source=tests/exports/common.sh
. "$(dirname "$0")/common.sh"
run_both sqlite.lua
rows() { sqlite3 "$1" "SELECT path, title, date, date_unix, url, tags, meta, length(text), length(html) FROM posts ORDER BY path" | sha256sum; }
[ "$(rows "$tmp/j1/archive.db")" = "$(rows "$tmp/j4/archive.db")" ] || fail "-j1 and -j4 rows differ"
posts=$(sqlite3 "$tmp/j1/archive.db" "SELECT count(*) FROM posts")
"$newspipe" run "$here/sqlite.lua" -o "$tmp/j1" -q -j2 2>/dev/null
again=$(sqlite3 "$tmp/j1/archive.db" "SELECT count(*) FROM posts")
[ "$posts" -eq "$again" ] || fail "a re-run left $again rows, want $posts"
[ "$(rows "$tmp/j1/archive.db")" = "$(rows "$tmp/j4/archive.db")" ] || fail "a re-run changed rows"
db=$tmp/j1/archive.db
q() { sqlite3 "$db" ".load $ext" "$1"; }
for w in "$word" "$char"; do
  found=$(q "SELECT rowid FROM posts_fts WHERE posts_fts MATCH '$w' ORDER BY rowid" | sha256sum)
  want=$(q "SELECT id FROM posts WHERE instr(coalesce(title, ''), '$w') OR instr(text, '$w') ORDER BY id" | sha256sum)
  n=$(q "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH '$w'")
  [ "$n" -gt 0 ] || fail "no post found for $w"
  [ "$found" = "$want" ] || fail "the posts found for $w are not those holding it"
  echo "$w: $n posts, exactly those whose title or text holds it"
done
marked=$(q "SELECT highlight(posts_fts, 1, '[', ']') FROM posts_fts WHERE posts_fts MATCH '$word' LIMIT 1")
case $marked in *"[$word]"*) ;; *) fail "highlight does not mark [$word] whole" ;; esac
n=$(q "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH '$word'")
[ "$("$newspipe" search "$db" "$word" --count)" = "$n" ] || fail "newspipe search --count"
"$newspipe" search "$db" "$word" -n 1 | grep -qF "[$word]" || fail "newspipe search marks no hit"
/usr/bin/python3 - "$db" "$ext" "$word" "$n" <<'PY' || fail "python3 sqlite3"
import sqlite3, sys
db, ext, word, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = sqlite3.connect(db)
c.enable_load_extension(True)
c.load_extension(ext)
got = c.execute("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?", (word,)).fetchone()[0]
assert got == n, (got, n)
tags = c.execute("SELECT count(*) FROM tags JOIN posts ON posts.id = tags.post").fetchone()[0]
print(f"python3: {got} posts for {word}; {tags} tags")
PY
echo "1 passed, 0 failed"
