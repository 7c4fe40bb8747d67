#!/usr/bin/env bash
# How fast `newspipe check --round-trip` reads an archive, against floors
# measured in the same run: reading the files (cat); plain libyaml over each
# front matter (tests/on_corpus/yaml_reference.c); and bench/floor.c, which
# also runs md4c and gumbo on each body: what any tool built on these
# libraries must pay; and the same round trip written as a Lua script
# (bench/roundtrip.lua), for what the Lua layer costs. The archive is COPIES copies of a corpus folder, made
# once.
# Usage: bench/check.sh [BUILD_DIR] [CORPUS] [COPIES]
set -euo pipefail
build=$(realpath "${1:-build}")
corpus=$(realpath "${2:-../shared/corpus}")
copies=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/archive.sh
. "$here/archive.sh"
list=$archive.list
find "$archive" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.html' \
  -o -name '*.htm' -o -name '*.txt' \) | sort >"$list"
echo "archive: $(wc -l <"$list") posts, $(du -sh "$archive" | cut -f1); $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
hyperfine --warmup 1 --runs 5 --export-markdown "${TMPDIR:-/tmp}/bench-check.md" \
  -n 'cat (read floor)' "xargs -d '\n' cat <'$list' >/dev/null" \
  -n 'libyaml alone' "'$build/tests/yaml_reference' <'$list'" \
  -n 'libyaml + md4c + gumbo (floor)' "'$build/np_floor' <'$list' 2>/dev/null" \
  -n 'newspipe check --round-trip' "'$build/newspipe' check --round-trip -q '$archive' >/dev/null || true" \
  -n 'the same in Lua (bench/roundtrip.lua)' "'$build/newspipe' lua '$here/roundtrip.lua' <'$list' 2>/dev/null"
cat "${TMPDIR:-/tmp}/bench-check.md"
