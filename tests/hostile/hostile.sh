#!/usr/bin/env bash
# The hostile suite: what a scraped archive can bring, through `newspipe
# run` at full size, and the faults a run can meet. One case per call.
# Usage: hostile.sh NEWSPIPE SOURCE_DIR CASE
#   inputs       make_archive.py's files (those issue 10 lists) beside the
#                example posts: each hostile file is written correctly or
#                fails alone with a clear error (checked against the table
#                below), in bounded time and memory; the example posts come
#                out exactly as in a run without the hostile files. Set
#                NP_RUNNER (e.g. to a valgrind command) to run newspipe
#                under it.
#   more         the same for other kinds a new user's archive brings
#                (pathological Markdown and HTML, odd YAML, other encodings
#                and formats, odd names, devices, linked folders)
#   disk-full    an output folder on a 1 MB tmpfs: clear errors, no partial
#                files; with in_place, every original intact
#   kill         kill -9 in the middle of an in-place run: every post is
#                its old or its new version, never truncated, no temp file
#   unwritable   an output folder that cannot be written: an error before
#                any post is read
#   sandbox      a pipeline from someone else under --sandbox: no program
#                run, no binary chunk loaded, nothing written outside the
#                output folder, no in-place or escaping export
set -u
newspipe=$1
src=$2
case_name=$3
here=$src/tests/hostile
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
runner=${NP_RUNNER:-}

# Runs newspipe as an unprivileged user when we are root (as in CI), so
# that a file without read permission is unreadable.
as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    chown -R 65534:65534 "$tmp"
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
  else
    "$@"
  fi
}

# Runs the shell code CODE in a mount namespace where $tmp/disk is a 1 MB
# tmpfs (gone with the namespace); CODE sees tmp, newspipe and here.
# Returns 99 when no tmpfs can be mounted.
on_small_disk() {
  mkdir -p "$tmp/disk"
  local unshare=(unshare -m)
  [ "$(id -u)" -eq 0 ] || unshare=(unshare -rm)
  # shellcheck disable=SC2016 # expanded by the inner shell
  tmp=$tmp newspipe=$newspipe here=$here "${unshare[@]}" bash -c \
    'mount -t tmpfs -o size=1m tmpfs "$tmp/disk" 2>/dev/null || exit 99; eval "$1"' _ "$1"
}

# Every file under GOT is complete: as in WANT, byte for byte; no temp
# files; JSON lines files hold whole lines.
written_as_wanted() {
  local got=$1 want=$2 f
  [ -d "$got" ] || return 0
  ! find "$got" -name '.newspipe-*' | grep -q . || fail "temporary files left in $got"
  while IFS= read -r -d '' f; do
    case $f in
    *.jsonl)
      /usr/bin/python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"): json.loads(line)' "$f" ||
        fail "${f#"$got"/}: not whole JSON lines" ;;
    *) cmp -s "$f" "$want/${f#"$got"/}" || fail "${f#"$got"/}: incomplete or wrong" ;;
    esac
  done < <(find "$got" -type f -print0)
}

# Every post under GOT is its OLD version or its NEW one, none missing.
# Temporary files are counted: a kill -9 can leave one behind, hidden
# (".NAME.newspipe-PID-N") and never taken for a post.
old_or_new() {
  /usr/bin/python3 - "$@" <<'PY' || fail "a post is neither its old nor its new version, or is missing"
import os, sys
got, old, new = sys.argv[1:4]
counts = {"old": 0, "new": 0, "temporary": 0}
bad = 0
for root, _, files in os.walk(old):
    for name in files:
        rel = os.path.relpath(os.path.join(root, name), old)
        data = open(os.path.join(got, rel), "rb").read()
        if data == open(os.path.join(old, rel), "rb").read():
            counts["old"] += 1
        elif data == open(os.path.join(new, rel), "rb").read():
            counts["new"] += 1
        else:
            print("%s: neither version (%d bytes)" % (rel, len(data)))
            bad += 1
for root, _, files in os.walk(got):
    counts["temporary"] += sum(".newspipe-" in n and n.startswith(".") for n in files)
print("%(new)d posts rewritten, %(old)d as they were, %(temporary)d "
      "temporary files left" % counts)
sys.exit(bad > 0)
PY
}

