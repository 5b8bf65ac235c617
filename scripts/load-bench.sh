#!/usr/bin/env bash
# Load benchmark of the gateway (release build) with wrk (installed by scripts/setup.sh):
#   - session creations per second, p50/p99, 16 concurrent clients: SQLite and PostgreSQL, one
#     replica and two (two gateway processes on one database; wrk threads split between them);
#   - full submissions (create, consent, three images) per second against the local tenant,
#     8 concurrent journeys, and the decisions the gateway recorded meanwhile.
# PostgreSQL is a throwaway cluster (scripts/pg-cluster.sh). Nothing is downloaded.
# Prints one JSON object and writes it to FILE.
# Usage: scripts/load-bench.sh [--quick] --json FILE
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() { echo "usage: scripts/load-bench.sh [--quick] --json FILE" >&2; exit 2; }
quick=false json=
while (($#)); do
  case $1 in
    --quick) quick=true ;;
    --json) json=${2:-}; [[ -n $json ]] || usage; shift ;;
    *) usage ;;
  esac
  shift
done
[[ -n $json ]] || usage
command -v wrk >/dev/null || { echo "load-bench: wrk is missing; run scripts/setup.sh" >&2; exit 1; }

if $quick; then create_secs=5 journey_secs=10; else create_secs=20 journey_secs=30; fi
clients=16 journeys=8

say() { printf '\033[1m[load-bench]\033[0m %s\n' "$*" >&2; }
say "building the gateway and tenant (release) and the submission body"
cargo build --release --locked -q -p gateway -p kosmos-tenant
cargo build --locked -q -p gateway --example submission-body

work=$(mktemp -d "${TMPDIR:-/tmp}/idv-bench.XXXXXX")
pids=() pg_dir=
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -z $pg_dir ]] || scripts/pg-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

boundary=idvbench7d1f0c
target/debug/examples/submission-body "$work/body" "$boundary"

tenant_port=$(free_port)
KOSMOS_TENANT_ADDR=127.0.0.1:$tenant_port KOSMOS_TENANT_LICENSE_KEY=bench-license RUST_LOG=warn \
  target/release/kosmos-tenant >"$work/tenant.log" 2>&1 &
pids+=($!)

gateways=() # pids of the running gateways
start_gateway() { # port database_url
  local port=$1 db=$2 metrics_port
  metrics_port=$(free_port)
  echo "$metrics_port" >"$work/metrics-port-$port"
  cat >"$work/gw-$port.toml" <<EOF
listen = "127.0.0.1:$port"
metrics_listen = "127.0.0.1:$metrics_port"
public_url = "http://localhost:$port"
database_url = "$db"
widget_dir = "$root/dist"
allowed_host_origins = ["http://127.0.0.1:8090"]
decision_deadline_secs = 120
max_image_bytes = 8388608
dev_mode = true
portrait_key = "ZGVtby1wb3J0cmFpdC1rZXktY2hhbmdlLW1lLTAwMDA="
[limits]
sessions_per_second = 1000000
widget_calls_per_second = 1000000
[kosmos]
tenant_dns = "http://127.0.0.1:$tenant_port"
community = "default"
license_key = "bench-license"
dvc_id = "local_doc_selfie"
timeout_secs = 120
[epic]
webhook_url = "http://127.0.0.1:9/epic"
webhook_secret = "whsec_YmVuY2gtd2ViaG9vay1zZWNyZXQtMDEyMzQ1Njc4OXg="
max_attempts = 1
poll_ms = 1000
[signing]
current_kid = "demo-2026-11"
[[signing.keys]]
kid = "demo-2026-11"
private_key_file = "$root/config/signing-demo-2026-11.pem"
[[clients]]
id = "bench"
secret = "bench-secret-0123456789"
EOF
  RUST_LOG=warn target/release/gateway "$work/gw-$port.toml" >>"$work/gateway.log" 2>&1 &
  gateways+=($!)
  pids+=($!)
  local _
  for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && return 0
    sleep 0.1
  done
  echo "load-bench: the gateway on :$port did not get ready" >&2
  tail -20 "$work/gateway.log" >&2
  exit 1
}
stop_gateways() {
  local p
  for p in "${gateways[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  gateways=()
}

