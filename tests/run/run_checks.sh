#!/usr/bin/env bash
# Behaviours of `newspipe run` that a golden file cannot show. One case per
# call; cases on the shared corpus exit 77 (skipped) without it.
# Usage: run_checks.sh NEWSPIPE SOURCE_DIR CORPUS CASE
#   example    the example pipeline: expected outputs, -j1 = -j4, re-run
#              leaves everything unchanged
#   incremental  --incremental skips unchanged posts, reruns edited ones
#              and everything after a pipeline change, same outputs
#   limits     an endless loop, a Lua memory hog, an endlessly growing
#              document and a drop fail/drop one post each; the rest are
#              written
#   corpus-golden  the example pipeline over two posts of each corpus
#              source: the outputs' digest as in corpus-sample.sha256
#   failures   a stage failing ~10% of the corpus: the others are written,
#              each failure reported with its path, exit 1
#   jobs       the corpus: -j1 and -j4 outputs byte-identical
#   in-place   a no-op in-place run over a copy of the corpus touches nothing
#   stop       SIGINT in the middle of a 20,000-post run: every output
#              complete and valid, or absent
set -u
newspipe=$1
src=$2
corpus=$3
case_name=$4
here=$src/tests/run
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
need_corpus() {
  if [ ! -d "$corpus" ]; then
    echo "skipped: no corpus at $corpus"
    exit 77
  fi
}
# Strips the timing from a run's summary line.
untimed() { sed -E 's/ in [0-9]+\.[0-9] s:/ in N s:/' "$@"; }

case $case_name in
example)
  expected=$src/tests/golden/run-example
  cd "$src" || exit 2 # outputs name posts as given: examples/posts/...
  "$newspipe" run examples/pipeline.lua -j1 -o "$tmp/j1" -q 2>"$tmp/err1"
  [ $? -eq 0 ] || fail "example run exits 0"
  "$newspipe" run examples/pipeline.lua -j4 -o "$tmp/j4" -q 2>"$tmp/err4"
  diff -r "$tmp/j1" "$tmp/j4" || fail "-j1 and -j4 outputs differ"
  diff -r "$expected" "$tmp/j1" || fail "outputs differ from $expected"
  untimed "$tmp/err1" | diff - <(printf '6 posts in N s: 6 written, 0 unchanged, 0 dropped, 0 failed\n') ||
    fail "summary"
  stat -c '%n %Y' "$tmp/j1/posts/"* >"$tmp/before"
  sleep 1
  "$newspipe" run examples/pipeline.lua -o "$tmp/j1" 2>"$tmp/again"
  stat -c '%n %Y' "$tmp/j1/posts/"* | diff "$tmp/before" - || fail "a re-run touched unchanged files"
  grep -q ' 0 written, 6 unchanged' "$tmp/again" || fail "re-run summary: $(cat "$tmp/again")"
  ! grep -q $'\033' "$tmp/again" || fail "progress drawn when stderr is no terminal"
  # on a terminal (script(1) makes one): a progress line, cleared at the end
  script -qec "'$newspipe' run examples/pipeline.lua -o '$tmp/tty'" /dev/null >"$tmp/tty.txt"
  grep -q '/6 posts .* ETA ' "$tmp/tty.txt" || fail "no progress on a terminal: $(cat -v "$tmp/tty.txt")"
  "$newspipe" run examples/pipeline.lua -o "$tmp/dry" --dry-run -q 2>/dev/null
  [ ! -e "$tmp/dry" ] || fail "--dry-run wrote $tmp/dry"
  ;;
incremental)
  mkdir -p "$tmp/ex" && cp -r "$src/examples/posts" "$src/examples/pipeline.lua" "$tmp/ex/"
  "$newspipe" run "$tmp/ex/pipeline.lua" -i -q 2>"$tmp/e1" || fail "first run"
  grep -q ' 6 written, 0 unchanged, 0 skipped' "$tmp/e1" || fail "first: $(cat "$tmp/e1")"
  cp -r "$tmp/ex/out" "$tmp/first"
  "$newspipe" run "$tmp/ex/pipeline.lua" -i -q 2>"$tmp/e2"
  grep -q ' 0 written, 0 unchanged, 6 skipped' "$tmp/e2" || fail "second: $(cat "$tmp/e2")"
  diff -r "$tmp/first" "$tmp/ex/out" || fail "a run that skipped everything changed the outputs"
  # one post edited: only it runs; the outputs are a full run's
  sed -i 's/数百名志愿者/三百名志愿者/' "$tmp/ex/posts/2020-04-02-DW-river-cleanup.html"
  "$newspipe" run "$tmp/ex/pipeline.lua" -i -q 2>"$tmp/e3"
  grep -q ' 1 written, 0 unchanged, 5 skipped' "$tmp/e3" || fail "third: $(cat "$tmp/e3")"
  "$newspipe" run "$tmp/ex/pipeline.lua" -q -o "$tmp/full" 2>/dev/null
  diff "$tmp/full/posts.jsonl" "$tmp/ex/out/posts.jsonl" || fail "records differ from a full run's"
  diff -r "$tmp/full/posts" "$tmp/ex/out/posts" || fail "posts differ from a full run's"
  # a changed pipeline runs everything again
  echo "-- changed" >>"$tmp/ex/pipeline.lua"
  "$newspipe" run "$tmp/ex/pipeline.lua" -i -q 2>"$tmp/e4"
  grep -q ' 0 skipped' "$tmp/e4" || fail "changed pipeline: $(cat "$tmp/e4")"
  # a JSONL edited by hand makes the cache unusable, not wrong
  "$newspipe" run "$tmp/ex/pipeline.lua" -i -q 2>/dev/null
  echo '{}' >>"$tmp/ex/out/posts.jsonl"
  "$newspipe" run "$tmp/ex/pipeline.lua" -i -q 2>"$tmp/e5"
  grep -q ' 0 skipped' "$tmp/e5" || fail "tampered JSONL: $(cat "$tmp/e5")"
  ;;
