#!/usr/bin/env bash
# The benchmark's baselines must do newspipe's reference task: on the
# example posts in the shapes the race is about (scraped HTML, RTHK and
# Citizen News Markdown), bench/baselines/reference.py (BeautifulSoup) and
# bench/reference.lua must write the same records, field by field.
# Usage: agreement.sh NEWSPIPE SOURCE_DIR
set -euo pipefail
newspipe=$1 top=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/posts"
for f in 2019-12-19-plain-language-checklist.md \
  2020-03-28-RTHK-天文台本周後期天氣轉涼.md 2020-04-02-DW-river-cleanup.html \
  2022-11-20-zaobao-harbour-ferry.md article_90001.md; do
  cp "$top/examples/posts/$f" "$tmp/posts/"
done
"$newspipe" run "$top/bench/reference.lua" "$tmp/posts" -o "$tmp/np" -q
/usr/bin/python3 "$top/bench/baselines/reference.py" "$tmp/posts" "$tmp/py" 2>/dev/null
/usr/bin/python3 "$top/bench/baselines/compare.py" "$tmp/np/records.jsonl" \
  "$tmp/py/records.jsonl" --show 3 --strict
[ "$(wc -l <"$tmp/np/records.jsonl")" -eq 5 ]
