//! The `seni` and `seni-lausd-open` formulas checked value by value against an independent,
//! brute-force re-implementation of their definition (O(n²) percentiles, plain loops).

use crate::harness::Published as Table;
use crate::harness::*;

/// Percentile rank/n with average ties among the present values, brute force.
fn pct_avg(x: &[Option<f64>]) -> Vec<Option<f64>> {
    let vals: Vec<f64> = x.iter().flatten().copied().collect();
    let n = vals.len() as f64;
    x.iter()
        .map(|v| {
            v.map(|v| {
                let below = vals.iter().filter(|&&y| y < v).count() as f64;
                let equal = vals.iter().filter(|&&y| y == v).count() as f64;
                (below + (equal + 1.0) / 2.0) / n
            })
        })
        .collect()
}

struct Ind {
    column: &'static str,
    lower: bool,
    weight: f64,
    high_only: bool,
}

/// `min_share[d]`: least share of applicable indicators a domain needs (0 = any one).
fn oracle(
    t: &Table,
    keep: &[bool],
    domains: &[Vec<Ind>],
    min_share: &[f64],
    level_col: &str,
) -> Vec<Option<f64>> {
    let level: Vec<String> = t
        .text(level_col)
        .unwrap()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep[*i])
        .map(|(_, s)| s)
        .collect();
    let n = level.len();
    let mut domain_scores = Vec::new();
    for (d, inds) in domains.iter().enumerate() {
        let mut norm = Vec::new();
        let mut applies = Vec::new();
        for ind in inds {
            let raw: Vec<Option<f64>> = t
                .text(ind.column)
                .unwrap()
                .into_iter()
                .enumerate()
                .filter(|(i, _)| keep[*i])
                .map(|(_, s)| parse(&s).filter(|_| s != "*"))
                .collect();
            let app: Vec<bool> =
                level.iter().map(|l| !ind.high_only || l == "high" || l == "span").collect();
            let x: Vec<Option<f64>> =
                raw.iter().zip(&app).map(|(v, a)| if *a { *v } else { None }).collect();
            let p = pct_avg(&x);
            norm.push(
                p.into_iter()
                    .map(|v| v.map(|v| if ind.lower { 1.0 - v } else { v }))
                    .collect::<Vec<_>>(),
            );
            applies.push(app);
        }
        let scores: Vec<Option<f64>> = (0..n)
            .map(|r| {
                let applicable = (0..inds.len()).filter(|&j| applies[j][r]).count();
                let present: Vec<usize> =
                    (0..inds.len()).filter(|&j| applies[j][r] && norm[j][r].is_some()).collect();
                if (present.len() as f64) < min_share[d] * applicable as f64 - 1e-9
                    || present.is_empty()
                {
                    return None;
                }
                let sw: f64 = present.iter().map(|&j| inds[j].weight).sum();
                Some(
                    present.iter().map(|&j| inds[j].weight * norm[j][r].unwrap()).sum::<f64>() / sw,
                )
            })
            .collect();
        domain_scores.push(scores);
    }
    (0..n)
        .map(|r| {
            // The index averages the domains a school has, if it has at least two.
            let d: Vec<f64> = domain_scores.iter().filter_map(|s| s[r]).collect();
            (d.len() >= 2).then(|| d.iter().sum::<f64>() / d.len() as f64)
        })
        .collect()
}

fn check(c: &seni::Computation, expected: &[Option<f64>]) {
    assert_eq!(c.len(), expected.len());
    let mut max = 0.0f64;
    for (r, e) in expected.iter().enumerate() {
        match (e, c.index()[r].is_nan()) {
            (None, true) => {}
            (Some(v), false) => max = max.max((v - c.index()[r]).abs()),
            _ => panic!("school {} index {} vs oracle {e:?}", c.district().ids()[r], c.index()[r]),
        }
    }
    eprintln!("  {} schools, max |index − oracle| = {max:.2e}", c.len());
    assert!(max < 1e-12);
}

#[test]
fn seni_formula_matches_a_brute_force_oracle_on_every_school() {
    let path = root().join("data/district.csv");
    let f = formula("seni", &[]);
    let c = run(&f, std::slice::from_ref(&path));
    let t = published(&path);
    let i = |column, lower, weight, high_only| Ind { column, lower, weight, high_only };
    let domains = vec![
        vec![
            i("pct_unduplicated", false, 2.0, false),
            i("pct_english_learner", false, 1.0, false),
            i("pct_foster", false, 1.0, false),
            i("pct_homeless", false, 1.0, false),
        ],
        vec![
            i("chronic_absence_rate", false, 1.0, false),
            i("ela_dfs", true, 1.0, false),
            i("math_dfs", true, 1.0, false),
            i("grad_rate", true, 1.0, true),
            i("ag_rate", true, 1.0, true),
        ],
        vec![
            i("asthma_percentile", false, 1.0, false),
            i("pollution_burden_percentile", false, 1.0, false),
            i("tract_poverty_percentile", false, 1.0, false),
        ],
    ];
    let keep = vec![true; t.rows.len()];
    check(&c, &oracle(&t, &keep, &domains, &[0.5, 0.0, 0.5], "school_level"));
    // Quintile tiers: 1,000 schools with distinct index values give 200 per tier.
    let tiers = c.tiers().unwrap();
    for k in 0..5 {
        assert_eq!(tiers.iter().filter(|t| **t == Some(k)).count(), 200, "tier {k}");
    }
}

#[test]
fn seni_lausd_open_matches_a_brute_force_oracle_on_the_real_table() {
    let path = data("lausd/schools.csv");
    let f = formula("seni-lausd-open", &[]);
    let c = run(&f, std::slice::from_ref(&path));
    let t = published(&path);
    let keep: Vec<bool> = t.text("charter").unwrap().iter().map(|s| s == "N").collect();
    assert_eq!(keep.iter().filter(|k| **k).count(), 731);
    let i = |column, lower, weight, high_only| Ind { column, lower, weight, high_only };
    let domains = vec![
        vec![
            i("pct_unduplicated", false, 2.0, false),
            i("pct_english_learner", false, 1.0, false),
            i("pct_foster", false, 1.0, false),
            i("pct_homeless", false, 1.0, false),
        ],
        vec![
            i("ela_dfs_2018", true, 1.0, false),
            i("math_dfs_2018", true, 1.0, false),
            i("grad_rate", true, 1.0, true),
            i("ag_completion_rate", true, 1.0, true),
        ],
        vec![
            i("asthma_percentile", false, 1.0, false),
            i("pollution_burden_percentile", false, 1.0, false),
            i("tract_poverty_percentile", false, 1.0, false),
        ],
    ];
    check(&c, &oracle(&t, &keep, &domains, &[0.5, 0.0, 0.5], "school_level"));
    let a = seni::allocate(&c).unwrap();
    assert_eq!(a.grand_total(), 700_000_000 * 100, "the $700M pot is spent to the cent");
}
