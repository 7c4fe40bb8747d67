#!/usr/bin/env bash
# Rewrites every golden case's expected output with the newspipe given
# (default: build/newspipe). Review `git diff tests/golden` before committing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
newspipe=$(realpath "${1:-$here/../../build/newspipe}")
for case_dir in "$here"/*/; do
  [ -f "$case_dir/cmd" ] && "$here/run.sh" "$newspipe" "$case_dir" --regen
done
