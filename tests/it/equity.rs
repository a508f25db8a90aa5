//! `seni equity` on the real district table: today's state and local revenue per child of the
//! 13,313 US districts recomputed here from the two files, independently of seni (its own
//! join, sort, Lorenz curve and sums), and compared with the engine's statistics; the
//! published shape of the answer (30 of 49 states regressive); intervals from the survey's
//! margins; and the row-order invariant on the command line.

use crate::cli::seni;
use crate::harness::{published, root};
use seni::analysis::equity::{
    Battery, Equity, EquityOptions, Horizontal as H, Vertical as V, equity,
};
use seni::{District, Formula};
use std::collections::HashMap;

/// One district: state, children, poverty rate (%) and state + local revenue per child.
struct Row {
    state: String,
    children: f64,
    poverty: f64,
    money: f64,
}

/// hh.csv joined with finance.csv by leaid padded to 7 digits; districts without children or
/// without both revenue cells (`NA`, `Inf`) left out.
fn districts() -> Vec<Row> {
    let dir = root().join("data/us_districts");
    let (hh, fin) = (published(&dir.join("hh.csv")), published(&dir.join("finance.csv")));
    let pad = |s: &String| format!("{s:0>7}");
    let ids = fin.text("leaid").unwrap();
    let (st, lo) = (fin.text("state_per_child").unwrap(), fin.text("local_per_child").unwrap());
    let revenue: HashMap<String, (String, String)> =
        ids.iter().zip(st.into_iter().zip(lo)).map(|(i, v)| (pad(i), v)).collect();
    let number = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite());
    let (leaid, state) = (hh.text("leaid").unwrap(), hh.text("state").unwrap());
    let (children, pov) = (hh.text("children").unwrap(), hh.text("pct_pov").unwrap());
    (0..leaid.len())
        .filter_map(|r| {
            let (s, l) = revenue.get(&pad(&leaid[r]))?;
            let row = Row {
                state: state[r].clone(),
                children: number(&children[r])?,
                poverty: number(&pov[r])?,
                money: number(s)? + number(l)?,
            };
            (row.children > 0.0).then_some(row)
        })
        .collect()
}

/// The money at which the cumulative children first reach `p` of all (rows sorted by money).
fn reached(sorted: &[&Row], p: f64) -> f64 {
    let total: f64 = sorted.iter().map(|r| r.children).sum();
    let mut c = 0.0;
    sorted
        .iter()
        .find(|r| {
            c += r.children;
            c >= p * total
        })
        .map_or(f64::NAN, |r| r.money)
}

/// Gini as one minus twice the area under the Lorenz curve (trapezoids over the sorted rows):
/// another formulation than the engine's.
fn gini_lorenz(sorted: &[&Row]) -> f64 {
    let n: f64 = sorted.iter().map(|r| r.children).sum();
    let x: f64 = sorted.iter().map(|r| r.children * r.money).sum();
    let (mut w, mut l, mut area) = (0.0, 0.0, 0.0);
    for r in sorted {
        let (w1, l1) = (w + r.children / n, l + r.children * r.money / x);
        area += (w1 - w) * (l1 + l);
        (w, l) = (w1, l1);
    }
    1.0 - area
}

/// The statistics of one set of districts, computed here.
fn ours(rows: &[&Row]) -> HashMap<&'static str, f64> {
    let mut sorted = rows.to_vec();
    sorted.sort_by(|a, b| a.money.total_cmp(&b.money));
    let n: f64 = rows.iter().map(|r| r.children).sum();
    let mean = rows.iter().map(|r| r.children * r.money).sum::<f64>() / n;
    let median = reached(&sorted, 0.5);
    let below = rows.iter().filter(|r| r.money < median);
    let (bm, bn) = below.fold((0.0, 0.0), |(m, c), r| (m + r.children * r.money, c + r.children));
    let (p5, p95) = (reached(&sorted, 0.05), reached(&sorted, 0.95));
    let theil =
        rows.iter().map(|r| r.children * r.money / (n * mean) * (r.money / mean).ln()).sum();
    let poor = |r: &Row| r.children * r.poverty / 100.0;
    let by = |f: &dyn Fn(&Row) -> f64| {
        let w: f64 = rows.iter().map(|r| f(r)).sum();
        rows.iter().map(|r| f(r) * r.money).sum::<f64>() / w
    };
    HashMap::from([
        ("mean", mean),
        ("median", median),
        ("frr", (p95 - p5) / p5),
        ("mcloone", if bn > 0.0 { bm / (median * bn) } else { 1.0 }),
        ("gini", gini_lorenz(&sorted)),
        ("theil", theil),
        ("ratio", by(&poor) / by(&|r| r.children - poor(r))),
    ])
}

