#!/usr/bin/env bash
# Prints the benchmark tables: criterion stage times (100k schools x 20 indicators), the whole
# pipeline ungrouped and grouped, the CLI end to end (wall time and peak memory), the scale sweep
# and the pandas peer comparison (same allocations to the cent). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
python3 -c "import pandas, polars" 2>/dev/null || pip install --quiet pandas numpy polars

echo "## Machine"
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/ {print $2}') GiB RAM, $(rustc --version)"
echo

echo "## Stages and pipeline (criterion, 100,000 schools x 20 indicators; median)"
echo
echo "| bench | median |"
echo "|---|---:|"
cargo bench --quiet --bench stages -- --quick 2>/dev/null \
  | awk '/^(stage|pipeline)\// {name=$1} /time:/ && name {gsub(/\[|\]/,""); for (i = 1; i <= NF; i++) if ($i == "time:") print "| " name " | " $(i+3) " " $(i+4) " |"; name=""}'
echo

echo "## CLI end to end: seni allocate (read CSV, index, tiers, allocation, write CSV)"
echo
data=target/bench-data/peer-100000.csv
[ -f "$data" ] || ./target/release/seni sample --schools 100000 --seed 7 --states 51 --districts 12500 --out "$data"
size=$(stat -c %s "$data")
echo "| run | best wall (s) of 5 | peak memory (MB) | memory / CSV size |"
echo "|---|---:|---:|---:|"
for within in none state district; do
  set_args=()
  [ "$within" != none ] && set_args=(--set "data.normalise_within=\"$within\"")
  best=99; peak=0
  for _ in 1 2 3 4 5; do
    out=$( { /usr/bin/time -f "%e %M" ./target/release/seni allocate -f benches/formula-20.toml -d "$data" --budget 70000000000 "${set_args[@]}" --out target/bench-data/cli-out.csv >/dev/null; } 2>&1 | tail -1)
    t=${out% *}; m=${out#* }
    best=$(python3 -c "print(min($best, $t))"); peak=$m
  done
  echo "| grouped by $within | $best | $((peak / 1024)) | $(python3 -c "print(round($peak*1024/$size, 1))")x |"
done
echo

echo "## Scale sweep (library pipeline)"
echo
cargo bench --quiet --bench sweep 2>/dev/null
echo

echo "## Peers: seni, Python polars (lazy API) and pandas/numpy, same formula, same file"
echo
python3 benches/peer/compare.py 100000 5
echo
echo "### 1,000,000 schools"
echo
python3 benches/peer/compare.py 1000000 2
echo

echo "## Sensitivity: Monte Carlo with Dirichlet weights (benches/uncertainty.toml)"
echo
small=target/bench-data/peer-10000.csv
[ -f "$small" ] || ./target/release/seni sample --schools 10000 --seed 7 --states 51 --districts 1250 --out "$small"
echo "| schools | draws | best wall (s) of 3 | peak memory (MB) | school-draws per second |"
echo "|---:|---:|---:|---:|---:|"
for spec in "$small 10000 1000" "$data 100000 200" "$data 100000 1000"; do
  set -- $spec
  best=99; peak=0
  for _ in 1 2 3; do
    out=$( { /usr/bin/time -f "%e %M" ./target/release/seni sensitivity -f benches/formula-20.toml -s benches/uncertainty.toml -d "$1" \
      --set "budget=$((700000 * $2))" --draws "$3" --out target/bench-data/sens-out.csv >/dev/null; } 2>&1 | tail -1)
    t=${out% *}; m=${out#* }
    best=$(python3 -c "print(min($best, $t))"); peak=$m
  done
  echo "| $2 | $3 | $best | $((peak / 1024)) | $(python3 -c "print(f'{$2 * $3 / $best:,.0f}')") |"
done
echo
t0=$(date +%s.%N)
python3 benches/peer/sensitivity_peer.py "$data" 1000 target/bench-data/peer-sens.csv 2>/dev/null
t1=$(date +%s.%N)
python3 -c "print(f'numpy peer, 100000 schools x 1000 draws: {$t1 - $t0:.1f} s  (seni best above; ratio = peer / seni)')"

echo
echo "## Years: seni trend over the Kentucky panel (8,595 rows, 6 periods)"
echo
best=99
for _ in 1 2 3 4 5; do
  t=$( { /usr/bin/time -f "%e" ./target/release/seni trend -f ky-equity-2017 -d data/kentucky/ky_schools_panel_2012_2017.csv --out target/bench-data/trend.csv >/dev/null; } 2>&1 | tail -1)
  best=$(python3 -c "print(min($best, $t))")
done
echo "seni trend: best of 5 $best s"

echo
echo "## Python package: seni.allocate in a notebook against the CLI (100,000 schools)"
echo
if python3 -c "import seni" 2>/dev/null; then
  python3 benches/peer/python_api.py "$data" 5
else
  echo "(skipped: the Python package is not installed in this interpreter; \`pip install ./python\` first)"
fi
