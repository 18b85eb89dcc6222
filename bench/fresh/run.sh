#!/usr/bin/env bash
# run.sh BINARY tuning|validation OUTDIR [NAME...]
#
# Runs a standalone x/tools checker (dbpoollint or a peer driver) on the
# database packages of each module of one half of the fresh-services list
# (modules.tsv beside this script), with tests, -json output per module:
#   OUTDIR/<name>.json  the checker's -json output
#   OUTDIR/<name>.err   its stderr, OUTDIR/<name>.rc its exit status
#   OUTDIR/<name>.pkgs  the packages it was run on
# Each module is copied from the module cache into $FRESH/src/<name> (writable;
# $FRESH defaults to /work/fresh) and its dependencies are fetched through the
# module proxy. Packages chosen: those whose own files or tests import
# database/sql, pgx, sqlx, gorm, ent, bun or a SQLite driver.
# Extra arguments after OUTDIR name modules to run (default: the whole half).
# A fifth column of modules.tsv gives build tags (seaweedfs's SQLite store is
# built only with -tags sqlite).
# Set CHECKER_FLAGS to pass flags to the checker (default: -json -test).
set -u
BIN=$(readlink -f "$1"); HALF=$2; OUT=$(mkdir -p "$3" && readlink -f "$3"); shift 3
HERE=$(dirname "$(readlink -f "$0")")
FRESH=${FRESH:-/work/fresh}
FLAGS=${CHECKER_FLAGS:--json -test}
mkdir -p "$FRESH/src"
DBRE='^(database/sql|github.com/jmoiron/sqlx|github.com/jackc/pgx(/v[45])?(/.*)?|gorm.io/gorm(/.*)?|gorm.io/driver/.*|entgo.io/ent(/.*)?|github.com/uptrace/bun(/.*)?|github.com/lib/pq|github.com/mattn/go-sqlite3|modernc.org/sqlite|github.com/ncruces/go-sqlite3(/.*)?|github.com/glebarez/(go-)?sqlite)$'
grep -v '^#' "$HERE/modules.tsv" | while IFS=$'\t' read -r name mod ver half tags; do
  [ "$half" = "$HALF" ] || continue
  if [ $# -gt 0 ]; then case " $* " in *" $name "*) ;; *) continue;; esac; fi
  src=$FRESH/src/$name
  if [ ! -f "$src/go.mod" ]; then
    dir=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$dir" ] || { echo "$name: download of $mod@$ver failed" >&2; continue; }
    rm -rf "$src"; cp -r "$dir" "$src"; chmod -R u+w "$src"
    # a replace to a directory the module zip does not carry (a nested module)
    # cannot load: use the required version instead
    (cd "$src" && go mod edit -json | python3 -c '
import json,os,sys
for r in json.load(sys.stdin).get("Replace") or []:
    p=r["New"]["Path"]
    if (p.startswith("./") or p.startswith("../")) and not os.path.isdir(p):
        print(r["Old"]["Path"])' | while read -r old; do go mod edit -dropreplace="$old"; done)
  fi
  cd "$src" || continue
  export GOFLAGS=-mod=mod
  # build tags some modules need for their database code (column 5 of modules.tsv)
  [ -n "${tags:-}" ] && GOFLAGS="$GOFLAGS -tags=$tags"
  go list -e -f '{{.ImportPath}}{{"\t"}}{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... 2>"$OUT/$name.list.err" \
    | python3 -c '
import re,sys
db=re.compile(sys.argv[1])
for line in sys.stdin:
    pkg,_,imps=line.rstrip("\n").partition("\t")
    if any(db.match(i) for i in imps.split()):
        print(pkg)' "$DBRE" > "$OUT/$name.pkgs"
  n=$(wc -l < "$OUT/$name.pkgs")
  echo "$name: $n packages" >&2
  if [ "$n" -gt 0 ]; then
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$BIN" $FLAGS $(cat "$OUT/$name.pkgs") > "$OUT/$name.json" 2> "$OUT/$name.err"
    echo $? > "$OUT/$name.rc"
    echo "$name: exit $(cat "$OUT/$name.rc"), $(( $(date +%s) - start ))s" >&2
  fi
  cd - >/dev/null
done
