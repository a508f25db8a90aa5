#!/usr/bin/env python3
"""Runs seni and the pandas peer on the same generated district, checks that both give every
school the same allocation to the cent, and prints the times and the ratio.

    python3 benches/peer/compare.py [SCHOOLS] [RUNS]     (from the repository root; needs pandas)
"""
import csv
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SENI = os.path.join(ROOT, "target", "release", "seni")


def best(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
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
    t_seni = best(seni_cmd, runs)
    t_peer = best(peer_cmd, runs)
    ours, theirs = cents(ours_out, "total"), cents(peer_out, "total")
    same = sum(1 for k in ours if ours[k] == theirs.get(k))
    print(f"| schools | seni (s) | pandas peer (s) | ratio | allocations equal to the cent |")
    print(f"|---:|---:|---:|---:|---:|")
    print(f"| {n} | {t_seni:.3f} | {t_peer:.3f} | {t_peer / t_seni:.1f}x | {same}/{len(ours)} |")
    if same != len(ours) or len(ours) != len(theirs):
        bad = [k for k in ours if ours[k] != theirs.get(k)][:5]
        print("MISMATCH, e.g.", [(k, ours[k], theirs.get(k)) for k in bad])
        sys.exit(1)


if __name__ == "__main__":
    main()
