#!/usr/bin/env bash
# Builds the what-if page's engine: the web/ crate compiled to WebAssembly, written to
# assets/seni.wasm (the report embeds it). The build is reproducible: paths are remapped, so the
# same source gives the same bytes on any machine with the same toolchain.
#   bash web/build.sh           rebuild assets/seni.wasm
#   bash web/build.sh --check   rebuild and fail when it differs from assets/seni.wasm (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
home="${CARGO_HOME:-$HOME/.cargo}"
export RUSTFLAGS="--remap-path-prefix=$PWD=/seni --remap-path-prefix=$home=/cargo"
cargo build --quiet -p seni-web --lib --target wasm32-unknown-unknown --profile wasm
built=target/wasm32-unknown-unknown/wasm/seni_web.wasm
if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$built" assets/seni.wasm; then
    echo "assets/seni.wasm differs from a build of web/ ($(stat -c %s "$built") vs $(stat -c %s assets/seni.wasm) bytes): run bash web/build.sh and commit it" >&2
    exit 1
  fi
  echo "assets/seni.wasm is a build of web/ ($(stat -c %s "$built") bytes)"
else
  cp "$built" assets/seni.wasm
  echo "wrote assets/seni.wasm ($(stat -c %s assets/seni.wasm) bytes)"
fi
