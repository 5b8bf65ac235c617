#!/usr/bin/env bash
# Transfer size of the built widget against its budget (issue 10): reads dist/ as
# scripts/build.sh leaves it (Trunk, then dist-finish's .br/.gz twins) and prints
#   first screen  index.html, loader, main JS, main wasm, CSS (every file not of the worker)
#   worker        the analysis Web Worker: files whose name starts with `vision-worker` (0 if none)
#   total         both
# raw, gzip and brotli, in bytes. A file's compressed size is its twin's; a file without a twin
# (dist-finish writes none when compressing does not help) is sent as it is, so counts raw.
# Budget, gzip, 1 KB = 1000 B: first screen <= 200 KB, total <= 1.2 MB (1 MB = 1000 KB).
# Exits 1, printing both figures, when either is over; 2 when dist/ is missing or unfinished.
# Usage: scripts/size-budget.sh [--json] [DIST]   (--json: one JSON object instead of the table)
set -euo pipefail
cd "$(dirname "$0")/.."

FIRST_SCREEN_BUDGET=200000
TOTAL_BUDGET=1200000

json=false
dist=dist
for arg in "$@"; do
  case $arg in
    --json) json=true ;;
    -*) echo "usage: scripts/size-budget.sh [--json] [DIST]" >&2; exit 2 ;;
    *) dist=$arg ;;
  esac
done
if [[ ! -f $dist/index.html ]]; then
  echo "size-budget: no $dist/index.html: build the widget first (scripts/build.sh)" >&2
  exit 2
fi
if [[ ! -f $dist/index.html.gz || ! -f $dist/index.html.br ]]; then
  echo "size-budget: $dist has no .gz/.br twins: run dist-finish (scripts/build.sh does)" >&2
  exit 2
fi

size() { stat -c %s "$1"; }
# One line per file: group raw gzip brotli path
rows=$(
  cd "$dist"
  find . -type f ! -name '*.gz' ! -name '*.br' -printf '%P\n' | LC_ALL=C sort | while IFS= read -r f; do
    raw=$(size "$f")
    gz=$raw br=$raw
    [[ -f $f.gz ]] && gz=$(size "$f.gz")
    [[ -f $f.br ]] && br=$(size "$f.br")
    group=first_screen
    [[ $(basename "$f") == vision-worker* ]] && group=worker
    printf '%s %s %s %s %s\n' "$group" "$raw" "$gz" "$br" "$f"
  done
)

# Sums per group: raw gzip brotli files
sums() { awk -v g="$1" '$1 == g || g == "total" { r += $2; z += $3; b += $4; n++ } END { printf "%d %d %d %d", r, z, b, n }' <<<"$rows"; }
read -r fs_raw fs_gz fs_br fs_n <<<"$(sums first_screen)"
read -r wk_raw wk_gz wk_br wk_n <<<"$(sums worker)"
read -r tot_raw tot_gz tot_br _ <<<"$(sums total)"

over=()
((fs_gz <= FIRST_SCREEN_BUDGET)) || over+=("first screen $fs_gz B gzip > $FIRST_SCREEN_BUDGET B")
((tot_gz <= TOTAL_BUDGET)) || over+=("total $tot_gz B gzip > $TOTAL_BUDGET B")

if $json; then
  files=$(awk 'BEGIN { sep = "" } { printf "%s{\"path\":\"%s\",\"group\":\"%s\",\"bytes\":%d,\"gzip_bytes\":%d,\"brotli_bytes\":%d}", sep, $5, $1, $2, $3, $4; sep = "," }' <<<"$rows")
  within=true
  ((${#over[@]} == 0)) || within=false
  printf '{"unit":"bytes (1 KB = 1000 B)","first_screen":{"files":%d,"bytes":%d,"gzip_bytes":%d,"brotli_bytes":%d,"budget_gzip_bytes":%d},' \
    "$fs_n" "$fs_raw" "$fs_gz" "$fs_br" "$FIRST_SCREEN_BUDGET"
  printf '"worker":{"files":%d,"bytes":%d,"gzip_bytes":%d,"brotli_bytes":%d},' "$wk_n" "$wk_raw" "$wk_gz" "$wk_br"
  printf '"total":{"bytes":%d,"gzip_bytes":%d,"brotli_bytes":%d,"budget_gzip_bytes":%d},' "$tot_raw" "$tot_gz" "$tot_br" "$TOTAL_BUDGET"
  printf '"within_budget":%s,"files":[%s]}\n' "$within" "$files"
else
  kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
  printf '%-14s %10s %10s %10s  %s\n' group raw gzip brotli file
  awk '{ printf "%-14s %10d %10d %10d  %s\n", $1, $2, $3, $4, $5 }' <<<"$rows"
  echo "(sizes in bytes; 1 KB = 1000 B)"
  printf 'first screen: %s gzip, %s brotli (%d files; budget %s gzip)\n' "$(kb "$fs_gz")" "$(kb "$fs_br")" "$fs_n" "$(kb $FIRST_SCREEN_BUDGET)"
  printf 'worker:       %s gzip, %s brotli (%d files)\n' "$(kb "$wk_gz")" "$(kb "$wk_br")" "$wk_n"
  printf 'total:        %s gzip, %s brotli (budget %s gzip)\n' "$(kb "$tot_gz")" "$(kb "$tot_br")" "$(kb $TOTAL_BUDGET)"
fi

if ((${#over[@]})); then
  echo "size-budget: OVER BUDGET: ${over[*]} (first screen $fs_gz B gzip, total $tot_gz B gzip; 1 KB = 1000 B)" >&2
  exit 1
fi
