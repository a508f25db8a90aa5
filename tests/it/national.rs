//! The national equity assessment (`us-districts-2018`) on the real federal tables: every
//! district's index recomputed independently of seni from the five files, and the survey's own
//! margins of error driving the draws.

use crate::harness::{Published, published, root};
use seni::analysis::sensitivity::SensitivityOptions;
use seni::{Change, District, Formula, FormulaSource, Origin, compute, sensitivity};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const FILES: [&str; 5] = ["hh.csv", "finance.csv", "grad.csv", "assess.csv", "race.csv"];

fn data(file: &str) -> PathBuf {
    root().join("data/us_districts").join(file)
}

/// A cell as a number: `NA`, `Inf` and empty cells are missing.
fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t == "NA" || t.contains("Inf") { None } else { t.parse().ok() }
}

/// Every column of every file by padded leaid (the first file's districts only).
fn joined() -> (Vec<String>, HashMap<String, HashMap<String, String>>) {
    let mut rows: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut ids = Vec::new();
    for (k, f) in FILES.iter().enumerate() {
        let t: Published = published(&data(f));
        let leaid = t.text("leaid").unwrap();
        for (r, id) in leaid.iter().enumerate() {
            let id = format!("{id:0>7}");
            if k == 0 {
                ids.push(id.clone());
            } else if !rows.contains_key(&id) {
                continue;
            }
            let row = rows.entry(id).or_default();
            for (j, h) in t.header.iter().enumerate() {
                row.entry(h.clone()).or_insert_with(|| t.rows[r][j].clone());
            }
        }
    }
    (ids, rows)
}

/// Percentile ranks rank/n with average ties (1 − p for lower = more need), over the values
/// present.
fn percentiles(values: &[Option<f64>], lower: bool) -> Vec<Option<f64>> {
    let mut present: Vec<f64> = values.iter().flatten().copied().collect();
    present.sort_by(f64::total_cmp);
    let n = present.len() as f64;
    values
        .iter()
        .map(|v| {
            let x = (*v)?;
            let below = present.partition_point(|y| *y < x) as f64;
            let upto = present.partition_point(|y| *y <= x) as f64;
            let p = (below + 1.0 + upto) / 2.0 / n;
            Some(if lower { 1.0 - p } else { p })
        })
        .collect()
}

/// A weighted mean of the values present, when at least `min` are.
fn mean(parts: &[(Option<f64>, f64)], min: usize) -> Option<f64> {
    let present: Vec<(f64, f64)> = parts.iter().filter_map(|(v, w)| Some(((*v)?, *w))).collect();
    if present.len() < min {
        return None;
    }
    let w: f64 = present.iter().map(|p| p.1).sum();
    Some(present.iter().map(|(v, wt)| v * wt).sum::<f64>() / w)
}

#[test]
fn every_district_index_recomputed_independently() {
    let (ids, rows) = joined();
    let cell = |id: &String, c: &str| rows[id].get(c).map_or("", String::as_str).to_string();
    let col = |c: &str| -> Vec<Option<f64>> { ids.iter().map(|id| number(&cell(id, c))).collect() };
    let need_cols = [
        ("pct_pov", 2.0),
        ("pct_SP", 1.0),
        ("pct_CC", 1.0),
        ("pct_NCI", 1.0),
        ("pct_HHVJ", 1.0),
        ("pct_CD", 1.0),
        ("pct_CLI", 1.0),
    ];
    let need_p: Vec<(Vec<Option<f64>>, f64)> =
        need_cols.iter().map(|(c, w)| (percentiles(&col(c), false), *w)).collect();
    let (state, local) = (col("state_per_child"), col("local_per_child"));
    let revenue: Vec<Option<f64>> =
        state.iter().zip(&local).map(|(s, l)| Some((*s)? + (*l)?)).collect();
    let revenue_p = percentiles(&revenue, true);
    let prof_p = percentiles(&col("total_score"), true);
    let grad_p = percentiles(&col("grad_rate_midpt"), true);
    let ours: Vec<Option<f64>> = (0..ids.len())
        .map(|r| {
            let need = mean(&need_p.iter().map(|(p, w)| (p[r], *w)).collect::<Vec<_>>(), 4);
            let outcomes = mean(&[(prof_p[r], 1.0), (grad_p[r], 1.0)], 1);
            mean(&[(need, 2.0), (revenue_p[r], 1.0), (outcomes, 1.0)], 2)
        })
        .collect();
    let f = Formula::bundled("us-districts-2018").unwrap();
    let c = compute(&f, District::load(&[], &f).unwrap()).unwrap();
    assert_eq!(c.len(), 13_313);
    assert_eq!(c.district().ids(), ids, "every district of hh.csv, in its order");
    let mut checked = 0;
    for (r, expected) in ours.iter().enumerate() {
        match expected {
            Some(x) => {
                assert!((c.index()[r] - x).abs() <= 1e-12, "{}: {} vs {x}", ids[r], c.index()[r]);
                checked += 1;
            }
            None => assert!(c.index()[r].is_nan(), "{} has an index {}", ids[r], c.index()[r]),
        }
    }
    assert_eq!(checked, 13_066, "districts with an index");
}

