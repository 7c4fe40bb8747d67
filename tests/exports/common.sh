# Sourced by the check_*.sh scripts once they have set `newspipe` and
# `source_dir`: skips (77) without the posts, makes a scratch folder, and
# runs a pipeline of this folder over the posts with -j1 and -j4, into
# $tmp/j1 and $tmp/j4.
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$source_dir" ] || { echo "skipped: no $source_dir"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export NP_EXPORTS_SOURCE=$source_dir
# run_both PIPELINE: the pipeline here, at -j1 and at -j4
run_both() {
  "$newspipe" run "$here/$1" -o "$tmp/j1" -q -j1 2>"$tmp/e1"
  "$newspipe" run "$here/$1" -o "$tmp/j4" -q -j4 2>"$tmp/e4"
}
