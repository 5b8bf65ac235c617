#!/usr/bin/env bash
# Builds the widget (Trunk, release, offline) into dist/ and the gateway and local tenant.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
cargo fetch --locked -q
trunk build --release --offline --locked
cargo build --locked -q -p gateway -p kosmos-tenant
