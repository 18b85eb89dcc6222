#!/usr/bin/env bash
# run4.sh BINARY tuning|validation OUTDIR [NAME...]
#
# Round 4 of the fresh services (bench/RESULTS.md, "Fresh services, round 4"):
# like run.sh, for the services of modules-r4.tsv, which come from GitHub
# snapshots rather than the module proxy. Columns of modules-r4.tsv: name,
# source (github:owner/repo@commit), dirs (the module directories to run on,
# comma-separated, relative to the repository root), layer, half, GOFLAGS
# ("-" for none: e2b-infra is a go.work workspace).
#
# Each snapshot must be on this machine first (the session's fetch tool puts
# github:owner/repo at /work/.mirror/owner+repo/repo; set MIRROR otherwise); it
# is extracted at the recorded commit into $SRC/<name> ($FRESH/src4 by default), leaving out the
# blobs the snapshot lacks (files of 4 MiB and more). Build artefacts the
# repositories do not carry are replaced by placeholders (prep below); a
# vendored file the snapshot lacks is taken from the module proxy's copy of the
# same module version. Dependencies come from the module proxy.
#
# Packages chosen: those whose own files or tests import database/sql, pgx,
# sqlx, gorm, ent, bun or a SQLite driver (as run.sh), plus the packages of the
# same module importing one of those (the callers of the sqlc Queries, the ent
# Client, a repository): the layers put the database one import away. Packages
# that do not type-check (a dependency the proxy does not serve) are left out
# and listed in OUTDIR/<name>.broken.
# Output: OUTDIR/<name>.json, .err, .rc, .pkgs, .broken.
set -u
BIN=$(readlink -f "$1"); HALF=$2; OUT=$(mkdir -p "$3" && readlink -f "$3"); shift 3
HERE=$(dirname "$(readlink -f "$0")")
FRESH=${FRESH:-/work/fresh}
MIRROR=${MIRROR:-/work/.mirror}
FLAGS=${CHECKER_FLAGS:--json -test}
# MODULES picks the list (modules-r5.tsv for round 5, modules-r6.tsv for round 6, modules-r7.tsv for round 7, modules-r8.tsv for round 8, modules-r9.tsv for round 9, modules-r10.tsv for round 10, modules-r11.tsv for round 11), SRC where it is extracted
MODULES=${MODULES:-modules-r4.tsv}
SRC=${SRC:-$FRESH/src4}
mkdir -p "$SRC"
DBRE='^(database/sql|github.com/jmoiron/sqlx|github.com/jackc/pgx(/v[45])?(/.*)?|gorm.io/gorm(/.*)?|gorm.io/driver/.*|entgo.io/ent(/.*)?|github.com/uptrace/bun(/.*)?|github.com/lib/pq|github.com/mattn/go-sqlite3|modernc.org/sqlite|github.com/ncruces/go-sqlite3(/.*)?|github.com/glebarez/(go-)?sqlite)$'

extract() { # extract GITDIR COMMIT DEST
  local g=$1 c=$2 d=$3 miss ex=()
  miss=$(git --git-dir="$g" ls-tree -r "$c" | awk '$2=="blob"{print $3}' | git --git-dir="$g" cat-file --batch-check | awk '$2=="missing"{print $1}')
  if [ -n "$miss" ]; then
    while IFS= read -r p; do ex+=(":(exclude,literal)$p"); done < <(git --git-dir="$g" ls-tree -r "$c" | awk -v m="$miss" 'BEGIN{n=split(m,a,"\n");for(i=1;i<=n;i++)s[a[i]]=1} ($3 in s){sub(/^[^\t]*\t/,"");print}')
  fi
  rm -rf "$d"; mkdir -p "$d"
  git --git-dir="$g" archive "$c" -- . "${ex[@]}" 2>/dev/null | tar -x -C "$d"
}

