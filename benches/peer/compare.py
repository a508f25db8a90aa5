#!/usr/bin/env python3
"""Runs seni, the Python polars peer and the pandas peer on the same generated district,
checks that all three give every school the same allocation to the cent, and prints wall time
(best of RUNS, Python import included), peak memory, memory over the CSV size, and the floor:
reading the file and parsing its numbers alone (polars' CSV reader, in process).

    python3 benches/peer/compare.py [SCHOOLS] [RUNS]     (from the repository root; needs pandas, polars)
"""
import csv
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SENI = os.path.join(ROOT, "target", "release", "seni")


def best(cmd, runs):
    """Best wall time and the peak resident memory (MB) over the runs, from /usr/bin/time."""
    times, peak = [], 0
    for _ in range(runs):
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        t, m = r.stderr.strip().splitlines()[-1].split()
        times.append(float(t))
        peak = max(peak, int(m))
    return min(times), peak / 1024


def floor(data, runs):
    """Reading the CSV and parsing its numbers alone, in process (polars, multi-threaded)."""
    import polars as pl
    cols = pl.read_csv(data, n_rows=1).columns
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        pl.read_csv(data, null_values=["*", ""], columns=cols)
        times.append(time.perf_counter() - t)
    return min(times)


def cents(path, column):
    with open(path, newline="") as f:
        return {r["id"]: round(float(r[column]) * 100) for r in csv.DictReader(f)}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data_dir = os.path.join(ROOT, "target", "bench-data")
    os.makedirs(data_dir, exist_ok=True)
    data = os.path.join(data_dir, f"peer-{n}.csv")
    if not os.path.exists(data):
        subprocess.run([SENI, "sample", "--schools", str(n), "--seed", "7", "--states", "51", "--districts", str(max(1, n // 8)), "--out", data], check=True)
    budget = str(700_000 * n)
    ours_out = os.path.join(data_dir, "seni-out.csv")
    peer_out = os.path.join(data_dir, "peer-out.csv")
    seni_cmd = [SENI, "allocate", "-f", os.path.join(ROOT, "benches", "formula-20.toml"), "-d", data, "--budget", budget, "--out", ours_out]
    peer_cmd = [sys.executable, os.path.join(ROOT, "benches", "peer", "peer.py"), data, budget, peer_out]
    polars_out = os.path.join(data_dir, "peer-polars-out.csv")
    polars_cmd = [sys.executable, os.path.join(ROOT, "benches", "peer", "peer_polars.py"), data, budget, polars_out]
    size = os.path.getsize(data) / 2**20
    rows = [("seni allocate", seni_cmd, ours_out), ("Python polars peer", polars_cmd, polars_out), ("pandas peer", peer_cmd, peer_out)]
    results = [(name, *best(cmd, runs), out) for name, cmd, out in rows]
    ours = cents(ours_out, "total")
    print(f"{n:,} schools, CSV {size:.1f} MB, best of {runs}; floor (polars reads and parses the file, in process): {floor(data, runs):.3f} s")
    print()
    print("| program | wall (s) | vs seni | peak memory (MB) | memory / CSV | allocations equal to seni's to the cent |")
    print("|---|---:|---:|---:|---:|---:|")
    t_seni = results[0][1]
    failed = False
    for name, t, mem, out in results:
        theirs = cents(out, "total")
        same = sum(1 for k in ours if ours[k] == theirs.get(k))
        failed |= same != len(ours) or len(ours) != len(theirs)
        print(f"| {name} | {t:.3f} | {t / t_seni:.1f}x | {mem:.0f} | {mem / size:.1f}x | {same:,}/{len(ours):,} |")
    if failed:
        print("MISMATCH: a peer's allocation differs from seni's")
        sys.exit(1)

if __name__ == "__main__":
    main()
