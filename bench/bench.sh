#!/usr/bin/env bash
# newspipe against the floor and against what editors use today, in one run:
# see bench/README.md. Writes bench/RESULTS.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/bench.sh [OPTION]...
Times the reference task (bench/reference.lua) over an archive of posts:
the floor (bench/floor.c), newspipe on one core and on all, Python with
BeautifulSoup on one process and on all cores, pandoc one process per post.
Each is run 3 times; medians go to bench/RESULTS.md.

  --posts N         archive size (default 20000)
  --large           100,000 posts
  --source DIR      the posts to replicate (default ../shared/corpus)
  --build DIR       a newspipe build to use (default: bench/build, made
                    with -DCMAKE_BUILD_TYPE=Release if missing)
  --runs R          runs per command (default 3)
  --pandoc-posts K  how many posts pandoc converts, evenly spread (default
                    1000; pandoc takes ~40 ms of CPU a post)
  --no-scale        skip the 20,000 vs 100,000 posts memory check
  --no-disk         skip the run that writes to disk instead of /dev/shm
  --no-zh           skip Chinese conversion against Debian's opencc (on the
                    source folder itself, not the archive)
  --results FILE    where the report goes (default bench/RESULTS.md)
  -h, --help        this help

Needs: time pandoc opencc python3-bs4 python3-lxml python3-yaml python3-markdown
(Debian packages) and a newspipe build's dependencies (README).
EOF
}

args=("$@")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
posts=20000
source_dir=$top/../shared/corpus
build=
runs=3
pandoc_posts=1000
scale=1
disk=1
zh=1
results=$here/RESULTS.md
while [ $# -gt 0 ]; do
  case $1 in
  --posts) posts=$2; shift ;;
  --large) posts=100000 ;;
  --source) source_dir=$2; shift ;;
  --build) build=$2; shift ;;
  --runs) runs=$2; shift ;;
  --pandoc-posts) pandoc_posts=$2; shift ;;
  --no-scale) scale=0 ;;
  --no-disk) disk=0 ;;
  --no-zh) zh=0 ;;
  --results) results=$2; shift ;;
  -h | --help) usage; exit 0 ;;
  *) echo "bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$posts$runs$pandoc_posts" in
*[!0-9]*) echo "bench.sh: --posts, --runs and --pandoc-posts take numbers" >&2; exit 2 ;;
esac

missing=
[ -x /usr/bin/time ] || missing="$missing time"
command -v pandoc >/dev/null || missing="$missing pandoc"
[ "$zh" = 0 ] || command -v opencc >/dev/null || missing="$missing opencc"
for m in bs4:python3-bs4 lxml:python3-lxml yaml:python3-yaml markdown:python3-markdown; do
  /usr/bin/python3 -c "import ${m%%:*}" 2>/dev/null || missing="$missing ${m#*:}"
done
if [ -n "$missing" ]; then
  echo "bench.sh: missing Debian packages; as root: apt-get install -y$missing" >&2
  exit 2
fi
if [ ! -d "$source_dir" ]; then
  echo "bench.sh: no source folder $source_dir (give one with --source DIR)" >&2
  exit 2
fi
source_dir=$(realpath "$source_dir")

if [ -z "$build" ]; then
  build=$here/build
  if [ ! -x "$build/newspipe" ]; then
    echo "building newspipe (Release) in $build"
    cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
  fi
fi
build=$(realpath "$build")
for tool in newspipe np_floor; do
  if [ ! -x "$build/$tool" ]; then
    echo "bench.sh: $build/$tool is missing (build the project there first)" >&2
    exit 2
  fi
done

work=${TMPDIR:-/tmp}/newspipe-bench
shm=/dev/shm/newspipe-bench-$$
mkdir -p "$work" "$shm"
trap 'rm -rf "$shm"' EXIT
cores=$(nproc)
measures=$work/measures.tsv
: >"$measures"

# The posts of a source folder, sorted bytewise (README and SOURCES files
# at its top are not posts), NUL-separated.
list_posts() {
  (cd "$1" && find . -type f \( -name '*.md' -o -name '*.markdown' \
    -o -name '*.html' -o -name '*.htm' \) ! -path ./SOURCES.md \
    ! -path ./README.md -print0 | LC_ALL=C sort -z)
}