# Runs the pipeline over make_archive.py's archive of KIND beside the
# example posts, and over the example posts alone: each hostile file is
# written ("FILE|ok" on stdin) or fails alone with the error its line
# names ("FILE|error text"); the run ends in bounded time and memory,
# without a sanitizer or valgrind report; the example posts come out as
# without the hostile files. SUMMARY: the run's summary, a grep pattern.
hostile_archive() { # KIND SUMMARY < TABLE
  local kind=$1 summary=$2 status kb line file want f
  /usr/bin/python3 "$here/make_archive.py" "$kind" "$tmp/archive" || exit 2
  mkdir "$tmp/plain"
  cp "$src"/examples/posts/* "$tmp/archive/"
  cp "$src"/examples/posts/* "$tmp/plain/"
  chmod -R a+rX "$tmp"
  [ ! -e "$tmp/archive/unreadable.md" ] || chmod 0 "$tmp/archive/unreadable.md"
  # valgrind is some 30 times slower: the stages' time budget with it
  # shellcheck disable=SC2086
  as_user /usr/bin/time -f '%e s %M KB' -o "$tmp/usage" timeout 900 \
    $runner "$newspipe" run "$here/pipeline.lua" "$tmp/archive" -o "$tmp/out" -j2 \
    ${runner:+--timeout 300} >"$tmp/stdout" 2>"$tmp/err"
  status=$?
  # shellcheck disable=SC2086
  as_user $runner "$newspipe" run "$here/pipeline.lua" "$tmp/plain" -o "$tmp/plain-out" -j2 -q \
    2>"$tmp/plain-err" || fail "the run without hostile files fails: $(cat "$tmp/plain-err")"
  cat "$tmp/err"
  echo "time and peak memory: $(tail -1 "$tmp/usage")"
  [ $status -eq 1 ] || fail "exit $status, want 1 (some posts failed)"
  # bounded: well under the default --memory (1024 MB) per worker
  kb=$(tail -1 "$tmp/usage" | awk '{print $3}')
  [ -z "$runner" ] && [ "${kb:-0}" -gt 1048576 ] && fail "peak memory $kb KB"
  grep -q "ERROR SUMMARY: [1-9]" "$tmp/err" && fail "valgrind found errors"
  grep -q "runtime error:\|AddressSanitizer" "$tmp/err" && fail "a sanitizer found errors"

  # every file: "ok" (written), or the error it must fail with
  while IFS='|' read -r file want; do
    [ -n "$file" ] || continue
    line=$(grep -F "$tmp/archive/$file" "$tmp/err" | grep -F ": error: " | head -1)
    if [ "$want" = ok ]; then
      [ -z "$line" ] || fail "$file: $line"
      [ -f "$tmp/out/posts/$file" ] || fail "$file: not written"
    else
      case $line in
      *"$want"*) ;;
      *) fail "$file: want an error with '$want', got '$line'" ;;
      esac
      [ ! -e "$tmp/out/posts/$file" ] || fail "$file: written despite its error"
    fi
  done
  grep -q "$summary" "$tmp/err" || fail "summary: $(grep ' posts in ' "$tmp/err")"

  # the ordinary posts are untouched by their neighbours
  for f in "$tmp"/plain-out/posts/*; do
    cmp -s "$f" "$tmp/out/posts/${f##*/}" || fail "${f##*/} differs from a run without hostile files"
  done
  /usr/bin/python3 - "$tmp/plain-out/posts.jsonl" "$tmp/out/posts.jsonl" <<'PY' ||
import json, os, sys
def records(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        out[os.path.basename(r.pop("path"))] = r
    return out
plain, mixed = records(sys.argv[1]), records(sys.argv[2])
sys.exit(any(mixed.get(name) != r for name, r in plain.items()))
PY
    fail "the example posts' records differ from a run without hostile files"
  "$newspipe" check -q "$tmp/out/posts" >/dev/null 2>&1 ||
    fail "the written posts do not all read back"
}

case $case_name in
inputs)
  hostile_archive inputs "^34 posts in .*: 16 written, 0 unchanged, 0 dropped, 18 failed$" <<'EOF'
