#!/usr/bin/env bash
# An example pipeline (examples/NAME/pipeline.lua) over the sample posts
# writes exactly examples/NAME/expected/: every file byte for byte, at -j1
# and -j4 alike. A SQLite database is compared as text (NAME.db.txt: its
# posts and tags tables, and a full-text search), since its bytes are
# SQLite's business; it must be one file, with no -wal or -shm left. NP_REGEN=1 writes expected/ instead: review the diff.
# The archive example is also the tutorial's last pipeline: the two must
# not drift apart.
# Usage: check.sh NEWSPIPE SOURCE_DIR NAME
set -u
newspipe=$1
src=$2
name=$3
example=$src/examples/$name
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

# SQLite databases as text, then gone from the folder compared
as_text() { # OUT_DIR
  local db
  while IFS= read -r -d '' db; do
    /usr/bin/python3 - "$db" >"$db.txt" <<'PY' || fail "cannot read $db"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for table, order in (("posts", "id"), ("tags", "post, tag")):
    cur = db.execute("SELECT * FROM %s ORDER BY %s" % (table, order))
    names = [d[0] for d in cur.description if d[0] not in ("html", "text", "meta")]
    print("-- %s: %s" % (table, ", ".join(names)))
    for row in cur:
        row = dict(zip([d[0] for d in cur.description], row))
        print("\t".join(str(row[n]) for n in names))
PY
    "$newspipe" search "$db" 渡輪 >>"$db.txt" 2>&1 || fail "newspipe search $db"
    # one file, even after a read-only reader
    [ ! -e "$db-wal" ] && [ ! -e "$db-shm" ] || fail "$db has -wal or -shm files beside it"
    rm -f "$db"
  done < <(find "$1" -name '*.db' -print0)
}

cd "$src" || exit 2
for jobs in 1 4; do
  "$newspipe" run "examples/$name/pipeline.lua" -o "$tmp/j$jobs" -q -j$jobs 2>"$tmp/err" ||
    fail "-j$jobs: the run fails: $(cat "$tmp/err")"
  as_text "$tmp/j$jobs"
done
diff -r "$tmp/j1" "$tmp/j4" >/dev/null || fail "-j1 and -j4 write different outputs"
if [ "${NP_REGEN:-}" = 1 ]; then
  rm -rf "$example/expected"
  cp -r "$tmp/j1" "$example/expected"
  echo "wrote $example/expected"
  exit 0
fi
diff -r "$example/expected" "$tmp/j1" || fail "the outputs differ from examples/$name/expected"

if [ "$name" = archive ]; then
  # the tutorial's last pipeline.lua is this file, but for its comments
  # and where the posts are
  /usr/bin/python3 - docs/tutorial.md "$example/pipeline.lua" <<'PY' ||
import re, sys
page, path = sys.argv[1:3]
blocks = re.findall(r"^```lua pipeline\.lua\n(.*?)^```$", open(page, encoding="utf-8").read(), re.M | re.S)
code = [l for l in open(path, encoding="utf-8").read().split("\n") if not l.startswith("--")]
sys.exit("\n".join(code).replace('"../posts"', '"posts"') != blocks[-1])
PY
    fail "docs/tutorial.md's last pipeline.lua differs from examples/archive/pipeline.lua"
fi
[ $failures -eq 0 ] || exit 1
echo "examples/$name: outputs as expected"