export BENCH_BASIC
BENCH_BASIC=$(printf 'bench:bench-secret-0123456789' | base64 -w0)

creations() { # label replicas database_url
  local label=$1 replicas=$2 db=$3 targets=() i port
  for ((i = 0; i < replicas; i++)); do
    port=$(free_port)
    start_gateway "$port" "$db"
    targets+=("127.0.0.1:$port")
  done
  say "$label: session creations, $clients clients, ${create_secs}s"
  BENCH_TARGETS="${targets[*]}" wrk -t 2 -c "$clients" -d "${create_secs}s" --timeout 10s \
    -s scripts/load-bench/create.lua "http://${targets[0]}" | tail -1 >"$work/$label.json"
  cat "$work/$label.json" >&2
  stop_gateways
}

decisions() { # port: idv_decisions_total summed over labels, from that gateway's metrics_listen
  curl -fs "http://127.0.0.1:$(cat "$work/metrics-port-$1")/metrics" |
    awk '/^idv_decisions_total/{s+=$2} END {print s+0}'
}

submissions() { # label database_url
  local label=$1 db=$2 port before after
  port=$(free_port)
  start_gateway "$port" "$db"
  say "$label: full submissions, $journeys concurrent journeys, ${journey_secs}s"
  before=$(decisions "$port")
  BENCH_BODY=$work/body BENCH_BOUNDARY=$boundary BENCH_TARGETS="127.0.0.1:$port" \
    wrk -t "$journeys" -c "$journeys" -d "${journey_secs}s" --timeout 30s \
    -s scripts/load-bench/journey.lua "http://127.0.0.1:$port" | tail -1 >"$work/$label.json"
  after=$(decisions "$port")
  python3 - "$work/$label.json" "$before" "$after" "$journey_secs" <<'EOF'
import json, sys
path, before, after, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
r = json.load(open(path))
r["decided"] = after - before
r["decided_per_sec"] = round((after - before) / secs, 2)
json.dump(r, open(path, "w"))
EOF
  cat "$work/$label.json" >&2
  stop_gateways
}

creations sqlite_1_replica 1 "sqlite://$work/one.db"
creations sqlite_2_replicas 2 "sqlite://$work/two.db"
pg=$(scripts/pg-cluster.sh start)
pg_dir=$(head -1 <<<"$pg")
pg_url=$(tail -1 <<<"$pg")
for db in bench_one bench_two; do psql -q "$pg_url" -c "CREATE DATABASE $db"; done
creations postgres_1_replica 1 "${pg_url%/*}/bench_one"
creations postgres_2_replicas 2 "${pg_url%/*}/bench_two"
submissions submissions_sqlite_1_replica "sqlite://$work/journeys.db"

python3 - "$work" "$json" "$quick" "$create_secs" "$journey_secs" "$clients" "$journeys" <<'EOF'
import json, os, platform, sys
work, out, quick, create_secs, journey_secs, clients, journeys = sys.argv[1:]
load = lambda name: json.load(open(os.path.join(work, name + ".json")))
creations = {k: load(k) for k in
             ["sqlite_1_replica", "sqlite_2_replicas", "postgres_1_replica", "postgres_2_replicas"]}
result = {
    "benchmark": "gateway load (scripts/load-bench.sh)",
    "quick": quick == "true",
    "machine": {"cpus": os.cpu_count(), "kernel": platform.release(),
                "note": "shared machine: other builds may run at the same time"},
    "tool": "wrk",
    "build": "release",
    "session_creations": {"clients": int(clients), "seconds": int(create_secs), **creations},
    "two_replica_speedup": {
        "sqlite": round(creations["sqlite_2_replicas"]["per_sec"] / creations["sqlite_1_replica"]["per_sec"], 2),
        "postgres": round(creations["postgres_2_replicas"]["per_sec"] / creations["postgres_1_replica"]["per_sec"], 2),
    },
    "full_submissions": {"concurrent_journeys": int(journeys), "seconds": int(journey_secs),
                         "images_per_submission": 3, "tenant": "local (kosmos-tenant, release)",
                         **load("submissions_sqlite_1_replica")},
}
text = json.dumps(result, indent=2)
print(text)
open(out, "w").write(text + "\n")
EOF