/// The engine's counterpart of each statistic.
fn engine(b: &Battery) -> HashMap<&'static str, f64> {
    HashMap::from([
        ("mean", b.horizontal(H::Mean)),
        ("median", b.horizontal(H::Median)),
        ("frr", b.horizontal(H::FederalRangeRatio)),
        ("mcloone", b.horizontal(H::Mcloone)),
        ("gini", b.horizontal(H::Gini)),
        ("theil", b.horizontal(H::Theil)),
        ("ratio", b.vertical(0, V::Ratio)),
    ])
}

fn national(opts: &EquityOptions) -> Equity {
    let f = Formula::bundled("us-districts-2018").unwrap();
    let run = seni::run(&f, District::load(&[], &f).unwrap()).unwrap();
    equity(&[&run], opts).unwrap()
}

#[test]
fn todays_revenue_recomputed_independently_nationally_and_by_state() {
    let rows = districts();
    assert_eq!(rows.len(), 13_056, "districts with children and revenue");
    let e = national(&EquityOptions::default());
    assert_eq!(e.left_out()[0].used(), 13_056);
    let mut states: Vec<&str> = rows.iter().map(|r| r.state.as_str()).collect();
    states.sort();
    states.dedup();
    let areas: Vec<&str> = e.areas()[1..].iter().map(|a| a.area()).collect();
    assert_eq!(areas, states, "every state with revenue, by name");
    let all: Vec<&Row> = rows.iter().collect();
    let mut checks = vec![(ours(&all), engine(&e.areas()[0].batteries()[0]), "all")];
    for a in &e.areas()[1..] {
        let mine: Vec<&Row> = rows.iter().filter(|r| r.state == a.area()).collect();
        checks.push((ours(&mine), engine(&a.batteries()[0]), a.area()));
    }
    for (mine, theirs, area) in &checks {
        for (k, x) in mine {
            let y = theirs[k];
            let single = *k == "ratio"
                && e.areas().iter().any(|a| a.area() == *area && a.batteries()[0].units() == 1);
            let x = if single { 1.0 } else { *x };
            assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0), "{area} {k}: ours {x}, seni {y}");
        }
    }
}

/// The answer's shape: Urban Institute's ratio 0.9534 across the nation and below 1 in 30 of
/// the 49 states with more than one district; the federal test fails everywhere but Hawaii (one
/// district); Theil splits exactly into between and within states.
#[test]
fn poor_children_get_less_in_thirty_states() {
    let e = national(&EquityOptions::default());
    let all = &e.areas()[0].batteries()[0];
    assert!((all.vertical(0, V::Ratio) - 0.9534).abs() < 5e-5, "{}", all.vertical(0, V::Ratio));
    let multi: Vec<_> = e.areas()[1..].iter().filter(|a| a.batteries()[0].units() > 1).collect();
    let below = multi.iter().filter(|a| a.batteries()[0].vertical(0, V::Ratio) < 1.0).count();
    assert_eq!((below, multi.len()), (30, 49));
    let pass: Vec<&str> = e.areas()[1..]
        .iter()
        .filter(|a| a.batteries()[0].passes_federal_test() == Some(true))
        .map(|a| a.area())
        .collect();
    assert_eq!(pass, ["Hawaii"]);
    let (between, within) = all.theil_split().unwrap();
    assert!((between + within - all.horizontal(H::Theil)).abs() < 1e-12);
    assert!(e.dimensions()[0].moe().is_none(), "SAIPE poverty has no margin of error");
    assert_eq!(e.dimensions()[1].moe(), Some("pct_white_moe"));
}

/// With draws, the share with a margin of error (children of colour, from pct_white_moe) gets
/// intervals in every state and nationally; poverty, which has none, gets none. The same seed
/// gives the same intervals; another seed, others.
#[test]
fn intervals_come_from_the_margins_of_error() {
    let opts = EquityOptions { estimates: true, draws: Some(12), seed: Some(5) };
    let e = national(&opts);
    let all = &e.areas()[0].batteries()[0];
    assert_eq!(all.interval(0, V::Ratio), None, "no margin of error for poverty");
    let (lo, hi) = all.interval(1, V::Ratio).unwrap();
    let point = all.vertical(1, V::Ratio);
    assert!(lo < hi && lo <= point + 1e-3 && point - 1e-3 <= hi, "{lo} {point} {hi}");
    assert!(hi - lo < 0.01, "survey noise moves the national ratio only a little");
    let multi = e.areas()[1..].iter().filter(|a| a.batteries()[0].units() > 1);
    assert!(multi.clone().all(|a| a.batteries()[0].interval(1, V::Ratio).is_some()));
    let same = national(&opts);
    assert_eq!(format!("{same:?}"), format!("{e:?}"), "the same seed, the same draws");
    let other = national(&EquityOptions { seed: Some(6), ..opts });
    assert_ne!(other.areas()[0].batteries()[0].interval(1, V::Ratio), all.interval(1, V::Ratio));
}

