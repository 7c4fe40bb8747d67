#!/usr/bin/python3
"""Runs a documentation page the way a reader follows it: every ```sh block
in order, in one shell (so `cd` and `export` carry over), with
```lua NAME blocks saved as the file NAME where the reader is at that
point. A ```text block right after a ```sh block is what that block must
print (stdout and stderr together; run times like "in 0.3 s" may differ,
and CRLF line ends count as LF).

The reader starts at the top of the repository, as the README leaves
them, with a HOME of their own (a scratch folder). One substitution: the
page's "$PWD/build" (the README's build folder) becomes BUILD_DIR, the
build under test.

Usage: run_doc.py PAGE REPO BUILD_DIR [--from HEADING] [--show]
  --from  start at the line HEADING (the README's set-up commands, which
          install packages, come before its first pipeline)
  --show  print what each block printed, to write or review the page."""
import os
import re
import subprocess
import sys
import tempfile

page, repo, build = sys.argv[1:4]
options = sys.argv[4:]
show = "--show" in options
from_heading = options[options.index("--from") + 1] if "--from" in options else None

FENCE = re.compile(r"^```(\S*)\s*(\S*)\s*$")


def blocks(path):
    """(kind, name, text, line) for each fenced block of the page."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = lines.index(from_heading) if from_heading else 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group(1):
            start = i + 1
            j = start
            while j < len(lines) and lines[j] != "```":
                j += 1
            yield m.group(1), m.group(2), "\n".join(lines[start:j]), start
            i = j + 1
        else:
            i += 1


def untimed(text):
    """Run times vary; CRLF (a CSV's line ends) reads as LF on a page."""
    text = re.sub(r" in [0-9]+\.[0-9] s", " in N s", text.replace("\r\n", "\n"))
    return text.rstrip("\n")


steps = []  # (kind, name, text, line), with expectations attached
for kind, name, text, line in blocks(page):
    if kind == "sh":
        steps.append({"kind": "sh", "text": text, "line": line, "want": None})
    elif kind == "text" and steps and steps[-1]["kind"] == "sh" and steps[-1]["want"] is None:
        steps[-1]["want"] = text
    elif kind == "lua" and name:
        steps.append({"kind": "file", "name": name, "text": text, "line": line})

script = ["exec 2>&1", "set -e"]
for n, s in enumerate(steps):
    if s["kind"] == "file":
        script.append("cat > %s <<'NP_DOC_EOF'\n%s\nNP_DOC_EOF" % (s["name"], s["text"]))
    else:
        script.append("printf '\\n@@NP-DOC %d@@\\n'" % n)
        script.append(s["text"].replace("$PWD/build", build))
script.append("printf '\\n@@NP-DOC END@@\\n'")

home = tempfile.mkdtemp(prefix="np-doc-")
env = dict(os.environ, HOME=home, LC_ALL="C.UTF-8")
run = subprocess.run(["bash", "-c", "\n".join(script)], cwd=repo, env=env,
                     stdout=subprocess.PIPE)
out = run.stdout.decode("utf-8", "replace")
subprocess.run(["rm", "-rf", home])

printed = {}
parts = re.split(r"\n@@NP-DOC (\d+|END)@@\n", "\n" + out)
for k in range(1, len(parts) - 1, 2):
    printed[parts[k]] = parts[k + 1]

failed = 0
ran = 0
for n, s in enumerate(steps):
    if s["kind"] != "sh":
        continue
    got = printed.get(str(n))
    if got is None:
        print("FAIL %s:%d: never ran (a command before it failed)" % (page, s["line"]))
        failed += 1
        continue
    ran += 1
    if show:
        print("---- %s:%d\n%s" % (page, s["line"], got.rstrip("\n")))
    if s["want"] is not None and untimed(got) != untimed(s["want"]):
        print("FAIL %s:%d: the block printed\n%s\n-- the page says\n%s" %
              (page, s["line"], got.rstrip("\n"), s["want"]))
        failed += 1
if "END" not in printed:
    last = max((int(k) for k in printed if k != "END"), default=-1)
    print("FAIL %s: the shell stopped (exit %d) in the block at line %d:\n%s" %
          (page, run.returncode, steps[last]["line"] if last >= 0 else 0,
           printed.get(str(last), out)[-2000:]))
    failed += 1
print("%s: %d blocks run, %d failed" % (page, ran, failed))
sys.exit(1 if failed or ran == 0 else 0)
