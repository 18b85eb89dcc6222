#!/usr/bin/env python3
"""peers_only.py OUTROOT: peer findings (OUTROOT/<peer>/) on lines where
dbpoollint (OUTROOT/base/) reports nothing, one per line:
peer<TAB>module<TAB>file:line:col<TAB>message<TAB>enclosing func has a context.Context param (yes/no)
unqueryvet findings are kept only for its transaction-leak and N+1 checks."""
import os, re, subprocess, sys

root = sys.argv[1]
src = sys.argv[2] if len(sys.argv) > 2 else "/work/fresh/src"
here = os.path.dirname(os.path.abspath(__file__))

def load(d):
    out = subprocess.run([sys.executable, os.path.join(here, "summary.py"), os.path.join(root, d), src],
                         capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if l.strip()]

base = {(r[0], r[1].rsplit(":", 1)[0]) for r in load("base")}

def enclosing(mod, posn):
    f, line = posn.split(":")[0], int(posn.split(":")[1])
    try:
        lines = open(os.path.join(src, mod, f)).read().splitlines()
    except OSError:
        return "?"
    for i in range(line - 1, -1, -1):
        if lines[i].startswith("func "):
            return "yes" if "context.Context" in lines[i] else "no"
    return "?"

for peer in ("sqlclosecheck", "rowserrcheck", "noctx", "unqueryvet"):
    if not os.path.isdir(os.path.join(root, peer)):
        continue
    for r in load(peer):
        mod, posn, msg = r[0], r[1], r[4]
        if peer == "unqueryvet" and not re.search(r"transaction|N\+1", msg):
            continue
        if peer == "noctx" and "database/sql" not in msg and "pgx" not in msg and "sqlx" not in msg:
            continue
        if (mod, posn.rsplit(":", 1)[0]) in base:
            continue
        print("\t".join((peer, mod, posn, msg[:200], enclosing(mod, posn))))
