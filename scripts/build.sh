#!/usr/bin/env bash
# Builds the widget (Trunk, release, offline) into dist/, finishes it (loader moved out of
# index.html, precompressed twins), and builds the gateway and local tenant.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
cargo fetch --locked -q
trunk build --release --offline --locked
# No inline script under the widget's CSP, and .br/.gz twins for the gateway to send as they are.
cargo run --locked -q -p dist-finish --bin finish-dist -- dist
cargo build --locked -q -p gateway -p kosmos-tenant