incremental-records)
  # CSV and SQLite under --incremental: after one post changes, the same
  # outputs as a full run; file-per-post exports are refused, not wrong
  mkdir -p "$tmp/ex" && cp -r "$src/examples/posts" "$here/records.lua" "$tmp/ex/"
  "$newspipe" run "$tmp/ex/records.lua" -i -q 2>/dev/null || fail "first run"
  sed -i 's/数百名志愿者/三百名志愿者/' "$tmp/ex/posts/2020-04-02-DW-river-cleanup.html"
  "$newspipe" run "$tmp/ex/records.lua" -i -q 2>"$tmp/e2"
  grep -q ' 1 written, 0 unchanged, 5 skipped' "$tmp/e2" || fail "second: $(cat "$tmp/e2")"
  "$newspipe" run "$tmp/ex/records.lua" -q -o "$tmp/full" 2>/dev/null
  cmp "$tmp/full/posts.csv" "$tmp/ex/out/posts.csv" || fail "CSV differs from a full run's"
  rows() { sqlite3 "$1" "SELECT path, title, text FROM posts ORDER BY path" | sha256sum; }
  [ "$(rows "$tmp/full/archive.db")" = "$(rows "$tmp/ex/out/archive.db")" ] ||
    fail "database differs from a full run's"
  printf 'local export = require "newspipe.export"\nreturn require("newspipe").pipeline { sources = { "posts" }, exports = { export.text { dir = "t" } } }\n' >"$tmp/ex/files.lua"
  "$newspipe" run "$tmp/ex/files.lua" -i -q 2>"$tmp/e3"
  [ $? -eq 2 ] && grep -q 'incremental does not work with a file-per-post export' "$tmp/e3" ||
    fail "files export under -i: $(cat "$tmp/e3")"
  ;;
limits)
  "$newspipe" run "$here/limits.lua" "$src/examples/posts" -o "$tmp/out" \
    --timeout 1 --memory 8 -j2 2>"$tmp/err"
  status=$?
  [ $status -eq 1 ] || fail "exit $status, want 1"
  grep -q 'zaobao-harbour-ferry.md: error: .*stage ran longer than 1.0 second' "$tmp/err" ||
    fail "the endless loop is not reported: $(cat "$tmp/err")"
  grep -q 'RTHK.*: error: .*not enough memory' "$tmp/err" ||
    fail "the memory hog is not reported: $(cat "$tmp/err")"
  grep -q "plain-language-checklist.md: error: .*the post's document grew past 8 MB" "$tmp/err" ||
    fail "the growing document is not reported: $(cat "$tmp/err")"
  grep -q '6 posts in N s: 2 written, 0 unchanged, 1 dropped, 3 failed' <(untimed "$tmp/err") ||
    fail "summary: $(tail -1 "$tmp/err")"
  [ "$(wc -l <"$tmp/out/all.jsonl")" -eq 2 ] || fail "all.jsonl should hold 2 records"
  [ "$(wc -l <"$tmp/out/report.jsonl")" -eq 4 ] || fail "report.jsonl should hold 4 lines"
  /usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    assert r["severity"] in ("error", "dropped"), r
    assert r["path"].startswith(sys.argv[2]), r
' "$tmp/out/report.jsonl" "$src/examples/posts" || fail "report.jsonl"
  ;;