empty.md|ok
front-matter-only.md|ok
only-delimiters.md|ok
nul-bytes.md|ok
long-line.md|ok
cr-only.md|ok
mixed-line-ends.md|ok
bom-crlf.md|ok
html-bomb-tables.html|ok
script-only.html|ok
no-closing-delimiter.md|no-closing-delimiter.md:1:1: error: front matter opened here is never closed
binary.md|binary.md:1:1: error: not a text post: the file is a PNG image
utf16.md|utf16.md:1:1: error: UTF-16 text
invalid-utf8.md|invalid-utf8.md:3:13: error: invalid UTF-8 in front matter (byte 0xFF)
large-body.html|large-body.html: error: body: reading it would take about
nested-divs.html|nested-divs.html:7:50001: error: body: elements nested more than 10000 deep
million-attributes.html|million-attributes.html:7:1: error: body: a tag with 1000000 attributes
yaml-anchor-bomb.md|yaml-anchor-bomb.md:8:25: error: front matter expands to more than 100000 values
front-matter-not-a-map.md|front-matter-not-a-map.md: error: cannot edit front matter
bad-yaml.md|bad-yaml.md:4:1: error: front matter: found unexpected end of stream
duplicate-keys.md|duplicate-keys.md:3:1: error: front matter: duplicate key 'title'
deep-yaml.md|deep-yaml.md:2:68: error: front matter nests deeper than 64 levels
dangling.md|dangling.md: error: cannot read: No such file or directory
loop-a.md|loop-a.md: error: cannot read: Too many levels of symbolic links
unreadable.md|unreadable.md: error: cannot read: Permission denied
zz-vanishes.md|zz-vanishes.md: error: cannot read: No such file or directory
huge-sparse.md|huge-sparse.md: error: post larger than 1073741824 bytes (2147483653)
EOF
  grep -q "$tmp/archive/loop: warning: folder already visited" "$tmp/err" ||
    fail "the folder loop is not reported"
  grep -q "$tmp/archive/pipe.md: warning: a named pipe, not a file; skipped" "$tmp/err" ||
    fail "the named pipe is not reported"
  # what was written keeps its line ends
  [ "$(tr -dc '\n' <"$tmp/out/posts/cr-only.md" | wc -c)" -eq 0 ] ||
    fail "cr-only.md gained LF line ends"
  head -c 8 "$tmp/out/posts/bom-crlf.md" | cmp -s - <(printf '\xEF\xBB\xBF---\r\n') ||
    fail "bom-crlf.md lost its BOM or CRLF"
  ;;
more)
  hostile_archive more "^63 posts in .*: 43 written, 0 unchanged, 0 dropped, 20 failed$" <<'EOF'
