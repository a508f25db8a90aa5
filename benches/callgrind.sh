#!/usr/bin/env bash
# Instructions per stage (valgrind --tool=callgrind, only the stage counted; see benches/once.rs):
# repeatable on a busy machine where wall times are not. `bash benches/callgrind.sh index reweight`
# for some stages; SENI_DRAWS sets the sensitivity's draws (100).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --profile profiling --bench once
bin=$(ls -t target/profiling/deps/once-* | grep -v '\.d$' | head -1)
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(read index reweight allocate reweight_and_allocate rebudget write sensitivity pipeline)
echo "| stage | instructions |"
echo "|---|---:|"
for s in "${stages[@]}"; do
  out=target/bench-data/callgrind.$s
  valgrind --tool=callgrind --toggle-collect='once::measured*' --callgrind-out-file="$out" "$bin" "$s" 2>&1 \
    | awk -v s="$s" '/Collected :/ {print "| " s " | " $4 " |"}'
done
