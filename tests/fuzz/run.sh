#!/usr/bin/env bash
# Builds each libFuzzer target with clang (ASan + UBSan) and fuzzes it for
# SECONDS, seeded with the example posts, the kept findings and (when it is
# there) the small posts of the shared corpus. Exits non-zero on a finding,
# which libFuzzer writes to $work/crash-*: make it a file in
# tests/fuzz/regressions/ and fix it. Usage: tests/fuzz/run.sh [SECONDS]
# Needs Debian's clang and libclang-rt-14-dev.
set -euo pipefail
seconds=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
work=${TMPDIR:-/tmp}/newspipe-fuzz
mkdir -p "$work/seeds"
cp "$top"/examples/posts/* "$top"/tests/fuzz/regressions/* "$work/seeds/"
if [ -d "$top/../shared/corpus" ]; then
  find "$top/../shared/corpus" -type f -size -16k -print0 |
    xargs -0 -I{} sh -c 'cp "$1" "$2/$(printf %s "$1" | cksum | cut -d" " -f1)"' _ {} "$work/seeds"
fi
# shellcheck disable=SC2046
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_POSIX_C_SOURCE=200809L -I$top/core $(pkg-config --cflags yaml-0.1 gumbo md4c opencc sqlite3)"
libs="$(pkg-config --libs yaml-0.1 gumbo md4c opencc sqlite3) -lm -lpthread"
for target in post body; do
  echo "fuzz_$target: building"
  # shellcheck disable=SC2086
  clang $flags "$top/tests/fuzz/fuzz_$target.c" "$top"/core/*.c $libs -o "$work/fuzz_$target"
  mkdir -p "$work/corpus_$target"
  echo "fuzz_$target: ${seconds}s"
  (cd "$work" && ./fuzz_$target -max_total_time="$seconds" -max_len=16384 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "corpus_$target" seeds 2>&1 | tail -12)
done
