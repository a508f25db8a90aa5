"""seni's Python package against its command line on the same file and formula: best wall time of
N in one process (import excluded, the file read, indexed, allocated and returned as a polars
DataFrame), the CLI's best wall of N (read, index, allocate, write the CSV), and the allocations
checked equal to the cent.

    python3 benches/peer/python_api.py DATA.csv [N]
"""
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import seni

ROOT = Path(__file__).resolve().parents[2]
FORMULA = ROOT / "benches" / "formula-20.toml"
CLI = ROOT / "target" / "release" / "seni"


def best(f, n):
    times, result = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main():
    data, n = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5
    schools = sum(1 for _ in open(data)) - 1
    budget = 700_000 * schools // 1000 * 1000
    py_time, (frame, _) = best(lambda: seni.allocate(data, FORMULA, budget=budget), n)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cli.csv"
        args = [str(CLI), "allocate", "-f", str(FORMULA), "-d", str(data), "--budget", str(budget), "--out", str(out)]
        cli_time, _ = best(lambda: subprocess.run(args, check=True, capture_output=True), n)
        with open(out, newline="") as f:
            cli = {r["id"]: round(float(r["total"]) * 100) for r in csv.DictReader(f)}
    ours = {i: round(t * 100) for i, t in zip(frame["id"], frame["total"])}
    same = "yes" if ours == cli else "NO"
    print("| program | schools | best wall (s) of %d | ratio to CLI | equal to the cent |" % n)
    print("|---|---:|---:|---:|---|")
    print(f"| `seni` CLI (process, incl. CSV write) | {schools:,} | {cli_time:.3f} | 1.00 | |")
    print(f"| `seni.allocate` (Python, in process) | {schools:,} | {py_time:.3f} | {py_time / cli_time:.2f} | {same} |")


if __name__ == "__main__":
    main()
