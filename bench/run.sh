#!/usr/bin/env bash
# How fast `newspipe run` goes through an archive: a pipeline with one Lua
# stage and both exports (tests/run/copy-all.lua), on one worker and on
# all cores, against `newspipe check --round-trip` (one thread) in the same
# run. Outputs go to a RAM folder (/dev/shm) so the disk's file-creation
# speed is not what is measured. The archive is bench/check.sh's.
# Usage: bench/run.sh [BUILD_DIR] [CORPUS] [COPIES]
set -euo pipefail
build=$(realpath "${1:-build}")
corpus=$(realpath "${2:-../shared/corpus}")
copies=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/archive.sh
. "$here/archive.sh"
out=/dev/shm/newspipe-bench-run
pipeline=$here/../tests/run/copy-all.lua
echo "archive: $(find "$archive" -type f | wc -l) files; $(nproc) cores"
hyperfine --warmup 1 --runs 5 --export-markdown "${TMPDIR:-/tmp}/bench-run.md" \
  -n 'newspipe check --round-trip' "'$build/newspipe' check --round-trip -q '$archive' >/dev/null || true" \
  -n 'newspipe run -j1' "rm -rf '$out'; '$build/newspipe' run '$pipeline' '$archive' -o '$out' -q -j1 2>/dev/null || true" \
  -n "newspipe run -j$(nproc)" "rm -rf '$out'; '$build/newspipe' run '$pipeline' '$archive' -o '$out' -q 2>/dev/null || true"
rm -rf "$out"
cat "${TMPDIR:-/tmp}/bench-run.md"
