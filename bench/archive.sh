# Sourced by the benchmarks: makes (once) the archive of COPIES copies of
# a corpus folder and sets $archive. Needs $corpus and $copies.
archive=${TMPDIR:-/tmp}/newspipe-bench-check-$copies
if [ ! -d "$archive" ]; then
  mkdir -p "$archive.tmp"
  for i in $(seq 1 "$copies"); do cp -r "$corpus" "$archive.tmp/copy-$i"; done
  mv "$archive.tmp" "$archive"
fi
