#!/usr/bin/env bash
# Past one machine (docs/scaling.md): a run split by --shard, or fed posts
# by an engine through --stream, gives what one run gives.
# Usage: scaling.sh NEWSPIPE SOURCE_DIR CASE
#   shards  4 shards run by GNU parallel: every post in exactly one, the
#           merged posts folders equal one run's byte for byte, the merged
#           JSONL holds one run's records; K/N errors are clear
#   stream  newspipe pack | parallel --pipe -k (4 jobs) | run --stream
#           equals one --stream run exactly, and its records and posts
#           equal a plain run's; a bad line fails alone, saying where
set -u
newspipe=$1
src=$2
case_name=$3
pipeline=$src/examples/pipeline.lua
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
command -v parallel >/dev/null || {
  echo "skipped: needs GNU parallel (apt-get install parallel)"
  exit 77
}

# 240 posts: the example posts in 40 folders
mkdir "$tmp/archive"
for i in $(seq -w 1 40); do
  mkdir "$tmp/archive/copy$i" && cp "$src"/examples/posts/* "$tmp/archive/copy$i/"
done
total=$(find "$tmp/archive" -type f | wc -l)
cd "$tmp" || exit 2
"$newspipe" run "$pipeline" archive -o single -q 2>"$tmp/err" ||
  fail "the single run fails: $(cat "$tmp/err")"

case $case_name in
shards)
  parallel --will-cite -j4 "$newspipe" run "$pipeline" archive --shard {}/4 \
    -o shard{} -q ::: 1 2 3 4 2>"$tmp/err" || fail "a shard fails: $(cat "$tmp/err")"
  # every post in exactly one shard, none empty
  n=0
  for k in 1 2 3 4; do
    m=$(find "shard$k/posts" -type f | wc -l)
    [ "$m" -gt 0 ] || fail "shard $k is empty"
    n=$((n + m))
  done
  [ "$n" -eq "$total" ] || fail "$n posts in the shards, want $total"
  mkdir merged
  for k in 1 2 3 4; do cp -r "shard$k/posts" merged/; done
  diff -r single/posts merged/posts >/dev/null || fail "merged posts differ from one run's"
  cat shard*/posts.jsonl | LC_ALL=C sort >merged.jsonl
  LC_ALL=C sort single/posts.jsonl | cmp -s - merged.jsonl ||
    fail "merged JSONL records differ from one run's"
  # the same slice every time, whatever -j
  "$newspipe" run "$pipeline" archive --shard 2/4 -o again -q -j1
  diff -r shard2/posts again/posts >/dev/null || fail "shard 2/4 is not stable"
  # a listed source (a glob naming the folder) shards as the walked folder
  "$newspipe" run "$pipeline" 'archiv[e]' --shard 3/4 -o glob -q
  diff -r shard3/posts glob/posts >/dev/null || fail "a glob's shard 3/4 differs from the folder's"
  for bad in 0/4 5/4 x/4 4 1/0; do
    "$newspipe" run "$pipeline" archive --shard "$bad" -o x 2>"$tmp/err"
    [ $? -eq 2 ] || fail "--shard $bad: want exit 2"
    grep -q "needs K/N" "$tmp/err" || fail "--shard $bad: $(cat "$tmp/err")"
  done
  echo "$total posts: $(for k in 1 2 3 4; do find "shard$k/posts" -type f | wc -l; done | paste -sd/) in shards 1-4"
  ;;
stream)
  "$newspipe" pack archive >posts.jsonl 2>"$tmp/err" || fail "pack fails: $(cat "$tmp/err")"
  [ "$(wc -l <posts.jsonl)" -eq "$total" ] || fail "pack wrote $(wc -l <posts.jsonl) lines"
  "$newspipe" run "$pipeline" --stream -q <posts.jsonl >one.jsonl 2>"$tmp/err" ||
    fail "the --stream run fails: $(cat "$tmp/err")"
  parallel --will-cite --pipe -k -j4 -N 25 "$newspipe" run "$pipeline" --stream -q \
    <posts.jsonl >engine.jsonl 2>"$tmp/err" || fail "parallel --pipe fails: $(cat "$tmp/err")"
  cmp -s one.jsonl engine.jsonl || fail "4 jobs' stream differs from one's"
  # each line: a plain run's record, and "source" its written-back post
  /usr/bin/python3 - one.jsonl single <<'PY' || fail "stream records or posts differ from a plain run's"
import base64, json, sys
stream, single = sys.argv[1], sys.argv[2]
records = [json.loads(l) for l in open(single + "/posts.jsonl", encoding="utf-8")]
bad = 0
for i, line in enumerate(open(stream, encoding="utf-8")):
    got = json.loads(line)
    if "source" in got:
        post = got.pop("source").encode("utf-8")
    else:
        post = base64.b64decode(got.pop("source_base64"))
    want = records[i]
    written = open(single + "/posts/" + want["path"][len("archive/"):], "rb").read()
    if got != want or post != written:
        print("line %d (%s) differs" % (i + 1, want["path"]))
        bad += 1
sys.exit(bad > 0 or i + 1 != len(records))
PY
  # its output is its input: a second pipeline can read it
  "$newspipe" run "$pipeline" --stream -q <one.jsonl | cmp -s - one.jsonl ||
    fail "the stream's output does not read back as its input"
  # a file that is not UTF-8 travels as base64, byte for byte
  printf -- '---\ntitle: caf\xe9 body\n---\n<p>na\xefve</p>\n' >latin1.md
  "$newspipe" pack latin1.md 2>/dev/null | grep -q '"source_base64":"' ||
    fail "a non-UTF-8 file is not packed as base64"
  # bad lines fail alone, at their line and column; the others go on
  {
    head -2 posts.jsonl
    echo '{"path": "broken.md", "source": "x'
    echo
    echo '{"source": "---\ntitle: t\n---\n"}'
    echo '{"path": "b64.md", "source_base64": "***"}'
    tail -1 posts.jsonl
  } >mixed.jsonl
  "$newspipe" run "$pipeline" --stream <mixed.jsonl >mixed.out 2>"$tmp/err"
  status=$?
  [ $status -eq 1 ] || fail "mixed: exit $status, want 1"
  grep -q '^<stdin>:3:' "$tmp/err" || fail "line 3 not placed: $(cat "$tmp/err")"
  grep -q 'unterminated string' "$tmp/err" || fail "no JSON error: $(cat "$tmp/err")"
  grep -q '^<stdin>:5:1: error: a post needs "path"' "$tmp/err" || fail "no path error"
  grep -q "not base64" "$tmp/err" || fail "no base64 error"
  [ "$(wc -l <mixed.out)" -eq 6 ] || fail "mixed: $(wc -l <mixed.out) lines out, want 6 (blank line skipped)"
  [ "$(grep -c '"error":' mixed.out)" -eq 3 ] || fail "mixed: want 3 error lines"
  grep -q "^6 posts in .*: 3 written, 0 unchanged, 0 dropped, 3 failed" "$tmp/err" ||
    fail "summary: $(tail -1 "$tmp/err")"
  "$newspipe" run "$pipeline" --stream archive 2>"$tmp/err" </dev/null
  [ $? -eq 2 ] && grep -q "does not take PATHs" "$tmp/err" || fail "--stream with PATHs"
  echo "$total posts through pack | parallel --pipe -k -j4 | run --stream"
  ;;
*)
  echo "unknown case $case_name"
  exit 2
  ;;
esac
[ $failures -eq 0 ] || exit 1
echo ok
