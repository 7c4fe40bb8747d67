# What the shell tests share: a scratch folder, removed at exit, and fail,
# which says what is wrong and counts it. Source it, then end with:
#   [ $failures -eq 0 ] || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
