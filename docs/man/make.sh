#!/usr/bin/env bash
# Makes the man page newspipe(1) from the documentation: docs/man/newspipe.md
# (name, synopsis, description, exit status), then each command's page in
# docs/commands/, a level down. Needs pandoc. CMake runs it at build time;
# without pandoc the build installs the copy committed beside this script,
# which the test docs.man keeps equal to what this makes.
# Usage: docs/man/make.sh OUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
{
  cat "$here/newspipe.md"
  for command in run check inspect query lua search pack; do
    echo
    sed -e 's/^#/##/' "$here/../commands/$command.md"
  done
} | pandoc --standalone --from markdown --to man |
  # pandoc gives a table's columns 70 ens in all, which with the page's
  # indent and tbl's gaps is past 80 columns: man warns, and wraps badly
  perl -pe 's/\bl(w)\(([\d.]+)n\)/sprintf("l%s(%.1fn)", $1, $2 * 0.85)/ge' >"$out"
