#!/usr/bin/env bash
# The man page the build made renders without a warning (in 80 columns
# too: no table wider than the page) and has every
# command; when pandoc is here, the copy committed in docs/man/ (installed
# where there is no pandoc) is what docs/man/make.sh makes now.
# Usage: man_check.sh BUILT_PAGE SOURCE_DIR
set -u
page=$1
src=$2
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
command -v man >/dev/null || { echo "skipped: no man (apt-get install man-db)"; exit 77; }
warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
[ -z "$warnings" ] || fail "groff warns: $warnings"
complaints=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
[ -z "$complaints" ] || fail "man complains at 80 columns: $complaints"
text=$(MANWIDTH=80 man -l "$page" 2>&1)
for want in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" "newspipe run" "newspipe check" \
  "newspipe inspect" "newspipe query" "newspipe lua" "newspipe search" "newspipe pack" \
  "--shard K/N"; do
  grep -qF -- "$want" <<<"$text" || fail "the page lacks '$want'"
done
if command -v pandoc >/dev/null; then
  tmp=$(mktemp)
  trap 'rm -f "$tmp"' EXIT
  "$src/docs/man/make.sh" "$tmp"
  cmp -s "$tmp" "$src/docs/man/newspipe.1" ||
    fail "docs/man/newspipe.1 is out of date: run docs/man/make.sh docs/man/newspipe.1"
fi
[ $failures -eq 0 ] || exit 1
echo "man page: $(wc -l <<<"$text") lines, renders cleanly"