md-blockquotes.md|md-blockquotes.md:5:1: error: body: elements nested more than 10000 deep
md-nested-lists.md|ok
md-brackets.md|ok
md-emphasis.md|ok
md-backticks.md|ok
md-link-definitions.md|ok
md-wide-table.md|ok
md-open-links.md|ok
md-entities.md|ok
html-unclosed-comment.html|ok
html-formatting-soup.html|html-formatting-soup.html:5:30001: error: body: elements nested more than 10000 deep
html-table-cells.html|ok
html-huge-attribute.html|ok
html-svg-deep.html|html-svg-deep.html:5:30003: error: body: elements nested more than 10000 deep
html-plaintext.html|ok
html-paragraphs.html|ok
html-entities.html|ok
html-document.html|ok
fm-many-keys.md|fm-many-keys.md:50001:9: error: front matter holds more than 100000 values
fm-huge-string.md|ok
fm-complex-key.md|fm-complex-key.md:2:3: error: front matter: keys must be text, not lists or maps
fm-tags.md|ok
fm-merge-key.md|ok
fm-recursive-alias.md|fm-recursive-alias.md:2:8: error: front matter: alias '*a' refers to its own parent
fm-impossible-dates.md|ok
fm-big-numbers.md|ok
fm-yaml-directive.md|fm-yaml-directive.md:3:1: error: front matter: did not find expected <document start>
fm-tab-indent.md|fm-tab-indent.md:3:1: error: front matter: found a tab character that violates indentation
fm-long-key.md|fm-long-key.md:2:2001: error: front matter: mapping values are not allowed in this context (a key longer than 1024 characters is not allowed)
fm-deep-map.md|fm-deep-map.md:67:66: error: front matter nests deeper than 64 levels
fm-bidi.md|ok
fm-toml.md|ok
fm-trailing-spaces.md|ok
no-final-newline.md|ok
dashes-only.md|dashes-only.md:1:1: error: front matter opened here is never closed
cp1252.md|cp1252.md:2:11: error: invalid UTF-8 in front matter (byte 0xE9): a legacy encoding
gbk.md|gbk.md:2:8: error: invalid UTF-8 in front matter (byte 0xD6): a legacy encoding
big5-body.md|ok
utf32.md|utf32.md:1:1: error: UTF-32 text, not UTF-8
utf16-no-bom.md|utf16-no-bom.md:1:1: error: not a text post: 61 of its first 122 bytes are NUL (UTF-16 without a BOM?
gzipped.md|gzipped.md:1:1: error: not a text post: the file is a gzip file
zip.md|zip.md:1:1: error: not a text post: the file is a ZIP archive
pdf.md|pdf.md:1:1: error: not a text post: the file is a PDF document
jpeg.html|jpeg.html:1:1: error: not a text post: the file is a JPEG image
sqlite.md|sqlite.md:1:1: error: not a text post: the file is an SQLite database
only-bom.md|ok
only-newlines.md|ok
UPPER.MD|ok
hardlink.md|ok
-starts-with-dash.md|ok
folder.md/inside.md|ok
linked-folder/linked-in.md|ok
EOF
  deep=$(printf 'd/%.0s' $(seq 100))deep-folder.md
  long=$(printf 'n%.0s' $(seq 250)).md
  for name in "$deep" "$long" "name with"$'\n'"newline.md" "bad-"$'\xff'"-name.md" \
    $'\u202egpj.md'; do
    [ -f "$tmp/out/posts/$name" ] || fail "$name: not written"
  done
  for skipped in .hidden.md post.md~ .post.md.swp; do
    [ ! -e "$tmp/out/posts/$skipped" ] || fail "$skipped was taken for a post"
  done
  grep -q "$tmp/archive/dangling-folder: warning: a symlink to nothing" "$tmp/err" ||
    fail "the dangling symlink is not reported"
  grep -q "$tmp/archive/devzero.md: warning: a device, not a file; skipped" "$tmp/err" ||
    fail "the device is not reported"
  grep -q "fm-toml.md:1:1: warning: TOML front matter" "$tmp/err" ||
    fail "TOML front matter is not reported"
  ;;
disk-full)
  on_small_disk true
  [ $? -ne 99 ] || { echo "skipped: cannot mount a tmpfs here"; exit 77; }
  mkdir "$tmp/archive"
  for i in $(seq 1 300); do
    mkdir "$tmp/archive/copy$i" && cp "$src"/examples/posts/* "$tmp/archive/copy$i/"
  done
  "$newspipe" run "$here/pipeline.lua" "$tmp/archive" -o "$tmp/want" -q -j2 2>/dev/null ||
    fail "the reference run fails"
  # exports to a folder on the full disk
  # shellcheck disable=SC2016
  on_small_disk '"$newspipe" run "$here/pipeline.lua" "$tmp/archive" -o "$tmp/disk/out" \
    -j2 -q >"$tmp/err" 2>&1; echo $? >"$tmp/status"; cp -a "$tmp/disk/out" "$tmp/got"'
  [ "$(cat "$tmp/status")" -eq 1 ] || fail "exit $(cat "$tmp/status"), want 1"
  grep -q "No space left on device" "$tmp/err" || fail "no clear error: $(head -3 "$tmp/err")"
  head -3 "$tmp/err"
  written_as_wanted "$tmp/got" "$tmp/want"
  # in place, on a disk the archive and a filler fill: originals intact
  rm -rf "$tmp"/archive/copy{41..300}
  cp -a "$tmp/archive" "$tmp/new"
  "$newspipe" run "$here/in-place.lua" "$tmp/new" -o "$tmp/report" -q 2>/dev/null ||
    fail "the reference in-place run fails"
  # shellcheck disable=SC2016
  on_small_disk 'cp -a "$tmp/archive" "$tmp/disk/archive" &&
    { dd if=/dev/zero of="$tmp/disk/filler" bs=4096 2>/dev/null; true; } &&
    "$newspipe" run "$here/in-place.lua" "$tmp/disk/archive" -o "$tmp/report" -q -j2 >"$tmp/err" 2>&1
    echo $? >"$tmp/status"; cp -a "$tmp/disk/archive" "$tmp/after"'
  [ "$(cat "$tmp/status")" -eq 1 ] || fail "in place: exit $(cat "$tmp/status"), want 1"
  grep -q "No space left on device" "$tmp/err" || fail "in place: no clear error: $(head -3 "$tmp/err")"
  head -3 "$tmp/err"
  old_or_new "$tmp/after" "$tmp/archive" "$tmp/new"
  ;;
kill)
  mkdir "$tmp/archive"
  for i in $(seq 1 1000); do
    mkdir "$tmp/archive/copy$i" && cp "$src"/examples/posts/* "$tmp/archive/copy$i/"
  done
  cp -a "$tmp/archive" "$tmp/new"
  "$newspipe" run "$here/in-place.lua" "$tmp/new" -o "$tmp/report" -q 2>/dev/null ||
    fail "the reference in-place run fails"
  cp -a "$tmp/archive" "$tmp/killed"
  touch "$tmp/start"
  "$newspipe" run "$here/in-place.lua" "$tmp/killed" -o "$tmp/report" -q -j2 2>"$tmp/err" &
  pid=$!
  # killed once it has begun to write, while it writes
  until find "$tmp/killed" -newer "$tmp/start" -type f | grep -q .; do sleep 0.01; done
  kill -9 $pid
  wait $pid 2>/dev/null
  old_or_new "$tmp/killed" "$tmp/archive" "$tmp/new"
  cmp -s <(cd "$tmp/killed" && find . -type f ! -name '.*' | sort) \
    <(cd "$tmp/archive" && find . -type f | sort) || fail "files appeared or went"
  ! diff -rq "$tmp/archive" "$tmp/killed" -x '.*' >/dev/null ||
    fail "killed before any post was rewritten"
  diff -rq "$tmp/new" "$tmp/killed" -x '.*' >/dev/null && fail "killed after the last post"
  ;;
unwritable)
  mkdir -p "$tmp/ro" "$tmp/posts"
  cp "$src"/examples/posts/* "$tmp/posts/"
  cat >"$tmp/touch.lua" <<EOF2
local np = require "newspipe"
local export = require "newspipe.export"
return np.pipeline {
  stages = { function(post) io.open("$tmp/touched", "a"):write(post.path, "\\n"):close() end },
  exports = { export.posts { dir = "posts" } },
}
EOF2
  chmod -R a+rwX "$tmp"
  chmod 555 "$tmp/ro"
  for out in "$tmp/ro" "$tmp/ro/out"; do
    as_user "$newspipe" run "$tmp/touch.lua" "$tmp/posts" -o "$out" 2>"$tmp/err"
    status=$?
    [ $status -eq 2 ] || fail "$out: exit $status, want 2"
    grep -q "Permission denied" "$tmp/err" || fail "$out: no clear error: $(cat "$tmp/err")"
    [ ! -e "$tmp/touched" ] || fail "$out: posts were processed: $(cat "$tmp/touched")"
  done
  cat "$tmp/err"
  ;;
sandbox)
  mkdir -p "$tmp/posts" "$tmp/outside" "$tmp/out"
  cp "$src"/examples/posts/2016-* "$tmp/posts/"
  echo keep >"$tmp/outside/keep"
  ln -s "$tmp/outside/linked" "$tmp/out/link"
  "$newspipe" lua -e 'io.write(string.dump(function() return {} end))' >"$tmp/evil.lua"
  NP_TEST_OUT=$tmp/out NP_TEST_OUTSIDE=$tmp/outside NP_TEST_BINARY=$tmp/evil.lua \
    "$newspipe" run "$here/sandboxed.lua" "$tmp/posts" -o "$tmp/out" --sandbox -q 2>"$tmp/err" ||
    fail "the sandboxed run fails: $(cat "$tmp/err")"
  /usr/bin/python3 - "$tmp/out/tried.jsonl" <<'PY' || fail "a sandbox rule does not hold"
import json, sys
tried = json.loads(open(sys.argv[1]).readline())["data"]["tried"]
allowed = {"read anywhere", "load text", "load text with env", "require text",
           "write inside", "remove inside", "debug.traceback"}
bad = 0
for name, outcome in sorted(tried.items()):
    want = "allowed" if name in allowed else "refused"
    print("%-20s %s" % (name, outcome))
    if not outcome.startswith(want):
        print("  ^ want %s" % want)
        bad += 1
sys.exit(bad > 0 or len(tried) != 29)
PY
  [ "$(ls "$tmp/outside")" = keep ] || fail "files appeared outside: $(ls "$tmp/outside")"
  [ ! -e "$tmp/escaped" ] || fail "a file escaped the output folder"
  # the same pipeline without --sandbox: the rules are the sandbox's
  NP_TEST_OUT=$tmp/out2 NP_TEST_OUTSIDE=$tmp/outside NP_TEST_BINARY=$tmp/evil.lua \
    "$newspipe" run "$here/sandboxed.lua" "$tmp/posts" -o "$tmp/out2" -q 2>/dev/null
  [ -e "$tmp/outside/executed" ] || fail "without --sandbox, os.execute did not run"
  # paths built from post fields stay in their export's folder
  printf -- '---\ntitle: a\nslug: ../../../escaped\nauthor: /etc\n---\nx\n' >"$tmp/posts/fields.md"
  printf 'local np = require "newspipe"\nlocal export = require "newspipe.export"\nreturn np.pipeline { stages = {}, exports = { export.markdown { dir = "md", path = "{author}/{slug}.md" } } }\n' \
    >"$tmp/fields.lua"
  "$newspipe" run "$tmp/fields.lua" "$tmp/posts/fields.md" -o "$tmp/out4/deep" -q 2>/dev/null ||
    fail "the fields run fails"
  [ "$(cd "$tmp/out4" && find . -type f -name "*.md")" = "./deep/md/etc/_./_./_./escaped.md" ] ||
    fail "a path from post fields left its folder: $(cd "$tmp/out4" && find . -type f)"
  # exports that would write outside are refused before any post is read
  for export in 'export.posts { in_place = true }' 'export.jsonl { path = "../x.jsonl" }' \
    'export.csv { path = "/tmp/x.csv", columns = { "title" } }'; do
    printf 'local np = require "newspipe"\nlocal export = require "newspipe.export"\nreturn np.pipeline { stages = {}, exports = { %s } }\n' \
      "$export" >"$tmp/escape.lua"
    "$newspipe" run "$tmp/escape.lua" "$tmp/posts" -o "$tmp/out3" --sandbox 2>"$tmp/err"
    status=$?
    [ $status -eq 2 ] || fail "$export: exit $status, want 2"
    grep -q "not allowed under --sandbox" "$tmp/err" || fail "$export: $(cat "$tmp/err")"
  done
  cat "$tmp/err"
  ;;
*)
  echo "unknown case $case_name"
  exit 2
  ;;
esac
[ $failures -eq 0 ] || exit 1
echo "ok"
