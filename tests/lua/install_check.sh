#!/usr/bin/env bash
# `cmake --install` puts newspipe.so and the stage library where Debian's
# lua5.4 looks: installs into a scratch DESTDIR, checks that lua5.4's own
# default package.cpath and package.path cover the installed places, then
# loads both from there with plain lua5.4; the SQLite extension
# newspipe_fts loads into the sqlite3 shell; `man newspipe` renders the
# installed page and the installed bash completion completes.
# Usage: install_check.sh BUILD_DIR LUA_INTERPRETER
# NP_LUA_PRELOAD, when set, is LD_PRELOADed into lua5.4 only (the ASan
# runtime, for a sanitized module).
set -eu
build=$1
lua=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
prefix=$(cache CMAKE_INSTALL_PREFIX)
cmod=$(cache NP_LUA_CMOD_DIR)
lmod=$(cache NP_LUA_LMOD_DIR)
extdir=$(cache NP_SQLITE_EXT_DIR)
DESTDIR=$dest cmake --install "$build" >/dev/null

fail=0
mandir=$(cache CMAKE_INSTALL_MANDIR)
datadir=$(cache CMAKE_INSTALL_DATADIR)
datadir=${datadir:-share}        # GNUInstallDirs caches these empty: defaults
mandir=${mandir:-$datadir/man}
for f in "$prefix/$cmod/newspipe.so" "$prefix/$lmod/newspipe/clean.lua" "$prefix/bin/newspipe" \
  "$prefix/$extdir/newspipe_fts.so" "$prefix/$mandir/man1/newspipe.1" \
  "$prefix/$datadir/bash-completion/completions/newspipe"; do
  if [ ! -f "$dest$f" ]; then echo "FAIL: $f not installed"; fail=1; fi
done
defaults=$(env -u LUA_CPATH -u LUA_PATH -u LUA_CPATH_5_4 -u LUA_PATH_5_4 \
  "$lua" -e 'print(package.cpath .. ";" .. package.path)')
for want in "$prefix/$cmod/?.so" "$prefix/$lmod/?.lua"; do
  case ";$defaults;" in
    *";$want;"*) ;;
    *) echo "FAIL: $want is not on lua5.4's default search path ($defaults)"; fail=1 ;;
  esac
done
LD_PRELOAD=${NP_LUA_PRELOAD:-} \
  LUA_CPATH="$dest$prefix/$cmod/?.so" LUA_PATH="$dest$prefix/$lmod/?.lua" "$lua" -e '
  local np = require "newspipe"
  local clean = require "newspipe.clean"
  local post = assert(np.parse_string("---\ntitle: t\n---\n<p>x</p><!-- c -->\n", "a.html"))
  clean.remove_comments()(post)
  assert(post:serialize() == "---\ntitle: t\n---\n<p>x</p>\n")' || fail=1
# the installed SQLite extension loads into the sqlite3 shell
if command -v sqlite3 >/dev/null; then
  sqlite3 :memory: ".load $dest$prefix/$extdir/newspipe_fts" \
    "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'newspipe')" || fail=1
fi
# `man newspipe` finds the installed page and renders it
if command -v man >/dev/null; then
  MANPATH="$dest$prefix/$mandir" MANWIDTH=80 man newspipe 2>/dev/null | grep -q '^NAME' ||
    { echo "FAIL: man newspipe does not render the installed page"; fail=1; }
fi
# the installed completion completes
bash -c "source '$dest$prefix/$datadir/bash-completion/completions/newspipe' &&
  COMP_WORDS=(newspipe ru) COMP_CWORD=1 && _newspipe && [ \"\${COMPREPLY[*]}\" = run ]" ||
  { echo "FAIL: the installed bash completion does not complete"; fail=1; }
[ $fail -eq 0 ] && echo "installed module and scripts load from plain lua5.4; the SQLite extension loads; man newspipe renders; completion completes"
exit $fail
