#!/usr/bin/env bash
# summary.sh OUTDIR [SRCROOT]: findings one per line on stdout (see summary.py),
# counts per module and analyzer on stderr.
HERE=$(dirname "$(readlink -f "$0")")
tmp=$(mktemp)
python3 "$HERE/summary.py" "$@" > "$tmp"
cat "$tmp"
{ echo "# per module:"; cut -f1 "$tmp" | sort | uniq -c; echo "# per analyzer:"; cut -f3 "$tmp" | sort | uniq -c | sort -rn; echo "# total: $(wc -l < "$tmp")"; } >&2
rm -f "$tmp"
