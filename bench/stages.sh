#!/usr/bin/env bash
# What the stage library costs: `newspipe run -j1` over the corpus with no
# stage (front matter read, bodies never parsed), with every body parsed
# (the baseline: what any stage touching a body pays), the scraped-news preset, a
# 10,000-term glossary, and OpenCC s2t; and Debian's `opencc` command on
# exactly the texts zh.convert converts (the floor for Chinese conversion).
# Outputs go to /dev/shm. Usage: bench/stages.sh [BUILD_DIR] [CORPUS]
set -euo pipefail
build=$(realpath "${1:-build}")
corpus=$(realpath "${2:-../shared/corpus}")
here=$(cd "$(dirname "$0")" && pwd)
work=${TMPDIR:-/tmp}/newspipe-bench-stages
out=/dev/shm/newspipe-bench-stages
mkdir -p "$work"
export NP_BENCH_CORPUS=$corpus NP_BENCH_GLOSSARY=$work/glossary.tsv
"$build/newspipe" lua "$here/stages/glossary_terms.lua" "$corpus" "$work/glossary.tsv"
"$build/newspipe" lua "$here/stages/texts.lua" "$corpus" "$work/texts.txt"
echo "corpus: $(find "$corpus" -type f | wc -l) files; glossary: $(wc -l <"$work/glossary.tsv") terms;" \
  "texts for OpenCC: $(wc -l <"$work/texts.txt") lines, $(wc -c <"$work/texts.txt") bytes"
run() { echo "rm -rf '$out'; '$build/newspipe' run '$here/stages/$1.lua' -o '$out' -q -j1 2>/dev/null || true"; }
hyperfine --warmup 1 --runs 5 --export-markdown "$work/stages.md" \
  -n 'no stage' "$(run none)" \
  -n 'bodies parsed (baseline)' "$(run parse)" \
  -n 'clean.scraped_news()' "$(run scraped_news)" \
  -n 'glossary, 10,000 terms' "$(run glossary)" \
  -n 'zh.convert("s2t")' "$(run zh)" \
  -n 'opencc -c s2t.json on the same texts' "opencc -c s2t.json -i '$work/texts.txt' -o /dev/null"
rm -rf "$out"
cat "$work/stages.md"
