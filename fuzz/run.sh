#!/usr/bin/env bash
# Runs each fuzz target of seni's input parsers for a bounded time (default 30 s each; set
# FUZZ_SECONDS): the amount grammar, the id rule, the CSV reader and the formula loader. Needs a
# nightly toolchain and cargo-fuzz, installed here when missing. A crash fails the run and leaves
# its input in fuzz/artifacts/TARGET/ (replay: cargo +nightly fuzz run TARGET FILE).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
# No sanitizer: the parsers are safe Rust, so a panic (a failed assertion) is what is looked
# for, and the build is a third faster.
cargo +nightly fuzz build -O -s none
corpus=target/corpus
declare -A seeds=(
  [amount]="seeds/amount"
  [id]="seeds/id"
  [csv]="../tests/fixtures/bad"
  [formula]="../formulas ../formulas/scenarios ../examples ../tests/fixtures/bad"
)
for t in amount id csv formula; do
  mkdir -p "$corpus/$t"
  log="$corpus/$t.log"
  # shellcheck disable=SC2086 # seed directories are words
  if ! cargo +nightly fuzz run -O -s none "$t" "$corpus/$t" ${seeds[$t]} -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz target $t found a failing input (fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  echo "fuzz $t: $(grep -E '^Done' "$log")"
done
