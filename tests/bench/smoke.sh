#!/usr/bin/env bash
# bench/bench.sh end to end on a few example posts, so the benchmark's one
# command keeps working: every tool runs, RESULTS.md has every row, the
# ratios and both agreement tables.
# Usage: smoke.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 top=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TMPDIR=$tmp "$top/bench/bench.sh" --build "$build" --source "$top/examples/posts" \
  --posts 14 --runs 1 --pandoc-posts 3 --no-scale --results "$tmp/RESULTS.md" >"$tmp/log"
for row in '| floor | 14 |' '| newspipe -j1 | 14 |' '| python | 14 |' '| pandoc -j' \
  'newspipe -j1 / floor' '### newspipe and Python' '### newspipe and pandoc' \
  'newspipe -j[0-9]*, disk' 'zh.convert("s2t"): time added'; do
  if ! grep -q -- "$row" "$tmp/RESULTS.md"; then
    echo "RESULTS.md lacks '$row':" >&2
    cat "$tmp/RESULTS.md" >&2
    exit 1
  fi
done
