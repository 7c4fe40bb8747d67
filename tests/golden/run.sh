#!/usr/bin/env bash
# Runs one golden case: each line of CASE/cmd is a newspipe invocation (run
# inside CASE); their stdout, stderr and exit statuses, in order, must equal
# CASE/expected byte for byte. With --regen, writes CASE/expected instead:
# review the diff before committing it (STYLE.md §8).
# Usage: run.sh NEWSPIPE CASE_DIR [--regen]
set -u
newspipe=$1
case_dir=$2
mode=${3:-}
cd "$case_dir" || exit 2
actual=$(mktemp)
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$actual" "$out" "$err"' EXIT
while IFS= read -r line; do
  [ -n "$line" ] || continue
  read -ra args <<<"$line"
  printf '$ newspipe %s\n' "$line" >>"$actual"
  "$newspipe" "${args[@]}" >"$out" 2>"$err" </dev/null
  status=$?
  cat "$out" >>"$actual"
  if [ -s "$err" ]; then
    printf '[stderr]\n' >>"$actual"
    # a run's summary says how long it took: not a golden fact
    sed -E 's/ in [0-9]+\.[0-9] s:/ in N s:/' "$err" >>"$actual"
  fi
  printf '[exit %d]\n' "$status" >>"$actual"
done <cmd
if [ "$mode" = --regen ]; then
  cp "$actual" expected
  echo "wrote $case_dir/expected"
  exit 0
fi
if diff -u expected "$actual"; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
