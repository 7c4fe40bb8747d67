#!/bin/sh
# Makes the man page newspipe(1) from the documentation: docs/man/newspipe.md
# (name, synopsis, description, exit status), then each command's page in
# docs/commands/, a level down. Needs pandoc. CMake runs it at build time;
# without pandoc the build installs the copy committed beside this script,
# which the test docs.man keeps equal to what this makes.
# Usage: docs/man/make.sh OUT
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
{
  cat "$here/newspipe.md"
  for command in run check inspect query lua search pack; do
    echo
    sed -e 's/^#/##/' "$here/../commands/$command.md"
  done
} | pandoc --standalone --from markdown --to man --output "$out"
