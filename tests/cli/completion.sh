#!/usr/bin/env bash
# The bash completion (bindings/cli/completion.bash) offers what each place
# on the command line takes. Usage: completion.sh SOURCE_DIR
set -u
source "$1/bindings/cli/completion.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
mkdir posts out
touch pipeline.lua notes.txt archive.db posts/a.md
failures=0
# complete WORDS... : the completions of the last word
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _newspipe
  printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd' '
}
want() { # WANT WORDS...
  local want=$1
  shift
  local got
  got=$(complete_words "$@")
  if [ "$got" != "$want" ]; then
    echo "FAIL: '$*' completes to '$got', want '$want'"
    failures=$((failures + 1))
  fi
}
want "run" newspipe r
want "check" newspipe ch
want "--help --version" newspipe --
want "out pipeline.lua posts" newspipe run ""
want "--sandbox --shard --stream" newspipe run pipeline.lua --s
want "out posts" newspipe run pipeline.lua -o ""
want "" newspipe run pipeline.lua -j ""
want "archive.db notes.txt out pipeline.lua posts" newspipe run pipeline.lua ""
want "posts/a.md" newspipe check posts/
want "--round-trip" newspipe check --r
want "archive.db out posts" newspipe search ""
want "" newspipe search archive.db ""
want "" newspipe query ""
want "archive.db notes.txt out pipeline.lua posts" newspipe query "p" ""
want "--attr" newspipe query --a
want "out pipeline.lua posts" newspipe lua ""
want "" newspipe lua -e ""
[ $failures -eq 0 ] || exit 1
echo "completion: ok"
