#!/usr/bin/env bash
# Sets up what is missing, builds, and runs the whole demo on this machine:
#   local 1Kosmos tenant :7070  ->  gateway + widget http://localhost:8080  <-  demo MyChart page http://127.0.0.1:8090
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cargo run -q --locked -p fixtures --bin make-fixtures -- e2e/fixtures
mkdir -p var

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

RUST_LOG=${RUST_LOG:-info} target/debug/kosmos-tenant & pids+=($!)
# Dev mode: the demo keys, secrets and http:// URLs in config/ are refused without it.
GATEWAY_DEV_MODE=1 RUST_LOG=${RUST_LOG:-info} target/debug/gateway config/gateway.toml & pids+=($!)
node e2e/demo-host/server.mjs & pids+=($!)

for url in http://127.0.0.1:7070/caas/sd http://localhost:8080/healthz http://127.0.0.1:8090/; do
  for _ in $(seq 1 50); do curl -fs -o /dev/null "$url" && break; sleep 0.2; done
done
cat <<'TXT'

  Demo ready. Open  http://127.0.0.1:8090  in a browser with a camera and press "Verify my identity".
  A licence passes when its back shows a barcode for Ana Rivera, born 1958-04-12: point the camera
  at e2e/fixtures/licence-back.png on another screen. A passport picture passes on the test
  controls; a last name containing a reason code (e.g. "Rivera IDV0011") fails with that code
  (README, "QA scenarios"). Press Ctrl+C to stop.

TXT
wait
