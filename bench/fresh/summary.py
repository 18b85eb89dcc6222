#!/usr/bin/env python3
"""summary.py OUTDIR [SRCROOT]: the findings of run.sh's -json outputs, one per line:
module<TAB>file:line:col<TAB>analyzer<TAB>category<TAB>message
File paths are relative to SRCROOT/<module> (default /work/fresh/src). A finding
reported for a package and for its test variant is printed once; errors of the
checker (type errors, load errors) go to stderr, counted per module."""
import glob, json, os, sys

out = sys.argv[1]
root = sys.argv[2] if len(sys.argv) > 2 else "/work/fresh/src"
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    name = os.path.basename(path)[:-5]
    base = os.path.join(root, name) + os.sep
    try:
        text = open(path).read()
    except OSError:
        continue
    # the checker prints one JSON object (tree of package -> analyzer -> diagnostics)
    dec = json.JSONDecoder()
    trees, i = [], 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = dec.raw_decode(text, i)
        trees.append(obj)
    seen, errors = set(), 0
    rows = []
    for tree in trees:
        for pkg, by in tree.items():
            for analyzer, diags in by.items():
                if isinstance(diags, dict):
                    errors += 1
                    print(f"{name}\t{pkg}\t{analyzer}\terror\t{diags.get('error','')[:300]}", file=sys.stderr)
                    continue
                for d in diags:
                    posn = d.get("posn", "")
                    if posn.startswith(base):
                        posn = posn[len(base):]
                    key = (posn, analyzer, d.get("message", ""))
                    if key in seen:
                        continue
                    seen.add(key)
                    msg = " | ".join(l.strip() for l in d.get("message", "").splitlines() if l.strip())
                    rows.append((posn, analyzer, d.get("category", ""), msg))
    for r in sorted(rows):
        print("\t".join((name,) + r))
    if errors:
        print(f"{name}: {errors} package errors", file=sys.stderr)