corpus-golden)
  # the example pipeline over a fixed sample of corpus posts (the first two
  # files of each source folder, in byte order): its outputs must hash as
  # recorded. One digest of every output file's name and bytes stands in
  # for expected files, which would copy corpus text into the project.
  need_corpus
  (cd "$corpus" && for d in */; do
    find "$d" -maxdepth 1 -type f -print0 | LC_ALL=C sort -z | head -zn 2 |
      tr '\0' '\n'
  done) >"$tmp/sample.list"
  (cd "$corpus" && "$newspipe" run "$src/examples/pipeline.lua" \
    "@$tmp/sample.list" -o "$tmp/out" -q -j3 2>"$tmp/err")
  status=$?
  [ $status -eq 1 ] || fail "exit $status, want 1 (one sample post is unreadable)"
  (cd "$tmp/out" && find . -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum) >"$tmp/sums"
  got=$(sha256sum <"$tmp/sums" | cut -d' ' -f1)
  want=$(cat "$here/corpus-sample.sha256")
  if [ "$got" != "$want" ]; then
    cat "$tmp/sums"
    fail "$(wc -l <"$tmp/sample.list") sample posts: outputs digest $got, want $want"
  fi
  ;;
failures)
  need_corpus
  "$newspipe" run "$here/fail-tenth.lua" "$corpus" -o "$tmp/out" -q 2>"$tmp/err"
  status=$?
  [ $status -eq 1 ] || fail "exit $status, want 1"
  find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.html' \
    -o -name '*.htm' -o -name '*.txt' \) | sort >"$tmp/all"
  bad=0
  while IFS= read -r p; do
    if [ $(($(stat -c %s "$p") % 10)) -eq 0 ]; then
      bad=$((bad + 1))
      grep -qF "$p: error: " "$tmp/err" || grep -qF "$p:" "$tmp/err" || fail "no report for $p"
    fi
  done <"$tmp/all"
  total=$(wc -l <"$tmp/all")
  written=$(find "$tmp/out/posts" -type f | wc -l)
  records=$(wc -l <"$tmp/out/all.jsonl")
  # the corpus's unreadable posts fail too (reading them, not the stage)
  unreadable=$(grep -c ': error: front matter' "$tmp/err")
  echo "$total posts, $bad failed by the stage, $unreadable unreadable, $written written"
  [ "$written" -eq "$records" ] || fail "$written files but $records records"
  [ $((written + bad)) -le "$total" ] || fail "counts"
  [ "$written" -ge $((total - bad - unreadable)) ] || fail "posts lost: $written written"
  grep -qE "$total posts in N s: $written written, 0 unchanged, 0 dropped, $((total - written)) failed" \
    <(untimed "$tmp/err") || fail "summary: $(tail -1 "$tmp/err")"
  ;;
jobs)
  need_corpus
  "$newspipe" run "$here/copy-all.lua" "$corpus" -o "$tmp/j1" -j1 -q 2>"$tmp/e1"
  "$newspipe" run "$here/copy-all.lua" "$corpus" -o "$tmp/j4" -j4 -q 2>"$tmp/e4"
  diff -r "$tmp/j1" "$tmp/j4" >/dev/null || fail "-j1 and -j4 outputs differ"
  diff <(untimed "$tmp/e1") <(untimed "$tmp/e4") || fail "-j1 and -j4 reports differ"
  ;;
in-place)
  need_corpus
  cp -a "$corpus" "$tmp/copy"
  find "$tmp/copy" -type f -printf '%P %T@ %m %s\n' | sort >"$tmp/before"
  sleep 1
  "$newspipe" run "$here/noop-in-place.lua" "$tmp/copy" -o "$tmp/out" -q \
    2>"$tmp/err"
  find "$tmp/copy" -type f -printf '%P %T@ %m %s\n' | sort | diff "$tmp/before" - ||
    fail "files changed or touched"
  diff -r "$corpus" "$tmp/copy" >/dev/null || fail "bytes changed"
  grep -q ' 0 written, 2365 unchanged' "$tmp/err" || fail "summary: $(tail -1 "$tmp/err")"
  ;;
stop)
  need_corpus
  for i in 1 2 3 4 5 6 7 8 9; do cp -r "$corpus" "$tmp/in$i"; done
  mkdir "$tmp/all" && mv "$tmp"/in* "$tmp/all/"
  "$newspipe" run "$here/copy-all.lua" "$tmp/all" -o "$tmp/out" -q -j2 2>"$tmp/err" &
  pid=$!
  sleep 1.5
  kill -INT $pid
  wait $pid
  status=$?
  [ $status -eq 130 ] || fail "exit $status, want 130 (did the run end before the signal?)"
  ! find "$tmp/out" -name '*.newspipe-*' | grep -q . || fail "temporary files left"
  written=$(find "$tmp/out/posts" -type f | wc -l)
  records=$(wc -l <"$tmp/out/all.jsonl")
  echo "stopped after $written posts written, $records records"
  [ "$written" -gt 0 ] && [ "$written" -lt 21000 ] || fail "not stopped midway"
  [ "$written" -eq "$records" ] || fail "$written files but $records records"
  /usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1]):
    json.loads(line)
' "$tmp/out/all.jsonl" || fail "all.jsonl is not valid JSON lines"
  "$newspipe" check -q "$tmp/out/posts" >/dev/null 2>&1
  [ $? -le 1 ] || fail "check cannot read the written posts"
  ;;
*)
  echo "unknown case $case_name"
  exit 2
  ;;
esac
if [ $failures -eq 0 ]; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
