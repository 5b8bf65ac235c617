#!/usr/bin/env bash
# Builds the widget (Trunk, release, offline) into dist/ with its analysis worker, finishes it
# (loader moved out of index.html, precompressed twins), and builds the gateway and local tenant.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
cargo fetch --locked -q
trunk build --release --offline --locked

# The analysis worker (crates/vision-worker), loaded by the widget as a Web Worker. Built apart
# from Trunk because only it is compiled with SIMD (+simd128: Chrome 91, Firefox 89, Safari
# 16.4), which the face model needs to be fast; the page itself stays SIMD-free so it still
# loads on older phones, where the worker cannot start and the shutter works alone. Its own
# target directory keeps the two sets of flags from rebuilding each other. No loop unrolling
# (`-unroll-threshold=0`): the worker is built at opt-level 3 (Cargo.toml says why), and
# unrolling made it 35 KB (gzip) larger for no speed (Chromium, worker-ab.mjs: front and backs
# 0.96x with it off), which the 1.2 MB budget has no room for.
worker=target/worker
RUSTFLAGS="-C target-feature=+simd128 -C llvm-args=-unroll-threshold=0" cargo build --locked --release -q \
  --target wasm32-unknown-unknown -p vision-worker --target-dir "$worker"
wasm-bindgen --target no-modules --no-typescript --out-dir "$worker/bindgen" \
  --out-name vision-worker "$worker/wasm32-unknown-unknown/release/vision-worker.wasm"
# wasm-opt -O3 takes about a minute: only when the worker changed.
if [ ! "$worker/vision-worker.opt.wasm" -nt "$worker/bindgen/vision-worker_bg.wasm" ]; then
  wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals \
    "$worker/bindgen/vision-worker_bg.wasm" -o "$worker/vision-worker.opt.wasm"
fi
cp "$worker/vision-worker.opt.wasm" dist/vision-worker_bg.wasm
cp "$worker/bindgen/vision-worker.js" dist/vision-worker.js
printf '%s\n' 'importScripts("./vision-worker.js");wasm_bindgen({module_or_path:"./vision-worker_bg.wasm"});' \
  > dist/vision-worker_loader.js

# No inline script under the widget's CSP, and .br/.gz twins for the gateway to send as they are.
cargo run --locked -q -p dist-finish -- dist
cargo build --locked -q -p gateway -p kosmos-tenant
