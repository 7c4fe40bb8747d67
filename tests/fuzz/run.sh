#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan, CMake's NP_FUZZ)
# in build-fuzz/ and fuzzes each for SECONDS, seeded with the example posts, the kept
# findings, the seed lists here and (when it is there) the shared corpus.
# Exits non-zero on a finding; libFuzzer writes the input to
# $work/crash-* (or leak-*, timeout-*): add it to tests/fuzz/regressions/
# and fix it. Needs Debian's clang and libclang-rt-14-dev.
#
# Usage: tests/fuzz/run.sh [SECONDS [TARGET...]]
#   SECONDS  per target (default 60)
#   TARGET   post meta body select date roundtrip json (default: all)
# NP_FUZZ_SEED=N fixes libFuzzer's random seed (CI's runs do, so that a
# CI finding is found again by the same command); unset, each run differs.
set -euo pipefail
seconds=${1:-60}
seed=${NP_FUZZ_SEED:-0} # libFuzzer's 0: a random seed
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(post meta body select date roundtrip json)
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$top/../shared/corpus
work=${TMPDIR:-/tmp}/newspipe-fuzz
build=$top/build-fuzz

command -v clang >/dev/null || {
  echo "run.sh: needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
}
echo "building the fuzz targets in $build"
CC=clang cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNP_FUZZ=ON >"$work.cmake.log" 2>&1 || { cat "$work.cmake.log"; exit 2; }
cmake --build "$build" -j "$(nproc)" --target \
  "${targets[@]/#/fuzz_}" >"$work.build.log" 2>&1 || { tail -30 "$work.build.log"; exit 2; }

# One seed folder per kind of input: files named by their checksum.
add_seed() { # FOLDER < data
  local tmp
  tmp=$(mktemp "$1/.seed.XXXXXX")
  cat >"$tmp"
  mv "$tmp" "$1/$(cksum <"$tmp" | cut -d' ' -f1)"
}
add_lines() { # FOLDER FILE: each line a seed
  while IFS= read -r line; do printf %s "$line" | add_seed "$1"; done <"$2"
}
small_posts() {
  find "$top/examples/posts" "$top/tests/fuzz/regressions" -type f -print0
  [ -d "$corpus" ] && find "$corpus" -type f -size -16k -print0
  true
}
rm -rf "$work/seeds"
mkdir -p "$work/seeds"/{posts,meta,dates,selectors,json}
while IFS= read -r -d '' f; do
  add_seed "$work/seeds/posts" <"$f"
  # the front matter alone, for the YAML target
  awk 'NR == 1 && !/^---/ { exit } NR > 1 && /^---/ { exit } NR > 1' "$f" |
    add_seed "$work/seeds/meta"
done < <(small_posts)
add_lines "$work/seeds/dates" "$top/tests/fuzz/seeds/dates.txt"
add_lines "$work/seeds/selectors" "$top/tests/fuzz/seeds/selectors.txt"
add_lines "$work/seeds/json" "$top/tests/fuzz/seeds/stream.txt"
# each post as a --stream line, for the JSON target
small_posts | /usr/bin/python3 -c 'import json, sys, zlib
for path in sys.stdin.buffer.read().split(b"\0")[:-1]:
    try:
        source = open(path, "rb").read().decode("utf-8")
    except UnicodeDecodeError:
        continue
    line = json.dumps({"path": path.decode("utf-8", "replace"), "source": source})
    open("%s/%08x" % (sys.argv[1], zlib.crc32(line.encode())), "w").write(line)
' "$work/seeds/json"
if [ -d "$corpus" ]; then
  find "$corpus" -type f -print0 | xargs -0 grep -h -m1 '^date: ' |
    cut -c7- | sort -u | awk 'NR <= 500' >"$work/dates.txt"
  add_lines "$work/seeds/dates" "$work/dates.txt"
fi
seeds_of() {
  case $1 in
  meta) echo "$work/seeds/meta" ;;
  date) echo "$work/seeds/dates" ;;
  select) echo "$work/seeds/selectors" ;;
  json) echo "$work/seeds/json" ;;
  *) echo "$work/seeds/posts" ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  mkdir -p "$work/corpus_$target"
  echo "fuzz_$target: ${seconds}s"
  if ! (cd "$work" && "$build/tests/fuzz_$target" -max_total_time="$seconds" -seed="$seed" \
    -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "corpus_$target" "$(seeds_of "$target")" >"$work/fuzz_$target.log" 2>&1); then
    status=1
    echo "fuzz_$target: FINDING (log: $work/fuzz_$target.log)"
    grep -A30 "ERROR\|deadly signal\|==ERROR" "$work/fuzz_$target.log" | head -60
  fi
  grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb|^#[0-9]+.*DONE" \
    "$work/fuzz_$target.log" | sed "s/^/fuzz_$target: /"
done
exit $status
