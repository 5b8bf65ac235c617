#!/usr/bin/env bash
# Runs every `cargo fuzz` target in fuzz/ for a fixed time, one after another, and says per target
# how many inputs it tried and whether it crashed. Exits non-zero if any target crashed or hung.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Needs the nightly toolchain (`cargo +nightly`); installs cargo-fuzz from crates.io if missing.
# New inputs go to fuzz/corpus/TARGET (not committed); the committed seeds in fuzz/seeds/TARGET
# are read too. A crashing input is saved in fuzz/artifacts/TARGET/; reproduce it with
# `cd fuzz && cargo +nightly fuzz run -s none TARGET artifacts/TARGET/crash-…`.
# FUZZ_SANITIZER (default `none`: the code under test is safe Rust, and debug assertions and
# overflow checks stay on) may be set to `address` for AddressSanitizer.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
sanitizer=${FUZZ_SANITIZER:-none}
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz || exit 2
fi

cd fuzz
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

echo "fuzz: building ${#targets[@]} targets (sanitizer: $sanitizer)"
cargo +nightly fuzz build -s "$sanitizer" || exit 1

logs=$(mktemp -d)
failed=0
summary=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "seeds/$target"
  echo "fuzz: $target for ${seconds}s"
  started=$(date +%s)
  cargo +nightly fuzz run -s "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$logs/$target.log" 2>&1
  rc=$?
  took=$(($(date +%s) - started))
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$logs/$target.log" | grep -Eo '[0-9]+$' | tail -n1)
  if [ "$rc" -eq 0 ]; then
    result="no crash"
  else
    failed=1
    artifact=$(grep -Eo "artifacts/$target/[a-z]+-[0-9a-f]+" "$logs/$target.log" | tail -n1)
    result="CRASH (exit $rc) ${artifact:-see log}; log: $logs/$target.log"
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$logs/$target.log" | head -n3 | sed 's/^/    /'
  fi
  summary+=("$(printf '%-18s %12s executions %6ss  %s' "$target" "${runs:-?}" "$took" "$result")")
done

echo
echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
exit "$failed"
