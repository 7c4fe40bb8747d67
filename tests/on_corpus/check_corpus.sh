#!/usr/bin/env bash
# newspipe check --round-trip over the shared corpus: it must not crash,
# must report every bad post as path:line:col, must find zero round-trip
# differences, and must reject no post that libyaml accepts, except for
# duplicate keys and unclosed front matter (which libyaml never sees).
# Usage: check_corpus.sh NEWSPIPE YAML_REFERENCE CORPUS
set -u
newspipe=$1 reference=$2 corpus=$3
if [ ! -d "$corpus" ]; then
  echo "skipped: corpus folder $corpus not found"
  exit 77
fi
out=$(mktemp) ours=$(mktemp) theirs=$(mktemp)
trap 'rm -f "$out" "$ours" "$theirs"' EXIT
"$newspipe" check --round-trip "$corpus" >"$out"
status=$?
passed=0 failed=0
expect() { # description, command...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what"
  fi
}
summary=$(tail -n 1 "$out")
echo "$summary"
expect "exit status 1 (some corpus posts are bad)" test "$status" -eq 1
expect "zero round-trip differences" grep -q ', 0 round-trip differences$' "$out"
expect "every error line has path:line:col" \
  test -z "$(grep -E ': error: ' "$out" | grep -vE '^[^ ].*:[0-9]+:[0-9]+: error: ')"
grep -E ': error: ' "$out" | grep -v 'duplicate key' |
  grep -v 'never closed' | sed -E 's/:[0-9]+:[0-9]+: error: .*//' | sort >"$ours"
find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.html' \
  -o -name '*.htm' -o -name '*.txt' \) | "$reference" | sort >"$theirs"
extra=$(comm -23 "$ours" "$theirs")
expect "no post rejected that libyaml accepts" test -z "$extra"
[ -z "$extra" ] || echo "$extra"
echo "$(wc -l <"$ours") rejected by newspipe (duplicates/unclosed aside), $(wc -l <"$theirs") by libyaml"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
