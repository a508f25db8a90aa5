#!/usr/bin/env python3
"""The peer: benches/formula-20.toml written as a good analyst would, in vectorised pandas/numpy.

Reads a generated district, ranks 20 indicators (percentile rank/n, average ties; lower-is-need
indicators reflected), averages them into three domains (a domain needs half of its applicable
indicators; graduation and A-G apply to high and span schools only), averages the domains (at
least two), cuts quintile tiers at PERCENTILE.INC points, shares a pot by enrolment x tier weight
with largest-remainder rounding to the dollar, adds a 95% hold-harmless on top, and writes the
per-school table.

    python3 peer.py DISTRICT.csv BUDGET_DOLLARS OUT.csv

Same arithmetic as seni (same operation order where floating point could differ), so the two can
be checked against each other to the cent.
"""
import sys

import numpy as np
import pandas as pd

from formula20 import ACADEMIC, COMMUNITY, HIGH_ONLY, STUDENTS


def seq_sum(a):
    """Left-to-right sum (numpy's sum is pairwise; seni adds in row order)."""
    return np.cumsum(a)[-1] if len(a) else 0.0


def main(path, budget, out):
    cols = ["school_id", "school_name", "school_level", "enrollment", "prior_allocation"]
    cols += sorted({c for grp in (STUDENTS, ACADEMIC, COMMUNITY) for c, d, _ in grp} | {d for grp in (STUDENTS,) for _, d, _ in grp if d})
    df = pd.read_csv(path, usecols=cols, na_values=["*", ""], keep_default_na=False, dtype={"school_id": str, "school_name": str, "school_level": str})
    n = len(df)
    high = df["school_level"].isin(["high", "span"]).to_numpy()

    def normalised(col, den, lower):
        x = df[col].astype(float)
        if den:
            x = x / df[den].astype(float) * 100
        if col in HIGH_ONLY:
            x = x.where(high)
        rank = x.rank(method="average", na_option="keep")
        m = x.notna().sum()
        return ((m - rank) / m if lower else rank / m).to_numpy(), x.notna().to_numpy()

    def domain(spec):
        acc = np.zeros(n)
        present = np.zeros(n, dtype=int)
        applicable = np.zeros(n, dtype=int)
        for col, den, lower in spec:
            v, ok = normalised(col, den, lower)
            acc = acc + np.where(ok, v, 0.0)
            present += ok
            applicable += high if col in HIGH_ONLY else 1
        need = np.maximum(1, np.ceil(0.5 * applicable - 1e-9)).astype(int)
        score = np.where((applicable > 0) & (present >= need) & (present > 0), acc / np.maximum(present, 1), np.nan)
        return score

    doms = [domain(STUDENTS), domain(ACADEMIC), domain(COMMUNITY)]
    acc = np.zeros(n)
    cnt = np.zeros(n, dtype=int)
    for d in doms:
        ok = ~np.isnan(d)
        acc = acc + np.where(ok, d, 0.0)
        cnt += ok
    index = np.where(cnt >= 2, acc / np.maximum(cnt, 1), np.nan)

    # Quintile tiers at PERCENTILE.INC cut points; a value on a cut goes up. Class 5 = highest need.
    s = np.sort(index[~np.isnan(index)])
    cuts = []
    for j in range(1, 5):
        h = (len(s) - 1) * (j / 5)
        lo = int(np.floor(h))
        cuts.append(s[lo] + (h - lo) * (s[lo + 1] - s[lo]) if lo + 1 < len(s) else s[-1])
    klass = np.where(np.isnan(index), 0, np.searchsorted(np.array(cuts), np.nan_to_num(index), side="right") + 1)
    weight = klass.astype(float)  # tier weights 5 (highest need) ... 1 (lowest)

    # Pot shared by enrolment x tier weight, whole dollars by largest remainder.
    pupils = df["enrollment"].astype(float).fillna(0).to_numpy()
    share = pupils * weight
    units = int(budget)
    exact = units * (share / seq_sum(share))
    amount = np.floor(exact).astype(np.int64)
    rest = units - int(amount.sum())
    frac = exact - np.floor(exact)
    need = np.where(np.isnan(index), -np.inf, index)
    id_rank = df["school_id"].rank(method="first").to_numpy()  # ids are unique
    order = np.lexsort((id_rank, -need, -share, -frac))
    amount[order[:rest]] += 1
    cents = amount * 100

    # Hold-harmless on top: 95% of last year, rounded up to the dollar.
    prior = df["prior_allocation"].astype(float).to_numpy()
    g = np.floor(prior * 0.95 * 100 + 0.5)
    g = np.where((prior > 0) & ~np.isnan(prior), np.ceil(g / 100) * 100, 0).astype(np.int64)
    extra = np.maximum(g - cents, 0)
    total = cents + extra

    pd.DataFrame({"id": df["school_id"], "index": index, "tier_class": klass, "seni": cents / 100, "hold_harmless": extra / 100, "total": total / 100}).to_csv(out, index=False)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
