#!/bin/sh
# Every key of every OpenCC dictionary holds a CJK ideograph, as np_zh_has_han
# sees them: what makes skipping texts without one exactly as good as
# converting them. Skips (77) without opencc_dict (Debian's opencc package).
# Usage: dictionary_keys.sh NEWSPIPE [DATA_DIR]
newspipe=$1
data=${2:-/usr/share/opencc}
command -v opencc_dict >/dev/null || { echo "skipped: no opencc_dict (apt-get install opencc)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for dict in "$data"/*.ocd2; do
  opencc_dict -i "$dict" -o "$tmp/$(basename "$dict" .ocd2).txt" -f ocd2 -t text || exit 1
  n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "no dictionaries in $data"; exit 1; }
"$newspipe" lua -e '
local np = require "newspipe"
local keys, bad = 0, 0
for path in io.popen("ls " .. arg[1] .. "/*.txt"):lines() do
  for line in io.lines(path) do
    local key = line:match("^[^\t]+")
    keys = keys + 1
    if not np.has_han(key) then
      bad = bad + 1
      io.stderr:write(("FAIL %s: key %q has no ideograph\n"):format(path, key))
    end
  end
end
print(("%d keys, %d without an ideograph"):format(keys, bad))
os.exit(bad == 0 and keys > 10000 and 0 or 1)' "$tmp"