prep() { # prep NAME SRC: placeholders for what the repository does not carry
  local s=$2
  case $1 in
  crowdsec) : > "$s/pkg/appsec/challenge/js/obfuscate/index.wasm.gz" ;;   # a 4 MiB+ blob
  gotify) mkdir -p "$s/ui/build" && : > "$s/ui/build/placeholder" ;;     # the built web UI
  nezha) # the built web UIs and the swag-generated docs package (.gitignored)
    for d in admin-dist user-dist; do mkdir -p "$s/cmd/dashboard/$d"; echo x > "$s/cmd/dashboard/$d/placeholder.txt"; done
    mkdir -p "$s/cmd/dashboard/docs"
    printf 'package docs\n\nimport "github.com/swaggo/swag"\n\nvar SwaggerInfo = &swag.Spec{}\n' > "$s/cmd/dashboard/docs/docs.go" ;;
  gotosocial) # vendored files over the snapshot's size limit: the proxy's copy of the same versions
    local libc sq
    libc=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json modernc.org/libc@v1.66.3 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    sq=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json gitlab.com/NyaaaWhatsUpDoc/sqlite@v1.39.0-concurrency-workaround | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    for f in "$libc"/ccgo_linux_*.go; do [ -e "$s/vendor/modernc.org/libc/${f##*/}" ] || cp "$f" "$s/vendor/modernc.org/libc/"; done
    for f in "$sq"/lib/sqlite_*.go; do [ -e "$s/vendor/modernc.org/sqlite/lib/${f##*/}" ] || cp "$f" "$s/vendor/modernc.org/sqlite/lib/"; done
    chmod -R u+w "$s/vendor/modernc.org"
    : > "$s/vendor/codeberg.org/gruf/go-ffmpreg/embed/ffmpreg.wasm.gz" ;;
  gokapi) # the built WebAssembly modules the web server embeds (one is a 4 MiB+ blob)
    : > "$s/internal/webserver/web/main.wasm"; : > "$s/internal/webserver/web/e2e.wasm" ;;
  ntfy) # the built web app and documentation site the server embeds
    for d in site docs; do mkdir -p "$s/server/$d"; echo x > "$s/server/$d/placeholder.txt"; done ;;
  stash) # the built web UI the server embeds
    mkdir -p "$s/ui/v2.5/build" && echo x > "$s/ui/v2.5/build/placeholder.txt" ;;
  nakama) # a vendored file over the snapshot's size limit: the proxy's copy of the same version
    local xt
    xt=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json golang.org/x/text@v0.40.0 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    cp "$xt/collate/tables.go" "$s/vendor/golang.org/x/text/collate/tables.go" && chmod u+w "$s/vendor/golang.org/x/text/collate/tables.go" ;;
  pgwatch) # the built web UI the server embeds
    mkdir -p "$s/internal/webserver/build" && echo x > "$s/internal/webserver/build/placeholder.txt" ;;
  gitness) # the built web UI the server embeds
    mkdir -p "$s/web/dist" && echo x > "$s/web/dist/placeholder.txt" ;;
  1panel) # an IP database over the snapshot's size limit, and the built web UI
    : > "$s/cmd/server/qqwry/qqwry.dat"
    mkdir -p "$s/cmd/server/web/assets" && echo x > "$s/cmd/server/web/assets/placeholder.txt" ;;
  syncthing) # the generated GUI assets package: its no-assets variant without the build tag
    sed '/^\/\/go:build noassets$/d' "$s/lib/api/auto/noassets.go" > "$s/lib/api/auto/gui.files.go" ;;
  wg-portal) # the built web frontend the API server embeds
    local fd="$s/internal/app/api/core/frontend-dist"
    mkdir -p "$fd/assets" "$fd/img" && echo x > "$fd/assets/placeholder.txt" && echo x > "$fd/img/placeholder.txt"
    for f in index.html favicon.ico favicon.png favicon-large.png; do echo x > "$fd/$f"; done ;;
  focalboard) # the default templates archive, built by make
    : > "$s/server/assets/templates.boardarchive" ;;
  esac
}

grep -v '^#' "$HERE/$MODULES" | while IFS=$'\t' read -r name source dirs layer half gf; do
  [ "$half" = "$HALF" ] || continue
  if [ $# -gt 0 ]; then case " $* " in *" $name "*) ;; *) continue;; esac; fi
  src=$SRC/$name
  if [ ! -e "$src/.extracted" ]; then
    repo=${source#github:}; commit=${repo#*@}; repo=${repo%@*}
    g=$MIRROR/${repo%%/*}+${repo#*/}/repo
    [ -d "$g" ] || { echo "$name: no snapshot at $g (fetch github:$repo first)" >&2; continue; }
    extract "$g" "$commit" "$src" && prep "$name" "$src" && touch "$src/.extracted"
  fi
  [ "$gf" = "-" ] && gf=""
  # gotosocial vendors codeberg.org/gruf packages built only for go1.24 and go1.25
  # (//go:build go1.24 && !go1.26): under go1.26 nothing of it type-checks, so its
  # packages are loaded with a go1.25 toolchain (the proxy serves it as a module)
  # tracetest requires pyroscope's godeltaprof v0.1.6, whose runtime linknames stop at go1.22:
  # loaded with go1.22
  tc=$(go env GOTOOLCHAIN); case $name in gotosocial) tc=${GOTOSOCIAL_TOOLCHAIN:-go1.25.5} ;; tracetest) tc=go1.22.12 ;; esac
  : > "$OUT/$name.pkgs"; : > "$OUT/$name.broken"; : > "$OUT/$name.list.err"
  for d in ${dirs//,/ }; do
    (cd "$src/$d" && GOTOOLCHAIN="$tc" GOFLAGS="$gf" go list -e -f '{{.ImportPath}}{{"\t"}}{{if or .Error .DepsErrors}}broken{{end}}{{"\t"}}{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... 2>>"$OUT/$name.list.err") \
      | python3 -c '
import re,sys
db=re.compile(sys.argv[1]); broken=open(sys.argv[2],"a")
rows=[l.rstrip("\n").split("\t") for l in sys.stdin]
direct={p for p,b,i in rows if any(db.match(x) for x in i.split())}
for p,b,i in rows:
    if p in direct or direct & set(i.split()):
        if b: print(p, file=broken)
        else: print(p)' "$DBRE" "$OUT/$name.broken" | sed "s|^|$d\t|" >> "$OUT/$name.pkgs"
  done
  n=$(wc -l < "$OUT/$name.pkgs")
  echo "$name: $n packages ($(wc -l < "$OUT/$name.broken") left out, not type-checking)" >&2
  [ "$n" -gt 0 ] || continue
  start=$(date +%s); : > "$OUT/$name.json"; : > "$OUT/$name.err"; rc=0
  for d in $(cut -f1 "$OUT/$name.pkgs" | sort -u); do
    # shellcheck disable=SC2086
    (cd "$src/$d" && GOTOOLCHAIN="$tc" GOFLAGS="$gf" "$BIN" $FLAGS $(awk -F'\t' -v d="$d" '$1==d{print $2}' "$OUT/$name.pkgs") >> "$OUT/$name.json" 2>> "$OUT/$name.err") || rc=$?
  done
  echo $rc > "$OUT/$name.rc"
  echo "$name: exit $rc, $(( $(date +%s) - start ))s" >&2
done
