#!/usr/bin/env bash
# Sets up what is missing, then runs every test: format, lints, host tests (state machine,
# envelope vector, gateway over HTTP against the local tenant), browser tests (wasm-bindgen-test
# in headless Chromium with a fake camera) and end-to-end journeys (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/setup.sh --browser
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
logs=$(mktemp -d)
passed=0
failed=0

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

# The summary prints however the run ends: a failing step stops the run (set -e) but not this.
summary() {
  local status=$?
  [[ -z ${pg_dir:-} ]] || scripts/pg-cluster.sh stop "$pg_dir"
  printf '\nall tests took %ss\n' "$(( $(date +%s) - started ))"
  echo "tests: $passed passed, $failed failed"
  [[ $status -eq 0 ]] || echo "FAILED (exit $status)"
}
trap summary EXIT

count_cargo() { # log: adds up cargo/wasm-bindgen "test result:" lines
  local p f
  p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$1" | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

step "format"
cargo fmt --all -- --check

step "lints (host and wasm)"
cargo clippy --workspace --all-targets --all-features --locked -q -- -D warnings
cargo clippy -p idv-widget -p vision-worker --target wasm32-unknown-unknown --all-targets --locked -q -- -D warnings

step "dependencies (cargo deny: licences, duplicate versions, sources)"
# Offline-safe: these three read Cargo.lock and the registry's crate metadata only. The advisory
# database is a git clone from GitHub, which CI cannot reach; run `cargo deny check advisories`
# where it can.
echo "cargo deny: advisories skipped (the RustSec database needs GitHub; run 'cargo deny check advisories' online)"
cargo deny --workspace --locked check licenses bans sources

step "host tests"
host_status=0
cargo test --workspace --all-features --locked 2>&1 | tee "$logs/host.log" || host_status=$?
count_cargo "$logs/host.log"
[[ $host_status -eq 0 ]]

step "gateway tests again on PostgreSQL (a throwaway cluster on a free port)"
pg=$(scripts/pg-cluster.sh start)
pg_dir=$(head -1 <<<"$pg")
# The query data committed in crates/store-{sqlite,postgres}/.sqlx, regenerated from the
# migrations on this cluster and a temporary SQLite file: fails when the schema and the queries
# drifted apart, or when the data was not regenerated after a change.
scripts/sqlx-prepare.sh --check --pg "$(tail -1 <<<"$pg")"
pg_status=0
# 200 replica journeys on PostgreSQL (40 on SQLite): about 80 s more on a busy 2-core machine.
TEST_DATABASE_URL=$(tail -1 <<<"$pg") REPLICA_JOURNEYS=200 cargo test -p gateway --all-features --locked 2>&1 | tee "$logs/gateway-pg.log" || pg_status=$?
count_cargo "$logs/gateway-pg.log"
scripts/pg-cluster.sh stop "$pg_dir"; pg_dir=
[[ $pg_status -eq 0 ]]

step "browser tests (wasm-bindgen-test, headless Chromium, fake camera)"
browser_status=0
cargo test -p idv-widget --target wasm32-unknown-unknown --test browser --locked 2>&1 | tee "$logs/browser.log" || browser_status=$?
count_cargo "$logs/browser.log"
[[ $browser_status -eq 0 ]]

step "browser tests (frame-vision fixture table and a PDF417 decode, headless Chromium)"
cargo test -p frame-vision --target wasm32-unknown-unknown --test fixture_table --locked 2>&1 | tee "$logs/vision-browser.log"
count_cargo "$logs/vision-browser.log"

step "build (widget, gateway, local tenant)"
scripts/build.sh

step "size budget (gzip: first screen <= 200 KB, total <= 1.2 MB; fails CI when over)"
scripts/size-budget.sh

step "fixtures (synthetic documents for the fake camera)"
cargo run -q --locked -p fixtures --bin make-fixtures -- e2e/fixtures

step "end-to-end (Playwright, headless Chromium, fake camera)"
e2e_status=0
(cd e2e && node --test --test-concurrency=1 tests/) 2>&1 | tee "$logs/e2e.log" || e2e_status=$?
passed=$((passed + $(awk '/^# pass /{s+=$3} END {print s+0}' "$logs/e2e.log")))
failed=$((failed + $(awk '/^# fail /{s+=$3} END {print s+0}' "$logs/e2e.log")))
[[ $failed -eq 0 && $e2e_status -eq 0 ]]

step "QA kit: the go-live plan against the local stack (node qa/bin/idv-qa.mjs, no arguments)"
qa_status=0
# Reports in ./idv-qa-report (summary.txt, junit.xml, report.html with its screens, events.json).
node qa/bin/idv-qa.mjs 2>&1 | tee "$logs/qa.log" || qa_status=$?
# "N scenarios: P passed, F failed, E errors, S skipped in T s": a scenario is a test.
read -r qa_pass qa_fail qa_err < <(sed -nE 's/^[0-9]+ scenarios: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) errors.*/\1 \2 \3/p' "$logs/qa.log" | tail -1) || true
passed=$((passed + ${qa_pass:-0})); failed=$((failed + ${qa_fail:-0} + ${qa_err:-0}))
[[ $qa_status -eq 0 && -n ${qa_pass:-} ]]

step "QA kit's own tests (a wrong expectation in every report; the kit against a second gateway)"
qa_test_status=0
(cd qa && node --test --test-concurrency=1 test/) 2>&1 | tee "$logs/qa-tests.log" || qa_test_status=$?
passed=$((passed + $(awk '/^# pass /{s+=$3} END {print s+0}' "$logs/qa-tests.log")))
failed=$((failed + $(awk '/^# fail /{s+=$3} END {print s+0}' "$logs/qa-tests.log")))
[[ $failed -eq 0 && $qa_test_status -eq 0 ]]