/// The bundled district's allocation in any row order: the same tables, byte for byte.
#[test]
fn row_order_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("data/district.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    std::fs::write(dir.path().join("reversed.csv"), lines.join("\n") + "\n").unwrap();
    let args = |data: &str| -> Vec<String> {
        [
            "equity",
            "-d",
            data,
            "--poverty",
            "pct_low_income",
            "--group",
            "Black=black_count",
            "--format",
            "json",
            "--out",
            "-",
        ]
        .map(String::from)
        .to_vec()
    };
    let tables = |data: &str| {
        let a = args(data);
        let out = seni(dir.path(), &a.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("metadata");
        v
    };
    let original = root().join("data/district.csv");
    assert_eq!(tables(original.to_str().unwrap()), tables("reversed.csv"));
}

/// A poverty given as a change replaces the formula's whole (its label goes with it), and a
/// column an indicator reads with a margin of error brings that margin: children with a
/// disability (pct_CD ± CD_MOE) get intervals from the draws sensitivity makes of them.
#[test]
fn a_poverty_change_replaces_the_formulas_and_brings_the_indicators_margin() {
    let f =
        crate::harness::formula("us-districts-2018", &["equity.poverty={ share = \"pct_CD\" }"]);
    let run = seni::run(&f, District::load(&[], &f).unwrap()).unwrap();
    let opts = EquityOptions { estimates: true, draws: Some(6), seed: None };
    let e = equity(&[&run], &opts).unwrap();
    let dim = &e.dimensions()[0];
    assert_eq!(
        (dim.label(), dim.source(), dim.moe()),
        ("pupils in poverty", "pct_CD", Some("CD_MOE"))
    );
    let all = &e.areas()[0].batteries()[0];
    assert!((all.vertical(0, V::Ratio) - 0.99648).abs() < 5e-6, "{}", all.vertical(0, V::Ratio));
    assert!(all.interval(0, V::Ratio).is_some());
}

/// A tiny table: money as totals divided by pupils, divided again by a cost index; a row without
/// a positive cost index is left out and counted; the wealth gets neutrality statistics.
const TOTALS: &str = r#"
[formula]
name = "equity-totals"
[data]
id = "id"
group = "area"
[indicators.x]
column = "x"
[index]
aggregation = "mean"
[equity]
money = ["state", "local"]
money_is = "total"
pupils = "n"
cost = "cwi"
wealth = "w"
poverty = "pov_count"
"#;

#[test]
fn totals_are_divided_by_pupils_and_the_cost_index() {
    // Per pupil: 1,000,000/100 = 10,000 and 1,440,000/120 = 12,000; cost-adjusted both
    // 10,000 (12,000/1.2): perfectly equal. The third row has no positive cost index.
    let csv = "id,area,x,state,local,n,cwi,w,pov_count\n\
               a,N,1,600000,400000,100,1.0,50,10\n\
               b,N,2,1000000,440000,120,1.2,80,60\n\
               c,S,3,500000,500000,100,0,70,20\n";
    let c = crate::harness::run_inline(TOTALS, csv).unwrap();
    let run = seni::Run::of(c).unwrap();
    let e = equity(&[&run], &EquityOptions::default()).unwrap();
    assert_eq!(e.money(), "(state + local) per pupil");
    let l = e.left_out()[0];
    assert_eq!((l.used(), l.no_cost(), l.no_pupils(), l.no_money()), (2, 1, 0, 0));
    let areas: Vec<&str> = e.areas().iter().map(|a| a.area()).collect();
    assert_eq!(areas, ["all schools", "N"], "an area whose every row is left out is not shown");
    let all = &e.areas()[0].batteries()[0];
    assert_eq!(all.horizontal(H::Mean), 10_000.0);
    assert_eq!((all.horizontal(H::Gini), all.horizontal(H::Range)), (0.0, 0.0));
    // Poor pupils (10 and 60 of 100 and 120) see the same money as the others: ratio 1.
    assert!((all.vertical(0, V::Ratio) - 1.0).abs() < 1e-15);
    // Wealth 50 and 80 with equal money: no correlation to speak of, slope 0.
    assert_eq!(e.dimensions()[1].source(), "w");
    assert_eq!(all.vertical(1, V::Slope), 0.0);
    assert!(all.vertical(1, V::Ratio).is_nan(), "wealth is not a share of pupils");
}
