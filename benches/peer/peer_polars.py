#!/usr/bin/env python3
"""The Python polars peer: benches/formula-20.toml written idiomatically with polars' lazy API
(no Python loops over schools) — the same arithmetic as peer.py and seni, checked to the cent.

    python3 peer_polars.py DISTRICT.csv BUDGET_DOLLARS OUT.csv
"""
import sys

import polars as pl

from formula20 import ACADEMIC, COMMUNITY, HIGH_ONLY, STUDENTS

HIGH = pl.col("school_level").is_in(["high", "span"])


def normalised(col, den, lower):
    """Percentile rank/n with average ties (lower-is-need reflected); null where missing."""
    x = pl.col(col).cast(pl.Float64)
    if den:
        x = x / pl.col(den).cast(pl.Float64) * 100
    if col in HIGH_ONLY:
        x = pl.when(HIGH).then(x)
    rank = x.rank("average")
    m = x.count()
    return (m - rank) / m if lower else rank / m


def domain(name, spec):
    """Mean of the present values; at least half of the applicable indicators."""
    values = [normalised(*s) for s in spec]
    present = pl.sum_horizontal([v.is_not_null().cast(pl.Int32) for v in values])
    applicable = pl.sum_horizontal([HIGH.cast(pl.Int32) if c in HIGH_ONLY else pl.lit(1) for c, _, _ in spec])
    need = pl.max_horizontal(pl.lit(1), (applicable * 0.5 - 1e-9).ceil().cast(pl.Int32))
    acc = pl.lit(0.0)
    for v in values:  # left to right, as seni and the pandas peer add
        acc = acc + v.fill_null(0.0)
    ok = (applicable > 0) & (present >= need) & (present > 0)
    return pl.when(ok).then(acc / present).alias(name)


def main(path, budget, out):
    units = int(budget)
    lf = pl.scan_csv(path, null_values=["*", ""], schema_overrides={"school_id": pl.Utf8, "school_name": pl.Utf8, "school_level": pl.Utf8})
    lf = lf.with_columns(domain("students", STUDENTS), domain("academic", ACADEMIC), domain("community", COMMUNITY))
    doms = [pl.col("students"), pl.col("academic"), pl.col("community")]
    cnt = pl.sum_horizontal([d.is_not_null().cast(pl.Int32) for d in doms])
    acc = pl.lit(0.0)
    for d in doms:
        acc = acc + d.fill_null(0.0)
    lf = lf.with_columns(pl.when(cnt >= 2).then(acc / cnt).alias("index"))
    # Quintile tiers at PERCENTILE.INC cut points (linear interpolation); a value on a cut goes up.
    cuts = [pl.col("index").quantile(j / 5, interpolation="linear") for j in range(1, 5)]
    klass = pl.lit(1)
    for c in cuts:
        klass = klass + (pl.col("index") >= c).cast(pl.Int64)
    lf = lf.with_columns(pl.when(pl.col("index").is_null()).then(0).otherwise(klass).alias("tier_class"))
    # Pot shared by enrolment x tier weight, whole dollars by largest remainder.
    share = pl.col("enrollment").cast(pl.Float64).fill_null(0.0) * pl.col("tier_class").cast(pl.Float64)
    lf = lf.with_columns(share.alias("share")).with_columns((units * (pl.col("share") / pl.col("share").sum())).alias("exact"))
    lf = lf.with_columns(pl.col("exact").floor().alias("floor"), (pl.col("exact") - pl.col("exact").floor()).alias("frac"),
                         pl.col("index").fill_null(float("-inf")).alias("need"))
    df = lf.collect()
    rest = units - int(df["floor"].sum())
    order = df.with_row_index("row").sort(["frac", "share", "need", "school_id"], descending=[True, True, True, False])["row"][:rest]
    bump = pl.Series("bump", [0] * df.height, dtype=pl.Int64).scatter(order, 1)
    cents = (df["floor"].cast(pl.Int64) + bump) * 100
    # Hold-harmless on top: 95% of last year, rounded up to the dollar.
    prior = df["prior_allocation"].cast(pl.Float64)
    g = (prior * 0.95 * 100 + 0.5).floor()
    g = pl.select(pl.when((prior > 0) & prior.is_not_null()).then((g / 100).ceil() * 100).otherwise(0).cast(pl.Int64)).to_series()
    extra = (g - cents).clip(lower_bound=0)
    total = cents + extra
    pl.DataFrame({"id": df["school_id"], "index": df["index"], "tier_class": df["tier_class"], "seni": cents / 100,
                  "hold_harmless": extra / 100, "total": total / 100}).write_csv(out)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
