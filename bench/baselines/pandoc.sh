#!/usr/bin/env bash
# The reference task with pandoc, one process per post, JOBS at a time (as
# `xargs -P` batch conversions go): each post through
# reference-pandoc.lua into OUT/posts/PATH.html and OUT/records/PATH.json,
# then the records joined in LIST order into OUT/records.jsonl.
# Usage: bench/baselines/pandoc.sh ARCHIVE OUT LIST JOBS
# LIST holds paths relative to ARCHIVE, one a line. Exit 1 when some posts
# failed (pandoc's errors are on stderr).
set -uo pipefail
if [ $# -ne 4 ]; then
  echo "usage: pandoc.sh ARCHIVE OUT LIST JOBS" >&2
  exit 2
fi
archive=$(realpath "$1") out=$2 list=$3 jobs=$4
here=$(cd "$(dirname "$0")" && pwd)
sed -n 's|/[^/]*$||p' "$list" | sort -u | while IFS= read -r dir; do
  mkdir -p "$out/posts/$dir" "$out/records/$dir"
done
mkdir -p "$out/posts" "$out/records"
export NP_ARCHIVE="$archive" NP_OUT="$out"
tr '\n' '\0' <"$list" | xargs -0 -P "$jobs" -I{} \
  pandoc -f markdown-smart -t html --lua-filter "$here/reference-pandoc.lua" \
  -o "$out/posts/{}.html" "$archive/{}"
status=$?
sed "s|^|$out/records/|; s|\$|.json|" "$list" | tr '\n' '\0' |
  xargs -0 cat >"$out/records.jsonl" 2>/dev/null
[ "$status" -eq 0 ] || exit 1
