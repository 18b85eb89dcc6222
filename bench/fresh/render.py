#!/usr/bin/env python3
"""render.py OUTDIR VERDICTS.tsv [SRCROOT]: the findings of OUTDIR (summary.py) joined with
their verdicts (VERDICTS.tsv: module, posn, analyzer, verdict, reason, shape id),
as a markdown table, then the counts per analyzer (findings / true / false /
debatable / harmful fix / untriaged) with the shares. Findings without a verdict
are listed as untriaged. An optional seventh column of VERDICTS.tsv (fix: none, safe,
harmful) counts the fixes offered and the harmful ones. Where one analyzer reports two
findings at one position, the posn column may be written POSN#CATEGORY. SRCROOT is passed to summary.py
(round 4: /work/fresh/src4)."""
import collections, os, subprocess, sys

out, vfile = sys.argv[1], sys.argv[2]
root = sys.argv[3:4]
here = os.path.dirname(os.path.abspath(__file__))
rows = [l.split("\t") for l in subprocess.run([sys.executable, os.path.join(here, "summary.py"), out] + root,
        capture_output=True, text=True).stdout.splitlines() if l.strip()]
verdicts = {}
for l in open(vfile):
    if l.startswith("#") or not l.strip():
        continue
    f = l.rstrip("\n").split("\t")
    f += [""] * (7 - len(f))
    verdicts[(f[0], f[1], f[2])] = f[3:7]
print("| # | module | position | analyzer | category | message | verdict | reason | shape |")
print("|---|--------|----------|----------|----------|---------|---------|--------|-------|")
count = collections.defaultdict(collections.Counter)
for i, r in enumerate(rows, 1):
    mod, posn, an, cat, msg = r[:5]
    # two findings of one analyzer at one position: POSN#CATEGORY in VERDICTS.tsv tells them apart
    v, why, shape, fix = verdicts.get((mod, posn + "#" + cat, an)) or verdicts.get((mod, posn, an), ["untriaged", "", "", ""])
    for k in (an, "all"):
        count[k][v] += 1
        count[k]["fixes"] += fix in ("safe", "harmful")
        count[k]["harmful"] += fix == "harmful"
    msg = msg.replace("|", "\\|")
    print(f"| {i} | {mod} | {posn} | {an} | {cat} | {msg} | {v} | {why.replace('|', '/')} | {shape} |")
print()
print("| analyzer | findings | true | false | debatable | fixes offered | harmful fix | untriaged |")
print("|----------|----------|------|-------|-----------|---------------|-------------|-----------|")
def cell(c, k, n):
    return f"{c[k]} ({round(100*c[k]/n)}%)" if n else "0"
for an in sorted(k for k in count if k != "all") + ["all"]:
    c = count[an]
    n = sum(v for k, v in c.items() if k not in ("fixes", "harmful"))
    print(f"| {an} | {n} | {cell(c,'true',n)} | {cell(c,'false',n)} | {cell(c,'debatable',n)} | {c['fixes']} | {c['harmful']} | {c['untriaged']} |")
