#!/usr/bin/env python3
"""The peer for `seni sensitivity`: the same Monte Carlo written as idiomatic numpy.

Normalise once (percentile rank/n, average ties; lower-is-need reflected; graduation and A-G
only for high and span schools), then for each of DRAWS draws: Dirichlet weights around the
nominal shares (concentration 50) within each domain and across domains, a matrix-vector index
(domain means over present indicators, index = mean of the domains present, at least two),
argsort ranks, quintile tiers at PERCENTILE.INC cut points. Then per school: tier probabilities
and the 5/50/95% rank band.

    python3 sensitivity_peer.py DISTRICT.csv DRAWS OUT.csv
"""
import sys

import numpy as np
import pandas as pd

from formula20 import ACADEMIC, COMMUNITY, HIGH_ONLY, STUDENTS

DOMAINS = [STUDENTS, ACADEMIC, COMMUNITY]


def main(path, draws, out):
    df = pd.read_csv(path, na_values=["*", ""], keep_default_na=False, dtype={"school_id": str, "school_name": str, "school_level": str})
    n = len(df)
    high = df["school_level"].isin(["high", "span"]).to_numpy()
    mats = []
    for spec in DOMAINS:
        cols, app = [], []
        for col, den, lower in spec:
            x = df[col].astype(float)
            if den:
                x = x / df[den].astype(float) * 100
            a = high if col in HIGH_ONLY else np.ones(n, dtype=bool)
            x = x.where(a)
            r = x.rank(method="average")
            m = x.notna().sum()
            cols.append(((m - r) / m if lower else r / m).to_numpy())
            app.append(a)
        v = np.column_stack(cols)
        mats.append((np.nan_to_num(v), (~np.isnan(v)).astype(float), np.column_stack(app).sum(axis=1), (~np.isnan(v)).sum(axis=1)))
    rng = np.random.default_rng(7)
    ranks = np.empty((draws, n), dtype=np.int32)
    tiers = np.empty((draws, n), dtype=np.int8)
    for j in range(draws):
        scores = []
        for x, p, applicable, present in mats:
            w = rng.dirichlet(np.full(x.shape[1], 50.0 / x.shape[1]))
            s = (x @ w) / (p @ w)
            ok = (applicable > 0) & (present >= np.maximum(1, np.ceil(0.5 * applicable - 1e-9)))
            scores.append(np.where(ok, s, np.nan))
        dw = rng.dirichlet(np.full(3, 50.0 / 3))
        s = np.column_stack(scores)
        have = ~np.isnan(s)
        index = np.where(have.sum(axis=1) >= 2, (np.nan_to_num(s) @ dw) / (have @ dw), np.nan)
        order = np.argsort(-np.nan_to_num(index, nan=-np.inf), kind="stable")
        r = np.empty(n, dtype=np.int32)
        r[order] = np.arange(1, n + 1)
        ranks[j] = r
        cuts = np.quantile(index[~np.isnan(index)], [0.2, 0.4, 0.6, 0.8])
        tiers[j] = np.searchsorted(cuts, np.nan_to_num(index), side="right")
    bands = np.percentile(ranks, [5, 50, 95], axis=0)
    probs = np.stack([(tiers == k).mean(axis=0) for k in range(5)], axis=1)
    res = pd.DataFrame({"id": df["school_id"], "rank_p05": bands[0], "rank_median": bands[1], "rank_p95": bands[2]})
    for k in range(5):
        res[f"p_class{k + 1}"] = probs[:, k]
    res.to_csv(out, index=False)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
