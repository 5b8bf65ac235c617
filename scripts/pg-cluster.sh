#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmark: Debian's binaries, a temporary
# directory, a free loopback port, no root needed (as root, the server runs as `postgres`).
#   scripts/pg-cluster.sh start   -> prints DIR and URL (two lines); the server runs until stopped
#   scripts/pg-cluster.sh stop DIR
set -euo pipefail

pg_bin() { # the newest Debian PostgreSQL with initdb and pg_ctl
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/bin; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return 0; }
  done
  echo "pg-cluster: no initdb/pg_ctl (scripts/setup.sh installs Debian's postgresql)" >&2
  return 1
}

as_owner() { # runs a server binary as the cluster's owner
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/idv-pg.XXXXXX")
    [[ $EUID -eq 0 ]] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Throwaway data: no fsync; enough connections for two replicas and parallel tests.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=${2:?usage: pg-cluster.sh stop DIR}
    [[ -d $dir/data ]] || exit 0
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: scripts/pg-cluster.sh start | stop DIR" >&2; exit 2 ;;
esac