/// The five files with every margin of error of hh.csv multiplied by `factor`.
fn with_margins_times(dir: &Path, factor: f64) -> Vec<PathBuf> {
    let t = published(&data("hh.csv"));
    let mut w = csv::Writer::from_path(dir.join("hh.csv")).unwrap();
    w.write_record(&t.header).unwrap();
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&t.header)
            .map(|(v, h)| match (h.to_lowercase().ends_with("_moe"), number(v)) {
                (true, Some(x)) => format!("{}", x * factor),
                _ => v.clone(),
            })
            .collect();
        w.write_record(&cells).unwrap();
    }
    w.flush().unwrap();
    std::iter::once(dir.join("hh.csv")).chain(FILES[1..].iter().map(|f| data(f))).collect()
}

fn estimate_draws(paths: &[PathBuf]) -> seni::analysis::sensitivity::Sensitivity {
    let origin = Origin::Argument("test".into());
    let estimates = Change::new("uncertainty.estimates", true, origin).unwrap();
    let src = FormulaSource::Bundled("us-districts-2018".into());
    let f = Formula::load(&src, &[], &[estimates]).unwrap();
    let c = compute(&f, District::load(paths, &f).unwrap()).unwrap();
    let opts = SensitivityOptions { draws: Some(40), seed: Some(7), ..Default::default() };
    sensitivity(&c, &opts, &mut ()).unwrap()
}

fn median_band(s: &seni::analysis::sensitivity::Sensitivity) -> u32 {
    let mut w: Vec<u32> =
        s.schools().iter().filter_map(|b| Some(b.rank_p95()? - b.rank_p05()?)).collect();
    w.sort_unstable();
    w[w.len() / 2]
}

#[test]
fn survey_noise_moves_tiers_by_its_margins_of_error() {
    let dir = tempfile::tempdir().unwrap();
    // No margin, no noise: every district keeps its tier in every draw.
    let zero = dir.path().join("zero");
    std::fs::create_dir(&zero).unwrap();
    let s0 = estimate_draws(&with_margins_times(&zero, 0.0));
    for b in s0.schools() {
        assert!(
            b.tier_probability().iter().all(|p| *p == 0.0 || *p == 1.0),
            "{}: {:?}",
            b.id(),
            b.tier_probability()
        );
    }
    assert_eq!(median_band(&s0), 0);
    // The published margins, and twice them: the rank bands widen.
    let one = dir.path().join("one");
    std::fs::create_dir(&one).unwrap();
    let two = dir.path().join("two");
    std::fs::create_dir(&two).unwrap();
    let (s1, s2) = (
        estimate_draws(&with_margins_times(&one, 1.0)),
        estimate_draws(&with_margins_times(&two, 2.0)),
    );
    let (w1, w2) = (median_band(&s1), median_band(&s2));
    assert!(w1 > 0 && w2 > w1, "median rank band {w1} with the margins, {w2} with twice them");
    let stable = |s: &seni::analysis::sensitivity::Sensitivity| {
        s.schools().iter().filter(|b| b.stable()).count()
    };
    assert!(stable(&s2) < stable(&s1), "twice the noise, fewer stable tiers");
}
