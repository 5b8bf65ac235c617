#!/usr/bin/env bash
# Regenerates the gateway's offline query data: `crates/store-sqlite/.sqlx` and
# `crates/store-postgres/.sqlx`, what `sqlx::query!` checks every statement of
# crates/gateway-store/queries.rs against when building (builds are offline: .cargo/config.toml).
#
#   scripts/sqlx-prepare.sh            regenerate both and replace the committed data
#   scripts/sqlx-prepare.sh --check    regenerate into a temporary directory; fail if it differs
#                                      from the committed data (CI: the schema and the queries
#                                      drifted apart, or the data was not regenerated)
#   --pg postgres://…/db               use this PostgreSQL server (a fresh database is created
#                                      on it) instead of starting a throwaway cluster
#
# How: the migrations (crates/gateway/migrations/{sqlite,postgres}) are applied to a temporary
# SQLite file (python3's sqlite3) and to an empty PostgreSQL database (psql), without the crates
# being prepared; then each engine crate is compiled online (DATABASE_URL set, SQLX_OFFLINE=false)
# with SQLX_OFFLINE_DIR pointing at the output directory, where the query macros write what they
# learned from the database (all `cargo sqlx prepare` does; no sqlx-cli needed). The engine
# crates' build scripts rerun on those variables, so only they recompile (in target/sqlx-prepare,
# after a first build of their dependencies there).
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
pg_server=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) check=true ;;
    --pg) pg_server=${2:?--pg needs a URL}; shift ;;
    *) echo "usage: scripts/sqlx-prepare.sh [--check] [--pg postgres://…]" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d "${TMPDIR:-/tmp}/sqlx-prepare.XXXXXX")
pg_dir=
cleanup() {
  [[ -z $pg_dir ]] || scripts/pg-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

# SQLite: a temporary file with every migration applied, in order.
python3 - "$work/schema.db" crates/gateway/migrations/sqlite/*.sql <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for path in sys.argv[2:]:
    with open(path) as f:
        db.executescript(f.read())
db.commit()
PY

# PostgreSQL: a fresh database with every migration applied, in order.
if [[ -z $pg_server ]]; then
  pg=$(scripts/pg-cluster.sh start)
  pg_dir=$(head -1 <<<"$pg")
  pg_server=$(tail -1 <<<"$pg")
fi
pg_db=sqlx_prepare_$$
PGOPTIONS="-c client_min_messages=warning" psql "$pg_server" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"
pg_url="${pg_server%/*}/$pg_db"
for f in crates/gateway/migrations/postgres/*.sql; do
  psql "$pg_url" -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null
done

# Its own target directory: compiled alone, an engine crate resolves its dependencies' features
# differently from the workspace, and in target/ that would rebuild them back and forth.
target=target/sqlx-prepare
status=0
prepare() { # engine database_url
  local crate=store-$1 out=$work/$1
  mkdir -p "$out"
  if ! DATABASE_URL=$2 SQLX_OFFLINE=false SQLX_OFFLINE_DIR=$out \
      cargo check -q --locked -p "$crate" --lib --target-dir "$target"; then
    echo "sqlx-prepare: crates/$crate does not compile against the schema its migrations make" \
      "(the error above names the statement and the column)" >&2
    return 1
  fi
  if $check; then
    if ! diff -r "crates/$crate/.sqlx" "$out" >"$work/$1.diff"; then
      head -40 "$work/$1.diff" >&2
      echo "sqlx-prepare: crates/$crate/.sqlx is out of date with crates/gateway-store/queries.rs" \
        "and the migrations: run scripts/sqlx-prepare.sh and commit the result" >&2
      return 1
    fi
  else
    rm -f "crates/$crate/.sqlx"/query-*.json
    mkdir -p "crates/$crate/.sqlx"
    cp "$out"/query-*.json "crates/$crate/.sqlx/"
    echo "crates/$crate/.sqlx: $(ls "$out" | wc -l) queries"
  fi
}
prepare sqlite "sqlite://$work/schema.db" || status=1
prepare postgres "$pg_url" || status=1
psql "$pg_server" -q -c "DROP DATABASE IF EXISTS $pg_db" || true
if [[ $status -eq 0 ]] && $check; then
  echo "sqlx-prepare: the committed query data matches the migrations"
fi
exit $status