# An archive of $1 posts: the source's posts copied into copy-001/,
# copy-002/... in sorted order until there are $1; made once and kept.
make_archive() {
  local n=$1 listing key dir count round=0 left
  listing=$work/source.list
  list_posts "$source_dir" >"$listing"
  count=$(tr -cd '\0' <"$listing" | wc -c)
  if [ "$count" -eq 0 ]; then
    echo "bench.sh: no posts (.md .markdown .html .htm) in $source_dir" >&2
    exit 2
  fi
  key=$( (echo "$source_dir"; cat "$listing") | cksum | cut -d' ' -f1)
  dir=$work/archive-$n-$key
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    left=$n
    while [ "$left" -gt 0 ]; do
      round=$((round + 1))
      local part
      part=$(printf '%s/copy-%03d' "$dir" "$round")
      mkdir -p "$part"
      head -z -n "$left" "$listing" | tar -C "$source_dir" --null -T - -cf - |
        tar -C "$part" -xf -
      left=$((left - count))
    done
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# measure NAME POSTS BYTES COMMAND...: runs it $runs times (its output
# folder $out emptied before each run, untimed), appends one line a run to
# $measures: name, posts, bytes, wall s, user s, sys s, peak RSS KB.
measure() {
  local name=$1 n=$2 size=$3 r
  shift 3
  for r in $(seq 1 "$runs"); do
    rm -rf "$out"
    sync
    if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" \
      >"$work/stdout" 2>"$work/stderr"; then
      # newspipe exits 1 when some posts fail (the corpus has bad ones)
      if ! grep -q 'exited with non-zero status 1$' "$work/time"; then
        echo "bench.sh: '$name' failed:" >&2
        tail -5 "$work/stderr" >&2
        exit 1
      fi
    fi
    printf '%s\t%s\t%s\t%s\n' "$name" "$n" "$size" "$(tail -1 "$work/time" | tr ' ' '\t')" >>"$measures"
    printf '  %-28s run %d: %s s\n' "$name" "$r" "$(tail -1 "$work/time" | cut -d' ' -f1)"
  done
}

archive=$(make_archive "$posts")
list_posts "$archive" | tr '\0' '\n' | sed "s|^\./|$archive/|" >"$work/paths"
nposts=$(wc -l <"$work/paths")
bytes=$(xargs -d '\n' cat <"$work/paths" | wc -c)
echo "archive: $nposts posts, $bytes bytes in $archive; $cores cores"
# warm the page cache: every tool reads the archive from memory
xargs -d '\n' cat <"$work/paths" >/dev/null

ref=$here/reference.lua
out=$shm/out
echo "timing ($runs runs each):"
measure floor "$nposts" "$bytes" sh -c "'$build/np_floor' <'$work/paths'"
measure "newspipe -j1" "$nposts" "$bytes" "$build/newspipe" run "$ref" "$archive" -o "$out" -q -j1
cp "$out/records.jsonl" "$work/newspipe.jsonl"
measure "newspipe -j$cores" "$nposts" "$bytes" "$build/newspipe" run "$ref" "$archive" -o "$out" -q -j"$cores"
measure "python" "$nposts" "$bytes" /usr/bin/python3 "$here/baselines/reference.py" "$archive" "$out"
cp "$out/records.jsonl" "$work/python.jsonl"
measure "python -j$cores" "$nposts" "$bytes" /usr/bin/python3 "$here/baselines/reference.py" "$archive" "$out" --jobs "$cores"

# pandoc: every k-th post, one process each, $cores at a time
step=$(((nposts + pandoc_posts - 1) / pandoc_posts))
list_posts "$archive" | tr '\0' '\n' | sed 's|^\./||' | awk -v k="$step" 'NR % k == 1 || k == 1' >"$work/pandoc.list"
npandoc=$(wc -l <"$work/pandoc.list")
pbytes=$(sed "s|^|$archive/|" "$work/pandoc.list" | xargs -d '\n' cat | wc -c)
measure "pandoc -j$cores" "$npandoc" "$pbytes" "$here/baselines/pandoc.sh" "$archive" "$out" "$work/pandoc.list" "$cores"
cp "$out/records.jsonl" "$work/pandoc.jsonl"

if [ "$disk" = 1 ]; then
  echo "one run writing to disk ($work):"
  out=$work/out-disk runs=1 measure "newspipe -j$cores, disk" "$nposts" "$bytes" \
    "$build/newspipe" run "$ref" "$archive" -o "$work/out-disk" -q -j"$cores"
  rm -rf "$work/out-disk"
fi

if [ "$scale" = 1 ]; then
  echo "memory as the archive grows:"
  for n in 20000 100000; do
    [ "$n" = "$posts" ] && continue
    other=$(make_archive "$n")
    find "$other" -type f -print0 | xargs -0 cat >/dev/null # into the page cache
    obytes=$(find "$other" -type f ! -name .complete -printf '%s\n' | awk '{ s += $1 } END { print s }')
    runs=1 measure "newspipe -j$cores, $n posts" "$n" "$obytes" "$build/newspipe" run "$ref" "$other" -o "$out" -q -j"$cores"
  done
fi
if [ "$zh" = 1 ]; then
  # zh.convert("s2t") on every body against Debian's opencc converting
  # exactly the texts it converts (titles and text nodes with a Chinese
  # character, one a line): what the stage adds to the parse, over
  # OpenCC's own time
  echo "Chinese conversion, over $source_dir:"
  "$build/newspipe" lua "$here/stages/texts.lua" "$source_dir" "$work/texts.txt"
  zposts=$(list_posts "$source_dir" | tr -cd '\0' | wc -c)
  zbytes=$(wc -c <"$work/texts.txt")
  sbytes=$(cd "$source_dir" && list_posts . | xargs -0 cat | wc -c)
  measure "zh: bodies parsed -j1" "$zposts" "$sbytes" "$build/newspipe" run "$here/stages/parse.lua" "$source_dir" -o "$out" -q -j1
  measure 'zh: zh.convert("s2t") -j1' "$zposts" "$sbytes" "$build/newspipe" run "$here/stages/zh.lua" "$source_dir" -o "$out" -q -j1
  measure "zh: opencc on the same texts" "$(wc -l <"$work/texts.txt")" "$zbytes" opencc -c s2t.json -i "$work/texts.txt" -o /dev/null
fi
rm -rf "$out"

compare() {
  /usr/bin/python3 "$here/baselines/compare.py" "$work/newspipe.jsonl" "$@"
}
{
  echo "### newspipe and Python: the same records?"
  echo
  compare "$work/python.jsonl"
  echo
  echo "### newspipe and pandoc: the same records?"
  echo
  compare "$work/pandoc.jsonl"
} >"$work/compare.md"

command=bench/bench.sh
[ ${#args[@]} -eq 0 ] || command="$command$(printf ' %q' "${args[@]}")"
/usr/bin/python3 "$here/report.py" "$measures" "$work/compare.md" \
  --posts "$nposts" --bytes "$bytes" --cores "$cores" --source "$source_dir" \
  --command "$command" >"$results"
echo "wrote $results"
